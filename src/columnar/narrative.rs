//! Datasets of the narrative and 绩效 appendix facts, and their batches. Percentages are
//! stored as stated (2.28 means 2.28%), as DECIMAL like amounts; counts as INTEGER.

use arrow::array::RecordBatch;

use super::Ty::*;
use super::{Cell, Dataset, Doc, Rows};
use crate::model::Facts;
use crate::model::narrative::Measured;

pub const JIGUAN: Dataset = Dataset {
    name: "jiguan_text",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("amount", Amount, false),
        ("budget_change", Amount, true),
        ("change_pct", Amount, true),
        ("reason", Text, true),
        ("line", Int, false),
    ],
};

pub const PROCUREMENT: Dataset = Dataset {
    name: "procurement_text",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("total", Amount, true),
        ("goods", Amount, true),
        ("works", Amount, true),
        ("services", Amount, true),
        ("sme_amount", Amount, true),
        ("sme_pct", Amount, true),
        ("small_micro_amount", Amount, true),
        ("small_micro_pct", Amount, true),
        ("goods_sme_pct", Amount, true),
        ("works_sme_pct", Amount, true),
        ("services_sme_pct", Amount, true),
        ("line", Int, false),
    ],
};

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

pub const SANGONG_TEXT: Dataset = Dataset {
    name: "sangong_text",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("item", Text, false),
        ("measure", Text, false),
        ("value", Amount, false),
        ("unit", Text, false),
        ("line", Int, false),
    ],
};

pub const YOY: Dataset = Dataset {
    name: "yoy_text",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("measure", Text, false),
        ("this_year", Amount, true),
        ("change", Amount, true),
        ("change_pct", Amount, true),
        ("prior_year", Int, false),
        ("same", Text, true),
        ("line", Int, false),
    ],
};

pub const EXECUTION: Dataset = Dataset {
    name: "execution_text",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("fund", Text, false),
        ("subject_code", Text, true),
        ("lei_name", Text, true),
        ("kuan_name", Text, true),
        ("xiang_name", Text, true),
        ("budget", Amount, false),
        ("actual", Amount, false),
        ("completion_pct", Amount, true),
        ("completion_text", Text, true),
        ("direction", Text, true),
        ("reason", Text, true),
        ("line", Int, false),
        ("table_actual", Amount, true),
        ("table_line", Int, true),
    ],
};

pub const STRUCTURE: Dataset = Dataset {
    name: "structure_text",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("side", Text, false),
        ("item", Text, false),
        ("subject_code", Text, true),
        ("amount", Amount, false),
        ("pct", Amount, true),
        ("line", Int, false),
    ],
};

pub const PERF_OVERVIEW: Dataset = Dataset {
    name: "perf_overview",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("kind", Text, false),
        ("count", Int, false),
        ("amount", Amount, true),
        ("line", Int, false),
    ],
};

pub const PERF_PROJECTS: Dataset = Dataset {
    name: "perf_projects",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("seq", Int, true),
        ("project", Text, false),
        ("user_unit", Text, false),
        ("score", Amount, true),
        ("grade", Text, false),
        ("line", Int, false),
    ],
};

pub const PERF_EVALS: Dataset = Dataset {
    name: "perf_evaluations",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("project", Text, false),
        ("department", Text, false),
        ("implementer", Text, false),
        ("budget_initial", Amount, true),
        ("budget_full", Amount, true),
        ("executed", Amount, true),
        ("weight", Amount, true),
        ("exec_rate_pct", Amount, true),
        ("score", Amount, true),
        ("total_score", Amount, true),
        ("line", Int, false),
    ],
};

pub const PERF_INDICATORS: Dataset = Dataset {
    name: "perf_indicators",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("project", Text, false),
        ("level1", Text, false),
        ("level2", Text, false),
        ("level3", Text, false),
        ("target_text", Text, false),
        ("target_op", Text, true),
        ("target_value", Amount, true),
        ("target_unit", Text, true),
        ("actual_text", Text, false),
        ("actual_op", Text, true),
        ("actual_value", Amount, true),
        ("actual_unit", Text, true),
        ("weight", Amount, true),
        ("score", Amount, true),
        ("deviation", Text, true),
        ("line", Int, false),
    ],
};

pub const MEMBERS: Dataset = Dataset {
    name: "composition_text",
    by_subject: false,
    columns: &[("doc_id", Text, false), ("member", Text, false), ("kind", Text, false), ("line", Int, false)],
};

pub const UNPARSED: Dataset = Dataset {
    name: "unparsed_text",
    by_subject: false,
    columns: &[("doc_id", Text, false), ("section", Text, false), ("sentence", Text, false), ("line", Int, false)],
};

pub const FINDINGS: Dataset = Dataset {
    name: "check_findings",
    by_subject: false,
    columns: &[
        ("doc_id", Text, false),
        ("rule", Text, false),
        ("severity", Text, false),
        ("formula", Text, false),
        ("left_place", Text, false),
        ("left_line", Int, false),
        ("left_value", Amount, true),
        ("right_place", Text, false),
        ("right_line", Int, false),
        ("right_value", Amount, true),
        ("diff", Amount, true),
    ],
};

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

/// Batches of every narrative dataset for a set of documents.
pub fn batches(docs: &[(Doc, &Facts)]) -> Vec<(Dataset, RecordBatch)> {
    // One builder per dataset, bound in the order of `ALL` (a push of the wrong shape
    // panics in the tests).
    let [
        mut jiguan,
        mut procurement,
        mut assets,
        mut sangong,
        mut yoy,
        mut execution,
        mut structure,
        mut perf_overview,
        mut perf_projects,
        mut perf_evals,
        mut perf_indicators,
        mut unparsed,
        mut findings,
        mut members,
    ] = {
        // Each builder sized for its rows (sized by documents, the appendix's indicators
        // regrew theirs a dozen times per batch).
        let rows = |k: fn(&Facts) -> usize| docs.iter().map(|(_, f)| k(f)).sum::<usize>();
        let sizes = [
            rows(|f| f.narrative.jiguan.len()),
            rows(|f| f.narrative.procurement.len()),
            rows(|f| f.narrative.assets.iter().map(|a| 1 + a.vehicles.len() + a.equipment.len()).sum()),
            rows(|f| f.narrative.sangong.len()),
            rows(|f| f.narrative.yoy.len()),
            rows(|f| f.narrative.execution.len()),
            rows(|f| f.narrative.structure.len()),
            rows(|f| f.narrative.perf_overview.len()),
            rows(|f| f.narrative.perf_projects.len()),
            rows(|f| f.narrative.perf_evals.len()),
            rows(|f| f.narrative.perf_indicators.len()),
            rows(|f| f.narrative.unparsed.len()),
            rows(|f| f.findings.len()),
            rows(|f| f.narrative.members.len()),
        ];
        std::array::from_fn(|k| Rows::new(&ALL[k], sizes[k]))
    };
    for (d, f) in docs {
        let n = &f.narrative;
        let (id, y): (Cell, Doc) = (d.id.into(), *d);
        for j in &n.jiguan {
            jiguan.push(
                y,
                &[id, j.amount.into(), j.budget_change.into(), j.change_pct.into(), (&j.reason).into(), j.line.into()],
            );
        }
        for p in &n.procurement {
            procurement.push(
                y,
                &[
                    id,
                    p.total.into(),
                    p.goods.into(),
                    p.works.into(),
                    p.services.into(),
                    p.sme_amount.into(),
                    p.sme_pct.into(),
                    p.small_micro_amount.into(),
                    p.small_micro_pct.into(),
                    p.goods_sme_pct.into(),
                    p.works_sme_pct.into(),
                    p.services_sme_pct.into(),
                    p.line.into(),
                ],
            );
        }
        for a in &n.assets {
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
        for s in &n.sangong {
            sangong.push(y, &[id, s.item.into(), s.measure.into(), s.value.into(), s.unit.into(), s.line.into()]);
        }
        for x in &n.yoy {
            yoy.push(
                y,
                &[
                    id,
                    (&x.measure).into(),
                    x.this_year.into(),
                    x.change.into(),
                    x.change_pct.into(),
                    x.prior_year.into(),
                    (&x.same).into(),
                    x.line.into(),
                ],
            );
        }
        for e in &n.execution {
            let t = e.table_cell(f);
            execution.push(
                y,
                &[
                    id,
                    e.fund.into(),
                    (&e.subject_code).into(),
                    (&e.lei).into(),
                    (&e.kuan).into(),
                    (&e.xiang).into(),
                    e.budget.into(),
                    e.actual.into(),
                    e.completion_pct.into(),
                    (&e.completion_text).into(),
                    (&e.direction).into(),
                    (&e.reason).into(),
                    e.line.into(),
                    t.and_then(|t| t.amount).into(),
                    t.map(|t| t.line as i32).into(),
                ],
            );
        }
        for s in &n.structure {
            structure.push(
                y,
                &[
                    id,
                    s.side.into(),
                    (&s.item).into(),
                    (&s.subject_code).into(),
                    s.amount.into(),
                    s.pct.into(),
                    s.line.into(),
                ],
            );
        }
        for o in &n.perf_overview {
            perf_overview.push(y, &[id, (&o.kind).into(), o.count.into(), o.amount.into(), o.line.into()]);
        }
        for p in &n.perf_projects {
            perf_projects.push(
                y,
                &[
                    id,
                    p.seq.into(),
                    (&p.project).into(),
                    (&p.user_unit).into(),
                    p.score.into(),
                    (&p.grade).into(),
                    p.line.into(),
                ],
            );
        }
        for e in &n.perf_evals {
            perf_evals.push(
                y,
                &[
                    id,
                    (&e.project).into(),
                    (&e.department).into(),
                    (&e.implementer).into(),
                    e.budget_initial.into(),
                    e.budget_full.into(),
                    e.executed.into(),
                    e.weight.into(),
                    e.exec_rate_pct.into(),
                    e.score.into(),
                    e.total_score.into(),
                    e.line.into(),
                ],
            );
        }
        for i in &n.perf_indicators {
            let [tt, to, tv, tu] = measured(&i.target);
            let [at, ao, av, au] = measured(&i.actual);
            perf_indicators.push(
                y,
                &[
                    id,
                    (&*i.project).into(),
                    (&*i.level1).into(),
                    (&*i.level2).into(),
                    (&i.level3).into(),
                    tt,
                    to,
                    tv,
                    tu,
                    at,
                    ao,
                    av,
                    au,
                    i.weight.into(),
                    i.score.into(),
                    (&i.deviation).into(),
                    i.line.into(),
                ],
            );
        }
        for u in &n.unparsed {
            unparsed.push(y, &[id, (&u.section).into(), (&u.sentence).into(), u.line.into()]);
        }
        for m in &n.members {
            members.push(y, &[id, (&m.name).into(), m.kind.into(), m.line.into()]);
        }
        for x in &f.findings {
            findings.push(
                y,
                &[
                    id,
                    x.rule.into(),
                    x.severity.label().into(),
                    (&x.formula).into(),
                    x.left.place.into(),
                    x.left.line.into(),
                    x.left.value.into(),
                    x.right.place.into(),
                    x.right.line.into(),
                    x.right.value.into(),
                    x.diff.into(),
                ],
            );
        }
    }
    let rows = [
        jiguan,
        procurement,
        assets,
        sangong,
        yoy,
        execution,
        structure,
        perf_overview,
        perf_projects,
        perf_evals,
        perf_indicators,
        unparsed,
        findings,
        members,
    ];
    ALL.iter().zip(rows).map(|(ds, r)| (*ds, r.finish())).collect()
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
