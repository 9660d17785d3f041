//! Two-sided summary tables: 收入支出决算总表 and 财政拨款收入支出决算总表. Income on the
//! left, expenditure on the right, each with its own item, 行次 (not an amount) and amount
//! columns; the 财政拨款 table splits expenditure by fund.

use std::borrow::Cow;

use super::{Ctx, Row, column_labels, grid};
use crate::model::SummaryFact;
use crate::model::subject::lei_code_for_name;
use crate::source::squash;

struct Side {
    name: &'static str,
    item: usize,
    row_no: Option<usize>,
    measures: Vec<(usize, &'static str)>,
}

/// Canonical measure of a summary-table amount column.
fn measure_for(label: &str) -> Option<&'static str> {
    if label.contains("行次") || label.contains("栏次") {
        return None;
    }
    if label.contains("一般公共预算") {
        Some("一般公共预算财政拨款")
    } else if label.contains("政府性基金") {
        Some("政府性基金预算财政拨款")
    } else if label.contains("国有资本") {
        Some("国有资本经营预算财政拨款")
    } else if label.contains("金额") || label.contains("合计") || label.contains("决算数") {
        Some("金额")
    } else {
        None
    }
}

/// `一、一般公共服务支出` → `一般公共服务支出`: the cell squashed, without an opening
/// ordinal ([`ordinal_len`]). Borrowed when squashing borrowed.
pub fn strip_ordinal(s: &str) -> Cow<'_, str> {
    match squash(s) {
        Cow::Borrowed(t) => Cow::Borrowed(&t[ordinal_len(t)..]),
        Cow::Owned(t) => match ordinal_len(&t) {
            0 => Cow::Owned(t),
            n => Cow::Owned(t[n..].to_string()),
        },
    }
}

/// Length in bytes of the ordinal `t` opens with, 0 if none: numerals then `、` or a
/// point (`一、`, `12.`), or numerals in brackets (`(三)`, `（3）`), as the pattern the
/// unit tests keep as its oracle reads them. Read by hand: every item cell of the
/// two-sided tables is asked, and the pattern's replace cost 800 instructions a cell.
fn ordinal_len(t: &str) -> usize {
    let cjk = |c: char| matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十');
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    // The longest run of `part` from `from`, then one of `close`; the whole length, or 0.
    let run = |from: usize, part: &dyn Fn(char) -> bool, close: &[char]| {
        let body = t[from..].find(|c: char| !part(c)).map_or(t.len(), |k| from + k);
        match t[body..].chars().next() {
            Some(c) if body > from && close.contains(&c) => body + c.len_utf8(),
            _ => 0,
        }
    };
    match t.chars().next() {
        Some(c) if cjk(c) || c == '百' => run(0, &|c| cjk(c) || c == '百', &['、', '.', '．']),
        Some(c) if digit(c) => run(0, &digit, &['、', '.', '．']),
        Some(c @ ('(' | '（')) => run(c.len_utf8(), &|c| cjk(c) || digit(c), &[')', '）']),
        _ => 0,
    }
}

fn is_heading_of_funds(item: &str) -> bool {
    item.contains("结转和结余") && !item.contains("使用")
}

pub fn parse(ctx: &mut Ctx, rows: Vec<Row>, out: &mut Vec<SummaryFact>) -> bool {
    let is_data = |r: &Row| {
        r.has_amount()
            || r.non_empty().any(|(_, c)| {
                let item = strip_ordinal(c);
                !item.is_empty() && squash(c) != item
            })
    };
    let g = grid(rows, is_data);
    let width = g.header.iter().chain(&g.data).map(|r| r.cells.len()).max().unwrap_or(0);
    let labels = column_labels(&g.header, width);

    // Each side starts at an item column (`项目`); failing that, at `收入`/`支出`.
    let mut starts: Vec<usize> =
        labels.iter().enumerate().filter(|(_, l)| l.ends_with("项目")).map(|(j, _)| j).collect();
    if starts.len() != 2 {
        starts = labels
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with("收入") || l.starts_with("支出"))
            .map(|(j, _)| j)
            .fold(Vec::new(), |mut v, j| {
                let side_of = |j: usize| labels[j].starts_with("收入");
                if v.last().is_none_or(|&p: &usize| side_of(p) != side_of(j)) {
                    v.push(j);
                }
                v
            });
    }
    if starts.len() != 2 {
        let line = g.header.first().or(g.data.first()).map(|r| r.no()).unwrap_or(0);
        ctx.unreadable(
            line,
            format!("{}: cannot find the income and expenditure sides in the header", ctx.role.title()),
        );
        return false;
    }
    let sides: Vec<Side> = [(starts[0], starts[1], "收入"), (starts[1], width, "支出")]
        .into_iter()
        .map(|(from, to, name)| {
            let row_no = (from..to).find(|&j| labels[j].contains("行次"));
            let measures = (from + 1..to)
                .filter(|&j| Some(j) != row_no)
                .filter_map(|j| measure_for(&labels[j]).map(|m| (j, m)))
                .collect();
            Side { name, item: from, row_no, measures }
        })
        .collect();

    out.reserve(g.data.len() * sides.iter().map(|s| s.measures.len()).sum::<usize>());
    let mut any = false;
    for side in &sides {
        let mut parent: Option<std::sync::Arc<str>> = None;
        // Where the side's previous row's facts start in `out`, for a name that a page
        // break cut.
        let mut previous: Option<usize> = None;
        for row in &g.data {
            let label = row.cell(side.item);
            let item = strip_ordinal(label);
            if item.is_empty() {
                continue;
            }
            // The rest of the previous row's item, cut by a page break: on this side no
            // 行次 (where the table prints them) and no amount.
            let cut = side.row_no.is_some_and(|j| row.cell(j).is_empty())
                && side.measures.iter().all(|&(j, _)| row.cell(j).is_empty());
            if cut && let Some(start) = previous {
                let joined: std::sync::Arc<str> = format!("{}{item}", out[start].item).into();
                let code = if side.name == "支出" { lei_code_for_name(&joined) } else { None };
                for f in &mut out[start..] {
                    f.item = joined.clone();
                    f.subject_code = code;
                }
                continue;
            }
            previous = Some(out.len());
            let heading = is_heading_of_funds(&item);
            if heading || item.contains("总计") || item.contains("合计") {
                parent = None;
            }
            // Under a 结转和结余 heading, the fund lines (with or without an ordinal:
            // Shanghai prints `一、一般公共预算财政拨款` there too) belong to it.
            let is_child = parent.is_some() && item.contains("财政拨款") && !heading;
            let row_no = side.row_no.and_then(|j| row.cell(j).parse::<u32>().ok());
            let subject_code = if side.name == "支出" { lei_code_for_name(&item) } else { None };
            let item: std::sync::Arc<str> = (*item).into();
            let parent_item = if is_child { parent.clone() } else { None };
            for &(j, m) in &side.measures {
                let amount = ctx.amount(row, j);
                any |= amount.is_some();
                out.push(SummaryFact {
                    role: ctx.role,
                    side: side.name,
                    row_no,
                    item: item.clone(),
                    parent_item: parent_item.clone(),
                    subject_code,
                    measure: m,
                    amount,
                    unit: ctx.unit,
                    line: row.no(),
                });
            }
            if heading {
                parent = Some(item);
            }
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::diag::Sink;
    use crate::model::MoneyUnit;
    use crate::model::TableRole;
    use std::path::Path;

    /// The reading [`ordinal_len`] does by hand, as a pattern: its oracle.
    fn ordinal_by_pattern(t: &str) -> usize {
        static ORD: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = ORD.get_or_init(|| {
            regex::Regex::new(
                r"^(?:[一二三四五六七八九十百]+[、.．]|[0-9０-９]+[、.．]|[(（][一二三四五六七八九十0-9０-９]+[)）])",
            )
            .unwrap()
        });
        re.find(t).map_or(0, |m| m.end())
    }

    #[test]
    fn ordinals_read_by_hand_as_by_the_pattern() {
        for t in [
            "一、收入",
            "十二.x",
            "百、",
            "一二",
            "1、本年收入",
            "12．a",
            "（３）其他",
            "(十)其他",
            "(一",
            "()",
            "(百)",
            "3",
            "、",
            "",
        ] {
            assert_eq!(ordinal_len(t), ordinal_by_pattern(t), "{t}");
        }
        assert_eq!(ordinal_len("(十二)其他"), "(十二)".len());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]
        #[test]
        fn ordinals_agree_with_the_pattern(t in "[一十百1０(（)）、.．a合]{0,8}") {
            proptest::prop_assert_eq!(ordinal_len(&t), ordinal_by_pattern(&t), "{:?}", t);
        }
    }

    #[test]
    fn ordinals_with_ascii_or_full_width_digits_are_stripped() {
        // The patterns name their digits (ASCII and full-width) rather than every
        // Unicode digit, which made them several times larger to compile and search.
        for (s, want) in
            [("1、本年收入", "本年收入"), ("１２．本年收入", "本年收入"), ("（３）其他", "其他"), ("(十)其他", "其他")]
        {
            assert_eq!(strip_ordinal(s), want, "{s}");
        }
    }

    fn run(role: TableRole, sketch: &str) -> Vec<SummaryFact> {
        let ls = lines(sketch);
        let mut sink = Sink::new(Path::new("t"));
        let mut out = Vec::new();
        let mut ctx = Ctx { role, unit: MoneyUnit::Wanyuan, sink: &mut sink, failed: false };
        parse(&mut ctx, rows(&ls), &mut out);
        assert!(sink.items().is_empty(), "{:?}", sink.items());
        out
    }

    #[test]
    fn without_row_numbers() {
        let f = run(
            TableRole::IncomeExpenditure,
            "项目|金额|项目|金额\n一、一般公共预算财政拨款收入|10.00|一、一般公共服务支出|10.00\n总计|10.00|总计|10.00",
        );
        assert_eq!(f.len(), 4);
        assert_eq!(&*f[0].item, "一般公共预算财政拨款收入");
        assert_eq!(f[2].subject_code, Some("201"));
        assert!(f.iter().all(|x| x.row_no.is_none()));
    }

    #[test]
    fn fund_lines_under_carryover_get_their_parent() {
        let f = run(
            TableRole::FiscalIncomeExpenditure,
            "项目|行次|金额|项目|行次|合计\n一、一般公共预算财政拨款|1|5.00|一、一般公共服务支出|33|5.00\n年初财政拨款结转和结余|28|1.00||60|\n一般公共预算财政拨款|29|1.00||61|\n总计|32|6.00|总计|64|5.00",
        );
        let child = f.iter().find(|x| x.row_no == Some(29)).unwrap();
        assert_eq!(child.parent_item.as_deref(), Some("年初财政拨款结转和结余"));
        assert!(f.iter().find(|x| x.row_no == Some(1)).unwrap().parent_item.is_none());
    }
}
