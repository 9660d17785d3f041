//! Rows derived from other stored rows when an older store is converted (`store`'s
//! compaction): `doc_totals` from the catalog, summary and subject rows, and
//! `execution_text`'s table cells from the subject rows — the same rows ingest builds.

use arrow::array::RecordBatch;

use super::*;
use crate::model::narrative::EXECUTION;
use crate::model::{DOC_TOTALS, DocTotals, Facts, Record, RowKind, TotalOf};

/// The `doc_totals` rows of a partition from its stored catalog, summary and subject
/// rows (stores written before `doc_totals` existed are converted with this): the same
/// rows as at ingest ([`DocTotals::of`]).
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
        let doc = Doc { id: ids.value(k), year: years.value(k), pages: &[] };
        t.cells(&Facts::default(), |cells| rows.push(doc, cells));
    }
    Ok(rows.finish())
}

/// Stored `execution_text` rows of a partition with `table_actual` and `table_line`
/// filled from its stored subject rows (stores written before those columns existed are
/// converted with this): the cell [`crate::model::narrative::Execution::table_cell`] gives at
/// ingest, the first 本年支出合计 of the subject's row (or 合计 row) in the fund's table.
pub fn execution_with_table(
    exec: &RecordBatch,
    subject: &RecordBatch,
) -> Result<RecordBatch, arrow::error::ArrowError> {
    use super::stored::{amounts, column, ints, text};
    use arrow::array::{Array, ArrayRef};
    use std::collections::HashMap;
    use std::sync::Arc;
    let (doc, role, kind, code, measure) = (
        text(subject, "doc_id")?,
        text(subject, "table_role")?,
        text(subject, "row_kind")?,
        text(subject, "subject_code")?,
        text(subject, "measure")?,
    );
    let (amount, line) = (amounts(subject, "amount")?, ints(subject, "line")?);
    // (document, table role, code or None for 合计) → (amount at scale 6, line).
    type Key<'a> = (&'a str, &'a str, Option<&'a str>);
    let mut cells: HashMap<Key, (Option<i128>, i32)> = HashMap::new();
    for i in (0..subject.num_rows()).filter(|&i| measure.value(i) == crate::model::narrative::EXECUTION_MEASURE) {
        let total = kind.value(i) == crate::model::RowKind::Total.label();
        let key = crate::model::row_key(total, code.is_valid(i).then(|| code.value(i)));
        let value = (amount.is_valid(i).then(|| amount.value(i)), line.value(i));
        cells.entry((doc.value(i), role.value(i), key)).or_insert(value);
    }
    let (edoc, fund, ecode) = (text(exec, "doc_id")?, text(exec, "fund")?, text(exec, "subject_code")?);
    let found: Vec<Option<(Option<i128>, i32)>> = (0..exec.num_rows())
        .map(|i| {
            let role = crate::model::narrative::execution_table(fund.value(i)).id();
            let key = ecode.is_valid(i).then(|| ecode.value(i));
            cells.get(&(edoc.value(i), role, key)).copied()
        })
        .collect();
    let actual = arrow::array::Decimal128Array::from(found.iter().map(|f| f.and_then(|f| f.0)).collect::<Vec<_>>())
        .with_precision_and_scale(AMOUNT_PRECISION, AMOUNT_SCALE)?;
    let lines = arrow::array::Int32Array::from(found.iter().map(|f| f.map(|f| f.1)).collect::<Vec<_>>());
    let mut cols = Vec::new();
    for (name, _, _) in EXECUTION.file_columns() {
        cols.push(match name {
            "table_actual" => Arc::new(actual.clone()) as ArrayRef,
            "table_line" => Arc::new(lines.clone()) as ArrayRef,
            _ => column(exec, name)?,
        });
    }
    RecordBatch::try_new(file_schema(&EXECUTION), cols)
}
