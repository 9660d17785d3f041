//! Sentence patterns over the narrative stream. The stream is width-folded (ASCII `,` `:`
//! `(` `)` `%`) with spaces removed, so each pattern is written once for all spellings.
//! The section functions are `#[inline(never)]` so that profiles attribute cost to them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;
use std::str::FromStr;
use std::sync::OnceLock;

use regex::{Captures, Regex};
use rust_decimal::Decimal;

use super::scan::{digits_end, lit, money_at, one_of, opt, pct_at};
use super::text::Text;
use super::*;
use crate::model::Facts;
use crate::segment::squash;

const NUM: &str = r"([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)";

/// `NUM(万元|元)`: two groups.
fn money() -> String {
    format!("{NUM}(万元|元)")
}
fn pct() -> &'static str {
    r"([0-9]+(?:\.[0-9]+)?)%"
}

fn num(s: &str) -> Option<Decimal> {
    Decimal::from_str(&s.replace(',', "")).ok()
}

/// Amount in 万元 from a number and its unit.
fn wan(n: &str, unit: &str) -> Option<Decimal> {
    let v = num(n)?;
    Some(if unit == "元" { v / Decimal::from(10_000) } else { v })
}

fn cap_money(c: &Captures, i: usize) -> Option<Decimal> {
    wan(c.get(i)?.as_str(), c.get(i + 1)?.as_str())
}

fn cap_num(c: &Captures, i: usize) -> Option<Decimal> {
    num(c.get(i)?.as_str())
}

fn cap_int(c: &Captures, i: usize) -> Option<i32> {
    c.get(i)?.as_str().parse().ok()
}

fn signed(word: &str, v: Decimal) -> Decimal {
    if matches!(word, "减少" | "下降" | "节约" | "降低") { -v } else { v }
}

struct Cx<'a> {
    text: &'a Text,
    consumed: Vec<bool>,
}

impl Cx<'_> {
    fn mark(&mut self, start: usize, end: usize) {
        // Sentences are sorted and disjoint: find the first that ends after `start`.
        let first = self.text.sentences.partition_point(|s| s.end <= start);
        for (i, s) in self.text.sentences.iter().enumerate().skip(first) {
            if s.start >= end {
                break;
            }
            self.consumed[i] = true;
        }
    }
    fn line(&self, pos: usize) -> u32 {
        self.text.line_at(pos)
    }
    /// Matches of `re` in the sentences that contain `trigger` (a literal every match
    /// contains), each window `span` sentences long; for patterns with no literal
    /// prefix, which the regex engine would otherwise try at every position, or with a
    /// common one. With `span` 1 this finds exactly what [`Cx::each`] finds when no
    /// match can hold `。` or a line break (sentences end at both).
    fn each_with(&mut self, re: &Regex, trigger: &str, span: usize, mut f: impl FnMut(&Captures, u32)) {
        let text = self.text;
        let mut done = 0;
        for (start, end) in text.trigger_windows(trigger, span) {
            for c in re.captures_iter(&text.stream[start..end]) {
                let m = c.get(0).expect("whole match");
                if start + m.start() < done {
                    continue;
                }
                done = start + m.end();
                self.mark(start + m.start(), done);
                f(&c, self.line(start + m.start()));
            }
        }
    }

    /// [`Cx::each`] for `(?:a|b)?` + `re`, with the optional opening words `before`
    /// taken off the pattern: a match starts earlier by the one of them the stream holds
    /// just before it, as the leading group would have matched. A pattern opening with
    /// an optional group is searched by its common core (`决算`, in every sentence) rather
    /// than by the rare literal after it.
    fn each_after(&mut self, before: &[&str], re: &Regex, mut f: impl FnMut(&Captures, u32)) {
        let text = self.text;
        for c in re.captures_iter(&text.stream) {
            let m = c.get(0).expect("whole match");
            let head = &text.stream[..m.start()];
            let start = m.start() - before.iter().find(|b| head.ends_with(*b)).map_or(0, |b| b.len());
            self.mark(start, m.end());
            f(&c, self.line(start));
        }
    }

    /// Matches of `re` over the stream, each marked as read.
    fn each(&mut self, re: &Regex, f: impl FnMut(&Captures, u32)) {
        self.each_after(&[], re, f);
    }
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        fn $name() -> &'static Regex {
            static RE: OnceLock<Regex> = OnceLock::new();
            RE.get_or_init(|| Regex::new(&$pat).expect("narrative regex"))
        }
    };
}

re!(jiguan_re, format!(r"(?:机关|机构)运行经费(?:支出)?(?:决算数?)?(?:为|共计|合计)?{}([^。]*)", money()));
re!(jiguan_change_re, format!(r"(?:比|较)(?:年初)?预算(?:数)?(增加|减少|增长|下降|节约)了?{}", money()));
re!(pct_change_re, format!(r"(增长|下降|减少|增加|降低)了?{}", pct()));
re!(reason_re, r"原因(?:是|为|:)([^。]*)");

#[inline(never)]
fn jiguan(cx: &mut Cx, out: &mut Narrative) {
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

re!(proc_total_re, format!(r"政府采购(?:支出)?(?:总额|合计|总计|金额)(?:\([^)。]*\))?(?:为)?{}", money()));
re!(proc_cat_re, format!(r"(货物|工程|服务)(?:采购支出|采购|支出)(?:金额)?(?:为)?{}", money()));
// Shanghai: `由中小企业供应商中标或成交的,采购金额246.47万元`, once for the projects
// reserved for them and once for the others: the amounts awarded add up.
re!(proc_award_re, format!(r"由(中小企业|小微企业)供应商中标或成交的,采购金额(?:为)?{}", money()));
re!(proc_sme_re, format!(r"授予(中小企业|小微企业)合同(?:金额)?(?:为)?{},?占[^%。]*?{}", money(), pct()));
re!(
    proc_cat_sme_re,
    format!(r"(货物|工程|服务)采购授予中小企业合同金额占(?:货物|工程|服务)(?:采购)?支出金额的{}", pct())
);

#[inline(never)]
fn procurement(cx: &mut Cx, out: &mut Narrative) {
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

re!(vehicles_total_re, r"(?:共有|共计|拥有)(?:车辆|公务用车)([0-9]+)辆");
re!(
    vehicle_cat_re,
    r"(领导干部用车|机要通信用车|应急保障用车|执法执勤用车|特种专业技术用车|离退休干部用车|其他用车)([0-9]+)辆"
);
re!(
    equipment_re,
    r"单价([0-9]+(?:\.[0-9]+)?)万元(?:\(含\))?以上(?:的)?(通用|专用)?设备(?:\(不含车辆\))?([0-9]+)台(?:\(套\)|套)?"
);

#[inline(never)]
fn assets(cx: &mut Cx, out: &mut Narrative) {
    let mut a = Assets::default();
    let mut seen = false;
    cx.each_with(vehicles_total_re(), "辆", 1, |c, line| {
        if a.vehicles_total.is_none() {
            a.vehicles_total = cap_int(c, 1);
            a.line = line;
        }
        seen = true;
    });
    cx.each(vehicle_cat_re(), |c, line| {
        let name = c[1].to_string();
        if !a.vehicles.iter().any(|(n, _)| *n == name) {
            a.vehicles.push((name, cap_int(c, 2).unwrap_or(0)));
        }
        if a.line == 0 {
            a.line = line;
        }
        seen = true;
    });
    cx.each(equipment_re(), |c, line| {
        if let (Some(t), Some(n)) = (cap_num(c, 1), cap_int(c, 3)) {
            a.equipment.push((t, c.get(2).map(|m| m.as_str().to_string()).unwrap_or_default(), n));
        }
        if a.line == 0 {
            a.line = line;
        }
        seen = true;
    });
    if seen {
        out.assets.push(a);
    }
}

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
re!(sg_receptions_re, r"公务接待([0-9]+)批次、?([0-9]+)人次");
re!(
    sg_item_re,
    format!(
        r"(因公出国\(境\)费|公务用车购置及运行维护费|公务接待费)(?:用)?(?:支出)?(?:全年)?预算(?:数)?为{},?(?:支出)?决算(?:数)?为{}",
        money(),
        money()
    )
);
re!(sg_groups_re, r"团组([0-9]+)个[,、]累计([0-9]+)人次");
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
re!(sg_foreign_re, format!(r"国\(境\)外接待费(?:支出)?(?:为)?{},?共?计?接待([0-9]+)批次、?([0-9]+)人次", money()));

#[inline(never)]
fn sangong(cx: &mut Cx, out: &mut Narrative) {
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
        let item = match &c[1] {
            "因公出国(境)费" => "因公出国(境)费",
            "公务用车购置及运行维护费" => "公务用车购置及运行维护费",
            _ => "公务接待费",
        };
        push(item, "全年预算", cap_money(c, 2), "万元", l);
        push(item, "决算", cap_money(c, 4), "万元", l);
    });
    cx.each(sg_item_actual_re(), |c, l| {
        let item = match &c[1] {
            "因公出国(境)费" => "因公出国(境)费",
            "公务用车购置及运行维护费" => "公务用车购置及运行维护费",
            _ => "公务接待费",
        };
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
    cx.each(sg_receptions_re(), |c, l| {
        push("国内接待费", "批次", int(c, 1), "批次", l);
        push("国内接待费", "人次", int(c, 2), "人次", l);
    });
    cx.each(sg_foreign_re(), |c, l| {
        push("国(境)外接待费", "决算", cap_money(c, 1), "万元", l);
        push("国(境)外接待费", "批次", int(c, 3), "批次", l);
        push("国(境)外接待费", "人次", int(c, 4), "人次", l);
    });
    out.sangong.extend(rows);
}

// The reading `yoys` does by hand, kept as the oracle its tests compare it with.
#[cfg(test)]
re!(
    yoy_re,
    format!(
        r"与([0-9]{{4}})年(?:度|决算数?)?相比,?([^。;]*?)(增加|减少|增长|下降|上升)了?{}(?:,?(?:同比)?(增长|下降|减少|增加|上升)了?{})?",
        money(),
        pct()
    )
);
re!(yoy_same_re, r"与([0-9]{4})年(?:度)?(?:决算数?)?(?:相比)?,?(?:[^,;:。0-9]{0,30}?)(?:基本)?(相同|持平)");
// The reading `label_money` does by hand, kept as the oracle its tests compare it with.
#[cfg(test)]
re!(
    label_money_re,
    format!(
        r"^(?:[^,;:。0-9]*?[0-9]{{4}}年度?)?(?:[0-9]+、|[一二三四五六七八九十]+、)?([^,;:。0-9]*?)(?:均为|合计为|共计|为)?{}",
        money()
    )
);

/// The label and the amount a sentence opens with, as `label_money_re` reads them: an
/// optional `2024年(度)`, perhaps after the unit's name (`上海市普陀区财政局2024年度`),
/// and ordinal (`1、`, `三、`), the label (no `,;:。` or digit),
/// an optional `均为`/`合计为`/`共计`/`为`, the amount. The label can hold no digit, so the
/// amount starts at the label's first digit or stop, and the label ends before the
/// longest linking word there; the prefixes are tried in the pattern's order.
fn label_money(s: &str) -> Option<(&str, (&str, &str))> {
    const ORDINAL: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    // Where the label may start after the year, in the pattern's order: after `年度`,
    // after `年`, then with no year.
    // `[0-9]{4}年`: four digits, then 年 (a fifth digit fails it), at the first digit
    // when no `,;:。` comes before it (what precedes is the unit's name).
    let first = s.find(|c: char| c.is_ascii_digit() || matches!(c, ',' | ';' | ':' | '。')).unwrap_or(s.len());
    let year = (s[first..].starts_with(|c: char| c.is_ascii_digit()) && digits_end(s, first) >= first + 4)
        .then(|| lit(s, first + 4, "年"))
        .flatten();
    let after_year = [year.and_then(|y| lit(s, y, "度")), year, Some(0)];
    for y in after_year.into_iter().flatten() {
        let ordinal = {
            let d = digits_end(s, y);
            let n = y + s[y..].chars().take_while(|c| ORDINAL.contains(c)).map(char::len_utf8).sum::<usize>();
            if d > y {
                lit(s, d, "、")
            } else if n > y {
                lit(s, n, "、")
            } else {
                None
            }
        };
        for start in ordinal.into_iter().chain([y]) {
            let stop = s[start..].find([',', ';', ':', '。', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
            let Some(x) = stop.map(|k| start + k) else { continue };
            let Some((_, money)) = money_at(s, x) else { continue };
            let end = ["合计为", "均为", "共计", "为"]
                .iter()
                .find_map(|w| s[start..x].ends_with(w).then(|| x - w.len()))
                .unwrap_or(x);
            return Some((&s[start..end], money));
        }
    }
    None
}

/// The label and amount a sentence opens with: `收、支总计均为6,562.78万元` → (收支总计, 6562.78).
fn label_amount(s: &str) -> Option<(String, Option<Decimal>)> {
    let (label, (n, unit)) = label_money(s)?;
    let label: String = label.chars().filter(|&ch| ch != '、').collect();
    let label = label.trim_start_matches('\n').to_string();
    (!label.is_empty()).then(|| (label, wan(n, unit)))
}

const YOY_VERBS: [&str; 5] = ["增加", "减少", "增长", "下降", "上升"];

/// A year-on-year statement as `yoy_re` reads it: its span, the prior year, the
/// direction and amount of the change, and the optional percentage with its own word.
#[derive(Debug, Clone, Copy, PartialEq)]
struct YoyMatch<'h> {
    span: (usize, usize),
    year: &'h str,
    verb: &'h str,
    money: (&'h str, &'h str),
    pct: Option<(&'h str, &'h str)>,
}

/// Every year-on-year statement of `h`, left to right and not overlapping, as
/// `yoy_re`'s `captures_iter` finds them: `与2023年(度|决算(数))相比(,)`, the shortest run
/// without `。` or `;` before a direction word, `了`, an amount, then optionally
/// `(,)(同比)` a direction word, `了` and a percentage. Read by hand: the pattern's
/// captures cost a fifth of the 情况说明's reading.
fn yoys(h: &str) -> Vec<YoyMatch<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    for i in memchr::memmem::find_iter(h.as_bytes(), "与".as_bytes()) {
        if i < from {
            continue;
        }
        if let Some(m) = yoy_at(h, i) {
            from = m.span.1;
            out.push(m);
        }
    }
    out
}

/// [`yoys`]' statement starting at `i` (at `与`).
fn yoy_at(h: &str, i: usize) -> Option<YoyMatch<'_>> {
    let y = lit(h, i, "与")?;
    let b = h.as_bytes();
    if !(y + 4 <= b.len() && b[y..y + 4].iter().all(u8::is_ascii_digit)) {
        return None;
    }
    let mut g = lit(h, y + 4, "年")?;
    g = match lit(h, g, "度") {
        Some(e) => e,
        None => lit(h, g, "决算").map_or(g, |e| opt(h, e, "数")),
    };
    g = opt(h, lit(h, g, "相比")?, ",");
    // The lazy run: the first end from which a direction word, `了` and an amount follow.
    let mut q = g;
    loop {
        if let Some((v_end, verb)) = one_of(h, q, &YOY_VERBS)
            && let Some((end, money)) = money_at(h, opt(h, v_end, "了"))
        {
            let k = opt(h, opt(h, end, ","), "同比");
            let tail = one_of(h, k, &YOY_VERBS)
                .and_then(|(e, word)| pct_at(h, opt(h, e, "了")).map(|(pe, pct)| (pe, (word, pct))));
            let (end, pct) = match tail {
                Some((pe, p)) => (pe, Some(p)),
                None => (end, None),
            };
            return Some(YoyMatch { span: (i, end), year: &h[y..y + 4], verb, money, pct });
        }
        let c = h[q..].chars().next()?;
        if c == '。' || c == ';' {
            return None;
        }
        q += c.len_utf8();
    }
}

#[inline(never)]
fn yoy(cx: &mut Cx, out: &mut Narrative) {
    let text = cx.text;
    let measure_for = |pos: usize, cx: &mut Cx| -> Option<(String, Option<Decimal>)> {
        let i = text.sentence_at(pos)?;
        let s = &text.sentences[i];
        let before = &text.stream[s.start..pos];
        if let Some(found) = label_amount(before.trim_start_matches('\n')) {
            return Some(found);
        }
        let prev = i.checked_sub(1)?;
        let found = label_amount(text.sentence_text(prev).trim_start_matches('\n'))?;
        cx.consumed[prev] = true;
        Some(found)
    };
    let stream = &text.stream;
    for m in yoys(stream) {
        let (start, end) = m.span;
        cx.mark(start, end);
        let Some((measure, this_year)) = measure_for(start, cx) else { continue };
        let change = wan(m.money.0, m.money.1).map(|v| signed(m.verb, v));
        let change_pct = m.pct.and_then(|(word, p)| num(p).map(|v| signed(word, v)));
        out.yoy.push(Yoy {
            measure,
            this_year,
            change,
            change_pct,
            prior_year: m.year.parse().unwrap_or(0),
            same: None,
            line: text.line_at(start),
        });
    }
    for c in yoy_same_re().captures_iter(stream) {
        let m = c.get(0).expect("match");
        // `与2024年预算基本持平`: against the budget, not against a year.
        if m.as_str().contains("预算") {
            continue;
        }
        let Some((measure, this_year)) = measure_for(m.start(), cx) else { continue };
        cx.mark(m.start(), m.end());
        out.yoy.push(Yoy {
            measure,
            this_year,
            change: Some(Decimal::ZERO),
            change_pct: None,
            prior_year: cap_int(&c, 1).unwrap_or(0),
            same: Some(c[2].to_string()),
            line: text.line_at(m.start()),
        });
    }
}

// The reading `exec_paragraph` does by hand, kept as the oracle its tests compare it with.
#[cfg(test)]
re!(
    exec_re,
    format!(
        r"\A[。:]?(?:[0-9]+、|\([一二三四五六七八九十]+\))?(?P<lei>[^。\n:]*?)\(类\)(?P<kuan>[^。\n]*?)\(款\)(?P<xiang>[^。\n]*?)\(项\)[。,]?(?:主要用于[^。]*。)?年初预算(?:数)?为{}(?:,)?支出决算(?:数)?为{}(?:,?(?:完成年初预算的{}|(?P<nobudget>年初无预算)))?。?{}",
        money(),
        money(),
        pct(),
        EXEC_TAIL
    )
);
// The reading `exec_totals` does by hand, kept as the oracle its tests compare it with.
#[cfg(test)]
re!(
    exec_total_re,
    format!(
        r"(一般公共预算财政拨款|政府性基金预算财政拨款)支出年初预算(?:数)?为{},?支出决算(?:数)?为{}(?:,?完成年初预算的{})?。?{}",
        money(),
        money(),
        pct(),
        EXEC_TAIL
    )
);
#[cfg(test)]
const EXEC_TAIL: &str = r"(?:决算数?(?:(?P<dir>大于|小于|等于|高于|低于)(?:年初)?预算数?|[与同](?:年初)?预算数?(?:基本)?(?P<flat>持平|相同|一致)))?(?:的?主要原因[是:](?P<reason>[^。]*))?";

/// Names of the document's own subjects, to turn 类/款/项 names into a code: (parent
/// code, name) → code, the parent of a 类 being "".
struct SubjectNames<'a>(HashMap<(&'a str, Cow<'a, str>), &'a str>);

impl<'a> SubjectNames<'a> {
    fn new(facts: &'a Facts) -> SubjectNames<'a> {
        let mut m = HashMap::new();
        let mut last: Option<&str> = None;
        for f in &facts.subject {
            let Some(code) = &f.code else { continue };
            // A row's cells (one fact per measure) repeat its code and name.
            if last == Some(code.as_str()) {
                continue;
            }
            last = Some(code.as_str());
            m.entry((code.parent_str().unwrap_or(""), squash(&f.name))).or_insert(code.as_str());
        }
        SubjectNames(m)
    }
    fn code(&self, lei: &str, kuan: &str, xiang: &str) -> Option<String> {
        let l = self.0.get(&("", squash(lei))).copied().or_else(|| crate::model::subject::lei_code_for_name(lei))?;
        let k = self.0.get(&(l, squash(kuan)))?;
        self.0.get(&(*k, squash(xiang))).map(|c| c.to_string())
    }
}

#[inline(never)]
fn execution(cx: &mut Cx, facts: &Facts, out: &mut Narrative) {
    let names = SubjectNames::new(facts);
    let text = cx.text;
    let fund_at = |pos: usize| {
        text.sentence_at(pos)
            .map(|i| &text.sentences[i])
            .map(|s| {
                if s.major.contains("政府性基金") || s.minor.contains("政府性基金") {
                    "gov_fund"
                } else {
                    "general_budget"
                }
            })
            .unwrap_or("general_budget")
    };
    let stream = &text.stream;
    // The total and its reason take two sentences.
    for t in exec_totals(text) {
        cx.mark(t.start, t.end);
        let f = &t.figures;
        out.execution.push(Execution {
            fund: if t.fund.starts_with("政府性基金") { "gov_fund" } else { "general_budget" },
            subject_code: None,
            lei: None,
            kuan: None,
            xiang: None,
            budget: wan(f.budget.0, f.budget.1).unwrap_or_default(),
            actual: wan(f.actual.0, f.actual.1).unwrap_or_default(),
            completion_pct: f.pct.and_then(num),
            completion_text: f.pct.map(|p| format!("{p}%")),
            direction: f.dir.map(str::to_string).or_else(|| f.flat.then(|| "持平".to_string())),
            reason: f.reason.map(str::to_string),
            line: text.line_at(t.start),
        });
    }
    // A subject's paragraph starts at a clause boundary (line start, 。 or :) and names
    // its 类 before the next one; it is read from there, once per boundary (a structure
    // sentence names several 类 after one colon), instead of at every position.
    let (mut done, mut failed) = (0, None);
    for p in lei_marker().find_iter(stream.as_bytes()) {
        let b = stream[..p].rfind(['。', ':', '\n']).map(|b| if stream[b..].starts_with('\n') { b + 1 } else { b });
        let b = b.unwrap_or(0);
        if b < done || failed == Some(b) {
            continue;
        }
        let Some(c) = exec_paragraph(&stream[b..]) else {
            failed = Some(b);
            continue;
        };
        let m = (b, b + c.end);
        done = m.1;
        cx.mark(m.0, m.1);
        let pct = c.pct.and_then(num);
        let start = m.0 + stream[m.0..m.1].find(c.lei).unwrap_or(0);
        out.execution.push(Execution {
            fund: fund_at(start),
            subject_code: names.code(c.lei, c.kuan, c.xiang),
            budget: wan(c.budget.0, c.budget.1).unwrap_or_default(),
            actual: wan(c.actual.0, c.actual.1).unwrap_or_default(),
            completion_pct: pct,
            completion_text: if c.nobudget {
                Some("年初无预算".to_string())
            } else {
                pct.map(|p| format!("{p}%"))
            },
            direction: c.dir.map(str::to_string).or_else(|| c.flat.then(|| "持平".to_string())),
            reason: c.reason.map(str::to_string),
            line: text.line_at(start),
            lei: Some(c.lei.to_string()),
            kuan: Some(c.kuan.to_string()),
            xiang: Some(c.xiang.to_string()),
        });
    }
}

/// What a subject's budget-execution paragraph states, as [`exec_paragraph`] reads it:
/// `1、一般公共服务支出(类)人大事务(款)行政运行(项)。年初预算为169.15万元,支出决算为
/// 208.63万元,完成年初预算的123.34%。决算数大于年初预算数的主要原因是…`.
#[derive(Debug, PartialEq)]
struct ExecParagraph<'h> {
    /// Bytes read from the start of the haystack.
    end: usize,
    lei: &'h str,
    kuan: &'h str,
    xiang: &'h str,
    /// (number, 万元 or 元) as printed.
    budget: (&'h str, &'h str),
    actual: (&'h str, &'h str),
    pct: Option<&'h str>,
    nobudget: bool,
    dir: Option<&'h str>,
    flat: bool,
    reason: Option<&'h str>,
}

/// Read a budget-execution paragraph at the start of `h`, exactly as the pattern in the
/// tests (`exec_re`) would: names up to the first `(类)`/`(款)`/`(项)` after which the
/// figures follow (a name may hold another such marker, but never 。 or a line break,
/// nor a 类 name a colon), then the figures, then optional completion, direction and
/// reason. By hand because the anchored eleven-group capture cost tens of thousands of
/// instructions per paragraph, a tenth of all parsing. Digits are ASCII: the stream is
/// width-folded.
fn exec_paragraph(h: &str) -> Option<ExecParagraph<'_>> {
    let mut i = 0;
    if let Some(j) = lit(h, 0, "。").or_else(|| lit(h, 0, ":")) {
        i = j;
    }
    // An ordinal (`1、`, `(一)`) is not part of the 类 name.
    let d = digits_end(h, i);
    if d > i
        && let Some(j) = lit(h, d, "、")
    {
        i = j;
    } else if let Some(j) = lit(h, i, "(") {
        let k =
            j + h[j..].chars().take_while(|c| "一二三四五六七八九十".contains(*c)).map(char::len_utf8).sum::<usize>();
        if k > j
            && let Some(k) = lit(h, k, ")")
        {
            i = k;
        }
    }
    let lei_start = i;
    let lei_limit = h[lei_start..].find(['。', '\n', ':']).map_or(h.len(), |x| lei_start + x);
    for q in marks(h, lei_start, lei_limit, "(类)") {
        let kuan_start = q + "(类)".len();
        let kuan_limit = h[kuan_start..].find(['。', '\n']).map_or(h.len(), |x| kuan_start + x);
        for r in marks(h, kuan_start, kuan_limit, "(款)") {
            let xiang_start = r + "(款)".len();
            let xiang_limit = h[xiang_start..].find(['。', '\n']).map_or(h.len(), |x| xiang_start + x);
            for t in marks(h, xiang_start, xiang_limit, "(项)") {
                if let Some(mut p) = exec_figures(h, t + "(项)".len(), true) {
                    p.lei = &h[lei_start..q];
                    p.kuan = &h[kuan_start..r];
                    p.xiang = &h[xiang_start..t];
                    return Some(p);
                }
            }
        }
    }
    None
}

/// `(类)` searched with SIMD over the whole stream, the searcher built once.
fn lei_marker() -> &'static memchr::memmem::Finder<'static> {
    static F: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    F.get_or_init(|| memchr::memmem::Finder::new("(类)"))
}

/// Positions of `m` in `h[from..limit]` (no marker spans `limit`: it is a 。, a line
/// break, a colon, or the end).
fn marks<'h>(h: &'h str, from: usize, limit: usize, m: &'h str) -> impl Iterator<Item = usize> + 'h {
    memchr::memmem::find_iter(&h.as_bytes()[from..limit], m.as_bytes()).map(move |q| from + q)
}

/// The figures after `(项)`: budget and actual are required, the rest is optional.
fn exec_figures(h: &str, i: usize, nobudget_ok: bool) -> Option<ExecParagraph<'_>> {
    let mut i = lit(h, i, "。").or_else(|| lit(h, i, ",")).unwrap_or(i);
    // `主要用于:…。` (what the money was for) may come before the figures.
    if let Some(k) = lit(h, i, "主要用于") {
        i = h[k..].find('。').map(|x| k + x + '。'.len_utf8())?;
    }
    let i = lit(h, i, "年初预算")?;
    let i = lit(h, opt(h, i, "数"), "为")?;
    let (i, budget) = money_at(h, i)?;
    let i = lit(h, opt(h, i, ","), "支出决算")?;
    let i = lit(h, opt(h, i, "数"), "为")?;
    let (mut i, actual) = money_at(h, i)?;
    let (mut pct, mut nobudget) = (None, false);
    let j = opt(h, i, ",");
    if let Some((k, p)) = lit(h, j, "完成年初预算的").and_then(|k| pct_at(h, k)) {
        (i, pct) = (k, Some(p));
    } else if nobudget_ok && let Some(k) = lit(h, j, "年初无预算") {
        (i, nobudget) = (k, true);
    }
    i = opt(h, i, "。");
    let (mut dir, mut flat) = (None, false);
    if let Some(k) = lit(h, i, "决算") {
        let k = opt(h, k, "数");
        if let Some((e, w)) = one_of(h, k, &["大于", "小于", "等于", "高于", "低于"])
            && let Some(e) = lit(h, opt(h, e, "年初"), "预算")
        {
            (i, dir) = (opt(h, e, "数"), Some(w));
        } else if let Some(e) = one_of(h, k, &["与", "同"]).and_then(|(e, _)| lit(h, opt(h, e, "年初"), "预算")) {
            let e = opt(h, opt(h, e, "数"), "基本");
            if let Some((e, _)) = one_of(h, e, &["持平", "相同", "一致"]) {
                (i, flat) = (e, true);
            }
        }
    }
    let mut reason = None;
    if let Some(k) = lit(h, opt(h, i, "的"), "主要原因").and_then(|k| lit(h, k, "是").or_else(|| lit(h, k, ":")))
    {
        let e = h[k..].find('。').map_or(h.len(), |x| k + x);
        (i, reason) = (e, Some(&h[k..e]));
    }
    Some(ExecParagraph { end: i, lei: "", kuan: "", xiang: "", budget, actual, pct, nobudget, dir, flat, reason })
}

/// A fund's budget-execution total as [`exec_totals`] finds it: stream offsets of the
/// whole statement, the fund's name, and the figures.
#[derive(Debug, PartialEq)]
struct ExecTotal<'h> {
    start: usize,
    end: usize,
    fund: &'h str,
    figures: ExecParagraph<'h>,
}

/// The funds whose totals are stated, as they are printed before `支出年初预算`.
const EXEC_FUNDS: [&str; 2] = ["一般公共预算财政拨款", "政府性基金预算财政拨款"];

/// Each fund's total (`一般公共预算财政拨款支出年初预算为…,支出决算为…,完成年初预算的…%。
/// 决算数大于年初预算数的主要原因是…`), read as the pattern in the tests
/// (`exec_total_re`) was searched: in the sentence holding a `支出年初预算` and the next
/// one, the statements in order and never overlapping, each a fund's name, that word
/// and a subject's figures except 年初无预算 (see [`exec_figures`]).
fn exec_totals(text: &Text) -> Vec<ExecTotal<'_>> {
    const TRIGGER: &str = "支出年初预算";
    let mut out = Vec::new();
    let mut done = 0;
    for (start, end) in text.trigger_windows(TRIGGER, 2) {
        let window = &text.stream[start..end];
        let mut after = 0;
        for q in memchr::memmem::find_iter(window.as_bytes(), TRIGGER.as_bytes()) {
            let Some(fund) = EXEC_FUNDS.iter().find(|f| window[..q].ends_with(**f)) else { continue };
            let at = q - fund.len();
            if at < after {
                continue;
            }
            let Some(figures) = exec_figures(window, q + "支出".len(), false) else { continue };
            // Read (and passed over) even when an earlier window took it already.
            after = figures.end;
            if start + at < done {
                continue;
            }
            done = start + figures.end;
            out.push(ExecTotal { start: start + at, end: done, fund, figures });
        }
    }
    out
}

// The reading `shares` does by hand, kept as the oracle its tests compare it with.
#[cfg(test)]
re!(share_re, format!(r"(?:^|[,;:])(?:其中:)?([^,;:。]*?){},?占(?:[^%;。,]*?)?{}", money(), pct()));

/// A share of a structure sentence: `一般公共服务(类)支出874.1万元,占48.29%`.
#[derive(Debug, PartialEq)]
struct ShareMatch<'h> {
    /// Byte range of the whole reading in the sentence.
    span: (usize, usize),
    /// Where the item starts, and the item as printed.
    item_at: usize,
    item: &'h str,
    money: (&'h str, &'h str),
    pct: &'h str,
}

/// Every share of a sentence, left to right, as the pattern `share_re` in the tests
/// would read them: after the sentence start or a `,` `;` `:`, an optional `其中:`, the
/// item (no `,;:。`), an amount, `占` and, before any `%;。,`, the percentage. By hand
/// because the pattern has no literal to look for first, so the regex engine tried it at
/// every position of every such sentence.
fn shares(h: &str) -> Vec<ShareMatch<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let at_start = (pos == 0).then_some(0).into_iter();
        let after_marks = h[pos..].match_indices([',', ';', ':']).map(|(q, _)| (pos + q, pos + q + 1));
        let found = at_start.map(|s| (s, s)).chain(after_marks).find_map(|(s, b)| share_at(h, b).map(|m| (s, m)));
        let Some((s, m)) = found else { break };
        pos = m.span.1;
        out.push(ShareMatch { span: (s, m.span.1), ..m });
    }
    out
}

/// One share read from `b`, just after its boundary.
fn share_at(h: &str, b: usize) -> Option<ShareMatch<'_>> {
    let item_at = lit(h, b, "其中:").unwrap_or(b);
    let item_limit = h[item_at..].find([',', ';', ':', '。']).map_or(h.len(), |x| item_at + x);
    for (e, _) in h[item_at..item_limit].char_indices().map(|(x, c)| (item_at + x, c)) {
        let Some((j, money)) = money_at(h, e) else { continue };
        let Some(k) = lit(h, opt(h, j, ","), "占") else { continue };
        let pct_limit = h[k..].find(['%', ';', '。', ',']).map_or(h.len(), |x| k + x);
        for (p, _) in h[k..pct_limit].char_indices() {
            if let Some((end, pct)) = pct_at(h, k + p) {
                return Some(ShareMatch { span: (b, end), item_at, item: &h[item_at..e], money, pct });
            }
        }
    }
    None
}
re!(
    share_total_re,
    format!(
        r"(收入合计|支出合计|本年收入合计|本年支出合计|一般公共预算财政拨款支出|基本支出决算|财政拨款基本支出|人员经费|公用经费|年初结转和结余|本年收入|本年支出|年末结转和结余){}",
        money()
    )
);

re!(grand_total_re, format!(r"(财政拨款)?收入?、?支出?(?:决算)?总计(?:均为|各为|为|分别为)?{}", money()));

#[inline(never)]
fn structure(cx: &mut Cx, out: &mut Narrative) {
    let text = cx.text;
    // Its prefix `收` is everywhere; `总计` is in few sentences.
    cx.each_with(grand_total_re(), "总计", 1, |c, line| {
        let item = if c.get(1).is_some() { "财政拨款收支总计" } else { "收支总计" };
        out.structure.push(Share {
            side: "总计",
            item: item.to_string(),
            subject_code: None,
            amount: cap_money(c, 2).unwrap_or_default(),
            pct: None,
            line,
        });
    });
    let mut side_of = PerHeading::new(structure_side);
    for (i, s) in text.sentences.iter().enumerate() {
        let Some(side) = side_of.get(s) else { continue };
        let sentence = &text.stream[s.start..s.end];
        if !sentence.contains('元') {
            continue;
        }
        let mut hit = false;
        let mut seen: Vec<String> = Vec::new();
        // Every share is stated as `…占…%`.
        let found = if sentence.contains('占') { shares(sentence) } else { Vec::new() };
        for c in found {
            let item = clean_item(c.item);
            if item.is_empty() {
                continue;
            }
            hit = true;
            let pos = s.start + c.item_at;
            seen.push(item.clone());
            out.structure.push(Share {
                side,
                subject_code: crate::model::subject::lei_code_for_name(&item).map(str::to_string),
                item,
                amount: wan(c.money.0, c.money.1).unwrap_or_default(),
                pct: num(c.pct),
                line: text.line_at(pos),
            });
        }
        if matches!(side, "收入" | "支出" | "一般公共预算" | "基本支出" | "政府性基金") {
            for c in share_total_re().captures_iter(sentence) {
                let item = c[1].to_string();
                if seen.contains(&item) {
                    continue;
                }
                hit = true;
                seen.push(item.clone());
                out.structure.push(Share {
                    side,
                    subject_code: None,
                    item,
                    amount: cap_money(&c, 2).unwrap_or_default(),
                    pct: None,
                    line: text.line_at(s.start + c.get(0).map(|m| m.start()).unwrap_or(0)),
                });
            }
        }
        if hit {
            cx.consumed[i] = true;
        }
    }
}

/// A property of a sentence's headings, computed once per heading: the sentences under
/// one heading share its `Rc`s, so a change of pointer is a change of heading.
struct PerHeading<T, F> {
    f: F,
    last: Option<(*const str, *const str, T)>,
}

impl<T: Copy, F: Fn(&str, &str) -> T> PerHeading<T, F> {
    fn new(f: F) -> Self {
        PerHeading { f, last: None }
    }
    fn get(&mut self, s: &super::text::Sentence) -> T {
        let key = (Rc::as_ptr(&s.major), Rc::as_ptr(&s.minor));
        match self.last {
            Some((a, b, v)) if std::ptr::addr_eq(a, key.0) && std::ptr::addr_eq(b, key.1) => v,
            _ => {
                let v = (self.f)(&s.major, &s.minor);
                self.last = Some((key.0, key.1, v));
                v
            }
        }
    }
}

/// Which breakdown the sentences under a heading state, if any.
fn structure_side(major: &str, minor: &str) -> Option<&'static str> {
    let has = |w: &str| major.contains(w) || minor.contains(w);
    // `二、收入决算情况说明` (Shanghai) states the structure without saying 结构; the
    // headings of one fund or of the 三公 say 收入决算/支出决算 too and are not it.
    let plain = !["财政拨款", "三公", "国有资本", "政府性基金", "一般公共预算"].iter().any(|w| has(w));
    Some(if has("基本支出") {
        "基本支出"
    } else if has("政府性基金") {
        "政府性基金"
    } else if has("一般公共预算") && has("结构") {
        "一般公共预算"
    } else if has("一般公共预算") && has("总体") {
        "总体"
    } else if has("收入决算") && (has("结构") || plain) {
        "收入"
    } else if has("支出决算") && (has("结构") || plain) {
        "支出"
    } else {
        return None;
    })
}

/// `其中:一般公共服务(类)支出` → `一般公共服务支出`.
fn clean_item(s: &str) -> String {
    let s = s.trim_start_matches('\n');
    let s = s.rsplit([':', '、']).next().unwrap_or(s);
    let s = s.trim_start_matches("其中").trim_start_matches(':');
    let s: Cow<str> = if s.contains('(') {
        Cow::Owned(s.replace("(类)", "").replace("(款)", "").replace("(项)", ""))
    } else {
        Cow::Borrowed(s)
    };
    let s = s.trim_end_matches("支出决算").trim_end_matches("为");
    // A leading `2024年` or `2024年度` is the year, not the item.
    let year = (digits_end(s, 0) == 4).then(|| lit(s, 4, "年")).flatten();
    match year {
        Some(e) => s[opt(s, e, "度")..].to_string(),
        None => s.to_string(),
    }
}

re!(perf_overview_re, format!(r"([^,;:。]*?项目)([0-9]+)个,涉及(?:预算)?(?:资金|金额)(?:共计|合计)?{}", money()));

#[inline(never)]
fn performance_overview(cx: &mut Cx, out: &mut Narrative) {
    cx.each_with(perf_overview_re(), "个,涉及", 1, |c, line| {
        out.perf_overview.push(PerfOverview {
            kind: c[1].trim_start_matches("其中").trim_start_matches(',').to_string(),
            count: cap_int(c, 2).unwrap_or(0),
            amount: cap_money(c, 3),
            line,
        });
    });
}

re!(figure_re, format!(r"{}|{}|[0-9]+(?:辆|个|人次|批次|台)", money(), pct()));

/// Sections whose figures must all be read.
fn reported_section(major: &str, minor: &str) -> bool {
    let has = |k: &&str| major.contains(k) || minor.contains(k);
    if ["绩效", "名词解释", "部门概况", "机构设置", "职责", "职能"].iter().any(has) {
        return false;
    }
    [
        "收入支出决算",
        "收入决算",
        "支出决算",
        "财政拨款",
        "一般公共预算",
        "基本支出",
        "政府性基金",
        "国有资本",
        "三公",
        "运行经费",
        "政府采购",
        "国有资产",
        "其他重要事项",
    ]
    .iter()
    .any(has)
}

// Opened by an optional 部门|单位: see `Cx::each_after`.
re!(members_re, r"决算(?:包括|由)[:]?([^。]+?)(?:组成)?。");

/// The units a 部门汇总 consolidates: `…部门决算包括：局机关本级决算、某中心决算。`.
#[inline(never)]
fn members(cx: &mut Cx, out: &mut Narrative) {
    let mut seen = false;
    cx.each_after(&["部门", "单位"], members_re(), |c, line| {
        if std::mem::replace(&mut seen, true) {
            return;
        }
        for part in c[1].split(['、', ',', ';']) {
            let name = part.trim().trim_start_matches("和").trim_start_matches("及").trim_end_matches("决算");
            if name.is_empty() {
                continue;
            }
            let kind = if name.contains("本级") { "本级" } else { "单位" };
            out.members.push(Member { name: name.to_string(), kind, line });
        }
    });
}

pub fn run(text: &Text, facts: &Facts, out: &mut Narrative) {
    let mut cx = Cx { text, consumed: vec![false; text.sentences.len()] };
    members(&mut cx, out);
    jiguan(&mut cx, out);
    procurement(&mut cx, out);
    assets(&mut cx, out);
    sangong(&mut cx, out);
    execution(&mut cx, facts, out);
    yoy(&mut cx, out);
    structure(&mut cx, out);
    performance_overview(&mut cx, out);
    for (i, s) in text.sentences.iter().enumerate() {
        if s.major.contains("三公") && text.sentence_text(i).contains("原因") {
            out.sangong_reasons.push(text.line_at(s.start));
        }
    }
    let mut reported = PerHeading::new(reported_section);
    for (i, s) in text.sentences.iter().enumerate() {
        if cx.consumed[i] || !reported.get(s) {
            continue;
        }
        let sentence = text.sentence_text(i);
        if super::text::heading_level(sentence.trim()).is_some() || !figure_re().is_match(sentence) {
            continue;
        }
        out.unparsed.push(Unparsed {
            section: s.major.to_string(),
            sentence: sentence.trim_start_matches('\n').to_string(),
            line: text.line_at(s.start + sentence.len() - sentence.trim_start_matches('\n').len()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand reader reads every case as the pattern it replaced (its oracle) does.
    fn agree<'h, T: PartialEq + std::fmt::Debug>(
        cases: &[&'h str],
        by_hand: fn(&'h str) -> T,
        by_pattern: fn(&'h str) -> T,
    ) {
        for &h in cases {
            assert_eq!(by_hand(h), by_pattern(h), "{h}");
        }
    }

    /// What `share_re` captures, in the hand reader's terms.
    fn shares_by_pattern(h: &str) -> Vec<ShareMatch<'_>> {
        share_re()
            .captures_iter(h)
            .map(|c| ShareMatch {
                span: (c.get(0).unwrap().start(), c.get(0).unwrap().end()),
                item_at: c.get(1).unwrap().start(),
                item: c.get(1).unwrap().as_str(),
                money: (c.get(2).unwrap().as_str(), c.get(3).unwrap().as_str()),
                pct: c.get(4).unwrap().as_str(),
            })
            .collect()
    }

    #[test]
    fn structure_shares_read_by_hand_as_by_the_pattern() {
        let cases = [
            "2024年度一般公共预算财政拨款支出1,809.96万元,主要用于以下方面:一般公共服务(类)支出874.1万元,占48.29%;科学技术(类)支出105万元,占5.8%。",
            "其中:基本支出1,234.5元,占总支出的12.5%,项目支出6元占比为3%。",
            ",人员经费5万元,占5%",
            "甲12万元占1.%2%",
            "\n收入12万元,占比1,2%;支出3万元,,占4%",
            "甲1万元占1%2万元占3%;乙4万元占5%",
        ];
        agree(&cases, shares, shares_by_pattern);
        let got = shares(cases[0]);
        assert_eq!(
            got.iter().map(|m| (m.item, m.pct)).collect::<Vec<_>>(),
            [("一般公共服务(类)支出", "48.29"), ("科学技术(类)支出", "5.8")]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn structure_share_reader_agrees_with_the_pattern(parts in proptest::collection::vec(proptest::sample::select(vec![
            ",", ";", ":", "。", "\n", "其中:", "其中", "甲", "(类)", "支出", "874.1", "1,234", ",567", "12", ".5", ".",
            "万元", "元", "万", ",占", "占", "比", "的", "48.29%", "5%", "%", "1.", "3", "1万元占1%",
        ]), 0..30)) {
            let h: String = parts.concat();
            proptest::prop_assert_eq!(shares(&h), shares_by_pattern(&h), "{:?}", h);
        }
    }

    fn label_money_by_pattern(s: &str) -> Option<(&str, (&str, &str))> {
        let c = label_money_re().captures(s)?;
        Some((c.get(1).unwrap().as_str(), (c.get(2).unwrap().as_str(), c.get(3).unwrap().as_str())))
    }

    #[test]
    fn sentence_labels_read_by_hand_as_by_the_pattern() {
        let cases = [
            "2024年度收入总计6,562.78万元",
            "2024年收、支总计均为6,562.78万元",
            "一、本年收入合计为12.5元",
            "3、基本支出共计1,234万元,",
            "2023年度财政拨款收入合计为",
            "合计为5万元",
            "为5元",
            "20245年收入1万元",
            "2024年度:收入1万元",
            "十二、1、收入2万元",
            "\n收入1,2345万元",
            "度为3万元",
        ];
        agree(&cases, label_money, label_money_by_pattern);
        assert_eq!(label_money(cases[1]), Some(("收、支总计", ("6,562.78", "万元"))));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn sentence_label_reader_agrees_with_the_pattern(parts in proptest::collection::vec(proptest::sample::select(vec![
            "2024", "年", "度", "1", "12", "、", "三", "十", "收入", "总计", "合计", "为", "均", "共计", "计为",
            "1,234", ",567", ".5", ".", "万元", "元", "万", ",", ";", ":", "。", "\n", "6,562.78万元", "5元",
        ]), 0..14)) {
            let h: String = parts.concat();
            proptest::prop_assert_eq!(label_money(&h), label_money_by_pattern(&h), "{:?}", h);
        }
    }

    #[test]
    fn structure_items_cleaned_as_before_the_shortcuts() {
        // The former clean_item, which replaced and ran the year pattern on every item.
        let before = |s: &str| {
            let s = s.trim_start_matches('\n');
            let s = s.rsplit([':', '、']).next().unwrap_or(s);
            let s = s.trim_start_matches("其中").trim_start_matches(':');
            let s = s.replace("(类)", "").replace("(款)", "").replace("(项)", "");
            let s = s.trim_end_matches("支出决算").trim_end_matches("为").to_string();
            Regex::new(r"^[0-9]{4}年度?").unwrap().replace(&s, "").into_owned()
        };
        for s in [
            "其中:一般公共服务(类)支出",
            "\n2024年度一般公共预算财政拨款支出决算为",
            "2024年收入",
            "主要用于以下方面:科学技术(类)支出",
            "人员经费",
            "１２３４年度x",
            "202年度x",
            "20245年x",
            "2024年度度x",
            "2024",
            "(类)",
            "住房保障(款)(项)支出决算",
        ] {
            assert_eq!(clean_item(s), before(s), "{s}");
        }
        assert_eq!(clean_item("其中:一般公共服务(类)支出"), "一般公共服务支出");
        assert_eq!(clean_item("\n2024年度一般公共预算财政拨款支出决算为"), "一般公共预算财政拨款支出决算");
    }

    /// What `exec_re` captures, in the hand reader's terms.
    fn by_pattern(h: &str) -> Option<ExecParagraph<'_>> {
        let c = exec_re().captures(h)?;
        let g = |i: usize| c.get(i).map(|m| m.as_str());
        let named = |n: &str| c.name(n).map(|m| m.as_str());
        Some(ExecParagraph {
            end: c.get(0)?.end(),
            lei: g(1)?,
            kuan: g(2)?,
            xiang: g(3)?,
            budget: (g(4)?, g(5)?),
            actual: (g(6)?, g(7)?),
            pct: g(8),
            nobudget: named("nobudget").is_some(),
            dir: named("dir"),
            flat: named("flat").is_some(),
            reason: named("reason"),
        })
    }

    #[test]
    fn execution_paragraphs_read_by_hand_as_by_the_pattern() {
        let cases = [
            "1、一般公共服务支出(类)发展与改革事务(款)行政运行(项)。年初预算为743.84万元,支出决算为874.1万元,完成年初预算的117.51%。决算数大于年初预算数的主要原因是人员增加。",
            "。2、科学技术支出(类)其他科学技术支出(款)其他科学技术支出(项)。年初预算为0万元,支出决算为105万元,年初无预算。决算数大于年初预算数的主要原因是专项资金增加。",
            ":(一)城乡社区支出(类)国有土地使用权出让收入安排的支出(款)城市建设支出(项)。年初预算为1,234,567.5元,支出决算为12,345元。决算数与年初预算数基本持平。",
            "一般公共服务(类)支出874.1万元,占48.29%;科学技术(类)支出105万元,占5.8%。",
            "甲(类)乙(款)丙(项)年初预算数为1,2345万元,支出决算为1万元",
            "甲(类)乙(类)丙(款)丁(项)。年初预算为1万元支出决算数为2元,完成年初预算的3%决算小于年初预算的主要原因是",
        ];
        agree(&cases, exec_paragraph, by_pattern);
        let head = "甲(类)乙(款)丙(项)。年初预算为1万元,支出决算为2万元。";
        for tail in ["大于", "小于", "等于", "高于", "低于"]
            .map(|w| format!("决算数{w}年初预算数的主要原因是x。"))
            .into_iter()
            .chain(["持平", "相同", "一致"].map(|w| format!("决算与年初预算{w}的主要原因是y。")))
        {
            let h = format!("{head}{tail}");
            let p = exec_paragraph(&h).expect("a paragraph");
            assert!(p.dir.is_some() || p.flat, "{h}");
            assert_eq!(Some(p), by_pattern(&h), "{h}");
        }
        let p = exec_paragraph(cases[0]).expect("a paragraph");
        assert_eq!((p.lei, p.kuan, p.xiang), ("一般公共服务支出", "发展与改革事务", "行政运行"));
        assert_eq!(
            (p.budget, p.actual, p.pct, p.dir),
            (("743.84", "万元"), ("874.1", "万元"), Some("117.51"), Some("大于"))
        );
        assert_eq!(p.reason, Some("人员增加"));
        assert!(exec_paragraph(cases[3]).is_none());
    }

    proptest::proptest! {
        // Cheap cases (microseconds each): many, so that rare combinations of pieces occur.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        // Token soup around every branch of the pattern: ordinals, markers, separators,
        // numbers with and without grouping, units, the optional tails.
        #[test]
        fn execution_reader_agrees_with_the_pattern(parts in proptest::collection::vec(proptest::sample::select(vec![
            "。", ":", "\n", ",", ";", "1、", "12", "(一)", "(", ")", "一", "(类)", "(款)", "(项)", "甲", "年初预算", "数",
            "为", "1,234", ",567", ",5678", "3", ".5", ".", "万元", "元", "万", "支出决算", "完成年初预算的", "%",
            "年初无预算", "决算", "大于", "低于", "与年初预算", "基本", "持平", "一致", "的", "主要原因是",
        ]), 0..40)) {
            let h: String = parts.concat();
            proptest::prop_assert_eq!(exec_paragraph(&h), by_pattern(&h), "{:?}", h);
        }

        #[test]
        fn execution_reader_agrees_on_near_paragraphs(
            picks in proptest::collection::vec(0usize..64, NEAR.len()),
            names in proptest::collection::vec(proptest::collection::vec(0usize..12, 0..4), 3),
        ) {
            // Each piece of a paragraph, well formed or subtly not.
            // Mostly well formed, so that many cases get as far as the tails.
            const NAME: [&str; 12] = ["甲", "(类)", "(款)", "(项)", ":", "。", "\n", "乙", "丙", "丁", "戊", "己"];
            let name = |i: usize, marker: &str| names[i].iter().map(|&k| NAME[k]).collect::<String>() + marker;
            let piece = |k: usize| NEAR[k][picks[k] % NEAR[k].len()];
            let h = [
                piece(0).to_string(), name(0, "(类)"), name(1, "(款)"), name(2, "(项)"),
                (1..NEAR.len()).map(piece).collect::<String>(),
            ].concat();
            proptest::prop_assert_eq!(exec_paragraph(&h), by_pattern(&h), "{:?}", h);
        }
    }

    /// The totals as the former search found them: `exec_total_re` in the window of the
    /// sentence holding each trigger and the next, non-overlapping, in the hand reader's
    /// terms.
    fn totals_by_pattern(text: &Text) -> Vec<ExecTotal<'_>> {
        let (mut out, mut done) = (Vec::new(), 0);
        for (start, end) in text.trigger_windows("支出年初预算", 2) {
            for c in exec_total_re().captures_iter(&text.stream[start..end]) {
                let m = c.get(0).expect("whole match");
                if start + m.start() < done {
                    continue;
                }
                done = start + m.end();
                let g = |i: usize| c.get(i).map(|m| m.as_str());
                let named = |n: &str| c.name(n).map(|m| m.as_str());
                let figures = ExecParagraph {
                    end: m.end() - m.start(),
                    lei: "",
                    kuan: "",
                    xiang: "",
                    budget: (g(2).unwrap(), g(3).unwrap()),
                    actual: (g(4).unwrap(), g(5).unwrap()),
                    pct: g(6),
                    nobudget: false,
                    dir: named("dir"),
                    flat: named("flat").is_some(),
                    reason: named("reason"),
                };
                out.push(ExecTotal { start: start + m.start(), end: done, fund: g(1).unwrap(), figures });
            }
        }
        out
    }

    /// The hand reader's totals with `end` counted from the statement's start, as the
    /// pattern's are.
    fn totals_by_hand(text: &Text) -> Vec<ExecTotal<'_>> {
        exec_totals(text)
            .into_iter()
            .map(|mut t| {
                t.figures.end = t.end - t.start;
                t
            })
            .collect()
    }

    fn text_of(s: &str) -> Text {
        let lines: Vec<crate::source::Line> =
            s.split('\n').enumerate().map(|(i, t)| crate::source::Line::new(i as u32 + 1, t.to_string())).collect();
        Text::build(&lines, &|_| false)
    }

    #[test]
    fn execution_totals_read_by_hand_as_by_the_pattern() {
        let cases = [
            "一般公共预算财政拨款支出年初预算为1,234.5万元,支出决算为1,809.96万元,完成年初预算的146.62%。决算数大于年初预算数的主要原因是追加项目。",
            "政府性基金预算财政拨款支出年初预算数为0万元,支出决算数为4,752.82万元。决算数与年初预算数基本持平。",
            "2024年度一般公共预算财政拨款支出年初预算为10万元,支出决算为9万元。政府性基金预算财政拨款支出年初预算为1元,支出决算为2元,完成年初预算的200%。",
            "一般公共预算财政拨款支出年初预算为10万元,支出决算为9万元,年初无预算。决算数大于年初预算数的主要原因是x。",
            "其中:项目支出年初预算为3万元,支出决算为4万元。",
            "一般公共预算财政拨款支出年初预算为10万元\n,支出决算为9万元。主要原因是一般公共预算财政拨款支出年初预算为1万元,支出决算为2万元。",
        ];
        for h in cases {
            let t = text_of(h);
            assert_eq!(totals_by_hand(&t), totals_by_pattern(&t), "{h}");
        }
        let t = text_of(cases[0]);
        let got = exec_totals(&t);
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].fund, got[0].figures.budget, got[0].figures.actual),
            ("一般公共预算财政拨款", ("1,234.5", "万元"), ("1,809.96", "万元"))
        );
        assert_eq!(
            (got[0].figures.pct, got[0].figures.dir, got[0].figures.reason),
            (Some("146.62"), Some("大于"), Some("追加项目"))
        );
        assert_eq!(exec_totals(&text_of(cases[2])).len(), 2);
        assert!(exec_totals(&text_of(cases[4])).is_empty());
    }

    /// What `yoy_re` captures, in the hand reader's terms.
    fn yoys_by_pattern(h: &str) -> Vec<YoyMatch<'_>> {
        yoy_re()
            .captures_iter(h)
            .map(|c| YoyMatch {
                span: (c.get(0).unwrap().start(), c.get(0).unwrap().end()),
                year: c.get(1).unwrap().as_str(),
                verb: c.get(3).unwrap().as_str(),
                money: (c.get(4).unwrap().as_str(), c.get(5).unwrap().as_str()),
                pct: c.get(6).map(|w| (w.as_str(), c.get(7).unwrap().as_str())),
            })
            .collect()
    }

    #[test]
    fn year_on_year_statements_read_by_hand_as_by_the_pattern() {
        let cases = [
            "本年收入合计1,809.96万元,与2023年相比,增加了120.5万元,增长7.13%,主要原因是项目增加。",
            "与2023年度相比减少3万元。与2023年决算数相比,支出下降1,234元,同比下降12%",
            "与2023年决算相比,增加",
            "与2023年相比;增加3万元。与202年相比增加3万元。与20231年相比增加3万元",
            "与2023年相比增加了12,34万元增加5万元,上升了1.5%。",
            "与2023年度相比\n增加3.元,增长%",
            "机关运行经费支出29.98万元,与2023年相比,增加2万元;与2022年相比,减少1万元,下降了3.5%",
        ];
        agree(&cases, yoys, yoys_by_pattern);
        let got = yoys(cases[0]);
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].year, got[0].verb, got[0].money, got[0].pct),
            ("2023", "增加", ("120.5", "万元"), Some(("增长", "7.13")))
        );
        assert_eq!(yoys(cases[6]).len(), 2);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]
        // Token soup of the statement's pieces, a few of them broken.
        #[test]
        fn year_on_year_statements_agree_with_the_pattern(parts in proptest::collection::vec(proptest::sample::select(vec![
            "与", "2023", "202", "年", "度", "决算", "数", "相比", ",", "增加", "减少", "增长", "下降", "上升", "了",
            "1,234", ".5", "3", "万元", "元", "同比", "%", "。", ";", "\n", "支出", "甲",
        ]), 0..40)) {
            let h: String = parts.concat();
            proptest::prop_assert_eq!(yoys(&h), yoys_by_pattern(&h), "{:?}", h);
        }

        // One to three statements, each piece well formed or subtly not.
        #[test]
        fn year_on_year_statements_agree_on_near_statements(
            picks in proptest::collection::vec(proptest::collection::vec(0usize..64, NEAR_YOY.len()), 1..4),
        ) {
            let h = near(NEAR_YOY, &picks);
            proptest::prop_assert_eq!(yoys(&h), yoys_by_pattern(&h), "{:?}", h);
        }
    }

    /// Statements made of one choice per piece: `pieces[k]` lists the spellings of the
    /// k-th piece (well formed first, then subtly not), and each pick chooses one per piece.
    fn near(pieces: &[&[&str]], picks: &[Vec<usize>]) -> String {
        picks.iter().flat_map(|p| pieces.iter().zip(p).map(|(choices, &c)| choices[c % choices.len()])).collect()
    }

    const NEAR_YOY: &[&[&str]] = &[
        &["本年支出合计12万元,", "", "收入"],
        &["与", "", "和"],
        &["2023", "202", "20234"],
        &["年", "", "年年"],
        &["", "度", "决算", "决算数", "数"],
        &["相比", "", "相"],
        &["", ",", ",,"],
        &["", "支出", "。", ";", "\n", "增加"],
        &["增加", "减少", "增长", "下降", "上升", "持平"],
        &["", "了", "了了"],
        &["1,234.5", "12", "1,2345", "3.", ".5", ""],
        &["万元", "元", "", "万"],
        &["", ","],
        &["", "同比"],
        &["", "增长", "下降", "减少", "增加", "上升"],
        &["", "了"],
        &["7.13", "7", "7.", ""],
        &["%", "", "%%"],
        &["。", "", ";", "甲"],
    ];

    /// The members and lines `Cx::each_after` reads with `members_re`, and the sentences
    /// it marks read; then the same by the pattern with its optional opening group.
    type Read = (Vec<(u32, String)>, Vec<bool>);
    fn members_both(text: &Text) -> (Read, Read) {
        let full = Regex::new(r"(?:部门|单位)?决算(?:包括|由)[:]?([^。]+?)(?:组成)?。").unwrap();
        let read = |by_hand: bool| {
            let mut cx = Cx { text, consumed: vec![false; text.sentences.len()] };
            let mut got = Vec::new();
            let f = |c: &Captures, line| got.push((line, c[1].to_string()));
            if by_hand {
                cx.each_after(&["部门", "单位"], members_re(), f)
            } else {
                cx.each(&full, f)
            }
            (got, cx.consumed)
        };
        (read(true), read(false))
    }

    #[test]
    fn members_found_without_the_opening_group_as_with_it() {
        for case in [
            "阳谷县工业和信息化局(汇总)部门决算包括:局机关本级决算、阳谷县中小企业服务中心决算。",
            "本单位\n决算由本级决算组成。又,部门决算包括甲决算。",
            "单位决算包括\n甲决算、乙决算。部门\n决算由丙组成。",
            "决算包括甲。",
        ] {
            let text = text_of(case);
            let (by_hand, by_pattern) = members_both(&text);
            assert_eq!(by_hand, by_pattern, "{case}");
            assert!(!by_hand.0.is_empty(), "{case}");
        }
        let ((got, _), _) = members_both(&text_of("本单位\n决算由本级决算组成。"));
        assert_eq!(got, [(1, "本级决算".to_string())], "the line of 单位, where the match starts");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3_000))]
        #[test]
        fn members_agree_with_the_opening_group(parts in proptest::collection::vec(proptest::sample::select(vec![
            "部门", "单位", "决算", "包括", "由", ":", "甲", "、", "组成", "。", "\n", "本级",
        ]), 0..30)) {
            let h: String = parts.concat();
            let (by_hand, by_pattern) = members_both(&text_of(&h));
            proptest::prop_assert_eq!(by_hand, by_pattern, "{:?}", h);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5_000))]
        // Token soup of the statement's pieces: it seldom forms a whole statement (the
        // near statements below do), but it holds the reader to the pattern on broken
        // ones and shows that it never panics on them.
        #[test]
        fn execution_totals_agree_with_the_pattern(parts in proptest::collection::vec(proptest::sample::select(vec![
            "一般公共预算财政拨款", "政府性基金预算财政拨款", "支出", "年初预算", "数", "为", "1,234", ".5", "3", "万元", "元",
            ",", "。", "\n", "支出决算", "完成年初预算的", "%", "年初无预算", "决算", "大于", "小于", "与年初预算", "基本",
            "持平", "的", "主要原因是", "甲", ":",
        ]), 0..60)) {
            let h: String = parts.concat();
            let t = text_of(&h);
            proptest::prop_assert_eq!(totals_by_hand(&t), totals_by_pattern(&t), "{:?}", h);
        }

        // One to three statements, each piece well formed or subtly not, so that most
        // cases reach the completion, direction and reason.
        #[test]
        fn execution_totals_agree_on_near_statements(
            picks in proptest::collection::vec(proptest::collection::vec(0usize..64, NEAR_TOTAL.len()), 1..4),
        ) {
            let h = near(NEAR_TOTAL, &picks);
            let t = text_of(&h);
            proptest::prop_assert_eq!(totals_by_hand(&t), totals_by_pattern(&t), "{:?}", h);
        }
    }

    /// The pieces of a fund's total statement, in order.
    const NEAR_TOTAL: &[&[&str]] = &[
        &["", "2024年度", "。", "其中:", "\n", "甲"],
        &["一般公共预算财政拨款", "政府性基金预算财政拨款", "一般公共预算财政拨款", "政府性基金", ""],
        &["支出年初预算为", "支出年初预算数为", "支出年初预算", "支出年初预算为为"],
        MONEY,
        &["", ",", ",,", "。", "\n"],
        &["支出决算为", "支出决算数为", "决算为"],
        MONEY,
        &[
            "",
            ",完成年初预算的117.51%",
            "完成年初预算的5%",
            ",完成年初预算的%",
            ",年初无预算",
            "年初无预算",
            ",完成年初预算的1,2%",
        ],
        &["", "。", "\n", ","],
        &[
            "",
            "决算数大于年初预算数",
            "决算小于年初预算",
            "决算数与年初预算数基本持平",
            "决算与年初预算一致",
            "决算数大于",
            "决算高于年初预算数",
        ],
        &[
            "",
            "的主要原因是x",
            "主要原因是y",
            "的主要原因是a\nb",
            "。主要原因是z",
            "的主要原因是一般公共预算财政拨款支出年初预算为1万元,支出决算为2万元",
        ],
        &["", "。", "。", ";"],
    ];

    const MONEY: &[&str] = &[
        "0万元",
        "12.5万元",
        "1,234.56万元",
        "1234元",
        "1,23万元",
        "12,345,678元",
        "1234,567万元",
        "1,234.万元",
        "1,234,5678万元",
        ".5万元",
        "1.万元",
        "12.5.3万元",
        "7亿元",
        "7",
        "7万",
    ];
    /// The pieces after the names, in order; the first is what precedes the 类 name.
    const NEAR: &[&[&str]] = &[
        &["", "。", ":", "3、", "12、", "(二)", "12", "(", "(一", "。:", "(十一)甲"],
        &["", "。", ",", "。,", ",。"],
        &["年初预算为", "年初预算数为", "年初预算数", "预算为"],
        MONEY,
        &["", ",", ",,"],
        &["支出决算为", "支出决算数为", "决算为"],
        MONEY,
        &[
            "",
            ",",
            "完成年初预算的99.9%",
            ",完成年初预算的%",
            ",完成年初预算的5",
            "年初无预算",
            ",年初无预算",
            ",完成年初预算的1.%",
        ],
        &["", "。", "。。"],
        &["", "决算", "决算数", "决算", "决算数", "数"],
        &[
            "",
            "大于",
            "小于",
            "等于",
            "高于",
            "低于",
            "与年初预算",
            "与年初预算数",
            "与年初预算基本",
            "与年初预算数基本",
            "x",
        ],
        &["", "年初预算", "年初预算数", "持平", "相同", "一致", "基本持平"],
        &[
            "",
            "的",
            "主要原因是",
            "的主要原因是",
            "的主要原因是减少。",
            "主要原因是a\n。",
            "的的主要原因是",
            "的主要原因是人员增加、项目经费增加及其他。",
        ],
        &["", "。b", "甲(类)乙(款)丙(项)。年初预算为1万元,支出决算为2万元。"],
    ];
}
