//! Identities within one table: totals and sums in the 收支总表, row sums and the
//! 类 = Σ 款 = Σ 项 hierarchy of the subject tables, fund balances of the 财政拨款总表,
//! block totals of the basic-expenditure detail, and the 三公 table's arithmetic.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Findings, Severity, present, side, sum, sum_side, tolerance, unit_of};
use crate::model::{Facts, RowKind, SUBJECT_MEASURES, SummaryFact, TableRole};

/// A measure as a small number, its place in [`SUBJECT_MEASURES`]: the checks look up
/// thousands of cells per document, and comparing measure names in ordered maps was a
/// third of their time.
fn measure_id(m: &str) -> Option<usize> {
    SUBJECT_MEASURES.binary_search(&m).ok()
}

/// A subject table row's cells: (amount, line) by measure, the first when a table
/// repeats a cell.
#[derive(Debug, Clone, Default)]
pub struct Cells([Option<(Option<Decimal>, u32)>; SUBJECT_MEASURES.len()]);

impl Cells {
    pub fn get(&self, measure: &str) -> Option<&(Option<Decimal>, u32)> {
        measure_id(measure).and_then(|i| self.0[i].as_ref())
    }
    /// The cells present, in the order of their measures' names.
    pub fn values(&self) -> impl Iterator<Item = &(Option<Decimal>, u32)> {
        self.0.iter().flatten()
    }
}

impl std::ops::Index<&str> for Cells {
    type Output = (Option<Decimal>, u32);
    fn index(&self, measure: &str) -> &Self::Output {
        self.get(measure).expect("a measure the row has")
    }
}

/// A subject table's rows sorted by code, the 合计 row (`None`) first; codes borrowed
/// from the facts.
#[derive(Debug, Default)]
pub struct Rows<'a>(Vec<(Option<&'a str>, Cells)>);

impl<'a> Rows<'a> {
    pub fn get(&self, code: Option<&str>) -> Option<&Cells> {
        self.0.binary_search_by(|(c, _)| c.cmp(&code)).ok().map(|i| &self.0[i].1)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&Option<&'a str>, &Cells)> {
        self.0.iter().map(|(c, cells)| (c, cells))
    }
    pub fn keys(&self) -> impl Iterator<Item = &Option<&'a str>> {
        self.0.iter().map(|(c, _)| c)
    }
    pub fn values(&self) -> impl Iterator<Item = &Cells> {
        self.0.iter().map(|(_, cells)| cells)
    }
}

/// The subject tables indexed once per document (every rule family reads them).
#[derive(Default)]
pub struct Index<'a>(BTreeMap<TableRole, Rows<'a>>);

impl<'a> Index<'a> {
    pub fn new(facts: &'a Facts) -> Index<'a> {
        // A row's cells come one after another: each starts a row unless it continues
        // the last one. Rows are then sorted (stably) and a repeated row merged into its
        // first, so that the first cell of a (row, measure) wins, as documented.
        // A table's cells are one run of facts: its rows are looked up once per run.
        let mut by_role: BTreeMap<TableRole, Vec<(Option<&'a str>, Cells)>> = BTreeMap::new();
        for run in facts.subject.chunk_by(|a, b| a.role == b.role) {
            let rows = by_role.entry(run[0].role).or_default();
            for f in run {
                let key = f.row_key();
                if rows.last().is_none_or(|(k, _)| *k != key) {
                    rows.push((key, Cells::default()));
                }
                let i = measure_id(f.measure).expect("a subject fact's measure is one of SUBJECT_MEASURES");
                let (_, cells) = rows.last_mut().expect("pushed above");
                cells.0[i].get_or_insert((f.amount, f.line));
            }
        }
        let index = by_role.into_iter().map(|(role, mut rows)| {
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            rows.dedup_by(|later, first| {
                let same = later.0 == first.0;
                if same {
                    for (kept, cell) in first.1.0.iter_mut().zip(&later.1.0) {
                        if kept.is_none() {
                            *kept = *cell;
                        }
                    }
                }
                same
            });
            (role, Rows(rows))
        });
        Index(index.collect())
    }

    pub fn get(&self, role: TableRole) -> &Rows<'a> {
        static EMPTY: Rows<'static> = Rows(Vec::new());
        self.0.get(&role).unwrap_or(&EMPTY)
    }
}

pub fn cell(rows: &Rows, code: Option<&str>, measure: &str) -> (Option<Decimal>, u32) {
    rows.get(code).and_then(|r| r.get(measure)).copied().unwrap_or((None, 0))
}

pub fn summary<'a>(
    facts: &'a Facts,
    role: TableRole,
    side_name: &str,
    item: &str,
    measure: &str,
) -> Option<&'a SummaryFact> {
    facts.summary.iter().find(|f| f.role == role && f.side == side_name && &*f.item == item && f.measure == measure)
}

pub fn run(facts: &Facts, idx: &Index, f: &mut Findings) {
    income_expenditure(facts, f);
    for role in [
        TableRole::Income,
        TableRole::Expenditure,
        TableRole::GeneralBudget,
        TableRole::GovFund,
        TableRole::StateCapital,
    ] {
        if facts.table(role).is_some() {
            subject_rows(facts, idx.get(role), role, f);
            hierarchy(facts, idx.get(role), role, f);
        }
    }
    fiscal(facts, f);
    detail(facts, f);
    sangong(facts, f);
}

fn income_expenditure(facts: &Facts, f: &mut Findings) {
    let role = TableRole::IncomeExpenditure;
    let t = role.id();
    let u = unit_of(facts, role);
    let get = |s: &str, item: &str| summary(facts, role, s, item, "金额").map(|x| (x.amount, x.line));
    if let (Some((a, la)), Some((b, lb))) = (get("收入", "总计"), get("支出", "总计")) {
        f.equal(
            "T01-BALANCE",
            || "收支总表 收入总计 = 支出总计".into(),
            side(t, la, a),
            side(t, lb, b),
            tolerance(u, 1),
        );
    }
    for (s_name, total_item, tail) in [
        ("收入", "本年收入合计", ["使用非财政拨款结余", "年初结转和结余"]),
        ("支出", "本年支出合计", ["结余分配", "年末结转和结余"]),
    ] {
        let Some((total, lt)) = get(s_name, "总计") else { continue };
        let Some((year, ly)) = get(s_name, total_item) else { continue };
        let mut terms = vec![(year, ly)];
        terms.extend(tail.iter().filter_map(|i| get(s_name, i)));
        f.equal(
            "T01-TOTAL",
            || format!("收支总表 {s_name}方 总计 = {total_item} + {}", tail.join(" + ")),
            side(t, lt, total),
            sum_side(t, &terms),
            tolerance(u, present(terms.iter().map(|x| x.0))),
        );
        // 本年合计 = Σ the lines above it (income sources; 类 of expenditure).
        let items: Vec<&SummaryFact> = facts
            .summary
            .iter()
            .filter(|x| x.role == role && x.side == s_name && x.measure == "金额" && x.line < ly)
            .filter(|x| s_name == "收入" || x.subject_code.is_some())
            .collect();
        let what = if s_name == "收入" { "Σ 各项收入" } else { "Σ 各类支出" };
        f.equal(
            if s_name == "收入" { "T01-INCOME-SUM" } else { "T01-EXPENDITURE-SUM" },
            || format!("收支总表 {total_item} = {what}"),
            side(t, ly, year),
            sum_side(t, &items.iter().map(|x| (x.amount, x.line)).collect::<Vec<_>>()),
            tolerance(u, present(items.iter().map(|x| x.amount))),
        );
    }
}

/// Row identities: 合计 = Σ parts on every row.
fn subject_rows(facts: &Facts, rows: &Rows, role: TableRole, f: &mut Findings) {
    let (rule, total, parts): (&str, &str, &[&str]) = match role {
        TableRole::Income => (
            "T02-ROW",
            "本年收入合计",
            &["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
        ),
        TableRole::Expenditure => {
            ("T03-ROW", "本年支出合计", &["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"])
        }
        TableRole::GeneralBudget => ("T05-ROW", "本年支出合计", &["基本支出", "项目支出"]),
        TableRole::GovFund => ("T07-ROW", "本年支出合计", &["基本支出", "项目支出"]),
        _ => ("T08-ROW", "本年支出合计", &["基本支出", "项目支出"]),
    };
    let t = role.id();
    let u = unit_of(facts, role);
    for (code, cells) in rows.iter() {
        let Some(&(lhs, line)) = cells.get(total) else { continue };
        // The parts the row has, with their amounts (walked again only for a finding).
        let present = || parts.iter().filter_map(|p| cells.get(p).map(|c| (*p, c.0)));
        if present().next().is_none() {
            continue;
        }
        let rhs = sum(present().map(|(_, v)| v));
        let what = code.as_deref().unwrap_or("合计");
        if super::difference(lhs, rhs).is_some() {
            f.equal(
                rule,
                || {
                    format!(
                        "{} {what}: {total} = {}",
                        role.title(),
                        present().map(|(p, _)| p).collect::<Vec<_>>().join(" + ")
                    )
                },
                side(t, line, lhs),
                side(t, line, rhs),
                tolerance(u, super::present(present().map(|(_, v)| v))),
            );
        }
        if role == TableRole::GovFund {
            let (open, close, income) =
                (cells.get("年初结转和结余"), cells.get("年末结转和结余"), cells.get("本年收入"));
            if let (Some(i), Some(c)) = (income, close) {
                let lhs2 = sum([open.and_then(|x| x.0), i.0, lhs.map(|v| -v)]);
                f.equal(
                    "T07-CARRY",
                    || format!("{} {what}: 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余", role.title()),
                    side(t, line, lhs2.or(Some(Decimal::ZERO))),
                    side(t, line, c.0.or(Some(Decimal::ZERO))),
                    tolerance(u, 3),
                );
            }
        }
    }
}

/// 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类, for every measure.
fn hierarchy(facts: &Facts, rows: &Rows, role: TableRole, f: &mut Findings) {
    let t = role.id();
    let u = unit_of(facts, role);
    let rows = &rows.0;
    // Measures in the order of their names, as the findings have always come.
    let measures: Vec<usize> =
        (0..SUBJECT_MEASURES.len()).filter(|&m| rows.iter().any(|(_, c)| c.0[m].is_some())).collect();
    let coded = rows.partition_point(|(c, _)| c.is_none());
    let lei = || rows[coded..].iter().filter(|(c, _)| c.is_some_and(|c| c.len() == 3));
    // Rows are sorted by code: a parent's children follow it, sharing its prefix.
    let parents = rows[..coded].iter().map(|(_, cells)| (None, cells, lei().collect::<Vec<_>>())).chain(
        rows.iter().enumerate().skip(coded).filter_map(|(k, (code, cells))| {
            let p = code.filter(|p| p.len() < 7)?;
            let children = rows[k + 1..]
                .iter()
                .take_while(|(c, _)| c.is_some_and(|c| c.starts_with(p)))
                .filter(|(c, _)| c.is_some_and(|c| c.len() == p.len() + 2))
                .collect::<Vec<_>>();
            Some((Some(p), cells, children))
        }),
    );
    for (parent, cells, children) in parents {
        if children.is_empty() {
            continue;
        }
        for &m in &measures {
            let Some((lhs, line)) = cells.0[m] else { continue };
            // Most identities hold: their sides (two vectors) are built only when one
            // does not.
            if super::difference(lhs, sum(children.iter().map(|(_, c)| c.0[m].and_then(|x| x.0)))).is_none() {
                continue;
            }
            let terms: Vec<(Option<Decimal>, u32)> =
                children.iter().map(|(_, c)| c.0[m].unwrap_or((None, 0))).collect();
            f.equal(
                "T-HIERARCHY",
                || {
                    let level = match parent {
                        None => "合计 = Σ 类".to_string(),
                        Some(p) if p.len() == 3 => format!("类 {p} = Σ 款"),
                        Some(p) => format!("款 {p} = Σ 项"),
                    };
                    format!("{} {}: {level}", role.title(), SUBJECT_MEASURES[m])
                },
                side(t, line, lhs),
                sum_side(t, &terms),
                tolerance(u, present(terms.iter().map(|x| x.0))),
            );
        }
    }
}

/// 财政拨款收支总表: each row's 合计 = Σ funds; each fund's 年初 + 收入 = 支出 + 年末.
fn fiscal(facts: &Facts, f: &mut Findings) {
    let role = TableRole::FiscalIncomeExpenditure;
    let t = role.id();
    let u = unit_of(facts, role);
    const FUNDS: [&str; 3] = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"];
    let mut by_line: BTreeMap<(u32, &str), Vec<&SummaryFact>> = BTreeMap::new();
    for x in facts.summary.iter().filter(|x| x.role == role && x.side == "支出") {
        by_line.entry((x.line, &*x.item)).or_default().push(x);
    }
    for ((line, item), cells) in &by_line {
        let total = cells.iter().find(|c| c.measure == "金额");
        let funds: [Option<Decimal>; 3] = FUNDS.map(|m| cells.iter().find(|c| c.measure == m).and_then(|c| c.amount));
        let Some(total) = total else { continue };
        if cells.len() < 2 {
            continue;
        }
        f.equal(
            "T04-ROW",
            || format!("财政拨款收支总表 {item}: 合计 = 一般公共预算 + 政府性基金 + 国有资本经营"),
            side(t, *line, total.amount),
            side(t, *line, sum(funds)),
            tolerance(u, present(funds)),
        );
    }
    // Each fund is also the 收入 item that states its income.
    for fund in FUNDS {
        let income = facts
            .summary
            .iter()
            .find(|x| x.role == role && x.side == "收入" && &*x.item == fund && x.parent_item.is_none());
        let opening = facts
            .summary
            .iter()
            .find(|x| x.role == role && x.side == "收入" && &*x.item == fund && x.parent_item.is_some());
        let spent = summary(facts, role, "支出", "本年支出合计", fund);
        let closing = facts
            .summary
            .iter()
            .find(|x| x.role == role && x.side == "支出" && x.item.contains("年末") && x.measure == fund);
        let (Some(i), Some(s)) = (income, spent) else { continue };
        f.equal(
            "T04-FUND",
            || format!("财政拨款收支总表 {fund}: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余"),
            sum_side(
                t,
                &[(i.amount, i.line), (opening.and_then(|x| x.amount), opening.map(|x| x.line).unwrap_or(i.line))],
            ),
            sum_side(
                t,
                &[(s.amount, s.line), (closing.and_then(|x| x.amount), closing.map(|x| x.line).unwrap_or(s.line))],
            ),
            tolerance(u, 4),
        );
    }
}

/// 基本支出明细: block totals = Σ top-level codes; each top-level code = Σ its details.
fn detail(facts: &Facts, f: &mut Findings) {
    let role = TableRole::BasicDetail;
    let t = role.id();
    let u = unit_of(facts, role);
    for block in ["人员经费", "公用经费"] {
        let Some(total) = facts.detail.iter().find(|d| d.row_kind == RowKind::Total && d.block == block) else {
            continue;
        };
        let tops: Vec<_> =
            facts.detail.iter().filter(|d| d.block == block && d.code.as_ref().is_some_and(|c| c.len() == 3)).collect();
        let codes: Vec<&str> = tops.iter().filter_map(|d| d.code.as_deref()).collect();
        f.equal(
            "T06-BLOCK",
            || format!("基本支出明细表 {block}合计 = Σ {}", codes.join(" + ")),
            side(t, total.line, total.amount),
            sum_side(t, &tops.iter().map(|d| (d.amount, d.line)).collect::<Vec<_>>()),
            tolerance(u, present(tops.iter().map(|d| d.amount))),
        );
    }
    for top in facts.detail.iter().filter(|d| d.code.as_ref().is_some_and(|c| c.len() == 3)) {
        let code = top.code.as_deref().expect("filtered");
        let details: Vec<_> = facts
            .detail
            .iter()
            .filter(|d| d.code.as_ref().is_some_and(|c| c.len() == 5 && c.starts_with(code)))
            .collect();
        if details.is_empty() {
            continue;
        }
        f.equal(
            "T06-CODE",
            || format!("基本支出明细表 {code} {} = Σ 明细", top.name),
            side(t, top.line, top.amount),
            sum_side(t, &details.iter().map(|d| (d.amount, d.line)).collect::<Vec<_>>()),
            tolerance(u, present(details.iter().map(|d| d.amount))),
        );
    }
}

fn sangong(facts: &Facts, f: &mut Findings) {
    let role = TableRole::Sangong;
    let t = role.id();
    let u = unit_of(facts, role);
    for r in &facts.sangong {
        f.equal(
            "T09-TOTAL",
            || format!("三公经费表 {}: 合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费", r.stage),
            side(t, r.line, r.total),
            side(t, r.line, sum([r.outbound, r.vehicle_subtotal, r.reception])),
            tolerance(u, present([r.outbound, r.vehicle_subtotal, r.reception])),
        );
        f.equal(
            "T09-VEHICLE",
            || format!("三公经费表 {}: 公务用车购置及运行维护费 = 购置费 + 运行维护费", r.stage),
            side(t, r.line, r.vehicle_subtotal),
            side(t, r.line, sum([r.vehicle_purchase, r.vehicle_operation])),
            tolerance(u, present([r.vehicle_purchase, r.vehicle_operation])),
        );
        for (name, v) in [
            ("合计", r.total),
            ("因公出国（境）费", r.outbound),
            ("公务用车购置及运行维护费", r.vehicle_subtotal),
            ("公务用车购置费", r.vehicle_purchase),
            ("公务用车运行维护费", r.vehicle_operation),
            ("公务接待费", r.reception),
        ] {
            if v.is_some_and(|v| v < Decimal::ZERO) {
                f.flag(
                    "T09-NONNEG",
                    Severity::Error,
                    format!("三公经费表 {} {name} ≥ 0", r.stage),
                    side(t, r.line, v),
                    side(t, r.line, Some(Decimal::ZERO)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MoneyUnit;
    use crate::model::SubjectFact;
    use crate::model::subject::SubjectCode;

    fn fact(code: Option<&str>, measure: &'static str, amount: i64, line: u32) -> SubjectFact {
        SubjectFact {
            role: TableRole::Expenditure,
            row_kind: if code.is_some() { RowKind::Item } else { RowKind::Total },
            code: code.and_then(SubjectCode::parse),
            name: "".into(),
            measure,
            amount: Some(Decimal::from(amount)),
            unit: MoneyUnit::Wanyuan,
            line,
        }
    }

    #[test]
    fn a_repeated_row_keeps_its_first_cells_and_gains_the_missing_ones() {
        let facts = Facts {
            subject: vec![
                fact(Some("201"), "基本支出", 1, 10),
                fact(None, "基本支出", 9, 8),
                fact(Some("20101"), "基本支出", 1, 11),
                fact(Some("201"), "基本支出", 2, 30),
                fact(Some("201"), "项目支出", 3, 30),
            ],
            ..Facts::default()
        };
        let idx = Index::new(&facts);
        let rows = idx.get(TableRole::Expenditure);
        assert_eq!(cell(rows, Some("201"), "基本支出"), (Some(Decimal::from(1)), 10));
        assert_eq!(cell(rows, Some("201"), "项目支出"), (Some(Decimal::from(3)), 30));
        assert_eq!(cell(rows, None, "基本支出"), (Some(Decimal::from(9)), 8));
        assert_eq!(rows.keys().copied().collect::<Vec<_>>(), [None, Some("201"), Some("20101")]);
        assert_eq!(cell(rows, Some("202"), "基本支出"), (None, 0));
    }
}
