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
        // The percentage is the budget's only where the budget is what the sentence
        // compares with before it (`比上年减少…,下降2.28%` is a change over last year,
        // which the year-on-year reader keeps).
        let change_pct =
            pct_change_re().captures(rest).filter(|d| against_budget(&rest[..d.get(0).map_or(0, |m| m.start())]));
        let change_pct = change_pct.and_then(|d| cap_num(&d, 2).map(|v| signed(&d[1], v)));
        let flat = rest.contains("持平").then_some(Decimal::ZERO);
        let reason = reason_re().captures(rest).map(|r| r[1].to_string());
        out.jiguan.push(Jiguan { amount, budget_change: budget_change.or(flat), change_pct, reason, line });
    });
}

/// Whether the last comparison before a change names the budget, not a year.
fn against_budget(before: &str) -> bool {
    let last = |words: &[&str]| words.iter().filter_map(|w| before.rfind(w)).max();
    match (last(&["预算"]), last(&["上年", "同比", "相比"])) {
        (Some(b), Some(y)) => b > y,
        (b, _) => b.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::text_of;
    use super::*;

    fn read(s: &str) -> Vec<Jiguan> {
        let text = text_of(s);
        let mut cx = Cx { text: &text, consumed: vec![false; text.sentences.len()], year: Some(2024) };
        let mut out = Narrative::default();
        jiguan(&mut cx, &mut out);
        out.jiguan
    }

    #[test]
    fn a_change_over_last_year_is_not_one_against_the_budget() {
        let j = read("2024年度机关运行经费支出42.38万元,比上年减少0.99万元,下降2.28%,主要原因是支出减少。");
        assert_eq!((j[0].budget_change, j[0].change_pct), (None, None));
        let j = read("2024年度机关运行经费支出42.38万元,比年初预算数减少0.99万元,下降2.28%。");
        assert_eq!((j[0].budget_change, j[0].change_pct), (Some(Decimal::new(-99, 2)), Some(Decimal::new(-228, 2))));
        let j = read("机构运行经费支出42.38万元,较年初预算下降2.28%;与上年相比,增加1万元,增长3%。");
        assert_eq!((j[0].budget_change, j[0].change_pct), (None, Some(Decimal::new(-228, 2))));
    }
}
