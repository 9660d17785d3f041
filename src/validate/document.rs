//! Document level: every standard table present and readable; an empty table carries its
//! statement; one year and one unit name
//! throughout the titles and `部门：` lines.

use regex::Regex;
use std::sync::OnceLock;

use super::{Findings, Severity, side};
use crate::model::{DocMeta, Facts, TableStatus};
use crate::source::Line;

pub fn run(meta: Option<&DocMeta>, facts: &Facts, lines: &[Line], f: &mut Findings) {
    for &(role, line) in &facts.missing_tables {
        f.flag(
            "D-TABLE-MISSING",
            Severity::Error,
            format!("{} 缺失：九张标准表之一未找到（文档被截断？）", role.title()),
            side("document", line, None),
            side(role.id(), line, None),
        );
    }
    for t in facts.tables.iter().filter(|t| t.status == TableStatus::Unreadable) {
        f.flag(
            "D-TABLE-UNREADABLE",
            Severity::Error,
            format!("{} 无法读取：表头或表行不可识别，本表无事实入库", t.role.title()),
            side(t.role.id(), t.line_start, None),
            side(t.role.id(), t.line_end, None),
        );
    }
    // A subject row printed twice in one table (a table or a page of rows repeated):
    // its figures would count twice in every sum over the store.
    let mut first: std::collections::HashMap<(&str, &str, &str), u32> = std::collections::HashMap::new();
    let mut reported: Vec<(&str, &str)> = Vec::new();
    for x in &facts.subject {
        let Some(code) = x.code.as_ref() else { continue };
        let key = (x.role.id(), code.as_str(), x.measure);
        match first.get(&key) {
            Some(&line) if line != x.line && !reported.contains(&(key.0, key.1)) => {
                reported.push((key.0, key.1));
                f.flag(
                    "T-ROW-REPEATED",
                    Severity::Error,
                    format!("{} 科目 {} 重复出现（表或表页重复？）", x.role.title(), code.as_str()),
                    side(x.role.id(), x.line, x.amount),
                    side(x.role.id(), line, None),
                );
            }
            Some(_) => {}
            None => {
                first.insert(key, x.line);
            }
        }
    }
    for t in &facts.tables {
        if t.status == TableStatus::Empty && t.empty_statement.is_none() {
            f.flag(
                "D-EMPTY-STATEMENT",
                Severity::Warning,
                format!("{} 为空表，但未说明（本部门没有…故本表无数据）", t.role.title()),
                side(t.role.id(), t.line_start, None),
                side(t.role.id(), t.line_end, None),
            );
        }
    }
    leftovers(lines, f);
    contents(facts, lines, f);
    let Some(meta) = meta else { return };
    heading_units(meta, lines, f);
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let re = YEAR.get_or_init(|| Regex::new(r"((?:19|20)[0-9０-９]{2})年度(?:部门|单位)?决算").expect("static regex"));
    // One searcher for every line (`str::contains` builds one per call).
    static JUESUAN: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let juesuan = JUESUAN.get_or_init(|| memchr::memmem::Finder::new("决算"));
    for l in lines {
        if juesuan.find(l.text().as_bytes()).is_none() && !l.text().starts_with("部门") {
            continue;
        }
        if l.flat().contains("年度")
            && let Some(c) = re.captures(l.flat())
            && let Ok(y) = c[1].parse::<i32>()
            && y != meta.year
        {
            f.flag(
                "D-YEAR",
                Severity::Error,
                format!("文中年度 {y} 与文档年度 {} 不一致", meta.year),
                side("document", l.no, Some(y.into())),
                side("document", meta.year_line, Some(meta.year.into())),
            );
        }
        // `flat` is the line squashed and width-folded: `部门：` and `部门:` both read `部门:`.
        if !l.flat().starts_with("部门:") {
            continue;
        }
        let flat: String = l.text().chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(name) = flat.strip_prefix("部门：").or_else(|| flat.strip_prefix("部门:"))
            && !name.is_empty()
            && name.split('\t').next() != Some(meta.unit_name.as_str())
        {
            f.flag(
                "D-UNIT",
                Severity::Error,
                format!("部门名称“{name}”与文档单位“{}”不一致", meta.unit_name),
                side("document", l.no, None),
                side("document", meta.unit_line, None),
            );
        }
    }
}

/// Leftovers of the template and slips of editing in the text (not in table rows):
/// placeholders (`XX局`, `xxx`, `××`, `待填写`, `（略）`, `下降（增长）`) and doubled punctuation (`。。`) as
/// warnings (the figures may still be right), a word written twice running (`预算预算`)
/// as info (two words can share characters: `行政运行运行维护`).
fn leftovers(lines: &[Line], f: &mut Findings) {
    static PLACEHOLDER: OnceLock<Regex> = OnceLock::new();
    let placeholder = PLACEHOLDER.get_or_init(|| {
        // The last alternative: the template's choice of words left unmade, `下降（增长）`,
        // `增加/减少` (the 规划局's real `下降（增长）27.78%`).
        Regex::new(
            r"(?i)(XX+[局委办厅院所中心单位部门县区市]|xxx|××|待填写|请填写|此处填写|[（(]略[)）]|(?:增加|减少|增长|下降|上升|降低)[（(/](?:增加|减少|增长|下降|上升|降低)[)）]?)",
        )
            .expect("static regex")
    });
    static NO_SIGN: OnceLock<Regex> = OnceLock::new();
    let no_sign = NO_SIGN.get_or_init(|| {
        Regex::new(r"(增长|下降|上升|降低)了?([0-9]+\.[0-9]+)(?:[^0-9.%％万元亿千个辆人次批台]|$)")
            .expect("static regex")
    });
    static PLACES: OnceLock<Regex> = OnceLock::new();
    let places = PLACES.get_or_init(|| Regex::new(r"([0-9]+\.[0-9]{3,})(万元|%)").expect("static regex"));
    for (k, l) in lines.iter().enumerate().filter(|(_, l)| !l.has_tabs()) {
        let t = l.flat();
        // `增长13.95。`: a rate stated without its `%` (which a wrapped line may carry on
        // to the next line).
        let wrapped_on = |end: usize| {
            end == t.len()
                && lines[k + 1..]
                    .iter()
                    .map(|n| n.flat())
                    .find(|n| !n.is_empty())
                    .is_some_and(|n| n.starts_with(['%', '％', '万', '元', '个', '辆', '人']))
        };
        // A finding about this line alone: its place, the figure read if any.
        let mut at_line = |rule, severity, place, value: Option<rust_decimal::Decimal>, what: String| {
            f.flag(rule, severity, what, side(place, l.no, value), side(place, l.no, None));
        };
        if let Some(c) = no_sign.captures(t).filter(|c| !wrapped_on(c.get(0).map_or(0, |m| m.end()))) {
            let what = format!("百分比缺少“%”：“{}{}”", &c[1], &c[2]);
            at_line("S-PCT-SIGN", Severity::Warning, "text", c[2].parse().ok(), what);
        }
        // The documents print two decimals; more is a slip (or an amount in 元 put as 万元).
        if let Some(c) = places.captures(t) {
            let what = format!("小数位数多于两位：“{}{}”", &c[1], &c[2]);
            at_line("S-DECIMALS", Severity::Warning, "text", c[1].parse().ok(), what);
        }
        if let Some(m) = placeholder.find(t) {
            at_line(
                "D-PLACEHOLDER",
                Severity::Warning,
                "document",
                None,
                format!("模板占位符未替换：“{}”", m.as_str()),
            );
        }
        if let Some(p) = ["。。", "，，", ",,", "、、", "；；", ";;"].iter().find(|p| t.contains(*p)) {
            at_line("D-REPEAT", Severity::Warning, "document", None, format!("标点重复：“{p}”"));
        } else if let Some(w) = doubled_word(t) {
            // Info only: two words may share a character run (`行政运行` + `运行维护`).
            at_line("D-REPEAT", Severity::Info, "document", None, format!("词语重复：“{w}{w}”"));
        }
    }
}

/// A run of two to four Chinese characters written twice in a row (`预算预算`).
fn doubled_word(t: &str) -> Option<String> {
    let cs: Vec<char> = t.chars().collect();
    let cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    for n in 2..=4 {
        for i in 0..cs.len().saturating_sub(2 * n - 1) {
            let (a, b) = (&cs[i..i + n], &cs[i + n..i + 2 * n]);
            if a == b && a.iter().all(|&c| cjk(c)) {
                return Some(a.iter().collect());
            }
        }
    }
    None
}

/// A heading naming another unit than the document's (`上海市规划和自然资源局2024年度部门
/// 决算表` in the 上海市普陀区规划和自然资源局's document): a template or another
/// department's document copied without its name changed.
fn heading_units(meta: &DocMeta, lines: &[Line], f: &mut Findings) {
    static HEADING: OnceLock<Regex> = OnceLock::new();
    let re = HEADING.get_or_init(|| {
        Regex::new(r"^(?:第[一二三四五六七八九十]+部分)?(.*?)(?:19|20)[0-9]{2}年度?(?:部门|单位)决算(?:表|情况说明)?$")
            .expect("static regex")
    });
    let own = |name: &str| {
        let bare = |s: &str| s.replace(['（', '(', '）', ')'], "").replace("汇总", "").replace("本级", "");
        bare(name) == bare(&meta.unit_name) || bare(name) == bare(&meta.unit_base)
    };
    for l in lines.iter().filter(|l| !l.has_tabs() && l.flat().chars().count() <= 60) {
        let t = l.flat();
        if t.contains(['，', '。', ',', ':', '：']) {
            continue;
        }
        if let Some(c) = re.captures(t)
            && !c[1].is_empty()
            && !own(&c[1])
        {
            f.flag(
                "D-UNIT-NAME",
                Severity::Warning,
                format!("标题中的单位“{}”与文档单位“{}”不一致", &c[1], meta.unit_name),
                side("document", l.no, None),
                side("document", meta.unit_line, None),
            );
        }
    }
}

/// The 目录 against the tables found: every table the contents list (the title lines
/// before the first table) is in the document, and every table found is listed.
fn contents(facts: &Facts, lines: &[Line], f: &mut Findings) {
    let Some(first) = facts.tables.iter().map(|t| t.line_start).min() else { return };
    let mut listed: Vec<(crate::model::TableRole, u32)> = Vec::new();
    for l in lines.iter().take_while(|l| l.no < first).filter(|l| !l.has_tabs()) {
        let t = l.flat().trim_start_matches(['-', '*', '·', '•']);
        // The entry's ordinal (`五、`, `5.`), not the 一 of 一般公共预算.
        let t = ["、", ".", "．"]
            .iter()
            .find_map(|sep| {
                t.split_once(sep)
                    .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| "一二三四五六七八九十0123456789".contains(c)))
                    .map(|(_, rest)| rest)
            })
            .unwrap_or(t);
        if let Some(role) = crate::model::TableRole::from_title(t)
            && !listed.iter().any(|(r, _)| *r == role)
        {
            listed.push((role, l.no));
        }
    }
    if listed.len() < 3 {
        return; // no contents, or a cover naming a table or two
    }
    let found: Vec<crate::model::TableRole> = facts.tables.iter().map(|t| t.role).collect();
    let absent: Vec<&str> = listed.iter().filter(|(r, _)| !found.contains(r)).map(|(r, _)| r.title()).collect();
    let unlisted: Vec<&str> =
        found.iter().filter(|r| !listed.iter().any(|(l, _)| l == *r)).map(|r| r.title()).collect();
    if absent.is_empty() && unlisted.is_empty() {
        return;
    }
    let mut what = Vec::new();
    if !absent.is_empty() {
        what.push(format!("目录列出而未见：{}", absent.join("、")));
    }
    if !unlisted.is_empty() {
        what.push(format!("文中有而目录未列：{}", unlisted.join("、")));
    }
    f.flag(
        "D-CONTENTS",
        Severity::Warning,
        format!("目录与表不一致（目录 {} 张，表 {} 张）：{}", listed.len(), found.len(), what.join("；")),
        side("document", listed[0].1, Some((listed.len() as i64).into())),
        side("document", first, Some((found.len() as i64).into())),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_written_twice_is_found_and_reduplication_of_one_character_is_not() {
        assert_eq!(doubled_word("年初预算预算为10万元"), Some("预算".into()));
        assert_eq!(doubled_word("人人有责，年年增长"), None);
        assert_eq!(doubled_word("一般公共服务支出"), None);
    }
}
