//! 政府采购: the total, 货物/工程/服务, the amounts and shares awarded to 中小/小微企业,
//! and the budgets of the projects reserved for them.

use super::*;

re!(proc_total_re, format!(r"政府采购(?:支出)?(?:总额|合计|总计|金额)(?:\([^)。]*\))?(?:为)?{}", money()));
re!(proc_cat_re, format!(r"(货物|工程|服务)(?:采购支出|采购|支出)(?:金额)?(?:为)?{}", money()));
// Shanghai: `由中小企业供应商中标或成交的,采购金额246.47万元`, once for the projects
// reserved for them and once for the others: the amounts awarded add up.
re!(proc_award_re, format!(r"由(中小企业|小微企业)供应商中标或成交的,采购金额(?:为)?{}", money()));
re!(proc_sme_re, format!(r"授予(中小企业|小微企业)合同(?:金额)?(?:为)?{},?占[^%。]*?{}", money(), pct()));
// Shanghai: `面向中小企业预留政府采购项目预算金额246.47万元，面向小微企业预留…0万元`.
re!(
    proc_reserved_re,
    format!(r"面向(中小企业|小微企业)预留(?:的)?(?:政府采购)?(?:项目)?预算(?:金额)?(?:为)?{}", money())
);
re!(
    proc_cat_sme_re,
    format!(r"(货物|工程|服务)采购授予中小企业合同金额占(?:货物|工程|服务)(?:采购)?支出金额的{}", pct())
);

#[inline(never)]
pub(super) fn procurement(cx: &mut Cx, out: &mut Narrative) {
    let mut p = Procurement::default();
    let mut seen = false;
    cx.each(proc_total_re(), |c, line| {
        if !seen {
            p.total = cap_money(c, 1);
            p.line = line;
            seen = true;
        }
    });
    cx.each(proc_cat_re(), |c, line| {
        let v = cap_money(c, 2);
        let slot = match &c[1] {
            "货物" => &mut p.goods,
            "工程" => &mut p.works,
            _ => &mut p.services,
        };
        if slot.is_none() {
            *slot = v;
        }
        if p.line == 0 {
            p.line = line;
        }
        seen = true;
    });
    cx.each(proc_sme_re(), |c, _| {
        let (a, s) = (cap_money(c, 2), cap_num(c, 4));
        if &c[1] == "中小企业" {
            (p.sme_amount, p.sme_pct) = (a, s);
        } else {
            (p.small_micro_amount, p.small_micro_pct) = (a, s);
        }
        seen = true;
    });
    cx.each_with(proc_award_re(), "供应商中标或成交", 1, |c, _| {
        let slot = if &c[1] == "中小企业" { &mut p.sme_amount } else { &mut p.small_micro_amount };
        if let Some(v) = cap_money(c, 2) {
            *slot = Some(slot.unwrap_or_default() + v);
        }
        seen = true;
    });
    cx.each_with(proc_reserved_re(), "预留", 1, |c, _| {
        let slot =
            if &c[1] == "中小企业" { &mut p.sme_reserved_budget } else { &mut p.small_micro_reserved_budget };
        if slot.is_none() {
            *slot = cap_money(c, 2);
        }
        seen = true;
    });
    cx.each_with(proc_cat_sme_re(), "采购授予中小企业合同金额占", 1, |c, _| {
        let v = cap_num(c, 2);
        match &c[1] {
            "货物" => p.goods_sme_pct = v,
            "工程" => p.works_sme_pct = v,
            _ => p.services_sme_pct = v,
        }
        seen = true;
    });
    if seen {
        out.procurement.push(p);
    }
}
