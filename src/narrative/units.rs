//! The list of units a department's accounts consolidate, where the 部门决算单位构成
//! section prints it as a table after its sentence (Shanghai and the national template:
//! `纳入…部门决算编制范围的单位包括：` then 序号 | 单位名称 | 备注 rows). The sentence alone
//! says only `本级决算、下属行政事业单位决算`; the list names each unit, and its 备注 says
//! which of them keep no accounts of their own (`预算不单列，并入本级`).

use super::{Member, Narrative};
use crate::source::Line;

/// How far below the introducing sentence the list may start (its header, a blank).
const LOOKAHEAD: usize = 4;

/// Read the list and, when there is one, let it replace the members the sentence named:
/// the list names what the sentence only describes.
pub fn listed(lines: &[Line], in_table: &dyn Fn(u32) -> bool, out: &mut Narrative) {
    let Some(at) = lines.iter().position(|l| !in_table(l.no) && introduces(l.flat())) else { return };
    let mut found: Vec<Member> = Vec::new();
    let mut started = false;
    for (k, line) in lines[at + 1..].iter().enumerate() {
        if in_table(line.no) {
            break;
        }
        let cells = cells(line);
        match row(&cells) {
            Some((name, kind)) => {
                started = true;
                found.push(Member { name, kind, line: line.no });
            }
            // The header and blank lines before the first row; the list ends at the
            // first line that is not a row.
            None if !started && k < LOOKAHEAD => continue,
            None => break,
        }
    }
    if !found.is_empty() {
        out.members = found;
    }
}

fn introduces(flat: &str) -> bool {
    // The introduction may close a paragraph (`…下属行政事业单位决算。纳入…单位包括：`).
    flat.ends_with([':', '：']) && flat.rsplit('。').next().is_some_and(|last| last.contains("单位包括"))
}

/// A row's cells: tab-separated, or (text converted without tabs) split at runs of two
/// or more spaces.
fn cells(line: &Line) -> Vec<String> {
    if line.text().contains('\t') {
        return line.cells().into_iter().map(str::to_string).collect();
    }
    line.text().split("  ").map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
}

/// `1 | 上海市普陀区财政局（本级） | ` → the name and its kind: `本级` for the
/// department's own office, `并入本级` for a unit whose 备注 says its accounts are merged
/// into the office's (no document of its own), else `单位`. The parenthesis after the name
/// (`（下属事业单位）`) says what kind of unit it is, not who it is: dropped.
fn row(cells: &[String]) -> Option<(String, &'static str)> {
    let mut it = cells.iter().map(String::as_str).filter(|c| !c.is_empty());
    let first = it.next()?;
    if !first.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let printed = it.next()?;
    let note: String = it.collect();
    let (base, paren) = match printed.find(['（', '(']) {
        Some(i) => (&printed[..i], &printed[i..]),
        None => (printed, ""),
    };
    let base = base.trim();
    if base.chars().count() < 2 {
        return None;
    }
    let kind = if paren.contains("本级") || base.ends_with("本级") {
        "本级"
    } else if note.contains("并入本级") || note.contains("不单列") || note.contains("不单独") {
        "并入本级"
    } else {
        "单位"
    };
    Some((base.trim_end_matches("本级").to_string(), kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.split('\n').enumerate().map(|(i, t)| Line::new(i as u32 + 1, t.to_string())).collect()
    }

    fn members(text: &str) -> Vec<(String, &'static str, u32)> {
        let mut n = Narrative::default();
        n.members.push(Member { name: "下属行政事业单位".into(), kind: "单位", line: 1 });
        listed(&lines(text), &|_| false, &mut n);
        n.members.into_iter().map(|m| (m.name, m.kind, m.line)).collect()
    }

    #[test]
    fn a_listed_unit_is_named_with_its_kind_and_the_merged_ones_told_apart() {
        let text = "纳入上海市普陀区财政局2024年度部门决算编制范围的单位包括：\n\n序号\t单位名称\t备注\n\
                    1\t上海市普陀区财政局（本级）\t\n2\t上海市普陀区财政局财政所\t预算不单列，并入本级\n\
                    3\t上海市普陀区土地发展中心（下属事业单位）\t\n\n第二部分";
        assert_eq!(
            members(text),
            vec![
                ("上海市普陀区财政局".into(), "本级", 4),
                ("上海市普陀区财政局财政所".into(), "并入本级", 5),
                ("上海市普陀区土地发展中心".into(), "单位", 6),
            ]
        );
    }

    #[test]
    fn without_a_list_the_sentence_members_stay() {
        assert_eq!(members("部门决算包括：局机关本级决算。\n二、部门决算表").len(), 1);
        // A sentence that ends, not a list's introduction.
        assert_eq!(members("单位包括：本级和中心。\n1\t某中心\t").len(), 1);
        assert_eq!(members("单位包括本级。其他说明：\n1\t某中心\t").len(), 1);
    }

    #[test]
    fn rows_printed_with_spaces_instead_of_tabs_are_read() {
        let text = "纳入编制范围的单位包括：\n序号  单位名称  备注\n1  某县财政局（本级）\n2  某县国库收付中心";
        assert_eq!(members(text), vec![("某县财政局".into(), "本级", 3), ("某县国库收付中心".into(), "单位", 4)]);
    }
}
