//! The 绩效 appendix's own arithmetic: 执行率 = B/A, 预算执行得分 = 分值 × 执行率,
//! 总分 = Σ 得分, the 汇总表 score = each 自评表's 总分, the grade band, and unit slips
//! between a target and its actual (元 against 万元).

use rust_decimal::Decimal;

use super::{Findings, Severity, side};
use crate::model::Facts;

fn band(score: Decimal) -> &'static str {
    if score >= Decimal::from(90) {
        "优"
    } else if score >= Decimal::from(80) {
        "良"
    } else if score >= Decimal::from(60) {
        "中"
    } else {
        "差"
    }
}

pub fn run(facts: &Facts, f: &mut Findings) {
    let n = &facts.narrative;
    let tol = Decimal::new(1, 2);
    for e in &n.perf_evals {
        let p = &e.project;
        if let (Some(a), Some(b), Some(rate)) = (e.budget_full, e.executed, e.exec_rate_pct)
            && !a.is_zero()
        {
            let computed = (b * Decimal::from(100) / a).round_dp(2);
            f.equal(
                "P-EXEC-RATE",
                || format!("自评表 {p}: 执行率 = 全年执行数/全年预算数"),
                side("perf", e.exec_line, Some(rate)),
                side("perf", e.exec_line, Some(computed)),
                tol,
            );
        }
        if let (Some(w), Some(rate), Some(score)) = (e.weight, e.exec_rate_pct, e.score) {
            let computed = (w * rate.min(Decimal::from(100)) / Decimal::from(100)).round_dp(2);
            f.equal(
                "P-EXEC-SCORE",
                || format!("自评表 {p}: 预算执行得分 = 分值 × 执行率"),
                side("perf", e.exec_line, Some(score)),
                side("perf", e.exec_line, Some(computed)),
                tol,
            );
        }
        let indicators: Vec<_> = n.perf_indicators.iter().filter(|i| *i.project == *e.project).collect();
        if let Some(total) = e.total_score
            && !indicators.is_empty()
        {
            let mut terms = vec![(e.score, e.exec_line)];
            terms.extend(indicators.iter().map(|i| (i.score, i.line)));
            f.equal(
                "P-TOTAL",
                || format!("自评表 {p}: 总分 = 预算执行得分 + Σ 指标得分"),
                side("perf", e.total_line, Some(total)),
                super::sum_side("perf", &terms),
                tol,
            );
        }
        for i in indicators {
            let money = |u: &Option<String>| matches!(u.as_deref(), Some("元" | "万元"));
            if money(&i.target.unit) && money(&i.actual.unit) && i.target.unit != i.actual.unit {
                f.flag(
                    "P-UNIT-SLIP",
                    Severity::Warning,
                    format!(
                        "自评表 {p} {}: 年度指标值 {} 与实际完成值 {} 单位不一致",
                        i.level3, i.target.text, i.actual.text
                    ),
                    side("perf", i.line, i.target.value),
                    side("perf", i.line, i.actual.value),
                );
            }
        }
    }
    for (k, s) in n.perf_projects.iter().enumerate() {
        let eval = n.perf_evals.iter().find(|e| e.project == s.project).or_else(|| n.perf_evals.get(k));
        if let (Some(e), Some(score)) = (eval, s.score)
            && let Some(total) = e.total_score
        {
            f.equal(
                "P-SUMMARY",
                || format!("汇总表 {} 自评得分 = 自评表总分", s.project),
                side("perf", s.line, Some(score)),
                side("perf", e.total_line, Some(total)),
                tol,
            );
        }
        if let Some(score) = s.score
            && !s.grade.is_empty()
            && s.grade != band(score)
        {
            f.flag(
                "P-GRADE",
                Severity::Error,
                format!("汇总表 {}: 自评等级{}与得分不符（应为{}）", s.project, s.grade, band(score)),
                side("perf", s.line, Some(score)),
                side("perf", s.line, None),
            );
        }
    }
}
