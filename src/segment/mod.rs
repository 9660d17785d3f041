//! Segmenting a document: its self-description (unit, scope, year) and the blocks of
//! lines that hold each of the nine tables, found by title *and* header rows (a title in
//! the table of contents has no header rows after it), never by number or position.

use regex::Regex;
use std::sync::OnceLock;

use crate::diag::Sink;
use crate::model::{DocMeta, Scope, TableRole};
use crate::source::Line;

/// The lines of one table: from its title to the line before the next table or part.
#[derive(Debug)]
pub struct Block<'a> {
    pub role: TableRole,
    pub title: &'a Line,
    pub lines: &'a [Line],
}

/// How far below a title the first header row may be.
const HEADER_WINDOW: usize = 12;

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

/// A line's text as a table title, numbering, year and trailing unit stripped; `None`
/// for a line that cannot be a title (a table row, a bullet, a long sentence).
fn title_text(line: &Line) -> Option<&str> {
    if line.has_tabs() {
        return None;
    }
    let raw = line.text().trim();
    if !raw.ends_with(['表', ')', '）']) || raw.starts_with("- ") || raw.starts_with("* ") || raw.chars().count() > 60
    {
        return None;
    }
    // Both patterns are anchored, so the first match (what `replace` would take out) is
    // cut off by slicing.
    static PREFIX: OnceLock<Regex> = OnceLock::new();
    let t = line.flat();
    let t = match re(&PREFIX, r"^(附表[0-9０-９]+|表[0-9０-９]+|公开[0-9０-９]+表|[0-9０-９]{4}年度?)").find(t)
    {
        Some(m) => &t[m.end()..],
        None => t,
    };
    static SUFFIX: OnceLock<Regex> = OnceLock::new();
    Some(match re(&SUFFIX, r"[(（][^)）]*[)）]$").find(t) {
        Some(m) => &t[..m.start()],
        None => t,
    })
}

/// What a title line starts: one of the nine, or a table beside them — a 决算 table
/// some provinces add (Yunnan's 项目支出决算表, Beijing's 政府采购情况表, Zhejiang's
/// tables 分单位, whose rows are units, not subjects). A table beside the nine ends the
/// one before it, and none of its rows is read.
fn classify(line: &Line) -> Option<Title> {
    let t = title_text(line)?;
    let role = TableRole::from_title(t);
    if let Some(role) = role
        && !line.flat().contains("分单位")
    {
        return Some(Title::Of(role));
    }
    let beside = t.ends_with('表')
        && !t.ends_with("续表")
        && !["说明", "绩效", "预算表"].iter().any(|w| t.contains(w))
        && (role.is_some() || t.contains("决算") || ["情况表", "信息表", "明细表"].iter().any(|w| t.ends_with(w)));
    beside.then_some(Title::Other)
}

/// Whether two titles of one role name the same table: the same words, or one of them
/// with a prefix (the unit's name) the other has not. `国有资本经营预算财政拨款收入支出决算表`
/// and `…财政拨款支出决算表` (Sichuan prints both) are two tables.
fn same_table(a: &str, b: &str) -> bool {
    let words = |t: &str| t.chars().filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’')).collect::<String>();
    let (a, b) = (words(a), words(b));
    a.ends_with(&b) || b.ends_with(&a)
}

/// A title line and what it starts.
#[derive(Clone, Copy, PartialEq)]
enum Title {
    Of(TableRole),
    Other,
}

/// The lines of a table that is none of the nine, from its title to the next table or
/// part: kept out of the 情况说明, not read.
#[derive(Debug)]
pub struct Unread<'a> {
    pub title: &'a Line,
    pub lines: &'a [Line],
}

/// Find the table blocks, the title lines that no header rows followed (a table cut
/// off, or a table of contents without bullets), and the tables that are none of the
/// nine.
pub fn blocks<'a>(lines: &'a [Line]) -> (Vec<Block<'a>>, Vec<(TableRole, &'a Line)>, Vec<Unread<'a>>) {
    let mut starts: Vec<(usize, Title)> = Vec::new();
    let mut orphans: Vec<(TableRole, &'a Line)> = Vec::new();
    // Each line's title once: the lines after a title are asked again below.
    let titles: Vec<Option<Title>> = lines.iter().map(classify).collect();
    let text = |i: usize| title_text(&lines[i]).unwrap_or("");
    for (i, line) in lines.iter().enumerate() {
        let Some(mut title) = titles[i] else { continue };
        let confirmed =
            (i + 1..lines.len()).take(HEADER_WINDOW).take_while(|&j| titles[j].is_none()).any(|j| lines[j].has_tabs());
        if let Some(k) = starts.iter().position(|(_, r)| *r == title && title != Title::Other) {
            // A title repeated after a page break stays inside its table; another
            // table of the same role is one beside the nine. Of two 三公 tables, the
            // one without 机关运行经费 (Yunnan prints both) is the 三公 table.
            if !confirmed || same_table(text(starts[k].0), text(i)) {
                continue;
            }
            if text(starts[k].0).contains("机关运行经费") && !text(i).contains("机关运行经费") {
                starts[k].1 = Title::Other;
            } else {
                title = Title::Other;
            }
        }
        match title {
            _ if confirmed => starts.push((i, title)),
            Title::Of(role) => orphans.push((role, line)),
            Title::Other => {}
        }
    }
    let mut out = Vec::with_capacity(starts.len());
    let mut unread = Vec::new();
    for (k, &(i, title)) in starts.iter().enumerate() {
        let hard_end = starts.get(k + 1).map(|s| s.0).unwrap_or(lines.len());
        let end = (i + 1..hard_end).find(|&j| is_part_heading(&lines[j])).unwrap_or(hard_end);
        match title {
            Title::Of(role) => out.push(Block { role, title: &lines[i], lines: &lines[i + 1..end] }),
            Title::Other => unread.push(Unread { title: &lines[i], lines: &lines[i + 1..end] }),
        }
    }
    orphans.retain(|(r, _)| !starts.iter().any(|(_, s)| *s == Title::Of(*r)));
    (out, orphans, unread)
}

/// `第三部分` and the like: a table never runs past one.
fn is_part_heading(line: &Line) -> bool {
    static PART: OnceLock<Regex> = OnceLock::new();
    line.flat().starts_with('第') && re(&PART, r"^第[一二三四五六七八九十]+部分").is_match(line.flat())
}

/// Unit name, scope and year of the document.
pub fn meta(lines: &[Line], sink: &mut Sink) -> Option<DocMeta> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year_re = re(&YEAR, r"((?:19|20)[0-9０-９]{2})年度?");
    let head: Vec<&Line> = lines.iter().filter(|l| !l.text().trim().is_empty()).take(20).collect();
    let year_of = |l: &Line| {
        let t = l.flat();
        year_re.captures(t).and_then(|c| c[1].parse::<i32>().ok()).map(|y| (y, l.no))
    };
    let year = head
        .iter()
        .find_map(|l| year_of(l))
        .or_else(|| lines.iter().filter(|l| l.flat().contains("部门决算")).find_map(year_of));

    // Prefer the `部门：` line of the tables; otherwise the cover title. The name keeps
    // its printed form (full-width brackets and all).
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label = re(&LABEL, r"(?:^|\t)(?:部门|单位名称|编制单位|预算单位)[:：]([^\t]+)");
    let from_tables = lines.iter().find_map(|l| {
        // Only a line with a label and its colon can name the unit; most lines are not.
        // `flat` is width-folded: its colon is always the ASCII one (one SIMD search; a
        // search for either colon decoded every character of every line).
        if memchr::memchr(b':', l.flat().as_bytes()).is_none()
            || !["部门", "单位名称", "编制单位", "预算单位"].iter().any(|k| l.flat().contains(k))
        {
            return None;
        }
        let flat: String = l.text().chars().filter(|c| *c != ' ').collect();
        let name = cut_at_unit_label(label.captures(&flat)?.get(1)?.as_str());
        (!name.is_empty()).then_some((name, l.no))
    });
    let from_cover = || -> Option<(String, u32)> {
        let mut acc = String::new();
        let mut first_no = 0;
        for l in &head {
            let t: String = l.text().chars().filter(|c| !c.is_whitespace()).collect();
            if first_no == 0 {
                first_no = l.no;
            }
            acc.push_str(&t);
            if t.contains("决算") {
                let t = year_re.replace_all(&acc, "");
                let name =
                    t.trim_end_matches("部门决算").trim_end_matches("单位决算").trim_end_matches("决算").to_string();
                return (!name.is_empty()).then_some((name, first_no));
            }
        }
        None
    };
    let Some((unit_name, unit_line)) = from_tables.or_else(from_cover) else {
        sink.error(0, 0, "no unit name: neither a `部门：` line nor a cover title `…部门决算` was found");
        return None;
    };
    let Some((year, year_line)) = year else {
        sink.error(0, 0, "no year: no `YYYY 年度` in the title");
        return None;
    };
    let cover: String = head.iter().map(|l| l.flat()).collect();
    let (unit_base, scope) = split_scope(&unit_name, &cover);
    Some(DocMeta { unit_name, unit_base, scope, year, unit_line, year_line })
}

/// `金额单位：万元` sometimes shares a line with `部门：…`.
fn cut_at_unit_label(name: &str) -> String {
    let mut s = name.to_string();
    for stop in ["金额单位", "单位:", "单位："] {
        if let Some(p) = s.find(stop) {
            s.truncate(p);
        }
    }
    s.trim().to_string()
}

/// Scope marker in the unit name (`（汇总）`, `（本级）`), else the cover's wording.
pub fn split_scope(unit: &str, cover: &str) -> (String, Scope) {
    for (marks, scope) in [(["（汇总）", "(汇总)"], Scope::Consolidated), (["（本级）", "(本级)"], Scope::Own)]
    {
        for m in marks {
            if let Some(base) = unit.strip_suffix(m) {
                return (base.to_string(), scope);
            }
        }
    }
    if let Some(base) = unit.strip_suffix("本级") {
        return (base.to_string(), Scope::Own);
    }
    let scope = if cover.contains("单位决算") { Scope::Unit } else { Scope::Consolidated };
    (unit.to_string(), scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::squash;
    use std::path::Path;

    fn lines(text: &str) -> Vec<Line> {
        text.split('\n').enumerate().map(|(i, t)| Line::new(i as u32 + 1, t.to_string())).collect()
    }

    proptest::proptest! {
        /// The byte-wise check only decides whether to copy, so whatever it decides
        /// the result is the text without whitespace and width-folded.
        #[test]
        fn squash_removes_whitespace_and_folds_width_whatever_the_fast_check_decides(
            s in "[a合１ \t\u{0B}\u{0C}\u{3000}\u{2028}\u{2030}\u{00A0}\u{00A1}\u{0085}\u{1680}\u{FEFF}\u{FF5E}\u{FF5F}\u{205F}。é]{0,20}"
        ) {
            let changed: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| if ('\u{FF01}'..='\u{FF5E}').contains(&c) { char::from_u32(c as u32 - 0xFEE0).unwrap() } else { c })
                .collect();
            proptest::prop_assert_eq!(&*squash(&s), changed.as_str());
        }
    }

    #[test]
    fn toc_entries_are_not_tables() {
        let ls =
            lines("- 一、收入决算表\n- 二、支出决算表\n\n\n\n\n\n\n\n\n\n\n\n\n\n收入决算表\n部门：某\n项目\t合计\n");
        let (b, _, _) = blocks(&ls);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].title.no, 16);
    }

    #[test]
    fn a_second_table_of_one_role_is_one_beside_the_nine() {
        let ls = lines(
            "国有资本经营预算财政拨款收入支出决算表\n项目\t合计\n223\t1.00\n\
             某局国有资本经营预算财政拨款收入支出决算表\n项目\t合计\n223\t1.00\n\
             国有资本经营预算财政拨款支出决算表\n项目\t合计\n223\t1.00\n\
             财政拨款“三公”经费、行政参公单位机关运行经费情况表\n项目\t合计\n机关运行经费\t1.00\n\
             一般公共预算财政拨款“三公”经费情况表\n项目\t合计\n合计\t1.00\n\
             收入决算表（分单位）\n单位名称\t合计\n某局\t1.00\n\
             收入决算表（分科目）\n科目编码\t合计\n201\t1.00",
        );
        let (b, _, unread) = blocks(&ls);
        let spans: Vec<_> = b.iter().map(|b| (b.role, b.title.no, b.lines.len())).collect();
        // The unit's name before the title: the same table, continued.
        assert_eq!(spans, [(TableRole::StateCapital, 1, 5), (TableRole::Sangong, 13, 2), (TableRole::Income, 19, 2)]);
        assert_eq!(unread.iter().map(|u| u.title.no).collect::<Vec<_>>(), [7, 10, 16]);
    }

    #[test]
    fn a_table_that_is_none_of_the_nine_ends_the_one_before_it() {
        let ls = lines(
            "一般公共预算财政拨款收入支出决算表\n项目\t合计\n201\t1.00\n\
             一般公共预算财政拨款项目支出决算表\n项目\t合计\n201\t1.00\n\
             一般公共预算财政拨款基本支出决算表\n项目\t合计\n301\t1.00\n续表\n301\t1.00\n",
        );
        let (b, orphans, unread) = blocks(&ls);
        let spans: Vec<_> = b.iter().map(|b| (b.role, b.title.no, b.lines.len())).collect();
        assert_eq!(spans, [(TableRole::GeneralBudget, 1, 2), (TableRole::BasicDetail, 7, 5)]);
        assert!(orphans.is_empty());
        assert_eq!(unread.iter().map(|u| (u.title.no, u.lines.len())).collect::<Vec<_>>(), [(4, 2)]);
    }

    #[test]
    fn scope_markers() {
        assert_eq!(split_scope("阳谷县工业和信息化局（汇总）", "").1, Scope::Consolidated);
        assert_eq!(split_scope("阳谷县工业和信息化局本级", "").0, "阳谷县工业和信息化局");
        assert_eq!(split_scope("某中心", "2024年度某中心单位决算").1, Scope::Unit);
    }

    #[test]
    fn meta_from_cover_when_no_department_line() {
        let ls = lines("\n2024 年度\n某县某局\n部门决算\n");
        let mut sink = Sink::new(Path::new("x"));
        let m = meta(&ls, &mut sink).unwrap();
        assert_eq!((m.unit_name.as_str(), m.year), ("某县某局", 2024));
    }
}
