//! The 绩效自评 overview: counts of projects and the money they involve.

use super::*;

re!(perf_overview_re, format!(r"([^,;:。]*?项目)([0-9]+)个,涉及(?:预算)?(?:资金|金额)(?:共计|合计)?{}", money()));

#[inline(never)]
pub(super) fn performance_overview(cx: &mut Cx, out: &mut Narrative) {
    cx.each_with(perf_overview_re(), "个,涉及", 1, |c, line| {
        out.perf_overview.push(PerfOverview {
            kind: c[1].trim_start_matches("其中").trim_start_matches(',').to_string(),
            count: cap_int(c, 2).unwrap_or(0),
            amount: cap_money(c, 3),
            line,
        });
    });
}
