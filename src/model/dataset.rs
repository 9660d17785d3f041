//! How a fact is stored, said once beside its struct: a [`Dataset`] (name and declared
//! columns) and a [`Record`] (which facts of a document make its rows, and each row's
//! cells), both made by the [`dataset!`] macro. `crate::columnar` turns records into
//! Arrow batches with one generic loop; `schema/datasets.toml` declares the same columns
//! for people, and a test holds both equal.

use rust_decimal::Decimal;

use super::{DocRecord, Facts};

/// A stored dataset: its directory name, its declared columns, and whether its rows
/// carry the 类 they belong to (`subject`).
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    pub name: &'static str,
    pub by_subject: bool,
    /// Declared columns (name, type, nullable), without the clustering columns.
    pub columns: &'static [(&'static str, Ty, bool)],
}

/// A column's type: amounts are DECIMAL(18,6) in 万元, codes text, integers signed
/// 32-bit, timestamps microseconds UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    Int,
    BigInt,
    Amount,
    Timestamp,
}

impl Ty {
    pub fn sql(self) -> &'static str {
        match self {
            Ty::Text => "VARCHAR",
            Ty::Int => "INTEGER",
            Ty::BigInt => "BIGINT",
            Ty::Amount => "DECIMAL(18,6)",
            Ty::Timestamp => "TIMESTAMP WITH TIME ZONE",
        }
    }
}

/// `subject` of the 合计 rows, which have no code.
pub const TOTAL_SUBJECT: &str = "total";

/// The page column derived from a line column (`line` → `page`, `left_line` →
/// `left_page`): the PDF page that line was printed on, NULL for text sources.
pub fn page_column(line_column: &str) -> Option<&'static str> {
    Some(match line_column {
        "line" => "page",
        "left_line" => "left_page",
        "right_line" => "right_page",
        "table_line" => "table_page",
        _ => return None,
    })
}

impl Dataset {
    /// The columns of a stored file: the declared ones, then a `page` for each line
    /// column ([`page_column`]), then `subject` (when by 类) and `year`.
    pub fn file_columns(&self) -> impl Iterator<Item = (&'static str, Ty, bool)> + '_ {
        let subject = self.by_subject.then_some(("subject", Ty::Text, false));
        self.columns
            .iter()
            .copied()
            .chain(self.page_columns().map(|(_, name)| (name, Ty::Int, true)))
            .chain(subject)
            .chain([("year", Ty::Int, false)])
    }

    /// The declared line columns with pages: (position, name of the page column).
    pub fn page_columns(&self) -> impl Iterator<Item = (usize, &'static str)> + '_ {
        self.columns.iter().enumerate().filter_map(|(k, c)| page_column(c.0).map(|p| (k, p)))
    }

    /// Index of a declared column.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.0 == column)
    }
}

/// A cell of a stored row, borrowed from the facts (no copy until it is appended to its
/// column).
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
impl From<i64> for Cell<'_> {
    fn from(i: i64) -> Self {
        Cell::BigInt(Some(i))
    }
}

/// A row of a dataset: what a document's rows of it are made of (`'a` is the document's
/// record and facts), and the cells each row holds. Implemented by [`dataset!`].
pub trait Record<'a>: Sized {
    const DATASET: Dataset;
    /// The document's rows of this dataset, in order. Asked twice by the builder (its
    /// `size_hint` for the capacity, then its rows): make no row before it is asked for.
    fn of(doc: &'a DocRecord, facts: &'a Facts) -> impl Iterator<Item = Self>;
    /// The cells after `doc_id`, in column order, handed to `row`; `facts` are the whole
    /// document's (a cell may be looked up in another table).
    fn cells<F: FnMut(&[Cell<'_>])>(&self, facts: &Facts, row: F);
    /// A 合计 row of a dataset by 类 (`subject = 'total'`): such rows are written before
    /// the others, as the store keeps them in row groups of their own.
    fn total(&self) -> bool {
        false
    }
}

/// Declares a dataset once: its constant, its name, the facts a document's rows are
/// made of, and each column (as `schema/datasets.toml` declares it) beside the cell that
/// fills it — `doc_id` comes first in every dataset and is filled from the document.
/// Implements [`Record`] for the row type.
///
/// ```text
/// dataset! {
///     JIGUAN = "jiguan_text" for &'a Jiguan, rows |_d, f| f.narrative.jiguan.iter(), cells |j, _f| [
///         ("amount", Amount, false) => j.amount.into(),
///         …
///     ]
/// }
/// ```
/// A dataset by 类 adds `by subject, total |x| …` before `cells`.
macro_rules! dataset {
    (
        $(#[$doc:meta])*
        $konst:ident = $name:literal for $row:ty,
        rows |$d:pat_param, $f:pat_param| $of:expr,
        $(by subject, total |$t:ident| $total:expr,)?
        cells |$x:ident, $ff:pat_param| [ $( ($col:literal, $ty:ident, $null:literal) => $cell:expr ),* $(,)? ]
    ) => {
        $(#[$doc])*
        pub const $konst: $crate::model::Dataset = $crate::model::Dataset {
            name: $name,
            by_subject: dataset!(@by_subject $($t)?),
            columns: &[
                ("doc_id", $crate::model::Ty::Text, false),
                $( ($col, $crate::model::Ty::$ty, $null) ),*
            ],
        };

        impl<'a> $crate::model::Record<'a> for $row {
            const DATASET: $crate::model::Dataset = $konst;
            fn of($d: &'a $crate::model::DocRecord, $f: &'a $crate::model::Facts) -> impl Iterator<Item = Self> {
                $of
            }
            fn cells<F: FnMut(&[$crate::model::Cell<'_>])>(&self, $ff: &$crate::model::Facts, mut row: F) {
                let $x = self;
                row(&[$( { let c: $crate::model::Cell<'_> = $cell; c } ),*])
            }
            $(
                fn total(&self) -> bool {
                    let $t = self;
                    $total
                }
            )?
        }
    };
    (@by_subject) => { false };
    (@by_subject $t:ident) => { true };
}
