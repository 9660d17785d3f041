//! Narrative and appendix facts: what the 情况说明 says in sentences (机关运行经费, 政府采购,
//! 国有资产, 三公 details, year-on-year changes, budget execution by subject, structure
//! shares), the units a 部门汇总 consolidates, and the 绩效自评 appendix tables. Sections are found by headings and keywords,
//! never by their numbering; figures by patterns tolerant of regional phrasing. A
//! sentence in those sections that states a figure nobody could read is reported, never
//! silently dropped.

mod extract;
mod performance;
mod scan;
pub mod text;
mod units;

use crate::diag::Sink;
use crate::model::Facts;
pub use crate::model::narrative::*;
use crate::source::Line;
pub use text::Text;

/// Extract the narrative and appendix facts. `in_table` tells which lines belong to the
/// nine tables (already parsed into `facts`, whose subject names resolve the budget
/// execution paragraphs to codes); `year` is the document's (`比上年` compares with the
/// year before it).
pub fn extract(
    lines: &[Line],
    in_table: &dyn Fn(u32) -> bool,
    facts: &Facts,
    year: Option<i32>,
    sink: &mut Sink,
) -> Narrative {
    let text = Text::build(lines, in_table);
    let mut n = Narrative::default();
    extract::run(&text, facts, year, &mut n);
    performance::tables(lines, in_table, &mut n, sink);
    units::listed(lines, in_table, &mut n);
    for u in &n.unparsed {
        sink.warning(u.line, 0, format!("{}: figure not understood, kept as unparsed: {}", u.section, u.sentence));
    }
    n
}
