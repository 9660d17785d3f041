//! Arrow schemas of the stored datasets and the batches built from parsed documents.
//! Amounts are DECIMAL(18,6) in 万元 (exact; 元 sources need 6 places), codes are text,
//! integers are signed 32-bit, timestamps microseconds UTC. The partition column
//! `county` lives in the directory names; the clustering columns `year` (every dataset)
//! and `subject` (the 类 of subject-keyed rows) are stored as the files' last columns,
//! which are sorted by them (see `store`).
//! `schema/datasets.toml` declares the same columns for people; a test keeps both equal.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, Decimal128Builder, Int32Builder, Int64Builder, RecordBatch, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use rust_decimal::Decimal;

use crate::model::{Facts, RowKind};

pub const AMOUNT_PRECISION: u8 = 18;
pub const AMOUNT_SCALE: i8 = 6;

/// A stored dataset: its directory name, its declared columns, and whether its rows
/// carry the 类 they belong to (`subject`).
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    pub name: &'static str,
    pub by_subject: bool,
    /// Declared columns (name, type, nullable), without the clustering columns.
    pub columns: &'static [(&'static str, Ty, bool)],
}

/// `subject` of the 合计 rows, which have no code.
pub const TOTAL_SUBJECT: &str = "total";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    Int,
    BigInt,
    Amount,
    Timestamp,
}

impl Ty {
    pub fn arrow(self) -> DataType {
        match self {
            Ty::Text => DataType::Utf8,
            Ty::Int => DataType::Int32,
            Ty::BigInt => DataType::Int64,
            Ty::Amount => DataType::Decimal128(AMOUNT_PRECISION, AMOUNT_SCALE),
            Ty::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        }
    }
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

    pub fn file_schema(&self) -> SchemaRef {
        Arc::new(Schema::new(
            self.file_columns().map(|(n, t, null)| Field::new(n, t.arrow(), null)).collect::<Vec<_>>(),
        ))
    }

    /// Index of a declared column.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.0 == column)
    }
}

use Ty::*;

pub const DOCUMENTS: Dataset = Dataset {
    name: "documents",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("content_hash", Text, false),
        ("source_path", Text, false),
        ("encoding", Text, false),
        ("unit_name", Text, false),
        ("unit_base", Text, false),
        ("scope", Text, false),
        ("county_name", Text, false),
        ("city", Text, false),
        ("province", Text, false),
        ("parser_version", Text, false),
        ("tables", Int, false),
        ("rows", BigInt, false),
        ("warnings", Int, false),
        ("bytes", BigInt, false),
        ("ingested_at", Timestamp, false),
    ],
};

pub const SUBJECT_FACTS: Dataset = Dataset {
    name: "subject_facts",
    by_subject: true,
    columns: &[
        ("doc_id", Text, false),
        ("table_role", Text, false),
        ("row_kind", Text, false),
        ("subject_code", Text, true),
        ("subject_level", Int, true),
        ("parent_code", Text, true),
        ("subject_name", Text, false),
        ("measure", Text, false),
        ("amount", Amount, true),
        ("unit_src", Text, false),
        ("line", Int, false),
    ],
};

/// One row per document with its tables' totals: the figures that comparisons of many
/// documents read (a unit's totals, last year's figures for A-YOY), so that they read
/// one row per document instead of scanning `summary_facts` and `subject_facts`.
/// Each amount is a copy of one cell of those datasets, described in [`DOC_TOTAL_SOURCES`].
pub const DOC_TOTALS: Dataset = Dataset {
    name: "doc_totals",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("grand_total", Amount, true),
        ("income_total", Amount, true),
        ("expenditure_total", Amount, true),
        ("fiscal_grand_total", Amount, true),
        ("income_table_total", Amount, true),
        ("fiscal_income", Amount, true),
        ("superior_income", Amount, true),
        ("business_income", Amount, true),
        ("operating_income", Amount, true),
        ("affiliate_income", Amount, true),
        ("other_income", Amount, true),
        ("expenditure_table_total", Amount, true),
        ("basic", Amount, true),
        ("project", Amount, true),
        ("to_superior", Amount, true),
        ("operating_expenditure", Amount, true),
        ("to_affiliates", Amount, true),
        ("general_budget_expenditure", Amount, true),
    ],
};

#[macro_use]
mod rows;
mod batches;
pub mod narrative;
pub mod stored;
mod totals;

pub use batches::*;
pub use rows::{Cell, Rows};
use totals::*;
pub use totals::{DOC_TOTAL_SOURCES, TotalOf, doc_total_of, doc_totals_of_stored};

/// Every dataset, catalog first.
pub const ALL: [Dataset; 21] = [
    DOCUMENTS,
    TABLES,
    SUBJECT_FACTS,
    SUMMARY_FACTS,
    DOC_TOTALS,
    BASIC_DETAIL,
    SANGONG,
    narrative::JIGUAN,
    narrative::PROCUREMENT,
    narrative::ASSETS,
    narrative::SANGONG_TEXT,
    narrative::YOY,
    narrative::EXECUTION,
    narrative::STRUCTURE,
    narrative::PERF_OVERVIEW,
    narrative::PERF_PROJECTS,
    narrative::PERF_EVALS,
    narrative::PERF_INDICATORS,
    narrative::UNPARSED,
    narrative::FINDINGS,
    narrative::MEMBERS,
];

/// A document's catalog entry, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRecord {
    pub doc_id: String,
    pub content_hash: String,
    pub source_path: String,
    pub encoding: String,
    pub unit_name: String,
    pub unit_base: String,
    pub scope: String,
    pub county_code: String,
    pub county_name: String,
    pub city: String,
    pub province: String,
    pub year: i32,
    pub parser_version: String,
    pub tables: i32,
    pub rows: i64,
    pub warnings: i32,
    pub bytes: i64,
    /// Microseconds since the epoch, UTC.
    pub ingested_at: i64,
}

/// `schema/datasets.toml`, parsed once: the declared columns with their labels and
/// meanings (for `.describe`, the export dictionary, and the test that keeps it equal to
/// the code).
pub fn declared() -> &'static toml::Table {
    static T: std::sync::OnceLock<toml::Table> = std::sync::OnceLock::new();
    T.get_or_init(|| include_str!("../../schema/datasets.toml").parse().expect("schema/datasets.toml parses"))
}

/// (column, "label：meaning") of a dataset, partition columns included.
pub fn column_meanings(name: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = declared()
        .get(name)
        .and_then(|t| t.get("columns"))
        .and_then(|c| c.as_array())
        .map(|cols| {
            cols.iter()
                .filter_map(|c| {
                    let n = c.get("name")?.as_str()?;
                    let label = c.get("label").and_then(|l| l.as_str()).unwrap_or("");
                    let meaning = c.get("meaning").and_then(|l| l.as_str()).unwrap_or("");
                    Some((n.to_string(), format!("{label}：{meaning}")))
                })
                .collect()
        })
        .unwrap_or_default();
    v.push(("county".into(), "县区代码（分区）".into()));
    v.push(("year".into(), "年度（分区）".into()));
    v.push(("subject".into(), "类编码或 total（分区）".into()));
    v
}

/// Decimal → i128 at scale 6. `None` when it has more than 6 places (never rounded) or
/// more than 18 digits (never wrapped); [`crate::model::amount::exact`] has refused such
/// figures before they became facts.
pub fn decimal_to_i128(d: Decimal) -> Option<i128> {
    let scale = AMOUNT_SCALE as u32;
    // Amounts arrive with 2 places (万元) or 6 (from 元): scale them up directly; only
    // more places (trailing zeros, or a value that truly needs them) need normalising.
    let d = if d.scale() > scale { d.normalize() } else { d };
    if d.scale() > scale {
        return None;
    }
    // Powers of ten from a table: `i128::pow` multiplied in a loop for every amount.
    const POW10: [i128; AMOUNT_SCALE as usize + 1] = {
        let mut p = [1i128; AMOUNT_SCALE as usize + 1];
        let mut i = 1;
        while i < p.len() {
            p[i] = p[i - 1] * 10;
            i += 1;
        }
        p
    };
    let v = d.mantissa().checked_mul(POW10[(scale - d.scale()) as usize])?;
    (v.abs() < 10i128.pow(crate::model::amount::PRECISION)).then_some(v)
}

/// i128 at scale 6 → Decimal.
pub fn i128_to_decimal(v: i128) -> Decimal {
    Decimal::from_i128_with_scale(v, AMOUNT_SCALE as u32)
}

/// One document's rows as the batch builders see them: its id, year (stored with every
/// row; see [`Dataset::file_schema`]) and the page of each source line (a PDF's; empty
/// for text), from which every line column gets its page.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    pub id: &'a str,
    pub year: i32,
    pub pages: &'a [u32],
}

/// A test hook: building the rows of the document of this unit panics, as a bug would
/// (set only by the hidden `juesuan ingest --debug-panic-rows UNIT`).
pub static PANIC_FOR_UNIT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn every_doc_totals_amount_has_one_source() {
        let amounts: Vec<_> = DOC_TOTALS.columns[1..].iter().collect();
        assert_eq!(amounts.len(), DOC_TOTAL_SOURCES.len());
        assert!(amounts.iter().all(|c| c.1 == Amount && c.2), "{amounts:?}");
        // No cell feeds two columns.
        for (i, s) in DOC_TOTAL_SOURCES.iter().enumerate() {
            assert_eq!(doc_total_of(*s), Some(i), "{s:?}");
        }
    }

    #[test]
    fn every_dataset_is_written_by_exactly_one_commit_group() {
        let mut names: Vec<&str> =
            (0..GROUPS).flat_map(|g| group_batches(g, &[], &[])).map(|(ds, _)| ds.name).collect();
        names.sort_unstable();
        let mut all: Vec<&str> = ALL.iter().map(|d| d.name).collect();
        all.sort_unstable();
        assert_eq!(names, all);
    }

    #[test]
    fn decimals_round_trip_exactly_at_scale_six() {
        let d = Decimal::from_str("1809.96").unwrap();
        assert_eq!(decimal_to_i128(d), Some(1_809_960_000));
        assert_eq!(i128_to_decimal(1_809_960_000), d);
        assert_eq!(decimal_to_i128(Decimal::from_str("0.0000001").unwrap()), None);
        assert_eq!(decimal_to_i128(Decimal::from_str("0.12345600").unwrap()), Some(123_456));
        assert_eq!(decimal_to_i128(Decimal::from_str("-12.5").unwrap()), Some(-12_500_000));
    }

    proptest::proptest! {
        #[test]
        /// Within DECIMAL(18,6) a figure round-trips exactly; past it there is no value
        /// at all (never one wrapped around).
        fn decimals_at_every_scale_up_to_six_round_trip(m in proptest::num::i64::ANY, scale in 0u32..=6) {
            let d = Decimal::new(m, scale);
            if d.abs() < Decimal::from(1_000_000_000_000i64) {
                let v = decimal_to_i128(d).expect("fits at scale six");
                proptest::prop_assert_eq!(i128_to_decimal(v), d);
                proptest::prop_assert_eq!(v, m as i128 * 10i128.pow(6 - scale));
            } else {
                proptest::prop_assert_eq!(decimal_to_i128(d), None);
            }
        }
    }

    #[test]
    fn declared_schema_file_matches_code() {
        let declared = declared();
        for ds in ALL {
            let t = declared[ds.name].as_table().unwrap_or_else(|| panic!("{} not declared", ds.name));
            let cols = t["columns"].as_array().unwrap();
            let names: Vec<&str> = cols.iter().map(|c| c["name"].as_str().unwrap()).collect();
            let types: Vec<&str> = cols.iter().map(|c| c["type"].as_str().unwrap()).collect();
            assert_eq!(names, ds.columns.iter().map(|c| c.0).collect::<Vec<_>>(), "{}", ds.name);
            assert_eq!(types, ds.columns.iter().map(|c| c.1.sql()).collect::<Vec<_>>(), "{}", ds.name);
            assert_eq!(t["by_subject"].as_bool().unwrap(), ds.by_subject, "{}", ds.name);
        }
    }
}
