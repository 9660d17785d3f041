//! One document end to end in memory: segment, parse every table, report what is missing.

use crate::diag::{Diagnostic, Sink};
use crate::model::{DocMeta, Facts, TableRole};
use crate::narrative;
use crate::segment;
use crate::source::Source;
use crate::table;

/// Bumped whenever parsing changes what is extracted; recorded in the catalog. A stored
/// document read by another version is read again when it is ingested again. p2: the
/// readers of session 12 (titles of other provinces, rows cut by pages, `比上年`, the
/// reserved procurement budgets).
pub const PARSER_VERSION: &str = concat!("juesuan-", env!("CARGO_PKG_VERSION"), "/p2");

#[derive(Debug)]
pub struct Parsed {
    pub meta: Option<DocMeta>,
    pub facts: Facts,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn is_ok(&self) -> bool {
        self.meta.is_some() && !self.diagnostics.iter().any(|d| d.severity == crate::diag::Severity::Error)
    }
}

pub fn parse(source: &Source) -> Parsed {
    let mut sink = Sink::with_pages(&source.path, &source.pages);
    // The unit and year are asked of a document with tables; one without any is first of
    // all no 决算, and that is what its error says.
    let mut meta_sink = Sink::with_pages(&source.path, &source.pages);
    let meta = segment::meta(&source.lines, &mut meta_sink);
    let mut facts = Facts::default();
    let (blocks, orphans, unread) = segment::blocks(&source.lines);
    if !blocks.is_empty() {
        sink.absorb(meta_sink);
    }
    // Room for every subject table's cells at once (about eight a line): reserved table
    // by table, the facts were copied as each table grew them.
    let subject_lines: usize = blocks.iter().filter(|b| b.role.is_subject_table()).map(|b| b.lines.len()).sum();
    facts.subject.reserve(subject_lines * 8);
    for block in &blocks {
        table::parse_block(block, &mut sink, &mut facts);
    }
    for u in &unread {
        let title = u.title.text().trim();
        sink.warning(u.title.no, 0, format!("`{title}` is none of the nine standard tables: its rows are not read"));
    }
    // Which lines the tables span, by line number: asked of every line twice (the
    // 情况说明 stream and the 绩效 appendix).
    let mut table_line = vec![false; source.lines.last().map_or(0, |l| l.no as usize + 1)];
    let spans = blocks.iter().map(|b| (b.title, b.lines)).chain(unread.iter().map(|u| (u.title, u.lines)));
    for (title, lines) in spans {
        let end = lines.last().map(|l| l.no).unwrap_or(title.no);
        for no in title.no..=end {
            if let Some(t) = table_line.get_mut(no as usize) {
                *t = true;
            }
        }
    }
    let in_table = |no: u32| table_line.get(no as usize).copied().unwrap_or(false);
    facts.narrative = narrative::extract(&source.lines, &in_table, &facts, meta.as_ref().map(|m| m.year), &mut sink);
    // A figure of a sentence that cannot be stored exactly fails the document, as a
    // table cell's does (README: a document is stored whole or not at all).
    for (line, v) in facts.narrative.figures() {
        if let Err(e) = crate::model::amount::exact(v) {
            sink.error(line, 0, format!("figure in the 情况说明: {e}"));
        }
    }
    // Counts (辆, 个, 人次, 批次, 台) are 32-bit: one past that would be dropped by the
    // readers, so it fails the document here instead.
    static COUNT: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let count =
        COUNT.get_or_init(|| regex::Regex::new(r"([0-9]{10,})(?:辆|个|人次|批次|台|套)").expect("static regex"));
    for l in source.lines.iter().filter(|l| !in_table(l.no) && l.flat().len() > 10) {
        for c in count.captures_iter(l.flat()) {
            if c[1].parse::<i32>().is_err() {
                sink.error(l.no, 0, format!("count `{}` in the 情况说明 is out of range (at most 2147483647)", &c[0]));
            }
        }
    }
    let last = source.lines.last().map(|l| l.no).unwrap_or(0);
    use crate::model::TableStatus;
    if !blocks.is_empty() && facts.tables.iter().all(|t| t.status != TableStatus::Filled) {
        if facts.tables.iter().all(|t| t.status == TableStatus::Empty) {
            // Tables and headers but not one figure: the template itself, or a form never
            // filled in; nothing of it belongs beside real disclosures.
            sink.error(0, 0, "no amount in any table: a blank template or an unfilled form, not a 决算 with figures");
        } else {
            sink.error(0, 0, "no table could be read: nothing of this document can be stored");
        }
    }
    if blocks.is_empty() {
        sink.error(
            0,
            0,
            format!(
                "no 部门决算 tables found (expected 收入支出决算总表 … 三公经费支出决算表){}",
                seems_to_be(&source.lines)
            ),
        );
    } else {
        // A missing table costs the document that table, not the document: a gap here
        // (printed as an error), an error finding (D-TABLE-MISSING) stored with the rest.
        for role in TableRole::ALL {
            if facts.table(role).is_some() {
                continue;
            }
            // The last title line of a missing table is the likeliest place it was cut.
            if let Some((_, line)) = orphans.iter().rev().find(|(r, _)| *r == role) {
                facts.missing_tables.push((role, line.no));
                sink.gap(
                    line.no,
                    0,
                    format!("{}: title found but no table rows follow (table cut off?)", role.title()),
                );
            } else {
                facts.missing_tables.push((role, 0));
                sink.gap(
                    last,
                    0,
                    format!(
                        "table {} not found: the nine standard tables are required (document truncated?)",
                        role.title()
                    ),
                );
            }
        }
    }
    // Said as an error (the document fails already), so that it is printed with the rest.
    if source.unruled && sink.has_errors() {
        sink.error(
            0,
            0,
            "this PDF has no ruled table: its tables were read by the gaps between characters, which \
             misplaces cells; the department's text, or a PDF with ruled tables, reads",
        );
    }
    Parsed { meta, facts, diagnostics: sink.into_vec() }
}

/// Run one document's work so that a panic in it (a bug: please report) becomes that
/// document's error instead of ending the run and costing every other document.
pub fn isolated<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|p| {
        format!(
            "internal error: please report (juesuan {}): {}",
            env!("CARGO_PKG_VERSION"),
            crate::diag::panic_message(p.as_ref())
        )
    })
}

/// What a document without 决算 tables seems to be, for its error message.
fn seems_to_be(lines: &[crate::source::Line]) -> &'static str {
    let count = |word: &str| lines.iter().filter(|l| l.flat().contains(word)).count();
    let (budget, accounts) = (count("预算表") + count("部门预算"), count("决算"));
    if budget > 0 && accounts == 0 {
        ": this looks like a 部门预算 (budget), not a 部门决算 (final accounts)"
    } else if accounts == 0 {
        ": the text never mentions 决算; not a final-accounts disclosure"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_documents_work_becomes_its_error() {
        assert_eq!(isolated(|| 7), Ok(7));
        let e = isolated(|| -> u32 { panic!("index out of bounds") }).unwrap_err();
        assert!(e.starts_with("internal error: please report") && e.ends_with("index out of bounds"), "{e}");
        let e = isolated(|| -> u32 { panic!("{} is odd", 3) }).unwrap_err();
        assert!(e.ends_with("3 is odd"), "{e}");
    }
}
