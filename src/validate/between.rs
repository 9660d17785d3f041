//! Identities between tables: the 收支总表 against the 收入/支出 tables and the 财政拨款
//! 总表, the 财政拨款总表's fund columns against the 一般公共预算, 基金 and 国资 tables, the
//! 一般公共预算 基本支出 against the detail table, and the subject codes of 收入 vs 支出.

use std::collections::BTreeSet;

use super::within::{Index, cell, summary};
use super::{Findings, Severity, side, tolerance, unit_of};
use crate::model::{Facts, RowKind, TableRole};

pub fn run(facts: &Facts, idx: &Index, f: &mut Findings) {
    use TableRole::*;
    let ie = IncomeExpenditure;
    let fi = FiscalIncomeExpenditure;
    let tol = tolerance(unit_of(facts, ie).max_unit(unit_of(facts, Income)), 1);
    let income = idx.get(Income);
    let expenditure = idx.get(Expenditure);
    let general = idx.get(GeneralBudget);
    let fund = idx.get(GovFund);
    let state = idx.get(StateCapital);

    if let Some(x) = summary(facts, ie, "收入", "本年收入合计", "金额") {
        let (v, l) = cell(income, None, "本年收入合计");
        f.equal(
            "X-INCOME",
            || "收支总表 本年收入合计 = 收入决算表 合计".into(),
            side(ie.id(), x.line, x.amount),
            side(Income.id(), l, v),
            tol,
        );
    }
    if let Some(x) = summary(facts, ie, "支出", "本年支出合计", "金额") {
        let (v, l) = cell(expenditure, None, "本年支出合计");
        f.equal(
            "X-EXPENDITURE",
            || "收支总表 本年支出合计 = 支出决算表 合计".into(),
            side(ie.id(), x.line, x.amount),
            side(Expenditure.id(), l, v),
            tol,
        );
    }
    // The 收支总表's expenditure by 类 against the 支出决算表's 类 rows (Shanghai's
    // 收支总表 lists every 类; a 类 one table has and the other lacks is compared too).
    if facts.table(Expenditure).is_some() {
        let column: Vec<&crate::model::SummaryFact> =
            facts.summary.iter().filter(|y| y.role == ie && y.side == "支出" && y.measure == "金额").collect();
        let leis: BTreeSet<&str> = column
            .iter()
            .filter(|y| y.amount.is_some())
            .filter_map(|y| y.subject_code)
            .chain(expenditure.keys().flatten().filter(|c| c.len() == 3).copied())
            .collect();
        for lei in leis {
            let y = column.iter().copied().find(|y| y.subject_code == Some(lei));
            let (v, l) = cell(expenditure, Some(lei), "本年支出合计");
            f.equal(
                "X-EXPENDITURE-LEI",
                || format!("收支总表 {lei} = 支出决算表 类 {lei} 本年支出合计"),
                side(ie.id(), y.map(|y| y.line).unwrap_or(0), y.and_then(|y| y.amount)),
                side(Expenditure.id(), l, v),
                tol,
            );
        }
    }
    for (a, b) in [
        ("一般公共预算财政拨款收入", "一般公共预算财政拨款"),
        ("政府性基金预算财政拨款收入", "政府性基金预算财政拨款"),
        ("国有资本经营预算财政拨款收入", "国有资本经营预算财政拨款"),
    ] {
        let x = summary(facts, ie, "收入", a, "金额");
        let y =
            facts.summary.iter().find(|y| y.role == fi && y.side == "收入" && &*y.item == b && y.parent_item.is_none());
        if let (Some(x), Some(y)) = (x, y) {
            f.equal(
                "X-FISCAL-INCOME",
                || format!("收支总表 {a} = 财政拨款收支总表 {b}"),
                side(ie.id(), x.line, x.amount),
                side(fi.id(), y.line, y.amount),
                tol,
            );
        }
    }
    if let Some(y) = summary(facts, fi, "收入", "本年收入合计", "金额") {
        let (v, l) = cell(income, None, "财政拨款收入");
        f.equal(
            "X-INCOME-FISCAL",
            || "收入决算表 合计 财政拨款收入 = 财政拨款收支总表 本年收入合计".into(),
            side(Income.id(), l, v),
            side(fi.id(), y.line, y.amount),
            tol,
        );
    }
    // Fund columns of the 财政拨款总表 against their own tables, in total and per 类.
    for (measure, role, table, rule) in [
        ("一般公共预算财政拨款", GeneralBudget, &general, "X-GENERAL"),
        ("政府性基金预算财政拨款", GovFund, &fund, "X-FUND"),
        ("国有资本经营预算财政拨款", StateCapital, &state, "X-STATE-CAPITAL"),
    ] {
        if facts.table(role).is_none() {
            continue;
        }
        if let Some(y) = summary(facts, fi, "支出", "本年支出合计", measure) {
            let (v, l) = cell(table, None, "本年支出合计");
            f.equal(
                rule,
                || format!("财政拨款收支总表 本年支出合计 {measure} = {} 合计", role.title()),
                side(fi.id(), y.line, y.amount),
                side(role.id(), l, v),
                tol,
            );
        }
        // The fund column's cells, found once rather than once per 类.
        let column: Vec<&crate::model::SummaryFact> =
            facts.summary.iter().filter(|y| y.role == fi && y.measure == measure).collect();
        let leis: BTreeSet<&str> = column
            .iter()
            .filter_map(|y| y.subject_code)
            .chain(table.keys().flatten().filter(|c| c.len() == 3).copied())
            .collect();
        for lei in leis {
            let y = column.iter().copied().find(|y| y.subject_code == Some(lei));
            let (v, l) = cell(table, Some(lei), "本年支出合计");
            let yl = y.map(|y| y.line).unwrap_or(0);
            f.equal(
                rule,
                || format!("财政拨款收支总表 {lei} {measure} = {} 类 {lei}", role.title()),
                side(fi.id(), yl, y.and_then(|y| y.amount)),
                side(role.id(), l, v),
                tol,
            );
        }
    }
    // An empty 国资 table goes with an empty 国资 column.
    let column_empty = facts
        .summary
        .iter()
        .filter(|y| y.role == fi && y.measure == "国有资本经营预算财政拨款")
        .all(|y| y.amount.is_none_or(|a| a.is_zero()));
    let table_empty = state.values().flat_map(|m| m.values()).all(|(v, _)| v.is_none_or(|a| a.is_zero()));
    if facts.table(StateCapital).is_some() && column_empty != table_empty {
        let line = facts.table(StateCapital).map(|t| t.line_start).unwrap_or(0);
        let cell = facts.summary.iter().find(|y| {
            y.role == fi && y.measure == "国有资本经营预算财政拨款" && y.amount.is_some_and(|a| !a.is_zero())
        });
        f.flag(
            "X-STATE-CAPITAL-EMPTY",
            Severity::Error,
            "国有资本经营预算财政拨款支出决算表为空 ⇔ 财政拨款收支总表 国有资本经营 栏为空".into(),
            side(StateCapital.id(), line, None),
            side(fi.id(), cell.map(|c| c.line).unwrap_or(0), cell.and_then(|c| c.amount)),
        );
    }
    // 一般公共预算 基本支出 = 人员经费合计 + 公用经费合计.
    let personnel = facts.detail.iter().find(|d| d.row_kind == RowKind::Total && d.block == "人员经费");
    let public = facts.detail.iter().find(|d| d.row_kind == RowKind::Total && d.block == "公用经费");
    if let (Some(p), Some(q)) = (personnel, public) {
        let (v, l) = cell(general, None, "基本支出");
        f.equal(
            "X-BASIC",
            || "一般公共预算财政拨款支出决算表 合计 基本支出 = 人员经费合计 + 公用经费合计".into(),
            side(GeneralBudget.id(), l, v),
            super::sum_side(BasicDetail.id(), &[(p.amount, p.line), (q.amount, q.line)]),
            tolerance(unit_of(facts, BasicDetail), 2),
        );
    }
    // The 三公 items in the basic-expenditure table are at most the 三公 table's 决算 of
    // the same item: the 三公 table counts 基本 and 项目 money, the detail table only 基本.
    if let Some(actual) = facts.sangong.iter().find(|r| r.stage == "决算") {
        for (code, item, cap) in [
            ("30212", "因公出国（境）费", actual.outbound),
            ("30217", "公务接待费", actual.reception),
            ("30231", "公务用车运行维护费", actual.vehicle_operation),
            ("31013", "公务用车购置", actual.vehicle_purchase),
        ] {
            let Some(d) = facts.detail.iter().find(|d| d.code.as_deref() == Some(code)) else { continue };
            let (Some(spent), cap_v) = (d.amount, cap.unwrap_or_default()) else { continue };
            if spent > cap_v + tolerance(unit_of(facts, BasicDetail), 1) {
                f.flag(
                    "X-SANGONG-ECON",
                    Severity::Error,
                    format!("基本支出明细表 {code} {item} ≤ 三公经费表 决算 {item}"),
                    side(BasicDetail.id(), d.line, Some(spent)),
                    side(Sangong.id(), actual.line, cap),
                );
            }
        }
    }
    // 收入 and 支出 tables carry the same subject codes.
    let a: BTreeSet<&str> = income.keys().flatten().copied().collect();
    let b: BTreeSet<&str> = expenditure.keys().flatten().copied().collect();
    for code in a.symmetric_difference(&b) {
        let (in_income, l) = if a.contains(code) {
            (true, cell(income, Some(code), "本年收入合计").1)
        } else {
            (false, cell(expenditure, Some(code), "本年支出合计").1)
        };
        let (here, other) = if in_income { (Income, Expenditure) } else { (Expenditure, Income) };
        f.flag(
            "X-CODES",
            Severity::Error,
            format!("科目 {code} 见于{}而不见于{}", here.title(), other.title()),
            side(here.id(), l, None),
            side(other.id(), 0, None),
        );
    }
}
