//! The units a 部门汇总 consolidates, from the sentence `…部门决算包括：局机关本级决算、某中心决算。`.
//!
//! Each hand reader sits beside the pattern it replaced, kept as its test oracle.

use super::*;

// Opened by an optional 部门|单位: see `Cx::each_after`.
re!(members_re, r"决算(?:包括|由)[:]?([^。]+?)(?:组成)?。");

/// The units a 部门汇总 consolidates: `…部门决算包括：局机关本级决算、某中心决算。`.
#[inline(never)]
pub(super) fn members(cx: &mut Cx, out: &mut Narrative) {
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

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    /// The members and lines `Cx::each_after` reads with `members_re`, and the sentences
    /// it marks read; then the same by the pattern with its optional opening group.
    type Read = (Vec<(u32, String)>, Vec<bool>);
    fn members_both(text: &Text) -> (Read, Read) {
        let full = Regex::new(r"(?:部门|单位)?决算(?:包括|由)[:]?([^。]+?)(?:组成)?。").unwrap();
        let read = |by_hand: bool| {
            let mut cx = Cx { text, consumed: vec![false; text.sentences.len()], year: None };
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
}
