//! Reading sources: bytes → text (UTF-8 with/without BOM, GB18030/GBK, or a PDF laid
//! out as text by [`pdf`]) → normalised lines.
//!
//! Government files arrive in every encoding and with every kind of space; everything
//! downstream works on [`Line`]s whose text has CRLF, NBSP, full-width spaces and
//! ideographic punctuation inside numbers already tamed, while keeping the original
//! line number for provenance.

mod normal;
pub mod pdf;

use normal::normalised;
pub use normal::{fold_width, folds, has_digit, normalise_line, squash};

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
        let flat = squash(&text).into_owned();
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

    /// The text without whitespace and width-folded ([`squash`]), made
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
    /// A PDF in which no ruled table was found: its tables, if any, were read by the
    /// gaps between characters (which misreads their columns; see the README).
    pub unruled: bool,
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
            let pages = pdf::read(bytes)?;
            let laid_out = pdf::layout::lines(&pages);
            let text: String = laid_out.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
            let mut src = Source::from_text(path, &text, Encoding::Pdf, bytes);
            src.pages = laid_out.iter().map(|l| l.page).collect();
            src.unruled = pages.iter().all(|p| p.grids.is_empty());
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
            unruled: false,
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
    use super::normal::{is_stop, next_stop};
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
            assert_eq!(l.flat(), squash(&normalise_line(raw)).as_ref());
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_normalisation_equals_normalise_then_squash_for_any_line(raw in "\\PC{0,40}") {
            let l = normalised(1, &raw, &mut String::new());
            proptest::prop_assert_eq!(l.text(), &normalise_line(&raw));
            let n = normalise_line(&raw);
            proptest::prop_assert_eq!(l.flat(), &*squash(&n));
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
            proptest::prop_assert_eq!(l.flat(), &*squash(&n));
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
