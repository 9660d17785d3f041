//! Arrow schemas of the stored datasets and the batches built from parsed documents.
//! Amounts are DECIMAL(18,6) in 万元 (exact; 元 sources need 6 places), codes are text,
//! integers are signed 32-bit, timestamps microseconds UTC. Partition columns (county,
//! year, subject) live in the directory names, never inside the files.
//! `schema/datasets.toml` declares the same columns for people; a test keeps both equal.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, Decimal128Builder, Int32Builder, Int64Builder, RecordBatch, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use rust_decimal::Decimal;

use crate::model::Facts;

pub const AMOUNT_PRECISION: u8 = 18;
pub const AMOUNT_SCALE: i8 = 6;

/// A stored dataset: its directory name, its schema, and whether it is split by 类.
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    pub name: &'static str,
    pub by_subject: bool,
    /// Columns (name, type, nullable).
    pub columns: &'static [(&'static str, Ty, bool)],
}

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

impl Dataset {
    pub fn schema(&self) -> SchemaRef {
        Arc::new(Schema::new(
            self.columns.iter().map(|(n, t, null)| Field::new(*n, t.arrow(), *null)).collect::<Vec<_>>(),
        ))
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

pub const TABLES: Dataset = Dataset {
    name: "tables",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("table_role", Text, false),
        ("table_name", Text, false),
        ("title", Text, false),
        ("number_label", Text, true),
        ("unit_src", Text, false),
        ("line_start", Int, false),
        ("line_end", Int, false),
        ("status", Text, false),
        ("empty_statement", Text, true),
        ("note", Text, true),
        ("rows", Int, false),
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

pub const SUMMARY_FACTS: Dataset = Dataset {
    name: "summary_facts",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("table_role", Text, false),
        ("side", Text, false),
        ("row_no", Int, true),
        ("item", Text, false),
        ("parent_item", Text, true),
        ("subject_code", Text, true),
        ("measure", Text, false),
        ("amount", Amount, true),
        ("unit_src", Text, false),
        ("line", Int, false),
    ],
};

pub const BASIC_DETAIL: Dataset = Dataset {
    name: "basic_detail",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("block", Text, false),
        ("row_kind", Text, false),
        ("econ_code", Text, true),
        ("econ_level", Int, true),
        ("parent_code", Text, true),
        ("econ_name", Text, false),
        ("amount", Amount, true),
        ("unit_src", Text, false),
        ("line", Int, false),
    ],
};

pub const SANGONG: Dataset = Dataset {
    name: "sangong_table",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("stage", Text, false),
        ("total", Amount, true),
        ("outbound", Amount, true),
        ("vehicle_subtotal", Amount, true),
        ("vehicle_purchase", Amount, true),
        ("vehicle_operation", Amount, true),
        ("reception", Amount, true),
        ("unit_src", Text, false),
        ("line", Int, false),
    ],
};

pub mod narrative;

/// Every dataset, catalog first.
pub const ALL: [Dataset; 19] = [
    DOCUMENTS,
    TABLES,
    SUBJECT_FACTS,
    SUMMARY_FACTS,
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

/// Decimal → i128 at scale 6. `None` when it has more than 6 places (never rounded).
pub fn decimal_to_i128(d: Decimal) -> Option<i128> {
    let mut d = d.normalize();
    if d.scale() > AMOUNT_SCALE as u32 {
        return None;
    }
    d.rescale(AMOUNT_SCALE as u32);
    Some(d.mantissa())
}

/// i128 at scale 6 → Decimal.
pub fn i128_to_decimal(v: i128) -> Decimal {
    Decimal::from_i128_with_scale(v, AMOUNT_SCALE as u32)
}

fn amounts() -> Decimal128Builder {
    Decimal128Builder::new().with_precision_and_scale(AMOUNT_PRECISION, AMOUNT_SCALE).expect("valid decimal type")
}

fn put_amount(b: &mut Decimal128Builder, v: Option<Decimal>) {
    b.append_option(v.and_then(decimal_to_i128));
}

fn batch(ds: &Dataset, cols: Vec<ArrayRef>) -> RecordBatch {
    RecordBatch::try_new(ds.schema(), cols).expect("builders match the declared schema")
}

/// Catalog rows.
pub fn documents_batch(docs: &[&DocRecord]) -> RecordBatch {
    let rows: Vec<Vec<Val>> = docs
        .iter()
        .map(|d| {
            vec![
                d.doc_id.as_str().into(),
                d.content_hash.as_str().into(),
                d.source_path.as_str().into(),
                d.encoding.as_str().into(),
                d.unit_name.as_str().into(),
                d.unit_base.as_str().into(),
                d.scope.as_str().into(),
                d.county_name.as_str().into(),
                d.city.as_str().into(),
                d.province.as_str().into(),
                d.parser_version.as_str().into(),
                d.tables.into(),
                Val::BigInt(Some(d.rows)),
                d.warnings.into(),
                Val::BigInt(Some(d.bytes)),
                Val::Timestamp(Some(d.ingested_at)),
            ]
        })
        .collect();
    rows_batch(&DOCUMENTS, &rows)
}

/// Table registry rows of several documents.
pub fn tables_batch(docs: &[(&str, &Facts)]) -> RecordBatch {
    let mut rows = Vec::new();
    for (id, f) in docs {
        for t in &f.tables {
            rows.push(vec![
                (*id).into(),
                t.role.id().into(),
                t.role.title().into(),
                t.title.as_str().into(),
                (!t.number_label.is_empty()).then_some(t.number_label.as_str()).into(),
                t.unit.label().into(),
                t.line_start.into(),
                t.line_end.into(),
                t.status.label().into(),
                t.empty_statement.as_deref().into(),
                t.note.as_deref().into(),
                t.rows.into(),
            ]);
        }
    }
    rows_batch(&TABLES, &rows)
}

pub fn subject_batch(docs: &[(&str, &Facts)]) -> RecordBatch {
    let mut rows = Vec::new();
    for (id, f) in docs {
        for x in &f.subject {
            let code = x.code.as_ref();
            rows.push(vec![
                (*id).into(),
                x.role.id().into(),
                x.row_kind.label().into(),
                code.map(|c| c.as_str()).into(),
                code.map(|c| c.level().number() as i32).into(),
                code.and_then(|c| c.parent()).map(|p| p.to_string()).into(),
                x.name.as_str().into(),
                x.measure.into(),
                x.amount.into(),
                x.unit.label().into(),
                x.line.into(),
            ]);
        }
    }
    rows_batch(&SUBJECT_FACTS, &rows)
}

pub fn summary_batch(docs: &[(&str, &Facts)]) -> RecordBatch {
    let mut rows = Vec::new();
    for (id, f) in docs {
        for x in &f.summary {
            rows.push(vec![
                (*id).into(),
                x.role.id().into(),
                x.side.into(),
                x.row_no.map(|n| n as i32).into(),
                x.item.as_str().into(),
                x.parent_item.as_deref().into(),
                x.subject_code.as_deref().into(),
                x.measure.into(),
                x.amount.into(),
                x.unit.label().into(),
                x.line.into(),
            ]);
        }
    }
    rows_batch(&SUMMARY_FACTS, &rows)
}

pub fn detail_batch(docs: &[(&str, &Facts)]) -> RecordBatch {
    let mut rows = Vec::new();
    for (id, f) in docs {
        for x in &f.detail {
            let code = x.code.as_deref();
            rows.push(vec![
                (*id).into(),
                x.block.into(),
                x.row_kind.label().into(),
                code.into(),
                code.map(|c| if c.len() == 3 { 1 } else { 2 }).into(),
                code.filter(|c| c.len() == 5).map(|c| &c[..3]).into(),
                x.name.as_str().into(),
                x.amount.into(),
                x.unit.label().into(),
                x.line.into(),
            ]);
        }
    }
    rows_batch(&BASIC_DETAIL, &rows)
}

pub fn sangong_batch(docs: &[(&str, &Facts)]) -> RecordBatch {
    let mut rows = Vec::new();
    for (id, f) in docs {
        for x in &f.sangong {
            rows.push(vec![
                (*id).into(),
                x.stage.into(),
                x.total.into(),
                x.outbound.into(),
                x.vehicle_subtotal.into(),
                x.vehicle_purchase.into(),
                x.vehicle_operation.into(),
                x.reception.into(),
                x.unit.label().into(),
                x.line.into(),
            ]);
        }
    }
    rows_batch(&SANGONG, &rows)
}

/// All fact batches of a set of documents, by dataset name (catalog excluded).
pub fn fact_batches(docs: &[(&str, &Facts)]) -> Vec<(Dataset, RecordBatch)> {
    let mut v = vec![
        (TABLES, tables_batch(docs)),
        (SUBJECT_FACTS, subject_batch(docs)),
        (SUMMARY_FACTS, summary_batch(docs)),
        (BASIC_DETAIL, detail_batch(docs)),
        (SANGONG, sangong_batch(docs)),
    ];
    v.extend(narrative::batches(docs));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_round_trip_exactly_at_scale_six() {
        let d = Decimal::from_str("1809.96").unwrap();
        assert_eq!(decimal_to_i128(d), Some(1_809_960_000));
        assert_eq!(i128_to_decimal(1_809_960_000), d);
        assert_eq!(decimal_to_i128(Decimal::from_str("0.0000001").unwrap()), None);
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

/// A cell of a row for [`rows_batch`].
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(Option<String>),
    Int(Option<i32>),
    BigInt(Option<i64>),
    /// Microseconds since the epoch, UTC.
    Timestamp(Option<i64>),
    Amount(Option<Decimal>),
}

impl From<&String> for Val {
    fn from(s: &String) -> Val {
        Val::Text(Some(s.clone()))
    }
}
impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Text(Some(s.to_string()))
    }
}
impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::Text(Some(s))
    }
}
impl From<Option<String>> for Val {
    fn from(s: Option<String>) -> Val {
        Val::Text(s)
    }
}
impl From<Option<&str>> for Val {
    fn from(s: Option<&str>) -> Val {
        Val::Text(s.map(str::to_string))
    }
}
impl From<Option<Decimal>> for Val {
    fn from(d: Option<Decimal>) -> Val {
        Val::Amount(d)
    }
}
impl From<Decimal> for Val {
    fn from(d: Decimal) -> Val {
        Val::Amount(Some(d))
    }
}
impl From<i32> for Val {
    fn from(i: i32) -> Val {
        Val::Int(Some(i))
    }
}
impl From<Option<i32>> for Val {
    fn from(i: Option<i32>) -> Val {
        Val::Int(i)
    }
}
impl From<u32> for Val {
    fn from(i: u32) -> Val {
        Val::Int(Some(i as i32))
    }
}

/// Build a batch of a dataset from rows in column order; a cell of the wrong kind is a
/// programming error caught by the tests.
pub fn rows_batch(ds: &Dataset, rows: &[Vec<Val>]) -> RecordBatch {
    // One arm per column type: a builder, the cell variant it takes, how to append.
    macro_rules! column {
        ($builder:expr, $variant:ident, |$b:ident, $v:ident| $append:expr, $j:expr, $name:expr) => {{
            let mut $b = $builder;
            for cell in rows.iter().map(|r| &r[$j]) {
                match cell {
                    Val::$variant($v) => $append,
                    other => panic!("{}.{}: {} expected, got {other:?}", ds.name, $name, stringify!($variant)),
                }
            }
            Arc::new($b.finish()) as ArrayRef
        }};
    }
    let mut cols: Vec<ArrayRef> = Vec::with_capacity(ds.columns.len());
    for (j, (name, ty, _)) in ds.columns.iter().enumerate() {
        cols.push(match ty {
            Text => column!(StringBuilder::new(), Text, |b, v| b.append_option(v.as_deref()), j, name),
            Int => column!(Int32Builder::new(), Int, |b, v| b.append_option(*v), j, name),
            BigInt => column!(Int64Builder::new(), BigInt, |b, v| b.append_option(*v), j, name),
            Timestamp => {
                column!(
                    TimestampMicrosecondBuilder::new().with_timezone("UTC"),
                    Timestamp,
                    |b, v| b.append_option(*v),
                    j,
                    name
                )
            }
            Amount => column!(amounts(), Amount, |b, v| put_amount(&mut b, *v), j, name),
        });
    }
    batch(ds, cols)
}
