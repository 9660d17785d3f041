//! Reading sources: bytes → text (UTF-8 with/without BOM, GB18030/GBK, or a PDF laid
//! out as text by [`pdf`]) → normalised lines.
//!
//! Government files arrive in every encoding and with every kind of space; everything
//! downstream works on [`Line`]s whose text has CRLF, NBSP, full-width spaces and
//! ideographic punctuation inside numbers already tamed, while keeping the original
//! line number for provenance.

pub mod pdf;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// How the bytes of a source were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    /// A PDF's text layer, laid out by [`pdf::layout`].
    Pdf,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Gb18030 => "GB18030",
            Encoding::Pdf => "PDF",
        }
    }
}

/// One line of a source, normalised, with its 1-based line number.
#[derive(Debug, Clone)]
pub struct Line {
    pub no: u32,
    /// [`Line::text`] then [`Line::flat`], in one allocation (two per line had been a
    /// fifth of ingest's allocations).
    buf: String,
    split: u32,
    /// Whether the text holds a tab (a table row); asked of every line at every step.
    tabs: bool,
}

impl Line {
    pub fn new(no: u32, text: String) -> Line {
        let flat = crate::segment::squash(&text).into_owned();
        let tabs = text.contains('\t');
        Line::join(no, text, &flat, tabs)
    }

    fn join(no: u32, mut buf: String, flat: &str, tabs: bool) -> Line {
        let split = buf.len() as u32;
        buf.push_str(flat);
        Line { no, buf, split, tabs }
    }

    /// The text, normalised ([`normalise_line`]).
    #[inline]
    pub fn text(&self) -> &str {
        // SAFETY: `split` is where `join` appended the flat form to the text, so within
        // `buf` and on a character boundary; `buf` is never changed after. Both halves
        // are asked for millions of times, and a checked slice tests the boundary each
        // time.
        unsafe { self.buf.get_unchecked(..self.split as usize) }
    }

    /// The text without whitespace and width-folded ([`crate::segment::squash`]), made
    /// once: titles, headings and the narrative are matched against it many times.
    #[inline]
    pub fn flat(&self) -> &str {
        // SAFETY: as in `text`.
        unsafe { self.buf.get_unchecked(self.split as usize..) }
    }

    /// Tab-separated cells, each trimmed (as `str::trim` does). Every table row and
    /// appendix row is split, so the tabs are found eight bytes at a time (a SIMD search
    /// restarted at each tab cost more on rows of short cells, a byte loop five
    /// instructions a byte), and only a cell whose ends are not plain ASCII is trimmed the
    /// Unicode way.
    pub fn cells(&self) -> Vec<&str> {
        const TABS: u64 = u64::from_ne_bytes([b'\t'; 8]);
        const LOW7: u64 = u64::from_ne_bytes([0x7F; 8]);
        let t = self.text();
        let b = t.as_bytes();
        let mut out = Vec::with_capacity(16);
        let mut start = 0;
        let mut words = b.chunks_exact(8);
        for (k, word) in words.by_ref().enumerate() {
            let w = u64::from_le_bytes(word.try_into().expect("eight bytes")) ^ TABS;
            // 0x80 in each byte that was a tab, and nothing elsewhere: no carry crosses
            // a byte, unlike the shorter `(w - 0x01…) & !w` test.
            let mut tabs = !(((w & LOW7) + LOW7) | w | LOW7);
            while tabs != 0 {
                let i = k * 8 + (tabs.trailing_zeros() / 8) as usize;
                out.push(trim_cell(&t[start..i]));
                start = i + 1;
                tabs &= tabs - 1;
            }
        }
        let tail = b.len() - words.remainder().len();
        for (i, &c) in b.iter().enumerate().skip(tail) {
            if c == b'\t' {
                out.push(trim_cell(&t[start..i]));
                start = i + 1;
            }
        }
        out.push(trim_cell(&t[start..]));
        out
    }
    pub fn has_tabs(&self) -> bool {
        self.tabs
    }
}

/// `str::trim`, with ASCII whitespace (all but U+000B, which `is_whitespace` also
/// takes) cut byte-wise first.
fn trim_cell(s: &str) -> &str {
    let s = s.trim_ascii();
    let b = s.as_bytes();
    let Some(mut last) = b.len().checked_sub(1) else { return s };
    while last > 0 && b[last] & 0xC0 == 0x80 {
        last -= 1;
    }
    // Only U+000B and characters led by these bytes can be whitespace at an end.
    let may_be_white = |lead: u8| matches!(lead, 0x0B | 0xC2 | 0xE1 | 0xE2 | 0xE3);
    if may_be_white(b[0]) || may_be_white(b[last]) { s.trim() } else { s }
}

/// Whether [`crate::segment::squash`] may change `s`: it holds ASCII whitespace, or a
/// character that [`changes`] accepts (a superset of the Unicode whitespace and the
/// full-width forms; a false alarm only costs the exact, slower path).
pub(crate) fn may_squash(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            if matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
                return true;
            }
            i += 1;
        } else {
            if changes_at(b, i) {
                return true;
            }
            i += match c {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
        }
    }
    false
}

/// A decoded source document.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub encoding: Encoding,
    pub lines: Vec<Line>,
    /// blake3 of the raw bytes: re-ingesting the same content is a no-op.
    pub hash: blake3::Hash,
    pub byte_len: u64,
    /// The page of each line (`pages[no - 1]`) for a PDF; empty for text.
    pub pages: Vec<u32>,
}

/// Why a source could not be decoded at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("neither UTF-8 nor GB18030 text (binary data near byte {0})")]
    NotText(usize),
    #[error("file is empty")]
    Empty,
    #[error("{0}")]
    Pdf(#[from] pdf::PdfProblem),
}

impl Source {
    pub fn read(path: &Path) -> Result<Source, SourceError> {
        let bytes = std::fs::read(path)?;
        Source::from_bytes(path, &bytes)
    }

    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Source, SourceError> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(SourceError::Empty);
        }
        if pdf::is_pdf(bytes) {
            let laid_out = pdf::layout::lines(&pdf::read(bytes)?);
            let text: String = laid_out.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
            let mut src = Source::from_text(path, &text, Encoding::Pdf, bytes);
            src.pages = laid_out.iter().map(|l| l.page).collect();
            return Ok(src);
        }
        let (text, encoding) = decode(bytes)?;
        Ok(Source::from_text(path, &text, encoding, bytes))
    }

    /// Lines of decoded text; `bytes` are what it was decoded from (hashed, counted).
    fn from_text(path: &Path, text: &str, encoding: Encoding, bytes: &[u8]) -> Source {
        // Lines split with memchr's SIMD search (std's `split('\n')` cost ~200
        // instructions per line).
        let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        let mut start = 0;
        let mut flat = String::new();
        for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len())) {
            lines.push(normalised(lines.len() as u32 + 1, &text[start..end], &mut flat));
            start = end + 1;
        }
        Source {
            path: path.to_path_buf(),
            encoding,
            lines,
            hash: blake3::hash(bytes),
            byte_len: bytes.len() as u64,
            pages: Vec::new(),
        }
    }

    /// The page a line was printed on (PDF sources only).
    pub fn page_of(&self, line: u32) -> Option<u32> {
        crate::diag::page_of(&self.pages, line)
    }

    /// The text the lines were read from, one line each: for a PDF, what the reader
    /// recovered, in the layout the parsers read (`juesuan extract`).
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.text().len() + 1).sum());
        for l in &self.lines {
            out.push_str(l.text());
            out.push('\n');
        }
        out
    }
}

/// Decode bytes: a UTF-8 BOM or valid UTF-8 wins (borrowed, not copied); otherwise
/// GB18030 (a superset of GBK and GB2312) when it decodes without replacement characters.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), SourceError> {
    // simdutf8 validates Chinese text several times faster than `std::str::from_utf8`;
    // its `compat` flavour also says where invalid input starts.
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match simdutf8::compat::from_utf8(rest) {
            Ok(s) => Ok((Cow::Borrowed(s), Encoding::Utf8Bom)),
            Err(e) => Err(SourceError::NotText(e.valid_up_to() + 3)),
        };
    }
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        if let Some(pos) = memchr::memchr(0, s.as_bytes()) {
            return Err(SourceError::NotText(pos));
        }
        return Ok((Cow::Borrowed(s), Encoding::Utf8));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\0') {
        let pos = text.find(['\u{FFFD}', '\0']).unwrap_or(0);
        return Err(SourceError::NotText(pos));
    }
    Ok((text, Encoding::Gb18030))
}

/// A raw line normalised ([`normalise_line`]) and squashed in one pass: every line is
/// both, and this is the hottest loop of ingest. Works on bytes: ASCII and ordinary
/// characters are copied as they are; only the few sequences that normalising or
/// squashing change are decoded. The flat form is made in `flat`, a buffer reused from
/// line to line, then copied after the text.
fn normalised(no: u32, raw: &str, flat: &mut String) -> Line {
    let b = raw.as_bytes();
    let mut text = String::with_capacity(2 * b.len());
    flat.clear();
    let mut last_space = false;
    let (mut i, mut run) = (0, 0);
    while i < b.len() {
        // Runs of characters that neither step changes (ASCII above the space, and
        // whatever `changes` lets pass) are copied whole.
        i = next_stop(b, i);
        let Some(&c) = b.get(i) else { break };
        if c >= 0x80 && !changes(b, i) {
            // A character led by a byte `changes` may accept but does not (`。`, `、`,
            // `“`): skipped whole.
            i += match c {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            continue;
        }
        // `run..i` ends before a lead or ASCII byte: on character boundaries.
        if run < i {
            text.push_str(&raw[run..i]);
            flat.push_str(&raw[run..i]);
            last_space = false;
        }
        // Tabs and spaces (the common case here) need no decoding.
        let ch = if c < 0x80 { c as char } else { raw[i..].chars().next().expect("a character starts here") };
        i += ch.len_utf8();
        run = i;
        let ch = match ch {
            '\r' | '\u{FEFF}' | '\u{200B}' => continue,
            '\u{00A0}' | '\u{3000}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{202F}' => ' ',
            c => c,
        };
        if ch == ' ' {
            if !last_space {
                text.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        text.push(ch);
        match ch {
            '\u{FF01}'..='\u{FF5E}' => flat.push(char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch)),
            c if c.is_whitespace() => {}
            c => flat.push(c),
        }
    }
    text.push_str(&raw[run..]);
    flat.push_str(&raw[run..]);
    let tabs = flat.len() < text.len() && memchr::memchr(b'\t', text.as_bytes()).is_some();
    Line::join(no, text, flat, tabs)
}

/// The first position from `i` whose byte [`normalised`] must look at: ASCII up to the
/// space (controls, tab, space) or a lead byte [`changes_at`] may accept; no other byte
/// is one that a step changes, nor a continuation byte, so a stop is a character
/// boundary. Sixteen bytes at a time with SSE2, part of every x86-64 processor (a
/// Chinese sentence stops only at its punctuation), byte by byte for the tail and
/// elsewhere.
#[inline]
fn next_stop(b: &[u8], mut i: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY: SSE2 is in the x86-64 baseline, and each unaligned load reads the 16
        // bytes i..i + 16, within `b`.
        unsafe {
            let space = _mm_set1_epi8(b' ' as i8);
            let (c2, e1, ef, two) = (
                _mm_set1_epi8(0xC2_u8 as i8),
                _mm_set1_epi8(0xE1_u8 as i8),
                _mm_set1_epi8(0xEF_u8 as i8),
                _mm_set1_epi8(2),
            );
            while i + 16 <= b.len() {
                let x = _mm_loadu_si128(b.as_ptr().add(i).cast());
                // Unsigned x <= 0x20, and x - 0xE1 <= 2 (E1, E2, E3).
                let low = _mm_cmpeq_epi8(_mm_min_epu8(x, space), x);
                let d = _mm_sub_epi8(x, e1);
                let e = _mm_cmpeq_epi8(_mm_min_epu8(d, two), d);
                let m = _mm_or_si128(_mm_or_si128(low, e), _mm_or_si128(_mm_cmpeq_epi8(x, c2), _mm_cmpeq_epi8(x, ef)));
                let mask = _mm_movemask_epi8(m) as u32;
                if mask != 0 {
                    return i + mask.trailing_zeros() as usize;
                }
                i += 16;
            }
        }
    }
    while i < b.len() && !is_stop(b[i]) {
        i += 1;
    }
    i
}

/// The bytes [`next_stop`] stops at (its SSE2 loop tests the same set).
fn is_stop(c: u8) -> bool {
    c <= b' ' || may_change(c)
}

/// The lead bytes of every character [`changes`] accepts: the common CJK characters
/// (lead bytes E4–E9) are passed over without looking further.
#[inline(always)]
fn may_change(lead: u8) -> bool {
    matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// [`changes`], asked only of the lead bytes it can accept ([`may_change`]).
#[inline(always)]
fn changes_at(b: &[u8], i: usize) -> bool {
    may_change(b[i]) && changes(b, i)
}

/// Whether the character whose lead byte is at `b[i]` (≥ 0x80) is one that
/// normalising or squashing changes: U+0085, U+00A0, U+1680, U+2000–U+200B, U+2028,
/// U+2029, U+202F, U+205F, U+3000, U+FEFF and the full-width forms U+FF01–U+FF5E. Looking
/// at the continuation bytes keeps the common `。` `、` `“` `—` (same lead bytes) plain.
fn changes(b: &[u8], i: usize) -> bool {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        0xC2 => matches!(at(1), 0x85 | 0xA0),
        0xE1 => at(1) == 0x9A && at(2) == 0x80,
        0xE2 => {
            (at(1) == 0x80 && matches!(at(2), 0x80..=0x8B | 0xA8 | 0xA9 | 0xAF)) || (at(1) == 0x81 && at(2) == 0x9F)
        }
        0xE3 => at(1) == 0x80 && at(2) == 0x80,
        0xEF => {
            (at(1) == 0xBB && at(2) == 0xBF) || (at(1) == 0xBC && at(2) >= 0x81) || (at(1) == 0xBD && at(2) <= 0x9E)
        }
        _ => false,
    }
}

/// Normalise one line: CR dropped, NBSP/full-width/other spaces become ASCII spaces, runs
/// of spaces inside cells collapse; tabs (cell separators) are kept.
pub fn normalise_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut last_space = false;
    for ch in raw.chars() {
        let ch = match ch {
            '\r' | '\u{FEFF}' | '\u{200B}' => continue,
            '\u{00A0}' | '\u{3000}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{202F}' => ' ',
            c => c,
        };
        if ch == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(ch);
    }
    out
}

/// Whether `s` holds a digit, ASCII or full-width: a cell or target without one is no
/// number, whatever else it holds.
pub fn has_digit(s: &str) -> bool {
    s.contains(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// Fold full-width ASCII variants (digits, letters, punctuation) to ASCII; used for
/// numbers and labels, not for names that should keep their form.
/// Borrowed when nothing folds, as in most targets and amounts.
pub fn fold_width(s: &str) -> Cow<'_, str> {
    // What folds is encoded with lead byte EF (U+FF01–U+FF5E) or E3 (U+3000).
    if !s.bytes().any(|b| b == 0xEF || b == 0xE3) || !s.chars().any(folds) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                c => c,
            })
            .collect(),
    )
}

/// Whether [`fold_width`] changes `c` (so that callers can skip the copy).
pub fn folds(c: char) -> bool {
    matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}')
}

/// Collect the files under the given paths (directories recursively), sorted for
/// deterministic order. Only regular files with a text-like extension (or none) are taken
/// from directories; paths given explicitly are always taken.
pub fn collect_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ft = entry.file_type()?;
        if ft.is_dir() {
            walk(&path, out)?;
        } else if ft.is_file() && is_document_name(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_document_name(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') {
        return false;
    }
    match p.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(e) => matches!(e.to_ascii_lowercase().as_str(), "txt" | "tsv" | "text" | "pdf"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(bytes: &[u8]) -> Source {
        Source::from_bytes(Path::new("t.txt"), bytes).unwrap()
    }

    #[test]
    fn utf8_bom_and_crlf_are_stripped() {
        let s = src("\u{FEFF}a\r\nb\tc\r\n".as_bytes());
        assert_eq!(s.encoding, Encoding::Utf8Bom);
        assert_eq!(s.lines[0].text(), "a");
        assert_eq!(s.lines[1].cells(), vec!["b", "c"]);
    }

    #[test]
    fn gb18030_is_detected_and_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("收入支出决算总表\t1,809.96");
        let s = src(&bytes);
        assert_eq!(s.encoding, Encoding::Gb18030);
        assert_eq!(s.lines[0].cells(), vec!["收入支出决算总表", "1,809.96"]);
    }

    #[test]
    fn one_pass_normalisation_equals_normalise_then_squash() {
        for raw in [
            "合\u{3000}\u{00A0}计\r",
            "１,８０９.９６\t（12.50）",
            "a  b\u{FEFF}\tc ",
            "",
            "\u{2003} \u{3000}x\u{1680}y\u{2028}z\u{0085}é\u{200B}\u{00A0}",
            "收入\t\u{FF0C}１\u{FF5E}\u{FF5F}𠀀",
        ] {
            let l = normalised(1, raw, &mut String::from("left over"));
            assert_eq!(l.text(), normalise_line(raw));
            assert_eq!(l.flat(), crate::segment::squash(&normalise_line(raw)).as_ref());
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_normalisation_equals_normalise_then_squash_for_any_line(raw in "\\PC{0,40}") {
            let l = normalised(1, &raw, &mut String::new());
            proptest::prop_assert_eq!(l.text(), &normalise_line(&raw));
            let n = normalise_line(&raw);
            proptest::prop_assert_eq!(l.flat(), &*crate::segment::squash(&n));
        }

        #[test]
        fn stops_are_found_sixteen_bytes_at_a_time_as_one_by_one(
            b in proptest::collection::vec(proptest::sample::select(vec![
                0u8, 0x09, 0x20, 0x21, 0x41, 0x7F, 0x80, 0xA0, 0xC1, 0xC2, 0xC3, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xEE, 0xEF, 0xF0, 0xFF,
            ]), 0..80),
            from in 0usize..80,
        ) {
            let from = from.min(b.len());
            let want = (from..b.len()).find(|&j| is_stop(b[j])).unwrap_or(b.len());
            proptest::prop_assert_eq!(next_stop(&b, from), want);
        }

        #[test]
        fn one_pass_normalisation_agrees_on_characters_sharing_lead_bytes_with_changed_ones(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "。", "、", "“", "—", "…", "\u{2010}", "\u{200C}", "\u{2027}", "\u{2030}", "\u{205E}", "\u{2060}",
                "\u{3000}", "\u{3001}", "\u{00A0}", "\u{00A1}", "\u{0085}", "\u{1680}", "\u{1681}", "\u{2000}",
                "\u{2005}", "\u{200A}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{FEFF}",
                "\u{FEFE}", "，", "～", "！", "\u{FF00}", "\u{FF5F}", "\u{FFE5}", "ｅ", "a", " ", "\t", "\r", "1", "😀",
            ]), 0..40)
        ) {
            let raw: String = parts.concat();
            let l = normalised(1, &raw, &mut String::new());
            let n = normalise_line(&raw);
            proptest::prop_assert_eq!(l.text(), &n);
            proptest::prop_assert_eq!(l.flat(), &*crate::segment::squash(&n));
        }
    }

    proptest::proptest! {
        #[test]
        fn cells_split_and_trim_as_str_does(raw in "[\t\u{0B}\u{0C} a合\u{3000}\u{2028}\u{00A0}\u{0085}é1\u{8}\u{249}\u{7F}]{0,60}") {
            let l = Line::new(1, raw.clone());
            let want: Vec<&str> = raw.split('\t').map(str::trim).collect();
            proptest::prop_assert_eq!(l.cells(), want);
        }
    }

    #[test]
    fn odd_spaces_become_single_ascii_spaces() {
        assert_eq!(normalise_line("合\u{3000}\u{00A0}计\r"), "合 计");
    }

    #[test]
    fn binary_garbage_is_not_text() {
        assert!(matches!(
            Source::from_bytes(Path::new("x"), &[0xFF, 0xFE, 0x00, 0x81, 0x00]),
            Err(SourceError::NotText(_))
        ));
        assert!(matches!(Source::from_bytes(Path::new("x"), b"  \n"), Err(SourceError::Empty)));
    }

    #[test]
    fn full_width_digits_fold() {
        assert_eq!(fold_width("１,８０９.９６（）"), "1,809.96()");
        assert!(matches!(fold_width("≥95%。"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        #[test]
        fn folding_borrows_only_what_has_nothing_to_fold(raw in "[a1。、（）：１\u{3000}\u{FF5E}\u{FF5F}\u{FEFF}合 ]{0,20}") {
            let by_definition: String = raw.chars().map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                c => c,
            }).collect();
            proptest::prop_assert_eq!(fold_width(&raw), by_definition.as_str());
        }
    }
}
