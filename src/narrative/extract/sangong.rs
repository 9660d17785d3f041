//! 三公 as the text states it: 预算 and 决算 per item, 团组/人次, vehicles bought and held, 接待 批次/人次.

use super::*;

re!(
    sg_total_re,
    format!(
        r"三公.?经费(?:财政拨款)?(?:支出)?(?:全年|年初)?预算(?:数)?为{},?(?:支出)?决算(?:数)?为{}",
        money(),
        money()
    )
);
// An item's 决算 stated without its budget (Shanghai: `因公出国(境)费决算为0.00万元`).
re!(
    sg_item_actual_re,
    format!(r"(因公出国\(境\)费|公务用车购置及运行维护费|公务接待费)(?:支出)?(?:决算)?(?:数)?(?:为)?{}", money())
);
// `公务接待24批次、210人次`, `国内公务接待共15批次(其中外事接待0批次),105人次(其中外事接待0人次)`.
re!(
    sg_receptions_re,
    r"公务接待共?计?([0-9]+)批次(?:\((?:其中|含)外事接待([0-9]+)批次\))?[,、]?(?:共计|累计)?([0-9]+)人次(?:\((?:其中|含)外事接待([0-9]+)人次\))?"
);
re!(
    sg_item_re,
    format!(
        r"(因公出国\(境\)费|公务用车购置及运行维护费|公务接待费)(?:用)?(?:支出)?(?:全年)?预算(?:数)?为{},?(?:支出)?决算(?:数)?为{}",
        money(),
        money()
    )
);
re!(sg_groups_re, r"团组([0-9]+)[个次][,、]累计(?:出国\(境\))?([0-9]+)人次");
re!(sg_purchase_re, format!(r"公务用车购置费?(?:支出)?(?:为)?{}", money()));
re!(sg_bought_re, r"购置(?:公务用车|车辆)([0-9]+)辆");
re!(sg_operation_re, format!(r"公务用车运行维护费?(?:支出)?(?:为)?{}", money()));
re!(sg_held_re, r"保有量(?:为)?([0-9]+)辆");
re!(
    sg_domestic_re,
    format!(
        r"国内接待费(?:支出)?(?:为)?{},?共?计?接待([0-9]+)批次、?([0-9]+)人次(?:\(含外事接待([0-9]+)批次、?([0-9]+)人次\))?",
        money()
    )
);
// Shanghai: `国内公务接待支出0.39万(含外宾接待支出0.00万元)`, the 元 left off.
re!(sg_domestic_spent_re, r"国内公务接待(?:费)?(?:支出)?(?:为)?([0-9]+(?:\.[0-9]+)?)万(?:元)?\(");
re!(sg_foreign_re, format!(r"国\(境\)外接待费(?:支出)?(?:为)?{},?共?计?接待([0-9]+)批次、?([0-9]+)人次", money()));

/// The 三公 item a matched name is (the patterns' alternatives; 接待 in every spelling).
fn item_of(name: &str) -> &'static str {
    match name {
        "因公出国(境)费" => "因公出国(境)费",
        "公务用车购置及运行维护费" => "公务用车购置及运行维护费",
        _ => "公务接待费",
    }
}

#[inline(never)]
pub(super) fn sangong(cx: &mut Cx, out: &mut Narrative) {
    let mut rows: Vec<SangongText> = Vec::new();
    let mut push =
        |item: &'static str, measure: &'static str, value: Option<Decimal>, unit: &'static str, line: u32| {
            if let Some(value) = value
                && !rows.iter().any(|r| r.item == item && r.measure == measure)
            {
                rows.push(SangongText { item, measure, value, unit, line });
            }
        };
    let int = |c: &Captures, i: usize| cap_int(c, i).map(Decimal::from);
    cx.each(sg_total_re(), |c, l| {
        push("合计", "全年预算", cap_money(c, 1), "万元", l);
        push("合计", "决算", cap_money(c, 3), "万元", l);
    });
    cx.each(sg_item_re(), |c, l| {
        let item = item_of(&c[1]);
        push(item, "全年预算", cap_money(c, 2), "万元", l);
        push(item, "决算", cap_money(c, 4), "万元", l);
    });
    cx.each(sg_item_actual_re(), |c, l| {
        let item = item_of(&c[1]);
        push(item, "决算", cap_money(c, 2), "万元", l);
    });
    cx.each(sg_groups_re(), |c, l| {
        push("因公出国(境)费", "团组", int(c, 1), "个", l);
        push("因公出国(境)费", "人次", int(c, 2), "人次", l);
    });
    cx.each(sg_purchase_re(), |c, l| push("公务用车购置费", "决算", cap_money(c, 1), "万元", l));
    cx.each_with(sg_bought_re(), "辆", 1, |c, l| push("公务用车购置费", "购置辆数", int(c, 1), "辆", l));
    cx.each(sg_operation_re(), |c, l| push("公务用车运行维护费", "决算", cap_money(c, 1), "万元", l));
    cx.each(sg_held_re(), |c, l| push("公务用车运行维护费", "保有量", int(c, 1), "辆", l));
    cx.each(sg_domestic_re(), |c, l| {
        push("国内接待费", "决算", cap_money(c, 1), "万元", l);
        push("国内接待费", "批次", int(c, 3), "批次", l);
        push("国内接待费", "人次", int(c, 4), "人次", l);
        push("国内接待费", "外事批次", int(c, 5), "批次", l);
        push("国内接待费", "外事人次", int(c, 6), "人次", l);
    });
    cx.each(sg_domestic_spent_re(), |c, l| push("国内接待费", "决算", cap_num(c, 1), "万元", l));
    cx.each(sg_receptions_re(), |c, l| {
        push("国内接待费", "批次", int(c, 1), "批次", l);
        push("国内接待费", "人次", int(c, 3), "人次", l);
        push("国内接待费", "外事批次", int(c, 2), "批次", l);
        push("国内接待费", "外事人次", int(c, 4), "人次", l);
    });
    cx.each(sg_foreign_re(), |c, l| {
        push("国(境)外接待费", "决算", cap_money(c, 1), "万元", l);
        push("国(境)外接待费", "批次", int(c, 3), "批次", l);
        push("国(境)外接待费", "人次", int(c, 4), "人次", l);
    });
    out.sangong.extend(rows);
}

#[cfg(test)]
mod tests {
    use super::super::testkit::text_of;
    use super::*;

    fn read(s: &str) -> Vec<(&'static str, &'static str, Decimal)> {
        let text = text_of(s);
        let mut cx = Cx { text: &text, consumed: vec![false; text.sentences.len()], year: Some(2021) };
        let mut out = Narrative::default();
        sangong(&mut cx, &mut out);
        out.sangong.iter().map(|r| (r.item, r.measure, r.value)).collect()
    }

    #[test]
    fn receptions_and_groups_as_other_provinces_word_them() {
        let d = Decimal::from;
        assert_eq!(
            read("国内公务接待共15批次(其中外事接待2批次),105人次(其中外事接待9人次)。"),
            [
                ("国内接待费", "批次", d(15)),
                ("国内接待费", "人次", d(105)),
                ("国内接待费", "外事批次", d(2)),
                ("国内接待费", "外事人次", d(9))
            ]
        );
        assert_eq!(
            read("2018年公务接待24批次,210人次,支出2.05万元。"),
            [("国内接待费", "批次", d(24)), ("国内接待费", "人次", d(210))]
        );
        assert_eq!(
            read("其中:国内公务接待支出0.39万(含外宾接待支出0.00万元)。"),
            [("国内接待费", "决算", Decimal::new(39, 2))]
        );
        assert_eq!(
            read("因公出国(境)团组0次,累计出国(境)0人次。"),
            [("因公出国(境)费", "团组", d(0)), ("因公出国(境)费", "人次", d(0))]
        );
    }
}
