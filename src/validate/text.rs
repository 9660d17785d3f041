//! The text against the tables: what the 情况说明 states (totals, structure and shares,
//! budget execution and its direction, 人员/公用经费, 三公, 机关运行经费) against the tables,
//! and the text's own arithmetic (政府采购 parts and shares, vehicles, year-on-year %).

use rust_decimal::Decimal;

use super::within::{Index, cell, summary};
use super::{Findings, Severity, side, sum, tolerance, unit_of};
use crate::model::{Facts, RowKind, TableRole};

/// Tolerance for a stated percentage (printed with 2 decimals).
fn pct_tol() -> Decimal {
    Decimal::new(1, 2)
}

fn pct(part: Option<Decimal>, whole: Option<Decimal>) -> Option<Decimal> {
    let (p, w) = (part.unwrap_or_default(), whole?);
    (!w.is_zero()).then(|| (p * Decimal::from(100) / w).round_dp(2))
}

/// Whether the document's subject tables carry 事业单位 spending: a 项 `事业单位离退休`,
/// `事业单位医疗`, or `事业运行` (the 项 `…50` of many 款), not the `行政事业单位…` or
/// `机关事业单位…` that every unit has.
fn pays_public_service_units(facts: &Facts) -> bool {
    facts.subject.iter().any(|x| x.name.starts_with("事业单位") || x.name.contains("事业运行"))
}

pub fn run(facts: &Facts, idx: &Index, f: &mut Findings) {
    use TableRole::*;
    let n = &facts.narrative;
    let tol = tolerance(unit_of(facts, IncomeExpenditure), 1);
    let income = idx.get(Income);
    let expenditure = idx.get(Expenditure);
    let general = idx.get(GeneralBudget);
    let fund = idx.get(GovFund);

    for s in &n.structure {
        let table_value: Option<(&'static str, Option<Decimal>, u32, Option<Decimal>)> = match (s.side, &*s.item) {
            ("总计", "收支总计") => summary(facts, IncomeExpenditure, "收入", "总计", "金额")
                .map(|x| (IncomeExpenditure.id(), x.amount, x.line, None)),
            ("总计", "财政拨款收支总计") => summary(facts, FiscalIncomeExpenditure, "收入", "总计", "金额")
                .map(|x| (FiscalIncomeExpenditure.id(), x.amount, x.line, None)),
            ("收入", item) => {
                let m = if item == "收入合计" { "本年收入合计" } else { item };
                let (v, l) = cell(income, None, m);
                (l > 0).then_some((Income.id(), v, l, cell(income, None, "本年收入合计").0))
            }
            ("支出", item) => {
                let m = if item == "支出合计" { "本年支出合计" } else { item };
                let (v, l) = cell(expenditure, None, m);
                (l > 0).then_some((Expenditure.id(), v, l, cell(expenditure, None, "本年支出合计").0))
            }
            ("一般公共预算", _) => {
                let (v, l) = cell(general, s.subject_code.as_deref(), "本年支出合计");
                (l > 0).then_some((GeneralBudget.id(), v, l, cell(general, None, "本年支出合计").0))
            }
            ("总体", "一般公共预算财政拨款支出") => {
                let (v, l) = cell(general, None, "本年支出合计");
                let whole = summary(facts, IncomeExpenditure, "支出", "本年支出合计", "金额").and_then(|x| x.amount);
                (l > 0).then_some((GeneralBudget.id(), v, l, whole))
            }
            ("基本支出", "人员经费" | "公用经费") => facts
                .detail
                .iter()
                .find(|d| d.row_kind == RowKind::Total && d.block == s.item)
                .map(|d| (BasicDetail.id(), d.amount, d.line, None)),
            ("基本支出", "基本支出决算" | "财政拨款基本支出") => {
                let (v, l) = cell(general, None, "基本支出");
                (l > 0).then_some((GeneralBudget.id(), v, l, None))
            }
            ("政府性基金", item) => {
                let m = if item == "本年支出" { "本年支出合计" } else { item };
                let (v, l) = cell(fund, None, m);
                (l > 0).then_some((GovFund.id(), v, l, None))
            }
            _ => None,
        };
        let Some((place, v, l, whole)) = table_value else { continue };
        f.equal(
            "S-AMOUNT",
            || {
                // A total stated as almost nothing against a table of thousands (the
                // 财政局's real `财政拨款收入支出总计0.3万元` against 2,961.68) is a slip of
                // unit or of typing, not a rounding: say so.
                let slip = v.is_some_and(|t| t.abs() >= Decimal::ONE && s.amount.abs() * Decimal::from(100) < t.abs());
                let hint = if slip { "（所述数不足表中数的 1%，疑为录入或单位错误）" } else { "" };
                format!("情况说明 {}·{} = 表中数{hint}", s.side, s.item)
            },
            side("text", s.line, Some(s.amount)),
            side(place, l, v),
            tol,
        );
        if let (Some(stated), Some(computed)) = (s.pct, pct(Some(s.amount), whole)) {
            f.equal(
                "S-SHARE",
                || format!("情况说明 {}·{} 占比 = 金额/合计", s.side, s.item),
                side("text", s.line, Some(stated)),
                side(place, l, Some(computed)),
                pct_tol(),
            );
        }
    }

    for e in &n.execution {
        let role = e.table_role();
        if let (None, Some(lei), Some(kuan), Some(xiang)) = (&e.subject_code, &e.lei, &e.kuan, &e.xiang) {
            // Named otherwise than in the tables (a 款 or 项 renamed, another subject's
            // name): the sentence cannot be checked against a cell, and that is a finding.
            f.flag(
                "S-EXEC-NAME",
                Severity::Warning,
                format!("预算执行 {lei}(类){kuan}(款){xiang}(项): 表中无此科目名称"),
                side("text", e.line, Some(e.actual)),
                side(role.id(), 0, None),
            );
            continue;
        }
        let what = e.subject_code.clone().unwrap_or_else(|| "合计".into());
        // The cell `execution_text.table_actual` stores.
        if let Some(t) = e.table_cell(facts) {
            f.equal(
                "S-EXEC-ACTUAL",
                || format!("预算执行 {what}: 支出决算 = {} 本年支出合计", role.title()),
                side("text", e.line, Some(e.actual)),
                side(role.id(), t.line, t.amount),
                tol,
            );
        }
        if let (Some(stated), Some(computed)) = (e.completion_pct, pct(Some(e.actual), Some(e.budget))) {
            f.equal(
                "S-EXEC-PCT",
                || format!("预算执行 {what}: 完成年初预算% = 决算/年初预算"),
                side("text", e.line, Some(stated)),
                side("text", e.line, Some(computed)),
                pct_tol(),
            );
        }
        if let Some(dir) = &e.direction {
            let ok = match dir.as_str() {
                "大于" | "高于" => e.actual > e.budget,
                "小于" | "低于" => e.actual < e.budget,
                _ => (e.actual - e.budget).abs() <= e.budget.abs() / Decimal::from(100),
            };
            if !ok {
                f.flag(
                    "S-EXEC-DIRECTION",
                    Severity::Error,
                    format!("预算执行 {what}: 所述“决算数{dir}年初预算数”与数字不符"),
                    side("text", e.line, Some(e.actual)),
                    side("text", e.line, Some(e.budget)),
                );
            }
        }
    }

    // 三公 as stated against the 三公 table.
    let stage = |s: &str| facts.sangong.iter().find(|r| r.stage == s);
    for t in &n.sangong {
        let st = match t.measure {
            "全年预算" => "预算",
            "决算" => "决算",
            _ => continue,
        };
        let Some(r) = stage(st) else { continue };
        let v = match t.item {
            "合计" => r.total,
            "因公出国(境)费" => r.outbound,
            "公务用车购置及运行维护费" => r.vehicle_subtotal,
            "公务用车购置费" => r.vehicle_purchase,
            "公务用车运行维护费" => r.vehicle_operation,
            "公务接待费" => r.reception,
            _ => continue,
        };
        f.equal(
            "S-SANGONG",
            || format!("情况说明 三公 {}{} = 三公经费表", t.item, t.measure),
            side("text", t.line, Some(t.value)),
            side(Sangong.id(), r.line, Some(v.unwrap_or_default())),
            tolerance(unit_of(facts, Sangong), 1),
        );
    }

    sangong_disclosed(facts, f);

    // 机关运行经费 = 公用经费合计, for a department of administrative units. One that
    // pays 事业单位 as well (its tables carry 事业单位 subjects: 事业单位离退休, 事业单位医疗,
    // 事业运行 …) counts their 公用经费 too, which 机关运行经费 leaves out: there it can
    // only be at most the 公用经费合计.
    if let (Some(j), Some(p)) =
        (n.jiguan.first(), facts.detail.iter().find(|d| d.row_kind == RowKind::Total && d.block == "公用经费"))
    {
        let tol = tolerance(unit_of(facts, BasicDetail), 1);
        if pays_public_service_units(facts) {
            if let Some(total) = p.amount
                && j.amount > total + tol
            {
                f.flag(
                    "S-JIGUAN",
                    Severity::Error,
                    "机关运行经费 ≤ 基本支出明细表 公用经费合计 (部门含事业单位)".into(),
                    side("text", j.line, Some(j.amount)),
                    side(BasicDetail.id(), p.line, p.amount),
                );
            }
        } else {
            f.equal(
                "S-JIGUAN",
                || "机关运行经费 = 基本支出明细表 公用经费合计".into(),
                side("text", j.line, Some(j.amount)),
                side(BasicDetail.id(), p.line, p.amount),
                tol,
            );
        }
    }

    for p in &n.procurement {
        if p.total.is_some() && (p.goods.is_some() || p.works.is_some() || p.services.is_some()) {
            f.equal(
                "S-PROC-SUM",
                || "政府采购支出总额 = 货物 + 工程 + 服务".into(),
                side("text", p.line, p.total),
                side("text", p.line, sum([p.goods, p.works, p.services])),
                tolerance(unit_of(facts, IncomeExpenditure), 3),
            );
        }
        for (rule, what, part, whole) in [
            ("S-PROC-SME", "授予中小企业合同金额 ≤ 政府采购支出总额", p.sme_amount, p.total),
            ("S-PROC-SME", "授予小微企业合同金额 ≤ 授予中小企业合同金额", p.small_micro_amount, p.sme_amount),
        ] {
            if let (Some(a), Some(b)) = (part, whole)
                && a > b
            {
                f.flag(
                    rule,
                    Severity::Error,
                    what.into(),
                    side("text", p.line, Some(a)),
                    side("text", p.line, Some(b)),
                );
            }
        }
        for (what, stated, part) in
            [("中小企业", p.sme_pct, p.sme_amount), ("小微企业", p.small_micro_pct, p.small_micro_amount)]
        {
            if let (Some(s), Some(c)) = (stated, pct(part, p.total)) {
                f.equal(
                    "S-PROC-SHARE",
                    || format!("授予{what}合同金额占比 = 金额/总额"),
                    side("text", p.line, Some(s)),
                    side("text", p.line, Some(c)),
                    pct_tol(),
                );
            }
        }
    }

    for a in &n.assets {
        if let Some(total) = a.vehicles_total {
            if !a.vehicles.is_empty() {
                let s: i32 = a.vehicles.iter().map(|(_, k)| k).sum();
                f.equal(
                    "S-VEHICLES",
                    || "车辆合计 = Σ 各类车辆".into(),
                    side("text", a.line, Some(total.into())),
                    side("text", a.line, Some(s.into())),
                    Decimal::ZERO,
                );
            }
            if let Some(held) = n.sangong.iter().find(|s| s.measure == "保有量") {
                f.equal(
                    "S-VEHICLES",
                    || "国有资产 车辆合计 = 三公 公务用车保有量".into(),
                    side("text", a.line, Some(total.into())),
                    side("text", held.line, Some(held.value)),
                    Decimal::ZERO,
                );
            }
        }
    }

    for y in &n.yoy {
        let (Some(this), Some(change), Some(stated)) = (y.this_year, y.change, y.change_pct) else { continue };
        let base = this - change;
        if base.is_zero() {
            continue;
        }
        let computed = (change * Decimal::from(100) / base).round_dp(2);
        f.equal(
            "S-YOY-PCT",
            || format!("{} 增减幅度% = 增减额 / 上年数", y.measure),
            side("text", y.line, Some(stated)),
            side("text", y.line, Some(computed)),
            pct_tol(),
        );
    }
}

/// What the 三公 section must state (an amount, or 0): each of the four money items, the
/// 出国 团组 and 人次, the vehicles bought and held, the 国内公务接待 批次 and 人次. A
/// missing statement is a warning naming it. Read generously: `公务用车购置及运行维护费`
/// of 0 states both vehicle items; a stated purchase of 0 states that no vehicle was
/// bought; the 国有资产 section's vehicle count states the fleet; a document whose 三公
/// table holds no 决算 at all is asked for the money items only.
fn sangong_disclosed(facts: &Facts, f: &mut Findings) {
    let n = &facts.narrative;
    if facts.table(TableRole::Sangong).is_none() && n.sangong.is_empty() {
        return;
    }
    let stated = |item: &str, measure: &str| n.sangong.iter().find(|x| x.item == item && x.measure == measure);
    let zero = |item: &str, measure: &str| stated(item, measure).is_some_and(|x| x.value.is_zero());
    let vehicles_zero = zero("公务用车购置及运行维护费", "决算");
    let spent = facts.sangong.iter().filter(|r| r.stage == "决算").any(|r| {
        [r.total, r.outbound, r.vehicle_subtotal, r.vehicle_purchase, r.vehicle_operation, r.reception]
            .iter()
            .any(|v| v.is_some_and(|v| !v.is_zero()))
    });
    let mut missing: Vec<&str> = Vec::new();
    if stated("因公出国(境)费", "决算").is_none() {
        missing.push("因公出国（境）费");
    }
    if stated("公务用车购置费", "决算").is_none() && !vehicles_zero {
        missing.push("公务用车购置费");
    }
    if stated("公务用车运行维护费", "决算").is_none() && !vehicles_zero {
        missing.push("公务用车运行维护费");
    }
    if stated("公务接待费", "决算").is_none() && stated("国内接待费", "决算").is_none() {
        missing.push("公务接待费");
    }
    if spent {
        if stated("因公出国(境)费", "团组").is_none() || stated("因公出国(境)费", "人次").is_none() {
            missing.push("因公出国团组数、人次");
        }
        if stated("公务用车购置费", "购置辆数").is_none() && !zero("公务用车购置费", "决算") && !vehicles_zero
        {
            missing.push("购置公务用车辆数");
        }
        let fleet = n.assets.iter().any(|a| a.vehicles_total.is_some());
        if stated("公务用车运行维护费", "保有量").is_none() && !fleet {
            missing.push("公务用车保有量");
        }
        if stated("国内接待费", "批次").is_none() || stated("国内接待费", "人次").is_none() {
            missing.push("国内公务接待批次、人次");
        }
    }
    // A 决算 that differs from its 预算 (in total or for an item) is explained.
    let (budget, actual) =
        (facts.sangong.iter().find(|r| r.stage == "预算"), facts.sangong.iter().find(|r| r.stage == "决算"));
    if let (Some(b), Some(a)) = (budget, actual)
        && n.sangong_reasons.is_empty()
    {
        let tol = tolerance(unit_of(facts, TableRole::Sangong), 1);
        let pairs = [
            (b.total, a.total),
            (b.outbound, a.outbound),
            (b.vehicle_subtotal, a.vehicle_subtotal),
            (b.reception, a.reception),
        ];
        if pairs.iter().any(|&(b, a)| super::difference(b, a).is_some_and(|d| d.abs() > tol)) {
            missing.push("决算与预算不一致的原因");
        }
    }
    if !missing.is_empty() {
        let line = n.sangong.first().map(|x| x.line).unwrap_or(0);
        f.flag(
            "S-SANGONG-DISCLOSED",
            Severity::Warning,
            format!("“三公”经费说明未说明：{}", missing.join("、")),
            side("text", line, None),
            side(TableRole::Sangong.id(), facts.table(TableRole::Sangong).map_or(0, |t| t.line_start), None),
        );
    }
}
