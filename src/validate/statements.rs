//! Statements that cannot be true as printed, whatever the tables hold: a rate against a
//! base of zero, a direction word that the figures of the same sentence contradict, and
//! last year's figures (this year's less the stated change) whose part exceeds their
//! whole — the 持平 said of a total that was a slip.

use rust_decimal::Decimal;

use super::{Findings, Severity, side, tolerance, unit_of};
use crate::model::{Facts, TableRole};

pub fn run(year: Option<i32>, facts: &Facts, f: &mut Findings) {
    if let Some(year) = year {
        last_year(year, facts, f);
    }
    zero_bases(facts, f);
    directions(facts, f);
    parts_and_wholes(facts, f);
}

/// A year-on-year statement compares with last year: `与 2023 年度相比` in a 2024 document.
/// Another year is a sentence carried over from another year's document and not updated
/// (its figures then describe that year), or a slip of the year.
fn last_year(year: i32, facts: &Facts, f: &mut Findings) {
    for y in &facts.narrative.yoy {
        if y.prior_year != 0 && y.prior_year != year - 1 {
            f.flag(
                "S-YOY-YEAR",
                Severity::Warning,
                format!("{}：{year} 年度的文档与 {} 年相比（应为 {}）", y.measure, y.prior_year, year - 1),
                side("text", y.line, y.this_year),
                side("document", 0, None),
            );
        }
    }
}

/// A rate stated against a base of zero, which no rate can be: `增长 X%` where this year
/// less the change is 0, `完成年初预算的 X%` where the 年初预算 is 0.
fn zero_bases(facts: &Facts, f: &mut Findings) {
    for y in &facts.narrative.yoy {
        if let (Some(now), Some(change), Some(pct)) = (y.this_year, y.change, y.change_pct)
            && (now - change).is_zero()
            && !change.is_zero()
        {
            f.flag(
                "S-ZERO-BASE",
                Severity::Error,
                format!("{}：上年数为 0（本年 {now} − 增减 {change}），不能有增减幅度 {pct}%", y.measure),
                side("text", y.line, Some(pct)),
                side("text", y.line, Some(now - change)),
            );
        }
    }
    for e in &facts.narrative.execution {
        if let Some(pct) = e.completion_pct
            && e.budget.is_zero()
        {
            f.flag(
                "S-ZERO-BASE",
                Severity::Error,
                format!("年初预算为 0，不能有完成年初预算的 {pct}%"),
                side("text", e.line, Some(pct)),
                side("text", e.line, Some(e.budget)),
            );
        }
    }
}

/// Opposite signs: an amount that rose with a rate that fell, or the other way.
fn opposed(amount: Option<Decimal>, rate: Option<Decimal>) -> Option<(Decimal, Decimal)> {
    let (a, r) = (amount?, rate?);
    ((a > Decimal::ZERO && r < Decimal::ZERO) || (a < Decimal::ZERO && r > Decimal::ZERO)).then_some((a, r))
}

fn word(v: Decimal, up: &'static str, down: &'static str) -> &'static str {
    if v < Decimal::ZERO { down } else { up }
}

/// A direction word the same sentence's figures contradict: `增加 X 万元，下降 Y%` (the
/// amount and the rate are signed by their own words, so they disagree in sign), for a
/// year-on-year change and for 机关运行经费 against its budget. The budget-execution
/// paragraphs' `决算数大于年初预算数` is S-EXEC-DIRECTION.
fn directions(facts: &Facts, f: &mut Findings) {
    let n = &facts.narrative;
    // (what, how the amount is said, amount, rate, line) of every statement with both figures.
    let yoy = n.yoy.iter().map(|y| (y.measure.as_str(), "金额", y.change, y.change_pct, y.line));
    let jiguan = n.jiguan.iter().map(|j| ("机关运行经费", "比预算", j.budget_change, j.change_pct, j.line));
    for (what, against, amount, rate, line) in yoy.chain(jiguan) {
        let Some((a, r)) = opposed(amount, rate) else { continue };
        f.flag(
            "S-DIRECTION",
            Severity::Error,
            format!(
                "{what}：{against}{} {}，幅度却{} {}%",
                word(a, "增加", "减少"),
                a.abs().normalize(),
                word(r, "增长", "下降"),
                r.abs().normalize()
            ),
            side("text", line, Some(a)),
            side("text", line, Some(r)),
        );
    }
}

/// The year-on-year statements' measures that are parts of one another, by the name the
/// text gives them.
fn canonical(measure: &str) -> Option<&'static str> {
    Some(match measure {
        "收支总计" | "收入支出总计" | "收、支总计" | "总计" => "收支总计",
        "财政拨款收支总计" | "财政拨款收入支出总计" | "财政拨款收、支总计" => {
            "财政拨款收支总计"
        }
        "一般公共预算财政拨款支出" => "一般公共预算财政拨款支出",
        "财政拨款收入" => "财政拨款收入",
        "基本支出" => "基本支出",
        "项目支出" => "项目支出",
        _ => return None,
    })
}

/// (part, whole): the part can never exceed the whole, this year or last.
const PARTS: [(&str, &str); 5] = [
    ("财政拨款收支总计", "收支总计"),
    ("一般公共预算财政拨款支出", "财政拨款收支总计"),
    ("财政拨款收入", "收支总计"),
    ("基本支出", "收支总计"),
    ("项目支出", "收支总计"),
];

/// This year's stated figures, and last year's that the stated changes imply (本年 −
/// 增减; a 持平 or 相同 is a change of 0), hold part ≤ whole. The 财政局's real
/// `财政拨款收入支出总计0.3万元。与2023年度相比…持平` makes last year's 财政拨款 total 0.3
/// against an implied 3,003.19 of 一般公共预算财政拨款支出 within it.
fn parts_and_wholes(facts: &Facts, f: &mut Findings) {
    let yoy = &facts.narrative.yoy;
    let find = |name: &str| yoy.iter().find(|y| canonical(&y.measure) == Some(name) && y.this_year.is_some());
    let tol = tolerance(unit_of(facts, TableRole::IncomeExpenditure), 2);
    for (part, whole) in PARTS {
        let (Some(p), Some(w)) = (find(part), find(whole)) else { continue };
        let (Some(pn), Some(wn)) = (p.this_year, w.this_year) else { continue };
        let mut years = vec![("本年", pn, wn)];
        if let (Some(pc), Some(wc)) = (p.change, w.change)
            && p.prior_year == w.prior_year
        {
            years.push(("上年（本年数 − 增减额）", pn - pc, wn - wc));
        }
        for (when, pv, wv) in years {
            if pv > wv + tol {
                f.flag(
                    "S-YOY-PARTS",
                    Severity::Error,
                    format!("{when}：{} {} ≤ {} {}", p.measure, pv.normalize(), w.measure, wv.normalize()),
                    side("text", p.line, Some(pv)),
                    side("text", w.line, Some(wv)),
                );
            }
        }
    }
}
