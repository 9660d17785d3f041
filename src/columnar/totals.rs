//! `doc_totals`: one row per document with its tables' totals, each a copy of one cell
//! (a summary row's 金额 or a subject table's 合计 row), built at ingest or derived from
//! stored rows when an older store is converted.

use super::*;

/// The cell a `doc_totals` amount copies: a summary row (table role, side, item; the
/// `金额` column) or a subject table's 合计 row (table role, measure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalOf<'a> {
    Summary { role: &'a str, side: &'a str, item: &'a str },
    Subject { role: &'a str, measure: &'a str },
}

impl<'a> TotalOf<'a> {
    /// A summary cell as a source: only the row's amount (`金额`) can be one.
    pub fn summary(role: &'a str, side: &'a str, item: &'a str, measure: &str) -> Option<TotalOf<'a>> {
        (measure == "金额").then_some(TotalOf::Summary { role, side, item })
    }
    /// A subject cell as a source: only the 合计 row (which prints no code) can be one.
    pub fn subject(role: &'a str, total_row: bool, has_code: bool, measure: &'a str) -> Option<TotalOf<'a>> {
        (total_row && !has_code).then_some(TotalOf::Subject { role, measure })
    }
}

/// The source of each amount column of `doc_totals`, in column order (after `doc_id`).
pub const DOC_TOTAL_SOURCES: [TotalOf<'static>; 18] = {
    use TotalOf::{Subject as T, Summary as S};
    const IE: &str = "income_expenditure";
    [
        S { role: IE, side: "收入", item: "总计" },
        S { role: IE, side: "收入", item: "本年收入合计" },
        S { role: IE, side: "支出", item: "本年支出合计" },
        S { role: "fiscal_income_expenditure", side: "收入", item: "总计" },
        T { role: "income", measure: "本年收入合计" },
        T { role: "income", measure: "财政拨款收入" },
        T { role: "income", measure: "上级补助收入" },
        T { role: "income", measure: "事业收入" },
        T { role: "income", measure: "经营收入" },
        T { role: "income", measure: "附属单位上缴收入" },
        T { role: "income", measure: "其他收入" },
        T { role: "expenditure", measure: "本年支出合计" },
        T { role: "expenditure", measure: "基本支出" },
        T { role: "expenditure", measure: "项目支出" },
        T { role: "expenditure", measure: "上缴上级支出" },
        T { role: "expenditure", measure: "经营支出" },
        T { role: "expenditure", measure: "对附属单位补助支出" },
        T { role: "general_budget", measure: "本年支出合计" },
    ]
};

/// The `doc_totals` amount (index into [`DOC_TOTAL_SOURCES`]) a cell is copied to, if any.
pub fn doc_total_of(cell: TotalOf) -> Option<usize> {
    DOC_TOTAL_SOURCES.iter().position(|s| *s == cell)
}

/// A document's totals being collected: the first cell found for each column wins.
#[derive(Debug, Default)]
pub(super) struct DocTotals([Option<Option<Decimal>>; DOC_TOTAL_SOURCES.len()]);

impl DocTotals {
    fn set(&mut self, cell: Option<TotalOf>, amount: Option<Decimal>) {
        if let Some(i) = cell.and_then(doc_total_of) {
            self.0[i].get_or_insert(amount);
        }
    }
    fn push(&self, rows: &mut Rows, doc_id: &str, year: i32) {
        let mut cells = vec![Cell::Text(Some(doc_id))];
        cells.extend(self.0.iter().map(|a| Cell::Amount(a.flatten())));
        rows.push(Doc { id: doc_id, year, pages: &[] }, &cells);
    }
}

/// The totals row of each document.
pub fn doc_totals_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&DOC_TOTALS, docs.len());
    for (d, f) in docs {
        let mut t = DocTotals::default();
        for x in &f.summary {
            t.set(TotalOf::summary(x.role.id(), x.side, &x.item, x.measure), x.amount);
        }
        for x in &f.subject {
            let total = x.row_kind == RowKind::Total;
            t.set(TotalOf::subject(x.role.id(), total, x.code.is_some(), x.measure), x.amount);
        }
        t.push(&mut rows, d.id, d.year);
    }
    rows.finish()
}

/// The `doc_totals` rows of a partition from its stored catalog, summary and subject
/// rows (stores written before `doc_totals` existed are converted with this): the same
/// rows [`doc_totals_batch`] gives at ingest.
pub fn doc_totals_of_stored(
    documents: &RecordBatch,
    summary: &RecordBatch,
    subject: &RecordBatch,
) -> Result<RecordBatch, arrow::error::ArrowError> {
    use arrow::array::{Array, Decimal128Array};
    use stored::{amounts, ints, text};
    let amount = |a: &Decimal128Array, i: usize| (!a.is_null(i)).then(|| i128_to_decimal(a.value(i)));
    let (ids, years) = (text(documents, "doc_id")?, ints(documents, "year")?);
    let index: std::collections::HashMap<&str, usize> = (0..ids.len()).map(|i| (ids.value(i), i)).collect();
    let mut totals: Vec<DocTotals> = (0..ids.len()).map(|_| DocTotals::default()).collect();
    let (doc, role, side, item, measure, a) = (
        text(summary, "doc_id")?,
        text(summary, "table_role")?,
        text(summary, "side")?,
        text(summary, "item")?,
        text(summary, "measure")?,
        amounts(summary, "amount")?,
    );
    for i in 0..summary.num_rows() {
        if let Some(&k) = index.get(doc.value(i)) {
            let cell = TotalOf::summary(role.value(i), side.value(i), item.value(i), measure.value(i));
            totals[k].set(cell, amount(&a, i));
        }
    }
    let (doc, role, kind, code, measure, a) = (
        text(subject, "doc_id")?,
        text(subject, "table_role")?,
        text(subject, "row_kind")?,
        text(subject, "subject_code")?,
        text(subject, "measure")?,
        amounts(subject, "amount")?,
    );
    for i in 0..subject.num_rows() {
        if let Some(&k) = index.get(doc.value(i)) {
            let total = kind.value(i) == RowKind::Total.label();
            totals[k].set(TotalOf::subject(role.value(i), total, code.is_valid(i), measure.value(i)), amount(&a, i));
        }
    }
    let mut rows = Rows::new(&DOC_TOTALS, ids.len());
    for (k, t) in totals.iter().enumerate() {
        t.push(&mut rows, ids.value(k), years.value(k));
    }
    Ok(rows.finish())
}
