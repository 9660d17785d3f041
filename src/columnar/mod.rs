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
struct DocTotals([Option<Option<Decimal>>; DOC_TOTAL_SOURCES.len()]);

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
pub mod stored;

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

/// Catalog rows.
pub fn documents_batch(docs: &[&DocRecord]) -> RecordBatch {
    let mut rows = Rows::new(&DOCUMENTS, docs.len());
    for d in docs {
        if PANIC_FOR_UNIT.get().is_some_and(|u| *u == d.unit_name) {
            panic!("test hook: rows of {} panic", d.unit_name);
        }
        rows.push(
            Doc { id: &d.doc_id, year: d.year, pages: &[] },
            &[
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
                Cell::BigInt(Some(d.rows)),
                d.warnings.into(),
                Cell::BigInt(Some(d.bytes)),
                Cell::Timestamp(Some(d.ingested_at)),
            ],
        );
    }
    rows.finish()
}

/// Table registry rows of several documents.
pub fn tables_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&TABLES, docs.iter().map(|(_, f)| f.tables.len()).sum());
    for (d, f) in docs {
        for t in &f.tables {
            rows.push(
                *d,
                &[
                    d.id.into(),
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
                ],
            );
        }
    }
    rows.finish()
}

/// Subject cells: the 合计 rows of every document first, then the 类/款/项 rows, the
/// order in which the store writes them (see `store::clustered`).
pub fn subject_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&SUBJECT_FACTS, docs.iter().map(|(_, f)| f.subject.len()).sum());
    for totals in [true, false] {
        subject_rows(&mut rows, docs, totals);
    }
    rows.finish()
}

fn subject_rows(rows: &mut Rows, docs: &[(Doc, &Facts)], totals: bool) {
    for (d, f) in docs {
        for x in f.subject.iter().filter(|x| x.code.is_none() == totals) {
            let code = x.code.as_ref();
            rows.push(
                *d,
                &[
                    d.id.into(),
                    x.role.id().into(),
                    x.row_kind.label().into(),
                    code.map(|c| c.as_str()).into(),
                    code.map(|c| c.level().number() as i32).into(),
                    code.and_then(|c| c.parent_str()).into(),
                    (&*x.name).into(),
                    x.measure.into(),
                    x.amount.into(),
                    x.unit.label().into(),
                    x.line.into(),
                ],
            );
        }
    }
}

pub fn summary_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&SUMMARY_FACTS, docs.iter().map(|(_, f)| f.summary.len()).sum());
    for (d, f) in docs {
        for x in &f.summary {
            rows.push(
                *d,
                &[
                    d.id.into(),
                    x.role.id().into(),
                    x.side.into(),
                    x.row_no.map(|n| n as i32).into(),
                    (&*x.item).into(),
                    x.parent_item.as_deref().into(),
                    x.subject_code.into(),
                    x.measure.into(),
                    x.amount.into(),
                    x.unit.label().into(),
                    x.line.into(),
                ],
            );
        }
    }
    rows.finish()
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

pub fn detail_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&BASIC_DETAIL, docs.iter().map(|(_, f)| f.detail.len()).sum());
    for (d, f) in docs {
        for x in &f.detail {
            let code = x.code.as_deref();
            rows.push(
                *d,
                &[
                    d.id.into(),
                    x.block.into(),
                    x.row_kind.label().into(),
                    code.into(),
                    code.map(|c| if c.len() == 3 { 1 } else { 2 }).into(),
                    code.filter(|c| c.len() == 5).map(|c| &c[..3]).into(),
                    x.name.as_str().into(),
                    x.amount.into(),
                    x.unit.label().into(),
                    x.line.into(),
                ],
            );
        }
    }
    rows.finish()
}

pub fn sangong_batch(docs: &[(Doc, &Facts)]) -> RecordBatch {
    let mut rows = Rows::new(&SANGONG, docs.iter().map(|(_, f)| f.sangong.len()).sum());
    for (d, f) in docs {
        for x in &f.sangong {
            rows.push(
                *d,
                &[
                    d.id.into(),
                    x.stage.into(),
                    x.total.into(),
                    x.outbound.into(),
                    x.vehicle_subtotal.into(),
                    x.vehicle_purchase.into(),
                    x.vehicle_operation.into(),
                    x.reception.into(),
                    x.unit.label().into(),
                    x.line.into(),
                ],
            );
        }
    }
    rows.finish()
}

/// How many groups [`group_batches`] splits the datasets into.
pub const GROUPS: usize = 4;

/// What building and writing each group costs, relative to the others, per document
/// (measured on generated documents: the subject cells 0.18 ms, the 情况说明 and 绩效
/// datasets 0.15, the summary cells 0.08, the catalog and the small tables 0.03). A
/// commit hands out the costliest task first, so that the cores finish together even
/// when it holds one county only (with three groups, one core idled for a third of such
/// a commit).
pub const GROUP_COST: [usize; GROUPS] = [18, 8, 3, 15];

/// Every dataset's rows of one document alone (the fuzzer, and a commit looking for the
/// document whose rows panicked).
pub fn document_batches(record: &DocRecord, facts: &Facts) -> Vec<(Dataset, RecordBatch)> {
    let doc = Doc { id: &record.doc_id, year: record.year, pages: &facts.pages };
    (0..GROUPS).flat_map(|g| group_batches(g, &[record], &[(doc, facts)])).collect()
}

/// The batches of one group of datasets for a set of documents (the catalog among
/// them): the subject cells (half of all rows), the summary cells, the catalog with the
/// small tables, the 情况说明 and 绩效 datasets; so that a commit spreads one county's
/// datasets over the cores.
pub fn group_batches(group: usize, records: &[&DocRecord], docs: &[(Doc, &Facts)]) -> Vec<(Dataset, RecordBatch)> {
    match group {
        0 => vec![(SUBJECT_FACTS, subject_batch(docs))],
        1 => vec![(SUMMARY_FACTS, summary_batch(docs)), (DOC_TOTALS, doc_totals_batch(docs))],
        2 => vec![
            (DOCUMENTS, documents_batch(records)),
            (TABLES, tables_batch(docs)),
            (BASIC_DETAIL, detail_batch(docs)),
            (SANGONG, sangong_batch(docs)),
        ],
        _ => narrative::batches(docs),
    }
}

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
