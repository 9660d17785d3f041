//! Structure paragraphs: amounts with their stated shares, by the side the heading says (收入, 支出, 一般公共预算 by 类, 基本支出, 基金), and the grand totals.
//!
//! Each hand reader sits beside the pattern it replaced, kept as its test oracle.

use super::*;

// The reading `shares` does by hand, kept as the oracle its tests compare it with.
#[cfg(test)]
re!(share_re, format!(r"(?:^|[,;:])(?:其中:)?([^,;:。]*?){},?占(?:[^%;。,]*?)?{}", money(), pct()));

/// A share of a structure sentence: `一般公共服务(类)支出874.1万元,占48.29%`.
#[derive(Debug, PartialEq)]
pub(super) struct ShareMatch<'h> {
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
pub(super) fn shares(h: &str) -> Vec<ShareMatch<'_>> {
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
pub(super) fn share_at(h: &str, b: usize) -> Option<ShareMatch<'_>> {
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
pub(super) fn structure(cx: &mut Cx, out: &mut Narrative) {
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

/// Which breakdown the sentences under a heading state, if any.
pub(super) fn structure_side(major: &str, minor: &str) -> Option<&'static str> {
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
pub(super) fn clean_item(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

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
}
