//! Facts extracted from one document's tables, amounts in 万元, each with its source
//! line, and beside each fact type the dataset it is stored as.

use rust_decimal::Decimal;

use super::MoneyUnit;
use super::TableRole;
use super::subject::SubjectCode;

/// Scope of a disclosure: a department's consolidated accounts, its own office, or a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// 部门汇总: includes 本级 and subordinate units.
    Consolidated,
    /// 本级: the department's own office only.
    Own,
    /// 单位: a single (subordinate) unit.
    Unit,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Consolidated => "部门汇总",
            Scope::Own => "本级",
            Scope::Unit => "单位",
        }
    }
}

/// What the document says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMeta {
    /// Unit name as printed, with its scope marker: `阳谷县工业和信息化局（汇总）`.
    pub unit_name: String,
    /// Unit name without the scope marker: `阳谷县工业和信息化局`.
    pub unit_base: String,
    pub scope: Scope,
    pub year: i32,
    pub unit_line: u32,
    pub year_line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableStatus {
    /// Has at least one non-blank amount.
    Filled,
    /// No amounts at all (with or without a statement saying so).
    Empty,
    /// Found by its title, but its header or rows could not be read: no facts from it
    /// (finding D-TABLE-UNREADABLE); the rest of the document is kept.
    Unreadable,
}

impl TableStatus {
    pub fn label(self) -> &'static str {
        match self {
            TableStatus::Filled => "filled",
            TableStatus::Empty => "empty",
            TableStatus::Unreadable => "unreadable",
        }
    }
}

/// One of the nine tables as found in the document.
#[derive(Debug, Clone)]
pub struct TableInfo {
    pub role: TableRole,
    /// Title as printed.
    pub title: String,
    /// `公开01表` or similar when printed, else empty.
    pub number_label: String,
    pub unit: MoneyUnit,
    pub line_start: u32,
    pub line_end: u32,
    pub status: TableStatus,
    /// `本部门没有…故本表无数据。` when printed.
    pub empty_statement: Option<String>,
    /// `注：…` lines.
    pub note: Option<String>,
    pub rows: u32,
}

dataset! {
    /// Table registry: the tables a document prints, where and in what state.
    TABLES = "tables" for &'a TableInfo, rows |_, f| f.tables.iter(), cells |t, _| [
        ("table_role", Text, false) => t.role.id().into(),
        ("table_name", Text, false) => t.role.title().into(),
        ("title", Text, false) => t.title.as_str().into(),
        ("number_label", Text, true) => (!t.number_label.is_empty()).then_some(t.number_label.as_str()).into(),
        ("unit_src", Text, false) => t.unit.label().into(),
        ("line_start", Int, false) => t.line_start.into(),
        ("line_end", Int, false) => t.line_end.into(),
        ("status", Text, false) => t.status.label().into(),
        ("empty_statement", Text, true) => t.empty_statement.as_deref().into(),
        ("note", Text, true) => t.note.as_deref().into(),
        ("rows", Int, false) => t.rows.into(),
    ]
}

/// Kind of row in a subject-keyed or detail table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Total,
    Item,
}

impl RowKind {
    pub fn label(self) -> &'static str {
        match self {
            RowKind::Total => "total",
            RowKind::Item => "item",
        }
    }
}

/// Every measure a [`SubjectFact`] can have (`table::subject::measure_for`), sorted by
/// its bytes: a measure's place here is the small number the checks index cells by.
pub const SUBJECT_MEASURES: [&str; 16] = [
    "上级补助收入",
    "上缴上级支出",
    "事业收入",
    "其他收入",
    "基本支出",
    "对附属单位补助支出",
    "年初结转和结余",
    "年末结转和结余",
    "本年支出合计",
    "本年收入",
    "本年收入合计",
    "经营支出",
    "经营收入",
    "财政拨款收入",
    "附属单位上缴收入",
    "项目支出",
];

/// A cell of a table keyed by functional subject (收入/支出/一般公共预算/基金/国资 tables).
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectFact {
    pub role: TableRole,
    pub row_kind: RowKind,
    /// `None` on the 合计 row.
    pub code: Option<SubjectCode>,
    /// Shared by the row's cells (one allocation a row, not one a cell).
    pub name: std::sync::Arc<str>,
    /// Canonical column name, e.g. `本年收入合计`, `基本支出`.
    pub measure: &'static str,
    pub amount: Option<Decimal>,
    pub unit: MoneyUnit,
    pub line: u32,
}

dataset! {
    /// The cells of the subject-keyed tables, by 类 (the 合计 rows under `total`).
    SUBJECT_FACTS = "subject_facts" for &'a SubjectFact, rows |_, f| f.subject.iter(),
    by subject, total |x| x.code.is_none(),
    cells |x, _| [
        ("table_role", Text, false) => x.role.id().into(),
        ("row_kind", Text, false) => x.row_kind.label().into(),
        ("subject_code", Text, true) => x.code.as_ref().map(|c| c.as_str()).into(),
        ("subject_level", Int, true) => x.code.as_ref().map(|c| c.level().number() as i32).into(),
        ("parent_code", Text, true) => x.code.as_ref().and_then(|c| c.parent_str()).into(),
        ("subject_name", Text, false) => (&*x.name).into(),
        ("measure", Text, false) => x.measure.into(),
        ("amount", Amount, true) => x.amount.into(),
        ("unit_src", Text, false) => x.unit.label().into(),
        ("line", Int, false) => x.line.into(),
    ]
}

impl SubjectFact {
    /// The row a cell is looked up by: its code, `None` for the 合计 row.
    pub fn row_key(&self) -> Option<&str> {
        row_key(self.row_kind == RowKind::Total, self.code.as_ref().map(|c| c.as_str()))
    }
}

/// A subject row's key from its kind and code (also for rows read back from the store):
/// a 合计 row is `None` whatever it prints as a code.
pub fn row_key(total: bool, code: Option<&str>) -> Option<&str> {
    if total { None } else { code }
}

/// A cell of a two-sided summary table (收支总表, 财政拨款收支总表).
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryFact {
    pub role: TableRole,
    /// `收入` or `支出`.
    pub side: &'static str,
    /// 行次 when printed.
    pub row_no: Option<u32>,
    /// Item name without its ordinal (`一、`): `一般公共预算财政拨款收入`. Shared by
    /// the row's cells, as is the parent.
    pub item: std::sync::Arc<str>,
    /// Heading the item is listed under (年初结转和结余 → its fund lines), if any.
    pub parent_item: Option<std::sync::Arc<str>>,
    /// 类 code when the item is a 类 of expenditure.
    pub subject_code: Option<&'static str>,
    /// `金额`, or the fund column of 财政拨款收支总表 (`合计`, `一般公共预算财政拨款`, …).
    pub measure: &'static str,
    pub amount: Option<Decimal>,
    pub unit: MoneyUnit,
    pub line: u32,
}

dataset! {
    SUMMARY_FACTS = "summary_facts" for &'a SummaryFact, rows |_, f| f.summary.iter(), cells |x, _| [
        ("table_role", Text, false) => x.role.id().into(),
        ("side", Text, false) => x.side.into(),
        ("row_no", Int, true) => x.row_no.map(|n| n as i32).into(),
        ("item", Text, false) => (&*x.item).into(),
        ("parent_item", Text, true) => x.parent_item.as_deref().into(),
        ("subject_code", Text, true) => x.subject_code.into(),
        ("measure", Text, false) => x.measure.into(),
        ("amount", Amount, true) => x.amount.into(),
        ("unit_src", Text, false) => x.unit.label().into(),
        ("line", Int, false) => x.line.into(),
    ]
}

/// A cell of the basic-expenditure detail table (economic classification).
#[derive(Debug, Clone, PartialEq)]
pub struct DetailFact {
    /// `人员经费` or `公用经费`.
    pub block: &'static str,
    pub row_kind: RowKind,
    pub code: Option<String>,
    pub name: String,
    pub amount: Option<Decimal>,
    pub unit: MoneyUnit,
    pub line: u32,
}

dataset! {
    BASIC_DETAIL = "basic_detail" for &'a DetailFact, rows |_, f| f.detail.iter(), cells |x, _| [
        ("block", Text, false) => x.block.into(),
        ("row_kind", Text, false) => x.row_kind.label().into(),
        ("econ_code", Text, true) => x.code.as_deref().into(),
        ("econ_level", Int, true) => x.code.as_deref().map(|c| if c.len() == 3 { 1 } else { 2 }).into(),
        ("parent_code", Text, true) => x.code.as_deref().filter(|c| c.len() == 5).map(|c| &c[..3]).into(),
        ("econ_name", Text, false) => x.name.as_str().into(),
        ("amount", Amount, true) => x.amount.into(),
        ("unit_src", Text, false) => x.unit.label().into(),
        ("line", Int, false) => x.line.into(),
    ]
}

/// One stage (预算 or 决算) of the 三公 table.
#[derive(Debug, Clone, PartialEq)]
pub struct SangongRow {
    /// `预算` or `决算`.
    pub stage: &'static str,
    pub total: Option<Decimal>,
    pub outbound: Option<Decimal>,
    pub vehicle_subtotal: Option<Decimal>,
    pub vehicle_purchase: Option<Decimal>,
    pub vehicle_operation: Option<Decimal>,
    pub reception: Option<Decimal>,
    pub unit: MoneyUnit,
    pub line: u32,
}

dataset! {
    SANGONG = "sangong_table" for &'a SangongRow, rows |_, f| f.sangong.iter(), cells |x, _| [
        ("stage", Text, false) => x.stage.into(),
        ("total", Amount, true) => x.total.into(),
        ("outbound", Amount, true) => x.outbound.into(),
        ("vehicle_subtotal", Amount, true) => x.vehicle_subtotal.into(),
        ("vehicle_purchase", Amount, true) => x.vehicle_purchase.into(),
        ("vehicle_operation", Amount, true) => x.vehicle_operation.into(),
        ("reception", Amount, true) => x.reception.into(),
        ("unit_src", Text, false) => x.unit.label().into(),
        ("line", Int, false) => x.line.into(),
    ]
}

/// Everything extracted from one document's tables.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub tables: Vec<TableInfo>,
    pub subject: Vec<SubjectFact>,
    pub summary: Vec<SummaryFact>,
    pub detail: Vec<DetailFact>,
    pub sangong: Vec<SangongRow>,
    /// What the 情况说明 and the 绩效 appendix state.
    pub narrative: super::narrative::Narrative,
    /// 勾稽 findings on all of the above (filled by `ingest`, stored beside the facts).
    pub findings: Vec<super::Finding>,
    /// Standard tables the document lacks: the role, and the line of a title that no rows
    /// followed (the likeliest place the document was cut), else 0.
    pub missing_tables: Vec<(TableRole, u32)>,
    /// The PDF page of each source line (`pages[line - 1]`); empty for a text source.
    /// Every stored row's `page` comes from its `line` through this.
    pub pages: Vec<u32>,
}

impl Facts {
    pub fn row_count(&self) -> usize {
        self.subject.len() + self.summary.len() + self.detail.len() + self.sangong.len() + self.narrative.row_count()
    }
    pub fn table(&self, role: TableRole) -> Option<&TableInfo> {
        self.tables.iter().find(|t| t.role == role)
    }
    /// A cell of a subject table: its row by code, `None` being the 合计 row, the first
    /// such cell when a table repeats a row (the cell `validate::within::Index` keeps).
    pub fn subject_cell(&self, role: TableRole, code: Option<&str>, measure: &str) -> Option<&SubjectFact> {
        self.subject.iter().find(|f| f.role == role && f.measure == measure && f.row_key() == code)
    }
}
