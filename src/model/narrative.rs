//! What the 情况说明 and the 绩效 appendix say, as facts: 机关运行经费, 政府采购, 国有资产,
//! 三公 details, year-on-year changes, budget execution by subject, structure shares, the
//! units a 部门汇总 consolidates, the 绩效自评 tables, and the sentences with a figure no
//! reader understood, each beside the dataset it is stored as (percentages as stated, 2.28
//! meaning 2.28 %, as DECIMAL like amounts). The readers are in `crate::narrative`.

use rust_decimal::Decimal;

use super::{Cell, Facts, SubjectFact, TableRole};

/// 机关运行经费 as stated.
#[derive(Debug, Clone, PartialEq)]
pub struct Jiguan {
    pub amount: Decimal,
    /// Signed change against the 年初预算 (negative = 减少).
    pub budget_change: Option<Decimal>,
    pub change_pct: Option<Decimal>,
    pub reason: Option<String>,
    pub line: u32,
}

dataset! {
    JIGUAN = "jiguan_text" for &'a Jiguan, rows |_, f| f.narrative.jiguan.iter(), cells |j, _| [
        ("amount", Amount, false) => j.amount.into(),
        ("budget_change", Amount, true) => j.budget_change.into(),
        ("change_pct", Amount, true) => j.change_pct.into(),
        ("reason", Text, true) => (&j.reason).into(),
        ("line", Int, false) => j.line.into(),
    ]
}

/// 政府采购 as stated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Procurement {
    pub total: Option<Decimal>,
    pub goods: Option<Decimal>,
    pub works: Option<Decimal>,
    pub services: Option<Decimal>,
    pub sme_amount: Option<Decimal>,
    pub sme_pct: Option<Decimal>,
    pub small_micro_amount: Option<Decimal>,
    pub small_micro_pct: Option<Decimal>,
    pub goods_sme_pct: Option<Decimal>,
    pub works_sme_pct: Option<Decimal>,
    pub services_sme_pct: Option<Decimal>,
    /// The budget of the projects reserved for 中小企业 (`面向中小企业预留政府采购项目预算金额`).
    pub sme_reserved_budget: Option<Decimal>,
    /// The budget of the projects reserved for 小微企业.
    pub small_micro_reserved_budget: Option<Decimal>,
    pub line: u32,
}

dataset! {
    PROCUREMENT = "procurement_text" for &'a Procurement, rows |_, f| f.narrative.procurement.iter(), cells |p, _| [
        ("total", Amount, true) => p.total.into(),
        ("goods", Amount, true) => p.goods.into(),
        ("works", Amount, true) => p.works.into(),
        ("services", Amount, true) => p.services.into(),
        ("sme_amount", Amount, true) => p.sme_amount.into(),
        ("sme_pct", Amount, true) => p.sme_pct.into(),
        ("small_micro_amount", Amount, true) => p.small_micro_amount.into(),
        ("small_micro_pct", Amount, true) => p.small_micro_pct.into(),
        ("goods_sme_pct", Amount, true) => p.goods_sme_pct.into(),
        ("works_sme_pct", Amount, true) => p.works_sme_pct.into(),
        ("services_sme_pct", Amount, true) => p.services_sme_pct.into(),
        ("sme_reserved_budget", Amount, true) => p.sme_reserved_budget.into(),
        ("small_micro_reserved_budget", Amount, true) => p.small_micro_reserved_budget.into(),
        ("line", Int, false) => p.line.into(),
    ]
}

/// 国有资产占用: vehicles by category and large equipment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Assets {
    pub vehicles_total: Option<i32>,
    /// (category as printed, count), in printed order.
    pub vehicles: Vec<(String, i32)>,
    /// 单价 N 万元以上设备: (threshold in 万元, kind 通用/专用/"", count).
    pub equipment: Vec<(Decimal, String, i32)>,
    pub line: u32,
}

impl Assets {
    /// The statement's rows as stored: the vehicles in total, by category, then the
    /// equipment above each price.
    pub fn rows(&self) -> impl Iterator<Item = AssetCount<'_>> {
        let row = |item, category, threshold, count| AssetCount { item, category, threshold, count, line: self.line };
        let total = self.vehicles_total.map(|k| row("车辆", None, None, k));
        let vehicles = self.vehicles.iter().map(move |(c, k)| row("车辆", Some(c.as_str()), None, *k));
        let equipment = self
            .equipment
            .iter()
            .map(move |(t, kind, k)| row("设备", (!kind.is_empty()).then_some(kind.as_str()), Some(*t), *k));
        total.into_iter().chain(vehicles).chain(equipment)
    }
}

/// One count of a 国有资产 statement: vehicles (in total or of a category) or equipment
/// above a price (of a kind, or all).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssetCount<'a> {
    /// `车辆` or `设备`.
    pub item: &'static str,
    pub category: Option<&'a str>,
    /// The equipment's price threshold in 万元.
    pub threshold: Option<Decimal>,
    pub count: i32,
    pub line: u32,
}

dataset! {
    ASSETS = "assets_text" for AssetCount<'a>, rows |_, f| f.narrative.assets.iter().flat_map(Assets::rows),
    cells |a, _| [
        ("item", Text, false) => a.item.into(),
        ("category", Text, true) => a.category.into(),
        ("threshold", Amount, true) => a.threshold.into(),
        ("count", Int, false) => a.count.into(),
        ("line", Int, false) => a.line.into(),
    ]
}

/// One figure of the 三公 paragraphs: item, measure, value, unit.
#[derive(Debug, Clone, PartialEq)]
pub struct SangongText {
    pub item: &'static str,
    pub measure: &'static str,
    pub value: Decimal,
    pub unit: &'static str,
    pub line: u32,
}

dataset! {
    SANGONG_TEXT = "sangong_text" for &'a SangongText, rows |_, f| f.narrative.sangong.iter(), cells |s, _| [
        ("item", Text, false) => s.item.into(),
        ("measure", Text, false) => s.measure.into(),
        ("value", Amount, false) => s.value.into(),
        ("unit", Text, false) => s.unit.into(),
        ("line", Int, false) => s.line.into(),
    ]
}

/// `与 2023 年度相比 … 增加 X 万元，增长 Y%` for one measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Yoy {
    pub measure: String,
    pub this_year: Option<Decimal>,
    pub change: Option<Decimal>,
    pub change_pct: Option<Decimal>,
    pub prior_year: i32,
    /// `相同` / `持平` when stated instead of a change.
    pub same: Option<String>,
    pub line: u32,
}

dataset! {
    YOY = "yoy_text" for &'a Yoy, rows |_, f| f.narrative.yoy.iter(), cells |x, _| [
        ("measure", Text, false) => (&x.measure).into(),
        ("this_year", Amount, true) => x.this_year.into(),
        ("change", Amount, true) => x.change.into(),
        ("change_pct", Amount, true) => x.change_pct.into(),
        ("prior_year", Int, false) => x.prior_year.into(),
        ("same", Text, true) => (&x.same).into(),
        ("line", Int, false) => x.line.into(),
    ]
}

/// One subject (or the total) of the budget-execution paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Execution {
    /// `general_budget` (一般公共预算) or `gov_fund` (政府性基金): the table role.
    pub fund: &'static str,
    pub subject_code: Option<String>,
    pub lei: Option<String>,
    pub kuan: Option<String>,
    pub xiang: Option<String>,
    pub budget: Decimal,
    pub actual: Decimal,
    pub completion_pct: Option<Decimal>,
    /// `117.51%` or `年初无预算` as stated.
    pub completion_text: Option<String>,
    /// 大于 / 小于 / 持平 as stated.
    pub direction: Option<String>,
    pub reason: Option<String>,
    pub line: u32,
}

dataset! {
    /// With the cell of the tables the stated 决算 is (`table_actual`, `table_line`).
    EXECUTION = "execution_text" for &'a Execution, rows |_, f| f.narrative.execution.iter(), cells |e, f| [
        ("fund", Text, false) => e.fund.into(),
        ("subject_code", Text, true) => (&e.subject_code).into(),
        ("lei_name", Text, true) => (&e.lei).into(),
        ("kuan_name", Text, true) => (&e.kuan).into(),
        ("xiang_name", Text, true) => (&e.xiang).into(),
        ("budget", Amount, false) => e.budget.into(),
        ("actual", Amount, false) => e.actual.into(),
        ("completion_pct", Amount, true) => e.completion_pct.into(),
        ("completion_text", Text, true) => (&e.completion_text).into(),
        ("direction", Text, true) => (&e.direction).into(),
        ("reason", Text, true) => (&e.reason).into(),
        ("line", Int, false) => e.line.into(),
        ("table_actual", Amount, true) => e.table_cell(f).and_then(|t| t.amount).into(),
        ("table_line", Int, true) => e.table_cell(f).map(|t| t.line as i32).into(),
    ]
}

impl Execution {
    /// The table whose 本年支出合计 the stated 决算 is: 政府性基金 or 一般公共预算.
    pub fn table_role(&self) -> TableRole {
        execution_table(self.fund)
    }

    /// That table's cell for this subject (its 合计 row for a fund's total).
    /// A subject named by 类/款/项 that the tables do not have (a name printed otherwise
    /// than in the tables) has no cell: it is not the 合计.
    pub fn table_cell<'a>(&self, facts: &'a Facts) -> Option<&'a SubjectFact> {
        if self.subject_code.is_none() && self.xiang.is_some() {
            return None;
        }
        facts.subject_cell(self.table_role(), self.subject_code.as_deref(), EXECUTION_MEASURE)
    }
}

/// The table of a budget-execution fund (`execution_text.fund`).
pub fn execution_table(fund: &str) -> TableRole {
    if fund == "gov_fund" { TableRole::GovFund } else { TableRole::GeneralBudget }
}

/// The measure a budget-execution paragraph's 决算 is compared with.
pub const EXECUTION_MEASURE: &str = "本年支出合计";

/// An amount with its stated share in a structure paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// `收入`, `支出`, `一般公共预算`, `总体`.
    pub side: &'static str,
    pub item: String,
    pub subject_code: Option<String>,
    pub amount: Decimal,
    pub pct: Option<Decimal>,
    pub line: u32,
}

dataset! {
    STRUCTURE = "structure_text" for &'a Share, rows |_, f| f.narrative.structure.iter(), cells |s, _| [
        ("side", Text, false) => s.side.into(),
        ("item", Text, false) => (&s.item).into(),
        ("subject_code", Text, true) => (&s.subject_code).into(),
        ("amount", Amount, false) => s.amount.into(),
        ("pct", Amount, true) => s.pct.into(),
        ("line", Int, false) => s.line.into(),
    ]
}

/// `县级预算项目 6 个，涉及预算资金 63.83 万元`.
#[derive(Debug, Clone, PartialEq)]
pub struct PerfOverview {
    pub kind: String,
    pub count: i32,
    pub amount: Option<Decimal>,
    pub line: u32,
}

dataset! {
    PERF_OVERVIEW = "perf_overview" for &'a PerfOverview, rows |_, f| f.narrative.perf_overview.iter(), cells |o, _| [
        ("kind", Text, false) => (&o.kind).into(),
        ("count", Int, false) => o.count.into(),
        ("amount", Amount, true) => o.amount.into(),
        ("line", Int, false) => o.line.into(),
    ]
}

/// A row of the 绩效自评情况汇总表.
#[derive(Debug, Clone, PartialEq)]
pub struct PerfProject {
    pub seq: Option<i32>,
    pub project: String,
    pub user_unit: String,
    pub score: Option<Decimal>,
    pub grade: String,
    pub line: u32,
}

dataset! {
    PERF_PROJECTS = "perf_projects" for &'a PerfProject, rows |_, f| f.narrative.perf_projects.iter(), cells |p, _| [
        ("seq", Int, true) => p.seq.into(),
        ("project", Text, false) => (&p.project).into(),
        ("user_unit", Text, false) => (&p.user_unit).into(),
        ("score", Amount, true) => p.score.into(),
        ("grade", Text, false) => (&p.grade).into(),
        ("line", Int, false) => p.line.into(),
    ]
}

/// The head of one 项目支出绩效自评表.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PerfEval {
    pub project: String,
    pub department: String,
    pub implementer: String,
    pub budget_initial: Option<Decimal>,
    pub budget_full: Option<Decimal>,
    pub executed: Option<Decimal>,
    pub weight: Option<Decimal>,
    pub exec_rate_pct: Option<Decimal>,
    pub score: Option<Decimal>,
    pub total_score: Option<Decimal>,
    /// Line of the table title.
    pub line: u32,
    /// Lines of the 年度资金总额 row and of the 总分 row.
    pub exec_line: u32,
    pub total_line: u32,
}

dataset! {
    PERF_EVALS = "perf_evaluations" for &'a PerfEval, rows |_, f| f.narrative.perf_evals.iter(), cells |e, _| [
        ("project", Text, false) => (&e.project).into(),
        ("department", Text, false) => (&e.department).into(),
        ("implementer", Text, false) => (&e.implementer).into(),
        ("budget_initial", Amount, true) => e.budget_initial.into(),
        ("budget_full", Amount, true) => e.budget_full.into(),
        ("executed", Amount, true) => e.executed.into(),
        ("weight", Amount, true) => e.weight.into(),
        ("exec_rate_pct", Amount, true) => e.exec_rate_pct.into(),
        ("score", Amount, true) => e.score.into(),
        ("total_score", Amount, true) => e.total_score.into(),
        ("line", Int, false) => e.line.into(),
    ]
}

/// A target or actual value: the text, and where numeric, comparator, value and unit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Measured {
    pub text: String,
    /// `=`, `≥`, `≤`, `>`, `<`, `>=` or `<=`.
    pub op: Option<&'static str>,
    pub value: Option<Decimal>,
    pub unit: Option<String>,
}

impl Measured {
    /// Its four stored cells: text, comparator, value, unit.
    fn cells(&self) -> [Cell<'_>; 4] {
        [self.text.as_str().into(), self.op.into(), self.value.into(), self.unit.as_deref().into()]
    }
}

/// An indicator row of a 自评表.
#[derive(Debug, Clone, PartialEq)]
pub struct PerfIndicator {
    /// The project and the upper levels are shared with the table's other indicators.
    pub project: std::sync::Arc<str>,
    pub level1: std::sync::Arc<str>,
    pub level2: std::sync::Arc<str>,
    pub level3: String,
    pub target: Measured,
    pub actual: Measured,
    pub weight: Option<Decimal>,
    pub score: Option<Decimal>,
    pub deviation: Option<String>,
    pub line: u32,
}

dataset! {
    PERF_INDICATORS = "perf_indicators" for &'a PerfIndicator, rows |_, f| f.narrative.perf_indicators.iter(),
    cells |i, _| [
        ("project", Text, false) => (&*i.project).into(),
        ("level1", Text, false) => (&*i.level1).into(),
        ("level2", Text, false) => (&*i.level2).into(),
        ("level3", Text, false) => (&i.level3).into(),
        ("target_text", Text, false) => i.target.cells()[0],
        ("target_op", Text, true) => i.target.cells()[1],
        ("target_value", Amount, true) => i.target.cells()[2],
        ("target_unit", Text, true) => i.target.cells()[3],
        ("actual_text", Text, false) => i.actual.cells()[0],
        ("actual_op", Text, true) => i.actual.cells()[1],
        ("actual_value", Amount, true) => i.actual.cells()[2],
        ("actual_unit", Text, true) => i.actual.cells()[3],
        ("weight", Amount, true) => i.weight.into(),
        ("score", Amount, true) => i.score.into(),
        ("deviation", Text, true) => (&i.deviation).into(),
        ("line", Int, false) => i.line.into(),
    ]
}

/// A unit whose accounts a document consolidates, from the 机构设置 sentence
/// `…（汇总）部门决算包括：局机关本级决算、某中心决算。`, or from the list of units that
/// follows it where one is printed (`units.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// As printed, without the trailing 决算: `局机关本级`, `阳谷县财政局机关服务中心`.
    pub name: String,
    /// `本级` for the department's own office, `单位` for a unit, `并入本级` for a listed
    /// unit whose accounts are merged into the office's (`预算不单列，并入本级`).
    pub kind: &'static str,
    pub line: u32,
}

dataset! {
    MEMBERS = "composition_text" for &'a Member, rows |_, f| f.narrative.members.iter(), cells |m, _| [
        ("member", Text, false) => (&m.name).into(),
        ("kind", Text, false) => m.kind.into(),
        ("line", Int, false) => m.line.into(),
    ]
}

/// A sentence that states a figure that no pattern could read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unparsed {
    pub section: String,
    pub sentence: String,
    pub line: u32,
}

dataset! {
    UNPARSED = "unparsed_text" for &'a Unparsed, rows |_, f| f.narrative.unparsed.iter(), cells |u, _| [
        ("section", Text, false) => (&u.section).into(),
        ("sentence", Text, false) => (&u.sentence).into(),
        ("line", Int, false) => u.line.into(),
    ]
}

#[derive(Debug, Clone, Default)]
pub struct Narrative {
    pub jiguan: Vec<Jiguan>,
    pub procurement: Vec<Procurement>,
    pub assets: Vec<Assets>,
    pub sangong: Vec<SangongText>,
    pub yoy: Vec<Yoy>,
    pub execution: Vec<Execution>,
    pub structure: Vec<Share>,
    pub perf_overview: Vec<PerfOverview>,
    pub perf_projects: Vec<PerfProject>,
    pub perf_evals: Vec<PerfEval>,
    pub perf_indicators: Vec<PerfIndicator>,
    pub members: Vec<Member>,
    pub unparsed: Vec<Unparsed>,
    /// Lines of the 三公 section's sentences that give a reason (`…的主要原因…`): what
    /// S-SANGONG-DISCLOSED asks for where 决算 differs from 预算. Checked, not stored.
    pub sangong_reasons: Vec<u32>,
}

impl Narrative {
    /// Every figure the sentences state, with its line: what [`super::amount::exact`]
    /// must accept before any of them is stored.
    pub fn figures(&self) -> Vec<(u32, Decimal)> {
        let mut out: Vec<(u32, Decimal)> = Vec::new();
        let mut add = |line: u32, vs: &[Option<Decimal>]| out.extend(vs.iter().flatten().map(|&v| (line, v)));
        for x in &self.jiguan {
            add(x.line, &[Some(x.amount), x.budget_change, x.change_pct]);
        }
        for x in &self.procurement {
            add(
                x.line,
                &[
                    x.total,
                    x.goods,
                    x.works,
                    x.services,
                    x.sme_amount,
                    x.sme_pct,
                    x.small_micro_amount,
                    x.small_micro_pct,
                    x.goods_sme_pct,
                    x.works_sme_pct,
                    x.services_sme_pct,
                    x.sme_reserved_budget,
                    x.small_micro_reserved_budget,
                ],
            );
        }
        for x in &self.assets {
            for (threshold, _, _) in &x.equipment {
                add(x.line, &[Some(*threshold)]);
            }
        }
        for x in &self.sangong {
            add(x.line, &[Some(x.value)]);
        }
        for x in &self.yoy {
            add(x.line, &[x.this_year, x.change, x.change_pct]);
        }
        for x in &self.execution {
            add(x.line, &[Some(x.budget), Some(x.actual), x.completion_pct]);
        }
        for x in &self.structure {
            add(x.line, &[Some(x.amount), x.pct]);
        }
        for x in &self.perf_overview {
            add(x.line, &[x.amount]);
        }
        for x in &self.perf_projects {
            add(x.line, &[x.score]);
        }
        for x in &self.perf_evals {
            add(
                x.line,
                &[x.budget_initial, x.budget_full, x.executed, x.weight, x.exec_rate_pct, x.score, x.total_score],
            );
        }
        for x in &self.perf_indicators {
            add(x.line, &[x.target.value, x.actual.value, x.weight, x.score]);
        }
        out
    }

    pub fn row_count(&self) -> usize {
        self.jiguan.len()
            + self.procurement.len()
            + self.assets.len()
            + self.sangong.len()
            + self.yoy.len()
            + self.execution.len()
            + self.structure.len()
            + self.perf_overview.len()
            + self.perf_projects.len()
            + self.perf_evals.len()
            + self.perf_indicators.len()
            + self.members.len()
            + self.unparsed.len()
    }
}
