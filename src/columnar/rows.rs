//! The row builder every batch is made with: a column builder per declared column,
//! cells appended row by row, the page columns derived from the line columns; and the
//! one loop that builds any dataset's batch from its [`Record`]s.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, Decimal128Builder, Int32Builder, Int64Builder, RecordBatch, StringBuilder, TimestampMicrosecondBuilder,
};

use super::{AMOUNT_PRECISION, AMOUNT_SCALE, Doc, decimal_to_i128, file_schema};
use crate::model::{Cell, Dataset, DocRecord, Facts, Record, TOTAL_SUBJECT, Ty};

/// A dataset's batch for a set of documents: each document's records ([`Record::of`])
/// in document order, row by row; a dataset by 类 has its 合计 rows first (all
/// documents'), the order in which the store writes them (see `store::clustered`).
pub fn batch<'a, R: Record<'a>>(docs: &[(&'a DocRecord, &'a Facts)]) -> (Dataset, RecordBatch) {
    let capacity = docs
        .iter()
        .map(|(d, f)| {
            let (low, high) = R::of(d, f).size_hint();
            high.unwrap_or(low)
        })
        .sum();
    let mut rows = Rows::new(&R::DATASET, capacity);
    let passes: &[Option<bool>] = if R::DATASET.by_subject { &[Some(true), Some(false)] } else { &[None] };
    for &pass in passes {
        for (d, f) in docs {
            let doc = Doc { id: &d.doc_id, year: d.year, pages: &f.pages };
            for r in R::of(d, f).filter(|r| pass.is_none_or(|total| r.total() == total)) {
                r.cells(f, |cells| rows.push(doc, cells));
            }
        }
    }
    (R::DATASET, rows.finish())
}

/// Bytes a row of a text column is given up front: names and free text run to tens of
/// Chinese characters, codes and labels to a few (a value buffer too small for a
/// county's batch was copied as it grew: 2.5 % of ingest instructions in `realloc`).
fn text_bytes(name: &str) -> usize {
    let long = name.ends_with("_name")
        || name.ends_with("_text")
        || name.starts_with("level")
        || matches!(
            name,
            "item"
                | "parent_item"
                | "title"
                | "note"
                | "empty_statement"
                | "source_path"
                | "unit_base"
                | "project"
                | "reason"
                | "deviation"
                | "formula"
                | "left_place"
                | "right_place"
                | "department"
                | "implementer"
                | "user_unit"
        );
    if long { 48 } else { 16 }
}

/// One column being built.
enum Col {
    Text(StringBuilder),
    Int(Int32Builder),
    BigInt(Int64Builder),
    Timestamp(TimestampMicrosecondBuilder),
    Amount(Decimal128Builder),
}

impl Col {
    fn new(name: &str, ty: Ty, rows: usize) -> Col {
        match ty {
            Ty::Text => Col::Text(StringBuilder::with_capacity(rows, rows * text_bytes(name))),
            Ty::Int => Col::Int(Int32Builder::with_capacity(rows)),
            Ty::BigInt => Col::BigInt(Int64Builder::with_capacity(rows)),
            Ty::Timestamp => Col::Timestamp(TimestampMicrosecondBuilder::with_capacity(rows).with_timezone("UTC")),
            Ty::Amount => Col::Amount(
                Decimal128Builder::with_capacity(rows)
                    .with_precision_and_scale(AMOUNT_PRECISION, AMOUNT_SCALE)
                    .expect("valid decimal type"),
            ),
        }
    }

    /// Append a cell; `false` when its kind is not the column's.
    fn append(&mut self, cell: Cell) -> bool {
        match (self, cell) {
            (Col::Text(b), Cell::Text(v)) => b.append_option(v),
            (Col::Int(b), Cell::Int(v)) => b.append_option(v),
            (Col::BigInt(b), Cell::BigInt(v)) => b.append_option(v),
            (Col::Timestamp(b), Cell::Timestamp(v)) => b.append_option(v),
            (Col::Amount(b), Cell::Amount(v)) => b.append_option(v.and_then(decimal_to_i128)),
            _ => return false,
        }
        true
    }

    fn finish(self) -> ArrayRef {
        match self {
            Col::Text(mut b) => Arc::new(b.finish()),
            Col::Int(mut b) => Arc::new(b.finish()),
            Col::BigInt(mut b) => Arc::new(b.finish()),
            Col::Timestamp(mut b) => Arc::new(b.finish()),
            Col::Amount(mut b) => Arc::new(b.finish()),
        }
    }
}

/// A dataset's batch built row by row straight into Arrow builders: the declared
/// columns as given, then the clustering columns derived here (`subject` from
/// `subject_code`, and `year`).
pub struct Rows {
    ds: Dataset,
    cols: Vec<Col>,
    /// Position of `subject_code` when the dataset has a `subject` column.
    subject_code: Option<usize>,
    /// Positions of the line columns that have a page column.
    lines: Vec<usize>,
}

impl Rows {
    pub fn new(ds: &Dataset, capacity: usize) -> Rows {
        let cols = ds.file_columns().map(|(name, ty, _)| Col::new(name, ty, capacity)).collect();
        let subject_code = ds.by_subject.then(|| ds.position("subject_code").expect("subject_code column"));
        let lines = ds.page_columns().map(|(k, _)| k).collect();
        Rows { ds: *ds, cols, subject_code, lines }
    }

    /// Append one row: the document's id (`doc_id`, every dataset's first column), then
    /// the other declared columns' cells in order; a cell of the wrong kind is a
    /// programming error caught by the tests.
    pub fn push(&mut self, doc: Doc, cells: &[Cell]) {
        let declared = self.ds.columns.len();
        assert_eq!(cells.len() + 1, declared, "{}: one cell per declared column after doc_id", self.ds.name);
        let cell = |k: usize| if k == 0 { Cell::Text(Some(doc.id)) } else { cells[k - 1] };
        for (k, col) in self.cols[..declared].iter_mut().enumerate() {
            if !col.append(cell(k)) {
                let (name, ty, _) = self.ds.columns[k];
                panic!("{}.{name}: {ty:?} expected, got {:?}", self.ds.name, cell(k));
            }
        }
        let mut j = declared;
        for &k in &self.lines {
            let page = match cell(k) {
                Cell::Int(Some(line)) if line > 0 => crate::diag::page_of(doc.pages, line as u32).map(|p| p as i32),
                _ => None,
            };
            self.cols[j].append(Cell::Int(page));
            j += 1;
        }
        if let Some(k) = self.subject_code {
            let subject = match cell(k) {
                Cell::Text(Some(code)) => &code[..3],
                _ => TOTAL_SUBJECT,
            };
            self.cols[j].append(Cell::Text(Some(subject)));
            j += 1;
        }
        self.cols[j].append(Cell::Int(Some(doc.year)));
    }

    pub fn finish(self) -> RecordBatch {
        let cols: Vec<ArrayRef> = self.cols.into_iter().map(Col::finish).collect();
        RecordBatch::try_new(file_schema(&self.ds), cols).expect("builders match the declared schema")
    }
}
