//! The row builder every batch is made with: a column builder per declared column,
//! cells appended row by row, the page columns derived from the line columns.

use super::*;

/// A dataset whose rows are one fact each, said once: its name, the facts of a document
/// it is made of, and each column — as `schema/datasets.toml` declares it, which a test
/// holds equal — beside the cell that fills it (`doc_id` first in every one). Makes the
/// dataset's constant and the function that builds its batch.
macro_rules! dataset {
    ($(#[$doc:meta])* $konst:ident, $build:ident = $name:literal, |$f:ident| $facts:expr, |$x:ident| [
        $( ($col:literal, $ty:ident, $null:literal) => $cell:expr ),* $(,)?
    ]) => {
        $(#[$doc])*
        pub const $konst: Dataset = Dataset {
            name: $name,
            by_subject: false,
            columns: &[("doc_id", Text, false), $( ($col, $ty, $null) ),*],
        };

        fn $build(docs: &[(Doc, &Facts)]) -> (Dataset, RecordBatch) {
            let mut rows = Rows::new(&$konst, docs.iter().map(|(_, $f)| $facts.len()).sum());
            for (doc, $f) in docs {
                let id: Cell = doc.id.into();
                for $x in $facts.iter() {
                    rows.push(*doc, &[id, $( $cell ),*]);
                }
            }
            ($konst, rows.finish())
        }
    };
}

/// A cell of a row for [`Rows::push`], borrowed from the facts (no copy until it is
/// appended to its column).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Text(Option<&'a str>),
    Int(Option<i32>),
    BigInt(Option<i64>),
    /// Microseconds since the epoch, UTC.
    Timestamp(Option<i64>),
    Amount(Option<Decimal>),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Cell<'a> {
        Cell::Text(Some(s))
    }
}
impl<'a> From<&'a String> for Cell<'a> {
    fn from(s: &'a String) -> Cell<'a> {
        Cell::Text(Some(s.as_str()))
    }
}
impl<'a> From<Option<&'a str>> for Cell<'a> {
    fn from(s: Option<&'a str>) -> Cell<'a> {
        Cell::Text(s)
    }
}
impl<'a> From<&'a Option<String>> for Cell<'a> {
    fn from(s: &'a Option<String>) -> Cell<'a> {
        Cell::Text(s.as_deref())
    }
}
impl From<Option<Decimal>> for Cell<'_> {
    fn from(d: Option<Decimal>) -> Self {
        Cell::Amount(d)
    }
}
impl From<Decimal> for Cell<'_> {
    fn from(d: Decimal) -> Self {
        Cell::Amount(Some(d))
    }
}
impl From<i32> for Cell<'_> {
    fn from(i: i32) -> Self {
        Cell::Int(Some(i))
    }
}
impl From<Option<i32>> for Cell<'_> {
    fn from(i: Option<i32>) -> Self {
        Cell::Int(i)
    }
}
impl From<u32> for Cell<'_> {
    fn from(i: u32) -> Self {
        Cell::Int(Some(i as i32))
    }
}

/// Bytes a row of a text column is given up front: names and free text run to tens of
/// Chinese characters, codes and labels to a few (a value buffer too small for a
/// county's batch was copied as it grew: 2.5 % of ingest instructions in `realloc`).
pub(super) fn text_bytes(name: &str) -> usize {
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
pub(super) enum Col {
    Text(StringBuilder),
    Int(Int32Builder),
    BigInt(Int64Builder),
    Timestamp(TimestampMicrosecondBuilder),
    Amount(Decimal128Builder),
}

impl Col {
    fn new(name: &str, ty: Ty, rows: usize) -> Col {
        match ty {
            Text => Col::Text(StringBuilder::with_capacity(rows, rows * text_bytes(name))),
            Int => Col::Int(Int32Builder::with_capacity(rows)),
            BigInt => Col::BigInt(Int64Builder::with_capacity(rows)),
            Timestamp => Col::Timestamp(TimestampMicrosecondBuilder::with_capacity(rows).with_timezone("UTC")),
            Amount => Col::Amount(
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

    /// Append one row of the declared columns, in order; a cell of the wrong kind is a
    /// programming error caught by the tests.
    pub fn push(&mut self, doc: Doc, cells: &[Cell]) {
        assert_eq!(cells.len(), self.ds.columns.len(), "{}: one cell per declared column", self.ds.name);
        for (j, (col, cell)) in self.cols.iter_mut().zip(cells).enumerate() {
            if !col.append(*cell) {
                panic!("{}.{}: {:?} expected, got {cell:?}", self.ds.name, self.ds.columns[j].0, self.ds.columns[j].1);
            }
        }
        let mut j = cells.len();
        for &k in &self.lines {
            let page = match cells[k] {
                Cell::Int(Some(line)) if line > 0 => crate::diag::page_of(doc.pages, line as u32).map(|p| p as i32),
                _ => None,
            };
            self.cols[j].append(Cell::Int(page));
            j += 1;
        }
        if let Some(k) = self.subject_code {
            let subject = match cells[k] {
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
        RecordBatch::try_new(self.ds.file_schema(), cols).expect("builders match the declared schema")
    }
}
