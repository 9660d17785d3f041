//! 机关运行经费: the amount, its change against the 年初预算 (signed) and %, the reason.

use super::*;

re!(jiguan_re, format!(r"(?:机关|机构)运行经费(?:支出)?(?:决算数?)?(?:为|共计|合计)?{}([^。]*)", money()));
re!(jiguan_change_re, format!(r"(?:比|较)(?:年初)?预算(?:数)?(增加|减少|增长|下降|节约)了?{}", money()));
re!(pct_change_re, format!(r"(增长|下降|减少|增加|降低)了?{}", pct()));
re!(reason_re, r"原因(?:是|为|:)([^。]*)");

#[inline(never)]
pub(super) fn jiguan(cx: &mut Cx, out: &mut Narrative) {
    cx.each(jiguan_re(), |c, line| {
        let Some(amount) = cap_money(c, 1) else { return };
        let rest = c.get(3).map(|m| m.as_str()).unwrap_or("");
        let budget_change = jiguan_change_re().captures(rest).and_then(|d| cap_money(&d, 2).map(|v| signed(&d[1], v)));
        let change_pct = pct_change_re().captures(rest).and_then(|d| cap_num(&d, 2).map(|v| signed(&d[1], v)));
        let flat = rest.contains("持平").then_some(Decimal::ZERO);
        let reason = reason_re().captures(rest).map(|r| r[1].to_string());
        out.jiguan.push(Jiguan { amount, budget_change: budget_change.or(flat), change_pct, reason, line });
    });
}
