//! Budget execution: each 类/款/项 paragraph and each fund's total, 年初预算 against 决算, resolved to the subject code of the document's own tables.
//!
//! Each hand reader sits beside the pattern it replaced, kept as its test oracle.

use super::*;

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
pub(super) const EXEC_TAIL: &str = r"(?:决算数?(?:(?P<dir>大于|小于|等于|高于|低于)(?:年初)?预算数?|[与同](?:年初)?预算数?(?:基本)?(?P<flat>持平|相同|一致)))?(?:的?主要原因[是:](?P<reason>[^。]*))?";

/// Names of the document's own subjects, to turn 类/款/项 names into a code: (parent
/// code, name) → code, the parent of a 类 being "".
pub(super) struct SubjectNames<'a>(HashMap<(&'a str, Cow<'a, str>), &'a str>);

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
pub(super) fn execution(cx: &mut Cx, facts: &Facts, out: &mut Narrative) {
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
pub(super) struct ExecParagraph<'h> {
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
pub(super) fn exec_paragraph(h: &str) -> Option<ExecParagraph<'_>> {
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
pub(super) fn lei_marker() -> &'static memchr::memmem::Finder<'static> {
    static F: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    F.get_or_init(|| memchr::memmem::Finder::new("(类)"))
}

/// Positions of `m` in `h[from..limit]` (no marker spans `limit`: it is a 。, a line
/// break, a colon, or the end).
pub(super) fn marks<'h>(h: &'h str, from: usize, limit: usize, m: &'h str) -> impl Iterator<Item = usize> + 'h {
    memchr::memmem::find_iter(&h.as_bytes()[from..limit], m.as_bytes()).map(move |q| from + q)
}

/// The figures after `(项)`: budget and actual are required, the rest is optional.
pub(super) fn exec_figures(h: &str, i: usize, nobudget_ok: bool) -> Option<ExecParagraph<'_>> {
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
pub(super) struct ExecTotal<'h> {
    start: usize,
    end: usize,
    fund: &'h str,
    figures: ExecParagraph<'h>,
}

/// The funds whose totals are stated, as they are printed before `支出年初预算`.
pub(super) const EXEC_FUNDS: [&str; 2] = ["一般公共预算财政拨款", "政府性基金预算财政拨款"];

/// Each fund's total (`一般公共预算财政拨款支出年初预算为…,支出决算为…,完成年初预算的…%。
/// 决算数大于年初预算数的主要原因是…`), read as the pattern in the tests
/// (`exec_total_re`) was searched: in the sentence holding a `支出年初预算` and the next
/// one, the statements in order and never overlapping, each a fund's name, that word
/// and a subject's figures except 年初无预算 (see [`exec_figures`]).
pub(super) fn exec_totals(text: &Text) -> Vec<ExecTotal<'_>> {
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

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

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
