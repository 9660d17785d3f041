//! Tables: from a block of lines to typed facts. Shared machinery here (rows, header
//! rows, column labels, page-break repeats, amounts with diagnostics); one module per
//! table shape.

pub mod amount;
mod detail;
mod sangong;
mod subject;
mod summary;

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::diag::{Sink, cell_column};
use crate::model::MoneyUnit;
use crate::model::{Facts, TableInfo, TableRole, TableStatus};
use crate::segment::Block;
use crate::source::Line;
use crate::source::squash;
use amount::parse_amount;

/// A tab-separated line of a table.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub line: &'a Line,
    /// Trimmed cells, borrowed from the line (no copy per cell).
    pub cells: Vec<&'a str>,
}

impl Row<'_> {
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).copied().unwrap_or("")
    }
    pub fn no(&self) -> u32 {
        self.line.no
    }
    pub fn non_empty(&self) -> impl Iterator<Item = (usize, &str)> {
        self.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()).map(|(i, c)| (i, *c))
    }
    /// True when some non-empty cell parses as a number.
    pub fn has_amount(&self) -> bool {
        self.non_empty().any(|(_, c)| matches!(parse_amount(c), Ok(Some(_))))
    }
}

/// Parse context for one table: its unit, and where to send problems.
pub struct Ctx<'s> {
    pub role: TableRole,
    pub unit: MoneyUnit,
    pub sink: &'s mut Sink,
    /// Set when the table's layout could not be read (see [`Ctx::unreadable`]).
    pub failed: bool,
}

impl Ctx<'_> {
    /// The table's header or rows could not be read: a gap here, the table recorded as
    /// unreadable (a finding), and the rest of the document still ingested.
    pub fn unreadable(&mut self, line: u32, why: impl Into<String>) {
        self.failed = true;
        self.sink.gap(line, 0, why);
    }

    /// Parse an amount cell into 万元, reporting a bad cell at its display column.
    pub fn amount(&mut self, row: &Row, col: usize) -> Option<Decimal> {
        match parse_amount(row.cell(col)) {
            Ok(Some(v)) => match crate::model::amount::exact(self.unit.to_wanyuan(v)) {
                Ok(w) => Some(w),
                Err(e) => {
                    let c = cell_column(row.line.text(), col);
                    self.sink.error(row.no(), c, format!("`{}` in {}: {e}", row.cell(col), self.role.title()));
                    None
                }
            },
            Ok(None) => None,
            Err(e) => {
                let c = cell_column(row.line.text(), col);
                self.sink.error(row.no(), c, format!("{} in {}: {e}", "bad amount", self.role.title()));
                None
            }
        }
    }
}

/// Header rows at the top of a table plus the data rows below them, with repeated
/// headers (page breaks) and 栏次/column-number rows removed.
pub struct Grid<'a> {
    pub header: Vec<Row<'a>>,
    pub data: Vec<Row<'a>>,
}

/// Split rows into header and data: the header ends at the first row `is_data` accepts.
/// Later rows that only repeat header words are page-break repeats and are dropped.
pub fn grid<'a>(rows: Vec<Row<'a>>, is_data: impl Fn(&Row) -> bool) -> Grid<'a> {
    let first = rows.iter().position(&is_data).unwrap_or(rows.len());
    let mut rows = rows.into_iter();
    let header: Vec<Row> = rows.by_ref().take(first).filter(|r| !is_column_numbers(r)).collect();
    // A handful of words, asked of every data row: a sorted list (SipHash of each cell
    // cost more than the comparisons).
    let mut words: Vec<Cow<str>> = header.iter().flat_map(|r| r.non_empty().map(|(_, c)| squash(c))).collect();
    words.sort();
    words.dedup();
    let rest: Vec<Row> = rows.filter(|r| !is_column_numbers(r)).collect();
    // Header words first: a data row fails at its first cell, before any amount is
    // parsed.
    let repeats: Vec<bool> = rest
        .iter()
        .map(|r| {
            r.non_empty().map(|(_, c)| squash(c)).all(|c| words.binary_search(&c).is_ok() || is_header_word(&c))
                && !r.has_amount()
        })
        .collect();
    let data = rest
        .into_iter()
        .enumerate()
        .filter(|&(k, ref r)| {
            if !repeats[k] || is_data(r) {
                return true;
            }
            // One word of the header alone between two data rows repeats no header: it
            // is the rest of a cell that a page break cut (`二十五、债务付息` | `支出`).
            let mut cells = r.non_empty();
            let lone = cells.next().is_some_and(|(_, c)| !is_header_word(&squash(c))) && cells.next().is_none();
            lone && k > 0 && !repeats[k - 1] && repeats.get(k + 1) == Some(&false)
        })
        .map(|(_, r)| r)
        .collect();
    Grid { header, data }
}

/// Words that only ever appear in header rows.
pub fn is_header_word(c: &str) -> bool {
    matches!(c, "项目" | "科目编码" | "科目名称" | "栏次" | "行次" | "金额" | "类" | "款" | "项" | "编码" | "名称")
}

/// `栏次 … 1 2 3` rows and bare `1 2 3 … n` rows: column numbers, not amounts.
pub fn is_column_numbers(row: &Row) -> bool {
    if squash(row.cell(0)) == "栏次" {
        return true;
    }
    if row.non_empty().nth(2).is_none() {
        return false;
    }
    let mut next = None::<u32>;
    for (_, c) in row.non_empty() {
        if c.starts_with("栏") {
            continue;
        }
        let Ok(n) = c.parse::<u32>() else { return false };
        if next.is_some_and(|want| n != want) {
            return false;
        }
        next = Some(n + 1);
    }
    next.is_some()
}

/// Per-column labels from the header rows: group headers (a label over empty cells to its
/// right, with sub-labels below) extend over their group; labels concatenate top-down.
pub fn column_labels(header: &[Row], width: usize) -> Vec<String> {
    let mut labels = vec![String::new(); width];
    for (r, row) in header.iter().enumerate() {
        let mut group = String::new();
        for (j, label) in labels.iter_mut().enumerate() {
            let c = squash(row.cell(j)).into_owned();
            let below = header[r + 1..].iter().any(|b| !b.cell(j).is_empty());
            // A group never reaches past the end of the group above it: a label in the
            // row above starts a new parent (the 三公 table's 公务接待费 is not under the
            // 公务用车 group to its left).
            if r > 0 && !header[r - 1].cell(j).is_empty() {
                group.clear();
            }
            let text = if !c.is_empty() {
                group = c.clone();
                c
            } else if below {
                group.clone()
            } else {
                group.clear();
                String::new()
            };
            if !text.is_empty() && !label.ends_with(&text) {
                label.push_str(&text);
            }
        }
    }
    labels
}

/// Parse one block into its table record and facts.
pub fn parse_block(block: &Block, sink: &mut Sink, facts: &mut Facts) {
    let mut unit = None;
    let mut number_label = String::new();
    let mut note: Vec<String> = Vec::new();
    let mut statement = None;
    let mut rows = Vec::new();
    for line in block.lines {
        if line.has_tabs() {
            let cells = line.cells();
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push(Row { line, cells });
            }
            continue;
        }
        let t = line.text().trim();
        if t.is_empty() {
            continue;
        }
        let s = squash(t);
        if unit.is_none() {
            unit = amount::unit_from_line(t);
        }
        if number_label.is_empty() && s.starts_with("公开") && s.ends_with('表') && s.len() < 20 {
            number_label = s.to_string();
        }
        // The statement that a table is empty may be printed as its 注 (Shanghai:
        // `注：本部门无政府性基金…，故本表无数据。`): it is both.
        if s.contains("无数据") || (s.contains("没有") && s.contains("本表")) {
            statement.get_or_insert_with(|| t.to_string());
        }
        if s.starts_with("注") {
            note.push(t.to_string());
        }
    }
    let unit = unit.unwrap_or_else(|| {
        sink.warning(block.title.no, 0, format!("{}: no `单位：` line, amounts taken as 万元", block.role.title()));
        MoneyUnit::Wanyuan
    });
    let before = facts.row_count();
    let mut any_amount = false;
    let mut failed = false;
    if rows.is_empty() {
        if statement.is_none() {
            failed = true;
            sink.gap(
                block.title.no,
                0,
                format!("{}: title found but no table rows follow (table cut off?)", block.role.title()),
            );
        }
    } else {
        let mut ctx = Ctx { role: block.role, unit, sink, failed: false };
        any_amount = match block.role {
            r if r.is_subject_table() => subject::parse(&mut ctx, rows, &mut facts.subject),
            TableRole::IncomeExpenditure | TableRole::FiscalIncomeExpenditure => {
                summary::parse(&mut ctx, rows, &mut facts.summary)
            }
            TableRole::BasicDetail => detail::parse(&mut ctx, rows, &mut facts.detail),
            TableRole::Sangong => sangong::parse(&mut ctx, rows, &mut facts.sangong),
            _ => unreachable!("every role has a parser"),
        };
        failed = ctx.failed;
    }
    let end = block.lines.last().map(|l| l.no).unwrap_or(block.title.no);
    facts.tables.push(TableInfo {
        role: block.role,
        title: block.title.text().trim().to_string(),
        number_label,
        unit,
        line_start: block.title.no,
        line_end: end,
        status: if failed {
            TableStatus::Unreadable
        } else if any_amount {
            TableStatus::Filled
        } else {
            TableStatus::Empty
        },
        empty_statement: statement,
        note: (!note.is_empty()).then(|| note.join("\n")),
        rows: (facts.row_count() - before) as u32,
    });
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;

    /// Lines from a `|`-separated sketch (tabs are hard to read in tests).
    pub fn lines(sketch: &str) -> Vec<Line> {
        sketch.lines().enumerate().map(|(i, l)| Line::new(i as u32 + 1, l.replace('|', "\t"))).collect()
    }

    pub fn rows(ls: &[Line]) -> Vec<Row<'_>> {
        ls.iter().filter(|l| l.has_tabs()).map(|l| Row { line: l, cells: l.cells() }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;

    #[test]
    fn group_headers_extend_over_their_subcolumns() {
        let ls = lines("项 目||本年支出||\n科目编码|科目名称|小计|基本支出|项目支出");
        let r = rows(&ls);
        assert_eq!(
            column_labels(&r, 5),
            vec!["项目科目编码", "项目科目名称", "本年支出小计", "本年支出基本支出", "本年支出项目支出"]
        );
    }

    #[test]
    fn column_number_rows_are_not_data() {
        let ls = lines("1|2|3|4|5|6|7|8|9|10|11|12\n0.28||0.28||0.28|\n栏 次||1|2|3");
        let r = rows(&ls);
        assert!(is_column_numbers(&r[0]));
        assert!(!is_column_numbers(&r[1]));
        assert!(is_column_numbers(&r[2]));
    }
}
