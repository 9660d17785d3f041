//! Datasets of the narrative and 绩效 appendix facts, and their batches. Percentages are
//! stored as stated (2.28 means 2.28%), as DECIMAL like amounts; counts as INTEGER.

use arrow::array::RecordBatch;

use super::Ty::*;
use super::{Cell, Dataset, Doc, Rows};
use crate::model::Facts;
use crate::model::narrative::Measured;

dataset! {
    JIGUAN, jiguan = "jiguan_text", |f| f.narrative.jiguan, |j| [
        ("amount", Amount, false) => j.amount.into(),
        ("budget_change", Amount, true) => j.budget_change.into(),
        ("change_pct", Amount, true) => j.change_pct.into(),
        ("reason", Text, true) => (&j.reason).into(),
        ("line", Int, false) => j.line.into(),
    ]
}

dataset! {
    PROCUREMENT, procurement = "procurement_text", |f| f.narrative.procurement, |p| [
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
        ("line", Int, false) => p.line.into(),
    ]
}

pub const ASSETS: Dataset = Dataset {
    name: "assets_text",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("item", Text, false),
        ("category", Text, true),
        ("threshold", Amount, true),
        ("count", Int, false),
        ("line", Int, false),
    ],
};

dataset! {
    SANGONG_TEXT, sangong = "sangong_text", |f| f.narrative.sangong, |s| [
        ("item", Text, false) => s.item.into(),
        ("measure", Text, false) => s.measure.into(),
        ("value", Amount, false) => s.value.into(),
        ("unit", Text, false) => s.unit.into(),
        ("line", Int, false) => s.line.into(),
    ]
}

dataset! {
    YOY, yoy = "yoy_text", |f| f.narrative.yoy, |x| [
        ("measure", Text, false) => (&x.measure).into(),
        ("this_year", Amount, true) => x.this_year.into(),
        ("change", Amount, true) => x.change.into(),
        ("change_pct", Amount, true) => x.change_pct.into(),
        ("prior_year", Int, false) => x.prior_year.into(),
        ("same", Text, true) => (&x.same).into(),
        ("line", Int, false) => x.line.into(),
    ]
}

dataset! {
    EXECUTION, execution = "execution_text", |f| f.narrative.execution, |e| [
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

dataset! {
    STRUCTURE, structure = "structure_text", |f| f.narrative.structure, |s| [
        ("side", Text, false) => s.side.into(),
        ("item", Text, false) => (&s.item).into(),
        ("subject_code", Text, true) => (&s.subject_code).into(),
        ("amount", Amount, false) => s.amount.into(),
        ("pct", Amount, true) => s.pct.into(),
        ("line", Int, false) => s.line.into(),
    ]
}

dataset! {
    PERF_OVERVIEW, perf_overview = "perf_overview", |f| f.narrative.perf_overview, |o| [
        ("kind", Text, false) => (&o.kind).into(),
        ("count", Int, false) => o.count.into(),
        ("amount", Amount, true) => o.amount.into(),
        ("line", Int, false) => o.line.into(),
    ]
}

dataset! {
    PERF_PROJECTS, perf_projects = "perf_projects", |f| f.narrative.perf_projects, |p| [
        ("seq", Int, true) => p.seq.into(),
        ("project", Text, false) => (&p.project).into(),
        ("user_unit", Text, false) => (&p.user_unit).into(),
        ("score", Amount, true) => p.score.into(),
        ("grade", Text, false) => (&p.grade).into(),
        ("line", Int, false) => p.line.into(),
    ]
}

dataset! {
    PERF_EVALS, perf_evals = "perf_evaluations", |f| f.narrative.perf_evals, |e| [
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

dataset! {
    PERF_INDICATORS, perf_indicators = "perf_indicators", |f| f.narrative.perf_indicators, |i| [
        ("project", Text, false) => (&*i.project).into(),
        ("level1", Text, false) => (&*i.level1).into(),
        ("level2", Text, false) => (&*i.level2).into(),
        ("level3", Text, false) => (&i.level3).into(),
        ("target_text", Text, false) => measured(&i.target)[0],
        ("target_op", Text, true) => measured(&i.target)[1],
        ("target_value", Amount, true) => measured(&i.target)[2],
        ("target_unit", Text, true) => measured(&i.target)[3],
        ("actual_text", Text, false) => measured(&i.actual)[0],
        ("actual_op", Text, true) => measured(&i.actual)[1],
        ("actual_value", Amount, true) => measured(&i.actual)[2],
        ("actual_unit", Text, true) => measured(&i.actual)[3],
        ("weight", Amount, true) => i.weight.into(),
        ("score", Amount, true) => i.score.into(),
        ("deviation", Text, true) => (&i.deviation).into(),
        ("line", Int, false) => i.line.into(),
    ]
}

dataset! {
    MEMBERS, members = "composition_text", |f| f.narrative.members, |m| [
        ("member", Text, false) => (&m.name).into(),
        ("kind", Text, false) => m.kind.into(),
        ("line", Int, false) => m.line.into(),
    ]
}

dataset! {
    UNPARSED, unparsed = "unparsed_text", |f| f.narrative.unparsed, |u| [
        ("section", Text, false) => (&u.section).into(),
        ("sentence", Text, false) => (&u.sentence).into(),
        ("line", Int, false) => u.line.into(),
    ]
}

dataset! {
    FINDINGS, findings = "check_findings", |f| f.findings, |x| [
        ("rule", Text, false) => x.rule.into(),
        ("severity", Text, false) => x.severity.label().into(),
        ("formula", Text, false) => (&x.formula).into(),
        ("left_place", Text, false) => x.left.place.into(),
        ("left_line", Int, false) => x.left.line.into(),
        ("left_value", Amount, true) => x.left.value.into(),
        ("right_place", Text, false) => x.right.place.into(),
        ("right_line", Int, false) => x.right.line.into(),
        ("right_value", Amount, true) => x.right.value.into(),
        ("diff", Amount, true) => x.diff.into(),
    ]
}

pub const ALL: [Dataset; 14] = [
    JIGUAN,
    PROCUREMENT,
    ASSETS,
    SANGONG_TEXT,
    YOY,
    EXECUTION,
    STRUCTURE,
    PERF_OVERVIEW,
    PERF_PROJECTS,
    PERF_EVALS,
    PERF_INDICATORS,
    UNPARSED,
    FINDINGS,
    MEMBERS,
];

fn measured(m: &Measured) -> [Cell<'_>; 4] {
    [m.text.as_str().into(), m.op.into(), m.value.into(), m.unit.as_deref().into()]
}

/// Batches of every narrative dataset for a set of documents, in the order of [`ALL`].
pub fn batches(docs: &[(Doc, &Facts)]) -> Vec<(Dataset, RecordBatch)> {
    vec![
        jiguan(docs),
        procurement(docs),
        assets(docs),
        sangong(docs),
        yoy(docs),
        execution(docs),
        structure(docs),
        perf_overview(docs),
        perf_projects(docs),
        perf_evals(docs),
        perf_indicators(docs),
        unparsed(docs),
        findings(docs),
        members(docs),
    ]
}

/// `assets_text`: three kinds of row from one statement (the vehicles in total, by
/// category, the equipment above a price), so written out rather than declared.
fn assets(docs: &[(Doc, &Facts)]) -> (Dataset, RecordBatch) {
    let rows = docs
        .iter()
        .map(|(_, f)| f.narrative.assets.iter().map(|a| 1 + a.vehicles.len() + a.equipment.len()).sum::<usize>())
        .sum();
    let mut assets = Rows::new(&ASSETS, rows);
    for (y, f) in docs {
        let (id, y): (Cell, Doc) = (y.id.into(), *y);
        for a in &f.narrative.assets {
            let none = Cell::Amount(None);
            if let Some(t) = a.vehicles_total {
                assets.push(y, &[id, "车辆".into(), Cell::Text(None), none, t.into(), a.line.into()]);
            }
            for (c, k) in &a.vehicles {
                assets.push(y, &[id, "车辆".into(), c.into(), none, (*k).into(), a.line.into()]);
            }
            for (t, kind, k) in &a.equipment {
                let cat = (!kind.is_empty()).then_some(kind.as_str());
                assets.push(y, &[id, "设备".into(), cat.into(), (*t).into(), (*k).into(), a.line.into()]);
            }
        }
    }
    (ASSETS, assets.finish())
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
        .with_precision_and_scale(super::AMOUNT_PRECISION, super::AMOUNT_SCALE)?;
    let lines = arrow::array::Int32Array::from(found.iter().map(|f| f.map(|f| f.1)).collect::<Vec<_>>());
    let mut cols = Vec::new();
    for (name, _, _) in EXECUTION.file_columns() {
        cols.push(match name {
            "table_actual" => Arc::new(actual.clone()) as ArrayRef,
            "table_line" => Arc::new(lines.clone()) as ArrayRef,
            _ => column(exec, name)?,
        });
    }
    RecordBatch::try_new(EXECUTION.file_schema(), cols)
}
