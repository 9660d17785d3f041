//! The 绩效 appendix: the 绩效自评情况汇总表 and each 项目支出绩效自评表. These are tab
//! tables outside the nine, laid out loosely (columns shift by one between rows of the
//! same table), so cells are found by their labels and indicator rows are read from the
//! right: 目标值, 实际值, 分值, 得分, then the 偏差 text.

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use regex::Regex;
use rust_decimal::Decimal;

use super::{Measured, Narrative, PerfEval, PerfIndicator, PerfProject};
use crate::diag::Sink;
use crate::source::squash;
use crate::source::{Line, fold_width, has_digit};

fn plain_num(s: &str) -> Option<Decimal> {
    // A number holds a digit; the 偏差 and name cells an indicator row is read through
    // from the right mostly hold none, and were folded into new strings to be refused.
    if !has_digit(s) {
        return None;
    }
    let s = s.trim();
    if s.is_ascii() && !s.contains(',') {
        let t = s.trim_end_matches('%');
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        return Decimal::from_str(t).ok();
    }
    let t = fold_width(s).replace(',', "");
    let t = t.trim().trim_end_matches('%');
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    Decimal::from_str(t).ok()
}

/// `≥200本` → (≥, 200, 本); `2024年12月31日前` stays text.
pub fn measured(text: &str) -> Measured {
    // Most targets in words (`有效提升`) have no digit at all.
    if !has_digit(text) {
        return Measured { text: text.trim().to_string(), ..Measured::default() };
    }
    let t = fold_width(text.trim());
    match measured_plain(&t) {
        Some((op, value, unit)) => Measured {
            text: text.trim().to_string(),
            op: op.and_then(self::op),
            value: Decimal::from_str(value).ok(),
            unit: (!unit.is_empty()).then(|| unit.to_string()),
        },
        None => measured_by_pattern(text),
    }
}

/// A target's comparison as a static string (full-width `＞` `＜` were folded to ASCII
/// before it is read).
fn op(o: &str) -> Option<&'static str> {
    Some(match o {
        "=" => "=",
        "≥" => "≥",
        "≤" => "≤",
        ">" => ">",
        "<" => "<",
        ">=" => ">=",
        "<=" => "<=",
        _ => return None,
    })
}

fn measured_by_pattern(text: &str) -> Measured {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(=|≥|≤|>|<|＞|＜|>=|<=)?\s*(\d+(?:\.\d+)?)\s*([^\d]{0,4})$").expect("static regex")
    });
    let mut m = Measured { text: text.trim().to_string(), ..Measured::default() };
    let t = fold_width(text.trim());
    if let Some(c) = re.captures(&t) {
        m.op = c.get(1).and_then(|o| op(o.as_str()));
        m.value = Decimal::from_str(&c[2]).ok();
        m.unit = c.get(3).map(|u| u.as_str().trim().to_string()).filter(|u| !u.is_empty());
    }
    m
}

/// The pattern of [`measured`] read by hand for the common case — an operator, a
/// number, at most four characters none of which is numeric — so that most targets
/// skip the regex; anything else is left to it.
fn measured_plain(t: &str) -> Option<(Option<&str>, &str, &str)> {
    let (op, rest) = ["=", "≥", "≤", ">=", "<=", ">", "<"]
        .iter()
        .find_map(|o| t.strip_prefix(o).map(|r| (Some(*o), r)))
        .unwrap_or((None, t));
    let rest = rest.trim_start();
    let end = super::scan::decimal_end(rest, 0)?;
    let unit = rest[end..].trim_start();
    (unit.chars().count() <= 4 && !unit.chars().any(char::is_numeric)).then(|| (op, &rest[..end], unit.trim()))
}

fn is_title(l: &Line, word: &str) -> bool {
    !l.has_tabs() && l.flat().contains(word)
}

/// Value of the first non-empty cell after the one whose squashed text (`sq`) is `label`.
fn after(cs: &[&str], sq: &[Cow<str>], label: &str) -> Option<String> {
    let i = sq.iter().position(|c| c == label)?;
    cs[i + 1..].iter().find(|c| !c.is_empty()).map(|c| c.to_string())
}

pub fn tables(lines: &[Line], in_table: &dyn Fn(u32) -> bool, out: &mut Narrative, _sink: &mut Sink) {
    let lines: Vec<&Line> = lines.iter().filter(|l| !in_table(l.no)).collect();
    let mut i = 0;
    // Every title below holds 绩效自评: one SIMD search per line rules out the others
    // (the 情况说明's long lines were searched three times over).
    static TITLE: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let title = TITLE.get_or_init(|| memchr::memmem::Finder::new("绩效自评"));
    while i < lines.len() {
        let l = lines[i];
        if title.find(l.flat().as_bytes()).is_none() {
            i += 1;
        } else if is_title(l, "绩效自评情况汇总表") || is_title(l, "绩效自评结果汇总表") {
            i = summary(&lines, i + 1, out);
        } else if is_title(l, "绩效自评表") {
            i = evaluation(&lines, i + 1, out);
        } else {
            i += 1;
        }
    }
}

fn summary(lines: &[&Line], mut i: usize, out: &mut Narrative) -> usize {
    let mut cols: Option<(usize, usize, usize, usize, usize)> = None;
    while i < lines.len() {
        let l = lines[i];
        if !l.has_tabs() {
            if !l.text().trim().is_empty() && cols.is_some() && (is_title(l, "自评表") || is_title(l, "汇总表")) {
                break;
            }
            i += 1;
            continue;
        }
        let cs = l.cells();
        // The line's `flat` is its cells squashed and joined: a label no cell holds is
        // not in it, and most rows (the projects) hold none.
        let sq: Vec<Cow<str>> =
            if l.flat().contains("项目名称") { cs.iter().map(|c| squash(c)).collect() } else { Vec::new() };
        if let Some(p) = sq.iter().position(|c| c == "项目名称") {
            let find = |w: &str| sq.iter().position(|c| c.contains(w));
            cols = Some((
                find("序号").unwrap_or(0),
                p,
                find("单位").unwrap_or(p + 1),
                find("得分").unwrap_or(p + 2),
                find("等级").unwrap_or(p + 3),
            ));
        } else if let Some((seq, name, unit, score, grade)) = cols {
            let project = cs.get(name).copied().unwrap_or_default();
            let seq_v = cs.get(seq).and_then(|s| s.parse::<i32>().ok());
            if seq_v.is_some() && !project.is_empty() {
                out.perf_projects.push(PerfProject {
                    seq: seq_v,
                    project: squash(project).into_owned(),
                    user_unit: cs.get(unit).map(|c| c.to_string()).unwrap_or_default(),
                    score: cs.get(score).and_then(|s| plain_num(s)),
                    grade: cs.get(grade).map(|c| c.to_string()).unwrap_or_default(),
                    line: l.no,
                });
            }
        }
        i += 1;
    }
    i
}

/// Every label `evaluation` looks for in a row.
const EVAL_LABELS: [&str; 7] = ["项目名称", "主管部门", "实施单位", "全年预算数", "年度资金总额", "一级指标", "总分"];

/// [`EVAL_LABELS`] as one searcher built once: every indicator row is searched for
/// all of them, in one pass rather than one per label.
fn eval_labels() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&EVAL_LABELS.join("|")).expect("literal alternation"))
}

/// Second-level indicator names end with 指标; first-level ones are these.
fn is_level1(s: &str) -> bool {
    matches!(s, "产出指标" | "效益指标" | "满意度指标" | "成本指标")
}

fn evaluation(lines: &[&Line], mut i: usize, out: &mut Narrative) -> usize {
    let mut ev = PerfEval { line: lines.get(i.saturating_sub(1)).map(|l| l.no).unwrap_or(0), ..PerfEval::default() };
    let mut exec_cols: Vec<(usize, &'static str)> = Vec::new();
    let mut in_indicators = false;
    let (mut l1, mut l2): (Arc<str>, Arc<str>) = ("".into(), "".into());
    let start_indicators = out.perf_indicators.len();
    // What the last table row read, for a cell a page break cut.
    let mut last_cells = Cut::None;
    while i < lines.len() {
        let l = lines[i];
        if !l.has_tabs() {
            if is_title(l, "绩效自评表") || is_title(l, "汇总表") {
                break;
            }
            i += 1;
            continue;
        }
        let cs = l.cells();
        // A row of one cell and no figure continues the cell above it, cut by a page
        // break: the project's name, or an indicator's name or its deviation note.
        let lone = {
            let mut filled = cs.iter().enumerate().filter(|(_, c)| !c.trim().is_empty());
            match (filled.next(), filled.next()) {
                (Some((j, c)), None) if plain_num(c).is_none() => Some((j, squash(c))),
                _ => None,
            }
        };
        let cut_from = std::mem::take(&mut last_cells);
        // Indicator rows (most rows) hold none of the labels; see `summary`. Nor do the
        // header rows the branches below leave alone: every branch needs a label.
        if !eval_labels().is_match(l.flat()) {
            match (lone, cut_from) {
                (Some((_, rest)), Cut::Project) => ev.project.push_str(&rest),
                (Some((j, rest)), Cut::Indicator { name, deviation }) if j == name || Some(j) == deviation => {
                    if let Some(ind) = out.perf_indicators.last_mut() {
                        match &mut ind.deviation {
                            _ if j == name => ind.level3.push_str(&rest),
                            Some(d) => d.push_str(&rest),
                            None => {}
                        }
                    }
                }
                _ => {
                    if in_indicators && let Some((ind, cut)) = indicator(&cs, &mut l1, &mut l2, l.no) {
                        out.perf_indicators.push(ind);
                        last_cells = cut;
                    }
                }
            }
            i += 1;
            continue;
        }
        let sq: Vec<Cow<str>> = cs.iter().map(|c| squash(c)).collect();
        if let Some(v) = after(&cs, &sq, "项目名称") {
            ev.project = squash(&v).into_owned();
            last_cells = Cut::Project;
        }
        if let Some(v) = after(&cs, &sq, "主管部门") {
            ev.department = v;
        }
        if let Some(v) = after(&cs, &sq, "实施单位") {
            ev.implementer = v;
        }
        if sq.iter().any(|c| c.contains("全年预算数")) {
            exec_cols = sq
                .iter()
                .enumerate()
                .filter_map(|(j, c)| {
                    let k = if c.contains("年初预算") {
                        "initial"
                    } else if c.contains("全年预算") {
                        "full"
                    } else if c.contains("全年执行") {
                        "executed"
                    } else if c.contains("分值") {
                        "weight"
                    } else if c.contains("执行率") {
                        "rate"
                    } else if c.contains("得分") {
                        "score"
                    } else {
                        return None;
                    };
                    Some((j, k))
                })
                .collect();
        } else if sq.iter().any(|c| c == "年度资金总额") {
            ev.exec_line = l.no;
            for &(j, k) in &exec_cols {
                let v = cs.get(j).and_then(|c| plain_num(c));
                match k {
                    "initial" => ev.budget_initial = v,
                    "full" => ev.budget_full = v,
                    "executed" => ev.executed = v,
                    "weight" => ev.weight = v,
                    "rate" => ev.exec_rate_pct = v,
                    _ => ev.score = v,
                }
            }
        } else if sq.iter().any(|c| c == "一级指标") {
            in_indicators = true;
        } else if let Some(p) = sq.iter().position(|c| c == "总分") {
            ev.total_score = cs[p + 1..].iter().find_map(|c| plain_num(c));
            ev.total_line = l.no;
            in_indicators = false;
        } else if in_indicators && let Some((ind, cut)) = indicator(&cs, &mut l1, &mut l2, l.no) {
            out.perf_indicators.push(ind);
            last_cells = cut;
        }
        i += 1;
    }
    let project: Arc<str> = ev.project.as_str().into();
    for ind in &mut out.perf_indicators[start_indicators..] {
        ind.project = project.clone();
    }
    if !ev.project.is_empty() {
        out.perf_evals.push(ev);
    }
    i
}

/// The row of a 自评表 a cell cut by a page break may continue: the 项目名称 row, or an
/// indicator row (the columns of its name and of its deviation note).
#[derive(Debug, Default, Clone, Copy)]
enum Cut {
    #[default]
    None,
    Project,
    Indicator {
        name: usize,
        deviation: Option<usize>,
    },
}

/// Read an indicator row from the right: the last two plain numbers are 分值 and 得分,
/// the two cells before them 年度指标值 and 实际完成值, the names before those the levels.
/// Its `project` is left empty: [`evaluation`] sets every indicator's project once the
/// whole table is read. With it, the columns a cut cell may continue.
fn indicator(cs: &[&str], l1: &mut Arc<str>, l2: &mut Arc<str>, line: u32) -> Option<(PerfIndicator, Cut)> {
    let n = cs.len();
    let (k, weight, score) = (3..n).rev().find_map(|k| {
        let score = plain_num(cs[k])?;
        plain_num(cs[k - 1]).map(|weight| (k, Some(weight), Some(score)))
    })?;
    let actual = cs[k - 2];
    let target = cs[k - 3];
    let deviation_col = (k + 1..n).find(|&j| !cs[j].is_empty());
    let deviation = deviation_col.map(|j| cs[j].to_string());
    // The names before the figures: the last is the indicator itself (level 3), each
    // one before it sets a level. Read as they come, without collecting them.
    // (A cell shorter than the heading cannot hold it: most cells, and no searcher built.)
    let heading = |c: &str| c.len() >= "年度绩效指标".len() && c.contains("年度绩效指标");
    let names = cs[..k - 3].iter().map(|c| squash(c)).enumerate().filter(|(_, c)| !c.is_empty() && !heading(c));
    let mut last: Option<Cow<str>> = None;
    let mut name_col = 0;
    for (j, name) in names {
        name_col = j;
        let Some(name) = last.replace(name) else { continue };
        if is_level1(&name) {
            *l1 = Arc::from(&*name);
            *l2 = "".into();
        } else if name.ends_with("指标") {
            *l2 = Arc::from(&*name);
        }
    }
    let level3 = last?.into_owned();
    let cut = Cut::Indicator { name: name_col, deviation: deviation_col.or(Some(k + 1).filter(|&j| j < n)) };
    let ind = PerfIndicator {
        project: "".into(),
        level1: l1.clone(),
        level2: l2.clone(),
        level3,
        target: measured(target),
        actual: measured(actual),
        weight,
        score,
        deviation,
        line,
    };
    Some((ind, cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_split_into_op_value_unit() {
        let m = measured("≥200本");
        assert_eq!((m.op, m.value, m.unit.as_deref()), (Some("≥"), Some(Decimal::from(200)), Some("本")));
        let m = measured("=62740元");
        assert_eq!((m.value, m.unit.as_deref()), (Some(Decimal::from(62740)), Some("元")));
        let m = measured("95%");
        assert_eq!((m.op, m.value, m.unit.as_deref()), (None, Some(Decimal::from(95)), Some("%")));
        let m = measured("2024年12月31日前");
        assert_eq!(m.value, None);
        assert_eq!(measured("17家企业与高校院所").value, None);
    }

    #[test]
    fn measured_fast_path_agrees_with_the_pattern() {
        for t in [
            "≥200本",
            "=62740元",
            "95%",
            "≥ 95 %",
            ">=3次",
            "＞10个",
            "< 5.5天",
            "5.",
            "100",
            "≤0.5万元",
            "2024年12月31日前",
            "17家企业与高校院所",
            "１２３件",
            "≥98.5%以上",
            "3个月内完成",
            "=1",
            "≥2项①",
        ] {
            assert_eq!(measured(t), measured_by_pattern(t), "{t}");
        }
    }
}
