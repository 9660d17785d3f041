//! Normalisation, owned by the source: a raw line made the text every reader sees (CR
//! dropped, odd spaces made ASCII, spaces inside cells collapsed) and its flat form
//! (whitespace removed, full-width folded: what titles, headings and the narrative are
//! matched against), in one pass over the bytes; and the same steps for single strings.

use std::borrow::Cow;

use super::Line;

/// Whitespace removed, full-width folded. Borrowed when there is nothing to change,
/// which is most cells: it runs on every header cell, label and row name.
pub fn squash(s: &str) -> Cow<'_, str> {
    // Looked for byte-wise: decoding every character to ask `is_whitespace` was most
    // of the cost of squashing Chinese text.
    if !may_squash(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FF01}'..='\u{FF5E}' => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether [`squash`] may change `s`: it holds ASCII whitespace, or a
/// character that [`changes`] accepts (a superset of the Unicode whitespace and the
/// full-width forms; a false alarm only costs the exact, slower path).
fn may_squash(s: &str) -> bool {
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

/// A raw line normalised ([`normalise_line`]) and squashed in one pass: every line is
/// both, and this is the hottest loop of ingest. Works on bytes: ASCII and ordinary
/// characters are copied as they are; only the few sequences that normalising or
/// squashing change are decoded. The flat form is made in `flat`, a buffer reused from
/// line to line, then copied after the text.
pub(super) fn normalised(no: u32, raw: &str, flat: &mut String) -> Line {
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
pub(super) fn next_stop(b: &[u8], mut i: usize) -> usize {
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
pub(super) fn is_stop(c: u8) -> bool {
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
