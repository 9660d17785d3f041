//! `doc_totals`: one row per document with its tables' totals, each a copy of one cell
//! (a summary row's 金额 or a subject table's 合计 row): the figures that comparisons of
//! many documents read (a unit's totals, last year's figures for A-YOY), so that they
//! read one row per document instead of scanning `summary_facts` and `subject_facts`.

use rust_decimal::Decimal;

use super::{Cell, Dataset, DocRecord, Facts, Record, RowKind, Ty};

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

/// Each amount column of `doc_totals`, in order after `doc_id`, beside the cell it
/// copies: the dataset's columns are made from this list.
pub const DOC_TOTAL_COLUMNS: [(&str, TotalOf<'static>); 18] = {
    use TotalOf::{Subject as T, Summary as S};
    const IE: &str = "income_expenditure";
    [
        ("grand_total", S { role: IE, side: "收入", item: "总计" }),
        ("income_total", S { role: IE, side: "收入", item: "本年收入合计" }),
        ("expenditure_total", S { role: IE, side: "支出", item: "本年支出合计" }),
        ("fiscal_grand_total", S { role: "fiscal_income_expenditure", side: "收入", item: "总计" }),
        ("income_table_total", T { role: "income", measure: "本年收入合计" }),
        ("fiscal_income", T { role: "income", measure: "财政拨款收入" }),
        ("superior_income", T { role: "income", measure: "上级补助收入" }),
        ("business_income", T { role: "income", measure: "事业收入" }),
        ("operating_income", T { role: "income", measure: "经营收入" }),
        ("affiliate_income", T { role: "income", measure: "附属单位上缴收入" }),
        ("other_income", T { role: "income", measure: "其他收入" }),
        ("expenditure_table_total", T { role: "expenditure", measure: "本年支出合计" }),
        ("basic", T { role: "expenditure", measure: "基本支出" }),
        ("project", T { role: "expenditure", measure: "项目支出" }),
        ("to_superior", T { role: "expenditure", measure: "上缴上级支出" }),
        ("operating_expenditure", T { role: "expenditure", measure: "经营支出" }),
        ("to_affiliates", T { role: "expenditure", measure: "对附属单位补助支出" }),
        ("general_budget_expenditure", T { role: "general_budget", measure: "本年支出合计" }),
    ]
};

const N: usize = DOC_TOTAL_COLUMNS.len();

/// One row per document with its tables' totals, each amount a copy of one cell named in
/// [`DOC_TOTAL_COLUMNS`] (nullable: a document may lack the table).
pub const DOC_TOTALS: Dataset = Dataset { name: "doc_totals", by_subject: false, columns: &COLUMNS };

const COLUMNS: [(&str, Ty, bool); N + 1] = {
    let mut c = [("doc_id", Ty::Text, false); N + 1];
    let mut i = 0;
    while i < N {
        c[i + 1] = (DOC_TOTAL_COLUMNS[i].0, Ty::Amount, true);
        i += 1;
    }
    c
};

/// The `doc_totals` amount (index into [`DOC_TOTAL_COLUMNS`]) a cell is copied to, if any.
pub fn doc_total_of(cell: TotalOf) -> Option<usize> {
    DOC_TOTAL_COLUMNS.iter().position(|(_, s)| *s == cell)
}

/// A document's totals: for each column, the first cell found (`Some(None)` when that
/// cell is blank).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DocTotals([Option<Option<Decimal>>; N]);

impl DocTotals {
    /// Collect a cell: the first one found for a column wins.
    pub fn set(&mut self, cell: Option<TotalOf>, amount: Option<Decimal>) {
        if let Some(i) = cell.and_then(doc_total_of) {
            self.0[i].get_or_insert(amount);
        }
    }

    /// A document's totals from its facts.
    pub fn of(facts: &Facts) -> DocTotals {
        let mut t = DocTotals::default();
        for x in &facts.summary {
            t.set(TotalOf::summary(x.role.id(), x.side, &x.item, x.measure), x.amount);
        }
        for x in &facts.subject {
            let total = x.row_kind == RowKind::Total;
            t.set(TotalOf::subject(x.role.id(), total, x.code.is_some(), x.measure), x.amount);
        }
        t
    }
}

impl<'a> Record<'a> for DocTotals {
    const DATASET: Dataset = DOC_TOTALS;
    fn of(_: &'a DocRecord, facts: &'a Facts) -> impl Iterator<Item = Self> {
        std::iter::once_with(|| DocTotals::of(facts))
    }
    fn cells<F: FnMut(&[Cell<'_>])>(&self, _: &Facts, mut row: F) {
        row(&self.0.map(|a| Cell::Amount(a.flatten())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_doc_totals_column_copies_its_own_cell() {
        assert_eq!(DOC_TOTALS.columns.len(), N + 1);
        assert!(DOC_TOTALS.columns[1..].iter().all(|c| c.1 == Ty::Amount && c.2));
        // No cell feeds two columns.
        for (i, (name, s)) in DOC_TOTAL_COLUMNS.iter().enumerate() {
            assert_eq!(doc_total_of(*s), Some(i), "{name}");
            assert_eq!(DOC_TOTALS.columns[i + 1].0, *name);
        }
    }
}
