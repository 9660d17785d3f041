//! The mutation fuzzer of the ingest path (issue 20), shared by the short run in the
//! tests and the long run of `benches/fuzz.rs`: real and generated documents mutated the
//! ways a corpus goes wrong (numbers at the extremes, lines lost, doubled or swapped,
//! tables moved, truncation, flipped bytes, PDFs damaged), each run in process through
//! read, parse, checks and the conversion to Arrow rows, with two properties checked:
//!
//! - nothing panics (a panic is caught and reported with the input that caused it);
//! - no wrong amount is stored: a document that is accepted holds only figures that
//!   DECIMAL(18,6) stores exactly, and every table amount it keeps is the printed value
//!   of a cell on its own line.
//!
//! Mutations come from [`crate::rng::Rng`]: a case is its seed.

use std::path::Path;

use crate::columnar;
use crate::model::DocRecord;
use crate::model::amount;
use crate::source::Source;
use crate::table::amount::parse_amount;

pub use crate::rng::Rng;

/// Figures a number in a document is replaced with: extremes of size and precision,
/// signs, widths, separators, and things that only look like numbers.
const EXTREMES: &[&str] = &[
    "99999999999999999999999.00",
    "999999999999.999999",
    "1000000000000",
    "-999999999999.99",
    "0.0000001",
    "423,812.345",
    "12.345",
    "-0.01",
    "(12.50)",
    "１,８０９.９６",
    "0",
    "",
    "-",
    "—",
    "1e5",
    "NaN",
    "1,2,3",
    "12.34.56",
    "9223372036854775808",
    "340282366920938463463374607431768211456",
    "0.00",
    "+7",
    "１２３４５６７８９０１２３４５６７８９０",
];

/// Words a sentence's figure may be given instead of its own.
const UNITS: &[&str] = &["万元", "元", "亿元", "千元", "%", "辆", "个", "人次", ""];

/// One mutation of a text document's bytes.
pub fn mutate_text(base: &str, rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<String> = base.split('\n').map(str::to_string).collect();
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        let n = lines.len().max(1);
        match rng.below(11) {
            // A number replaced by an extreme one (most mutations: figures are the point).
            0..=3 => {
                let i = rng.below(n);
                let Some(line) = lines.get_mut(i) else { continue };
                let spans = number_spans(line);
                if let Some(&(a, b)) = spans.get(rng.below(spans.len().max(1))) {
                    line.replace_range(a..b, EXTREMES[rng.below(EXTREMES.len())]);
                }
            }
            // A figure's unit changed (元 for 万元, a count for money).
            4 => {
                let i = rng.below(n);
                let Some(line) = lines.get_mut(i) else { continue };
                for u in ["万元", "元", "%"] {
                    if let Some(p) = line.find(u) {
                        line.replace_range(p..p + u.len(), UNITS[rng.below(UNITS.len())]);
                        break;
                    }
                }
            }
            5 if n > 1 => {
                lines.remove(rng.below(n));
            }
            6 => {
                let i = rng.below(n);
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            7 if n > 1 => {
                let (a, b) = (rng.below(n), rng.below(n));
                lines.swap(a, b);
            }
            // A block of lines moved elsewhere (tables out of order, a table twice).
            8 if n > 10 => {
                let a = rng.below(n - 1);
                let len = 1 + rng.below((n - a).min(60));
                let block: Vec<String> = lines.drain(a..a + len).collect();
                let at = rng.below(lines.len() + 1);
                let copy = rng.below(4) == 0;
                for (k, l) in block.iter().enumerate() {
                    lines.insert(at + k, l.clone());
                }
                if copy {
                    lines.splice(a.min(lines.len())..a.min(lines.len()), block);
                }
            }
            // A cell emptied or a tab lost (columns shift).
            9 => {
                let i = rng.below(n);
                let Some(line) = lines.get_mut(i) else { continue };
                let tabs: Vec<usize> = line.match_indices('\t').map(|(p, _)| p).collect();
                if let Some(&p) = tabs.get(rng.below(tabs.len().max(1))) {
                    line.remove(p);
                }
            }
            _ => {
                let i = rng.below(n);
                let year = ["2023", "1999", "2099", "20245", ""][rng.below(5)];
                if let Some(line) = lines.get_mut(i) {
                    *line = line.replacen("2024", year, 1);
                }
            }
        }
    }
    let mut bytes = lines.join("\n").into_bytes();
    match rng.below(12) {
        0 => bytes.truncate(rng.below(bytes.len() + 1)),
        1 => {
            let n = 1 + rng.below(8);
            flip(&mut bytes, rng, n)
        }
        _ => {}
    }
    bytes
}

/// One mutation of a PDF's bytes: truncated, bytes flipped, or a run of bytes zeroed.
pub fn mutate_pdf(base: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = base.to_vec();
    match rng.below(3) {
        0 => b.truncate(rng.below(b.len() + 1)),
        1 => {
            let n = 1 + rng.below(64);
            flip(&mut b, rng, n)
        }
        _ => {
            let at = rng.below(b.len());
            let len = (1 + rng.below(4096)).min(b.len() - at);
            b[at..at + len].fill(0);
        }
    }
    b
}

fn flip(b: &mut [u8], rng: &mut Rng, n: usize) {
    for _ in 0..n {
        if b.is_empty() {
            return;
        }
        let i = rng.below(b.len());
        b[i] ^= 1 << rng.below(8);
    }
}

/// Byte spans of the numbers in a line (digits, with `,` and `.` inside).
fn number_spans(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b',' || b[i] == b'.') {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// What one input did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Accepted: its facts and rows were made.
    Accepted,
    /// Refused with an error (the expected outcome of most damage).
    Refused,
    /// A panic: a bug, with its message.
    Panic(String),
    /// Accepted with a figure that is not what the document prints, or that cannot be
    /// stored exactly: a bug.
    WrongAmount(String),
}

/// Run one input through read, parse, checks and the conversion to Arrow rows.
pub fn run_one(path: &Path, bytes: &[u8]) -> Verdict {
    match crate::parse::isolated(|| judge(path, bytes)) {
        Ok(v) => v,
        Err(why) => Verdict::Panic(why),
    }
}

fn judge(path: &Path, bytes: &[u8]) -> Verdict {
    let Ok(src) = Source::from_bytes(path, bytes) else { return Verdict::Refused };
    let parsed = crate::parse::parse(&src);
    if !parsed.is_ok() {
        return Verdict::Refused;
    }
    let mut facts = parsed.facts;
    facts.findings = crate::validate::check(parsed.meta.as_ref(), &facts, &src.lines);
    // Every figure the document keeps fits DECIMAL(18,6) exactly.
    let figures = facts
        .subject
        .iter()
        .map(|x| (x.line, x.amount))
        .chain(facts.summary.iter().map(|x| (x.line, x.amount)))
        .chain(facts.detail.iter().map(|x| (x.line, x.amount)))
        .chain(facts.sangong.iter().flat_map(|r| {
            [r.total, r.outbound, r.vehicle_subtotal, r.vehicle_purchase, r.vehicle_operation, r.reception]
                .map(|v| (r.line, v))
        }))
        .chain(facts.narrative.figures().into_iter().map(|(l, v)| (l, Some(v))));
    for (line, v) in figures {
        if let Some(v) = v
            && amount::exact(v).is_err()
        {
            return Verdict::WrongAmount(format!("line {line}: {v} kept, not storable exactly"));
        }
    }
    // Every table amount is the printed value of a cell of its line.
    let printed = |line: u32, unit: crate::model::MoneyUnit, v: rust_decimal::Decimal| {
        src.lines.get(line as usize - 1).is_some_and(|l| {
            l.cells().iter().any(|c| matches!(parse_amount(c), Ok(Some(p)) if unit.to_wanyuan(p) == v))
        })
    };
    let cells = facts
        .subject
        .iter()
        .map(|x| (x.line, x.unit, x.amount))
        .chain(facts.summary.iter().map(|x| (x.line, x.unit, x.amount)))
        .chain(facts.detail.iter().map(|x| (x.line, x.unit, x.amount)));
    for (line, unit, v) in cells {
        if let Some(v) = v
            && !printed(line, unit, v)
        {
            return Verdict::WrongAmount(format!("line {line}: {v} is no cell of that line"));
        }
    }
    // The rows as the store would write them.
    let record = DocRecord {
        doc_id: "0000000000000000".into(),
        content_hash: String::new(),
        source_path: path.display().to_string(),
        encoding: src.encoding.label().into(),
        unit_name: String::new(),
        unit_base: String::new(),
        scope: String::new(),
        county_code: "000000".into(),
        county_name: String::new(),
        city: String::new(),
        province: String::new(),
        year: parsed.meta.as_ref().map_or(0, |m| m.year),
        parser_version: String::new(),
        tables: 0,
        rows: 0,
        warnings: 0,
        bytes: 0,
        ingested_at: 0,
    };
    facts.pages = src.pages.clone();
    // A panic here (a NULL in a column that cannot hold one) is caught above.
    columnar::document_batches(&record, &facts);
    Verdict::Accepted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_spans_find_amounts_with_separators() {
        assert_eq!(number_spans("合计\t1,809.96\t万元 12"), [(7, 15), (23, 25)]);
    }
}
