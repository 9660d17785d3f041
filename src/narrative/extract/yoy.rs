//! Year-on-year statements (`与2023年度相比，增加…万元，增长…%`, or 相同/持平) with the figure they are about.
//!
//! Each hand reader sits beside the pattern it replaced, kept as its test oracle.

use super::*;

// The reading `yoys` does by hand, kept as the oracle its tests compare it with.
#[cfg(test)]
re!(
    yoy_re,
    format!(
        r"与([0-9]{{4}}|上一?)年(?:度|决算数?)?相比,?([^。;]*?)(增加|减少|增长|下降|上升)了?{}(?:,?(?:同比)?(增长|下降|减少|增加|上升)了?{})?",
        money(),
        pct()
    )
);
re!(yoy_same_re, r"与([0-9]{4}|上一?)年(?:度)?(?:决算数?)?(?:相比)?,?(?:[^,;:。0-9]{0,30}?)(?:基本)?(相同|持平)");
// The reading `bis` does by hand, kept as the oracle its tests compare it with.
#[cfg(test)]
re!(
    bi_re,
    format!(
        r"(?:比|较)([0-9]{{4}}|上一?)年度?(?:决算数?)?,?(增加|减少|增长|下降|上升)了?{}(?:,?(?:同比)?(增长|下降|减少|增加|上升)了?{})?",
        money(),
        pct()
    )
);
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
pub(super) fn label_money(s: &str) -> Option<(&str, (&str, &str))> {
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

/// A figure's name alone opening a sentence, after its year (`2024年度`): no digit, no
/// `,;:` and at most 30 characters, else `None`.
fn bare_label(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let s = if b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit) {
        let e = lit(s, 4, "年")?;
        &s[opt(s, e, "度")..]
    } else {
        s
    };
    let plain =
        !s.is_empty() && s.chars().count() <= 30 && !s.contains(|c: char| c.is_ascii_digit() || ",;:。".contains(c));
    plain.then_some(s)
}

/// The label and amount a sentence opens with: `收、支总计均为6,562.78万元` → (收支总计, 6562.78).
pub(super) fn label_amount(s: &str) -> Option<(String, Option<Decimal>)> {
    let (label, (n, unit)) = label_money(s)?;
    let label: String = label.chars().filter(|&ch| ch != '、').collect();
    let label = label.trim_start_matches('\n').to_string();
    (!label.is_empty()).then(|| (label, wan(n, unit)))
}

pub(super) const YOY_VERBS: [&str; 5] = ["增加", "减少", "增长", "下降", "上升"];

/// A year-on-year statement as `yoy_re` (or `bi_re`) reads it: its span, the prior year
/// (`上` for 上年, the year before the document's), the direction and amount of the
/// change, and the optional percentage with its own word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct YoyMatch<'h> {
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
pub(super) fn yoys(h: &str) -> Vec<YoyMatch<'_>> {
    left_to_right(h, memchr::memmem::find_iter(h.as_bytes(), "与".as_bytes()), yoy_at)
}

/// The statements `at` reads at the `starts` (in order), left to right and not
/// overlapping, as a pattern's `captures_iter` finds them.
fn left_to_right<'h>(
    h: &'h str,
    starts: impl Iterator<Item = usize>,
    at: fn(&'h str, usize) -> Option<YoyMatch<'h>>,
) -> Vec<YoyMatch<'h>> {
    let mut out: Vec<YoyMatch<'h>> = Vec::new();
    for i in starts {
        if out.last().is_some_and(|m| i < m.span.1) {
            continue;
        }
        out.extend(at(h, i));
    }
    out
}

/// [`yoys`]' statement starting at `i` (at `与`).
pub(super) fn yoy_at(h: &str, i: usize) -> Option<YoyMatch<'_>> {
    let y = lit(h, i, "与")?;
    let (year, mut g) = year_at(h, y)?;
    g = match lit(h, g, "度") {
        Some(e) => e,
        None => lit(h, g, "决算").map_or(g, |e| opt(h, e, "数")),
    };
    g = opt(h, lit(h, g, "相比")?, ",");
    // The lazy run: the first end from which a direction word, `了` and an amount follow.
    let mut q = g;
    loop {
        if let Some(m) = change_at(h, i, q, year) {
            return Some(m);
        }
        let c = h[q..].chars().next()?;
        if c == '。' || c == ';' {
            return None;
        }
        q += c.len_utf8();
    }
}

/// The year a comparison names at `y`: four digits and `年`, or `上年` / `上一年` (as
/// `上` / `上一`: the year before the document's).
fn year_at(h: &str, y: usize) -> Option<(&str, usize)> {
    for last in ["上年", "上一年"] {
        if let Some(e) = lit(h, y, last) {
            return Some((&h[y..e - "年".len()], e));
        }
    }
    let b = h.as_bytes();
    if !(y + 4 <= b.len() && b[y..y + 4].iter().all(u8::is_ascii_digit)) {
        return None;
    }
    Some((&h[y..y + 4], lit(h, y + 4, "年")?))
}

/// The change a statement opened at `i` states at `q`: a direction word, `了`, an amount,
/// then optionally `(,)(同比)` a direction word, `了` and a percentage.
fn change_at<'h>(h: &'h str, i: usize, q: usize, year: &'h str) -> Option<YoyMatch<'h>> {
    let (v_end, verb) = one_of(h, q, &YOY_VERBS)?;
    let (end, money) = money_at(h, opt(h, v_end, "了"))?;
    let k = opt(h, opt(h, end, ","), "同比");
    let tail =
        one_of(h, k, &YOY_VERBS).and_then(|(e, word)| pct_at(h, opt(h, e, "了")).map(|(pe, pct)| (pe, (word, pct))));
    let (end, pct) = match tail {
        Some((pe, p)) => (pe, Some(p)),
        None => (end, None),
    };
    Some(YoyMatch { span: (i, end), year, verb, money, pct })
}

/// Every statement `比上年增加…万元(,增长…%)` (also `较`, and a year: `较2022年度决算数减少`),
/// left to right and not overlapping, as `bi_re`'s `captures_iter` finds them: the change
/// follows the year at once (`比年初预算…` compares with the budget, not a year).
pub(super) fn bis(h: &str) -> Vec<YoyMatch<'_>> {
    left_to_right(h, h.match_indices(['比', '较']).map(|(i, _)| i), bi_at)
}

/// [`bis`]' statement starting at `i` (at `比` or `较`).
fn bi_at(h: &str, i: usize) -> Option<YoyMatch<'_>> {
    let y = one_of(h, i, &["比", "较"])?.0;
    let (year, mut g) = year_at(h, y)?;
    g = opt(h, g, "度");
    g = match lit(h, g, "决算") {
        Some(e) => opt(h, e, "数"),
        None => g,
    };
    change_at(h, i, opt(h, g, ","), year)
}

#[inline(never)]
pub(super) fn yoy(cx: &mut Cx, out: &mut Narrative) {
    let text = cx.text;
    // The figure a statement is about: the one its sentence opens with, or for a `与…相比`
    // sentence of its own, the previous sentence's (`比上年…` follows its figure).
    let measure_for = |pos: usize, cx: &mut Cx, own_sentence: bool| -> Option<(String, Option<Decimal>)> {
        let i = text.sentence_at(pos)?;
        let s = &text.sentences[i];
        let before = &text.stream[s.start..pos];
        if let Some(found) = label_amount(before.trim_start_matches('\n')) {
            return Some(found);
        }
        if !own_sentence {
            // `2024年度“三公”经费财政拨款支出决算数比2023年度减少0.15万元`: the figure is
            // named but not stated; the change is kept, this year's figure left NULL.
            return bare_label(before.trim_start_matches('\n')).map(|l| (l.to_string(), None));
        }
        let prev = i.checked_sub(1)?;
        let found = label_amount(text.sentence_text(prev).trim_start_matches('\n'))?;
        cx.consumed[prev] = true;
        Some(found)
    };
    let stream = &text.stream;
    let doc_year = cx.year;
    let last_year = |y: &str| if y.starts_with('上') { doc_year.map_or(0, |y| y - 1) } else { y.parse().unwrap_or(0) };
    // A `与…相比` statement is taken even when no figure opens its sentence; one `比上年`
    // only with its figure (else the sentence is left to be reported as unparsed).
    let found = yoys(stream).into_iter().map(|m| (m, true)).chain(bis(stream).into_iter().map(|m| (m, false)));
    for (m, always) in found {
        let (start, end) = m.span;
        if always {
            cx.mark(start, end);
        }
        let Some((measure, this_year)) = measure_for(start, cx, always) else { continue };
        cx.mark(start, end);
        let change = wan(m.money.0, m.money.1).map(|v| signed(m.verb, v));
        let change_pct = m.pct.and_then(|(word, p)| num(p).map(|v| signed(word, v)));
        out.yoy.push(Yoy {
            measure,
            this_year,
            change,
            change_pct,
            prior_year: last_year(m.year),
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
        let Some((measure, this_year)) = measure_for(m.start(), cx, true) else { continue };
        cx.mark(m.start(), m.end());
        out.yoy.push(Yoy {
            measure,
            this_year,
            change: Some(Decimal::ZERO),
            change_pct: None,
            prior_year: last_year(&c[1]),
            same: Some(c[2].to_string()),
            line: text.line_at(m.start()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

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

    /// What `bi_re` captures, in the hand reader's terms.
    fn bis_by_pattern(h: &str) -> Vec<YoyMatch<'_>> {
        bi_re()
            .captures_iter(h)
            .map(|c| YoyMatch {
                span: (c.get(0).unwrap().start(), c.get(0).unwrap().end()),
                year: c.get(1).unwrap().as_str(),
                verb: c.get(2).unwrap().as_str(),
                money: (c.get(3).unwrap().as_str(), c.get(4).unwrap().as_str()),
                pct: c.get(5).map(|w| (w.as_str(), c.get(6).unwrap().as_str())),
            })
            .collect()
    }

    #[test]
    fn changes_over_last_year_read_by_hand_as_by_the_pattern() {
        let cases = [
            "机关运行经费支出42.38万元,比上年减少0.99万元,下降2.28%,主要原因是支出减少。",
            "本年支出116.12万元,较2022年度决算数增加19.68万元,增长20.4%",
            "较上年增加了3万元;比2023年下降1,234元,同比下降12%",
            "比年初预算减少0.99万元,下降2.28%。比上年,增加5元。较上年度增加3.元",
            "比上上年增加1万元。较202年减少1万元。比20231年减少1万元。较上年2.08减少0.03万元",
            "较上一年度增加1,133.95万元;比上一年减少3元,下降1%。较上一度增加5万元",
        ];
        agree(&cases, bis, bis_by_pattern);
        let got = bis(cases[1]);
        assert_eq!(
            (got[0].year, got[0].verb, got[0].money, got[0].pct),
            ("2022", "增加", ("19.68", "万元"), Some(("增长", "20.4")))
        );
        assert_eq!(bis(cases[0])[0].year, "上");
        assert!(bis(cases[4]).is_empty());
    }

    #[test]
    fn a_change_over_last_year_is_a_year_on_year_statement_about_the_year_before() {
        let text = text_of(
            "2024年度机关运行经费支出42.38万元,比上年减少0.99万元,下降2.28%。\n收入合计10万元,与上年相比持平。",
        );
        let mut cx = Cx { text: &text, consumed: vec![false; text.sentences.len()], year: Some(2024) };
        let mut out = Narrative::default();
        yoy(&mut cx, &mut out);
        let got: Vec<_> =
            out.yoy.iter().map(|y| (y.measure.as_str(), y.this_year, y.change, y.change_pct, y.prior_year)).collect();
        assert_eq!(
            got,
            [
                (
                    "机关运行经费支出",
                    Some(Decimal::new(4238, 2)),
                    Some(Decimal::new(-99, 2)),
                    Some(Decimal::new(-228, 2)),
                    2023
                ),
                ("收入合计", Some(Decimal::from(10)), Some(Decimal::ZERO), None, 2023),
            ]
        );
    }

    #[test]
    fn a_change_of_a_figure_named_but_not_stated_keeps_the_change() {
        let text = text_of(
            "2024年度“三公”经费财政拨款支出决算数比2023年度减少0.15万元,下降(增长)27.78%。主要原因:x,较上年增加3万元。",
        );
        let mut cx = Cx { text: &text, consumed: vec![false; text.sentences.len()], year: Some(2024) };
        let mut out = Narrative::default();
        yoy(&mut cx, &mut out);
        let got: Vec<_> =
            out.yoy.iter().map(|y| (y.measure.as_str(), y.this_year, y.change, y.change_pct, y.prior_year)).collect();
        assert_eq!(got, [("“三公”经费财政拨款支出决算数", None, Some(Decimal::new(-15, 2)), None, 2023)]);
        assert_eq!(bare_label("2024年收入"), Some("收入"));
        assert_eq!(bare_label("主要原因:x,"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]
        #[test]
        fn changes_over_last_year_agree_with_the_pattern(parts in proptest::collection::vec(proptest::sample::select(vec![
            "比", "较", "上", "一", "2023", "202", "年", "度", "决算", "数", "预算", ",", "增加", "减少", "增长", "下降", "上升",
            "了", "1,234", ".5", "3", "万元", "元", "同比", "%", "。", ";", "\n", "支出",
        ]), 0..30)) {
            let h: String = parts.concat();
            proptest::prop_assert_eq!(bis(&h), bis_by_pattern(&h), "{:?}", h);
        }
    }

    const NEAR_YOY: &[&[&str]] = &[
        &["本年支出合计12万元,", "", "收入"],
        &["与", "", "和"],
        &["2023", "202", "20234", "上", "上一"],
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
}
