//! Pages → the text layout the parsers read: one line per table row (cells joined by
//! tabs), titles and the 金额单位 line on lines of their own, narrative lines joined
//! into paragraphs, page numbers left out. Each line remembers its page.
//!
//! Geometry, not the order of the content stream, decides: producers write characters
//! in any order (ONLYOFFICE draws a row's Times New Roman digits 4.5 pt below its
//! FangSong Chinese; Word draws rulings as thousands of thin filled rectangles).

use std::sync::OnceLock;

use regex::Regex;

use super::{Glyph, Page, Rect};

/// One line of the recovered text and the page it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLine {
    pub page: u32,
    pub text: String,
}

/// A run of glyphs read as one line of text.
#[derive(Debug, Clone)]
struct TextLine {
    rect: Rect,
    /// Height of the line's tallest glyph: the line's em.
    em: f64,
    text: String,
}

/// What a page holds, top to bottom.
#[derive(Debug, Clone)]
enum Item {
    Text(TextLine),
    /// A table row: its cells' text; `grid` says which table of the page, so that rows
    /// of one table stay together and a table continued on the next page is seen.
    Row {
        top: f64,
        grid: usize,
        cells: Vec<String>,
    },
}

impl Item {
    fn top(&self) -> f64 {
        match self {
            Item::Text(t) => t.rect.top,
            Item::Row { top, .. } => *top,
        }
    }
}

/// The text layout of a whole document.
pub fn lines(pages: &[Page]) -> Vec<PageLine> {
    let mut out: Vec<PageLine> = Vec::new();
    // The previous page's last item, when it was a table row: its column count.
    let mut open_table: Option<usize> = None;
    // The previous page's last paragraph, when it may go on (no full stop, full width).
    let mut open_para: Option<(bool, bool)> = None;
    let mut all: Vec<Vec<Item>> = pages.iter().map(page_items).collect();
    drop_running_lines(pages, &mut all);
    for (page, items) in pages.iter().zip(all) {
        let right = right_edge(&items);
        let mut last_grid: Option<usize> = None;
        let mut prev_text: Option<TextLine> = None;
        for (k, item) in items.iter().enumerate() {
            match item {
                Item::Row { grid, cells, .. } => {
                    let continues_table = k == 0 && open_table == Some(cells.len());
                    if last_grid != Some(*grid) && !continues_table {
                        blank(&mut out);
                    }
                    out.push(PageLine { page: page.number, text: cells.join("\t") });
                    last_grid = Some(*grid);
                    prev_text = None;
                    open_para = None;
                }
                Item::Text(t) => {
                    if last_grid.is_some() {
                        blank(&mut out);
                        last_grid = None;
                    }
                    let joins = match (&prev_text, open_para) {
                        (Some(p), _) => continues(p, t, right),
                        (None, Some((full, heading))) if k == 0 => {
                            full && !starts_anew(&t.text) && !(heading && is_sentence(&t.text))
                        }
                        _ => false,
                    };
                    if joins && let Some(last) = out.iter_mut().rev().find(|l| !l.text.is_empty()) {
                        glue(&mut last.text, &t.text);
                    } else {
                        blank(&mut out);
                        out.push(PageLine { page: page.number, text: t.text.clone() });
                    }
                    open_para = None;
                    prev_text = Some(t.clone());
                }
            }
        }
        open_table = match items.last() {
            Some(Item::Row { cells, .. }) => Some(cells.len()),
            _ => None,
        };
        open_para = match (&prev_text, items.last()) {
            (Some(p), Some(Item::Text(_))) => {
                let full = right.is_some_and(|r| p.rect.x1 >= r - 2.0 * p.em);
                Some((!ends_sentence(&p.text) && full, is_heading(&p.text)))
            }
            _ => None,
        };
    }
    while out.last().is_some_and(|l| l.text.is_empty()) {
        out.pop();
    }
    out
}

/// One empty line, never two in a row.
fn blank(out: &mut Vec<PageLine>) {
    if out.last().is_some_and(|l| !l.text.is_empty()) {
        let page = out.last().map_or(0, |l| l.page);
        out.push(PageLine { page, text: String::new() });
    }
}

/// Append a wrapped line's text: Chinese joins without a space, two ASCII words with one.
fn glue(acc: &mut String, next: &str) {
    let a = acc.chars().next_back();
    let b = next.chars().next();
    if let (Some(a), Some(b)) = (a, b)
        && a.is_ascii_alphanumeric()
        && b.is_ascii_alphanumeric()
    {
        acc.push(' ');
    }
    acc.push_str(next);
}

/// Whether `next` goes on the paragraph `prev` ended: `prev` runs to the right margin
/// without a full stop or colon, `next` follows closely and does not open an item.
fn continues(prev: &TextLine, next: &TextLine, right: Option<f64>) -> bool {
    let Some(right) = right else { return false };
    // A heading that wraps goes on (`…决算情况` + `说明`: short, no sentence in it); one
    // long enough to reach the margin is not continued by the paragraph below it.
    if prev.text.contains('\t')
        || next.text.contains('\t')
        || ends_sentence(&prev.text)
        || (is_heading(&prev.text) && (is_sentence(&next.text) || next.rect.x1 >= right - 2.0 * next.em))
    {
        return false;
    }
    let em = prev.em.max(next.em);
    prev.rect.x1 >= right - 2.0 * em
        && next.rect.top - prev.rect.bottom < 1.5 * em
        && (next.em - prev.em).abs() < 0.3 * em
        && !starts_anew(&next.text)
}

/// A section heading (`九、国有资本经营预算…情况说明`, `（一）…`): an enumerator and no
/// punctuation inside.
fn is_heading(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
            .expect("static regex")
    });
    re.is_match(text) && !text.contains(['，', '。', '；', ',', ';', '：', ':'])
}

/// Text with a sentence's punctuation in it.
fn is_sentence(text: &str) -> bool {
    text.contains(['。', '，', '；', ',', ';'])
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['。', '：', ':'])
}

/// An enumerator (一、 （一） 1. 第X条 …) or a table title opens a new paragraph.
fn starts_anew(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^\s*(第[一二三四五六七八九十百0-9]+[部分章节条项]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[、．.](\D|$)|[①-⑳]|注[:：]|单位[:：]|金额单位|部门[:：]|附件|附表)",
        )
        .expect("static regex")
    });
    re.is_match(text) || (text.chars().count() <= 40 && text.trim_end().ends_with('表'))
}

/// The right margin of the page's running text: where its longest lines end.
fn right_edge(items: &[Item]) -> Option<f64> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) if t.text.chars().count() >= 12 && !t.text.contains('\t') => Some(t.rect.x1),
            _ => None,
        })
        .reduce(f64::max)
}

/// The page's text lines and table rows, top to bottom, page furniture left out.
fn page_items(page: &Page) -> Vec<Item> {
    let mut in_grid: Vec<Vec<usize>> = vec![Vec::new(); page.grids.len()];
    let mut free: Vec<&Glyph> = Vec::new();
    for (i, g) in page.glyphs.iter().enumerate() {
        let (x, y) = (g.rect.cx(), g.rect.cy());
        match page.grids.iter().position(|grid| grid.rect.holds(x, y, 0.5)) {
            Some(k) => in_grid[k].push(i),
            None => free.push(g),
        }
    }
    let mut items: Vec<Item> = Vec::new();
    for (k, grid) in page.grids.iter().enumerate() {
        let glyphs: Vec<&Glyph> = in_grid[k].iter().map(|&i| &page.glyphs[i]).collect();
        if glyphs.is_empty() {
            // A ruled frame with nothing in it (a blank row run onto a page of its own).
            continue;
        }
        for row in &grid.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Some(r) => cell_text(glyphs.iter().copied().filter(|g| r.holds(g.rect.cx(), g.rect.cy(), 0.0))),
                    None => String::new(),
                })
                .collect();
            let top = row.iter().flatten().map(|r| r.top).reduce(f64::min).unwrap_or(grid.rect.top);
            items.push(Item::Row { top, grid: k, cells });
        }
    }
    for line in text_lines(free) {
        if !is_furniture(&line, page) {
            items.push(Item::Text(line));
        }
    }
    items.sort_by(|a, b| a.top().total_cmp(&b.top()));
    items
}

/// Running headers and footers: a line in the top or bottom margin whose text (digits
/// aside: `第 3 页`, `2024年度部门决算 - 7`) recurs on at least three pages and half of
/// them is page furniture, not content.
fn drop_running_lines(pages: &[Page], all: &mut [Vec<Item>]) {
    let key = |t: &TextLine, page: &Page| -> Option<String> {
        let in_margin = t.rect.top > page.height * 0.88 || t.rect.bottom < page.height * 0.07;
        in_margin.then(|| t.text.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect())
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (page, items) in pages.iter().zip(all.iter()) {
        let mut on_page: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => key(t, page),
                Item::Row { .. } => None,
            })
            .collect();
        on_page.sort();
        on_page.dedup();
        for k in on_page {
            *seen.entry(k).or_default() += 1;
        }
    }
    let running = |k: &String| seen.get(k).is_some_and(|&n| n >= 3 && n * 2 >= pages.len());
    for (page, items) in pages.iter().zip(all.iter_mut()) {
        items.retain(|i| match i {
            Item::Text(t) => key(t, page).is_none_or(|k| k.is_empty() || !running(&k)),
            Item::Row { .. } => true,
        });
    }
}

/// A page number or similar in the top or bottom margin.
fn is_furniture(line: &TextLine, page: &Page) -> bool {
    let in_margin = line.rect.top > page.height * 0.88 || line.rect.bottom < page.height * 0.07;
    if !in_margin {
        return false;
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^[\s\-—–－·•]*(第\s*[0-9]+\s*页(\s*[,，/／]?\s*共\s*[0-9]+\s*页)?|[0-9]+(\s*[/／]\s*[0-9]+)?)[\s\-—–－·•]*$")
            .expect("static regex")
    });
    re.is_match(&line.text)
}

/// The text of one table cell: its lines joined (a wrapped cell reads as one).
fn cell_text<'a>(glyphs: impl Iterator<Item = &'a Glyph>) -> String {
    let mut out = String::new();
    for line in text_lines(glyphs.collect()) {
        // Wide gaps inside a cell are spacing, not columns.
        glue(&mut out, &line.text.replace('\t', ""));
    }
    out
}

/// Glyphs grouped into lines by their vertical overlap, each read left to right.
/// A glyph belongs to a line when it overlaps the line's first glyph by at least
/// two-fifths of the smaller height, so digits set a few points below the Chinese of
/// their row stay on it while the next row, a line spacing down, does not.
fn text_lines(mut glyphs: Vec<&Glyph>) -> Vec<TextLine> {
    glyphs.sort_by(|a, b| a.rect.top.total_cmp(&b.rect.top).then(a.rect.x0.total_cmp(&b.rect.x0)));
    let mut lines: Vec<(Rect, Vec<&Glyph>)> = Vec::new();
    for g in glyphs {
        let h = g.rect.height().max(0.1);
        // Only the last few lines can still take a glyph: glyphs come top-down.
        let found = lines.iter_mut().rev().take(6).find(|(anchor, _)| {
            let overlap = g.rect.bottom.min(anchor.bottom) - g.rect.top.max(anchor.top);
            overlap >= 0.4 * h.min(anchor.height().max(0.1))
        });
        match found {
            Some((_, members)) => members.push(g),
            None => lines.push((g.rect, vec![g])),
        }
    }
    let mut out: Vec<TextLine> = lines
        .into_iter()
        .map(|(_, mut members)| {
            members.sort_by(|a, b| a.rect.x0.total_cmp(&b.rect.x0));
            let mut text = String::new();
            let mut rect = members[0].rect;
            let mut em: f64 = 0.0;
            let mut prev: Option<&Glyph> = None;
            for g in &members {
                // A glyph drawn twice at the same place (fake bold) is one character.
                if let Some(p) = prev
                    && p.text == g.text
                    && (g.rect.x0 - p.rect.x0).abs() < 0.3 * g.rect.width().max(0.1)
                {
                    continue;
                }
                if let Some(p) = prev {
                    let gap = g.rect.x0 - p.rect.x1;
                    let size = p.rect.height().max(g.rect.height());
                    if gap > 2.0 * size {
                        text.push('\t');
                    } else if gap > 0.2 * size
                        && p.text.chars().all(|c| c.is_ascii_graphic())
                        && g.text.chars().all(|c| c.is_ascii_graphic())
                    {
                        text.push(' ');
                    }
                }
                text.push_str(&g.text);
                rect = Rect {
                    x0: rect.x0.min(g.rect.x0),
                    top: rect.top.min(g.rect.top),
                    x1: rect.x1.max(g.rect.x1),
                    bottom: rect.bottom.max(g.rect.bottom),
                };
                em = em.max(g.rect.height());
                prev = Some(g);
            }
            TextLine { rect, em, text }
        })
        .collect();
    out.sort_by(|a, b| a.rect.top.total_cmp(&b.rect.top));
    out
}

#[cfg(test)]
mod tests {
    use super::super::Grid;
    use super::*;

    fn glyph(text: &str, x0: f64, top: f64, size: f64) -> Glyph {
        let w = if text.is_ascii() { size * 0.5 } else { size };
        Glyph { text: text.to_string(), rect: Rect { x0, top, x1: x0 + w, bottom: top + size }, size }
    }

    fn run(text: &str, x0: f64, top: f64, size: f64) -> Vec<Glyph> {
        let mut x = x0;
        text.chars()
            .map(|c| {
                let g = glyph(&c.to_string(), x, top, size);
                x = g.rect.x1;
                g
            })
            .collect()
    }

    fn page(glyphs: Vec<Glyph>, grids: Vec<Grid>) -> Page {
        Page { number: 1, width: 595.0, height: 842.0, glyphs, grids, images: 0 }
    }

    #[test]
    fn digits_on_a_shifted_baseline_stay_on_their_row() {
        let mut g = run("其他收入", 100.0, 300.0, 12.0);
        g.extend(run("6.20", 400.0, 304.5, 12.0));
        g.extend(run("合计", 100.0, 330.0, 12.0));
        let l = lines(&[page(g, vec![])]);
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).filter(|t| !t.is_empty()).collect();
        assert_eq!(texts, ["其他收入\t6.20", "合计"]);
    }

    #[test]
    fn a_wrapped_paragraph_is_joined_and_stops_at_a_full_stop_and_an_enumerator() {
        let mut g = run("一、收入支出决算总体情况说明", 70.0, 100.0, 12.0);
        g.extend(run("二〇二四年度收入总计二千九百万元比上年增加", 70.0, 120.0, 12.0));
        g.extend(run("主要原因是人员增加。", 70.0, 136.0, 12.0));
        g.extend(run("（一）收入", 70.0, 152.0, 12.0));
        let l = lines(&[page(g, vec![])]);
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).filter(|t| !t.is_empty()).collect();
        assert_eq!(
            texts,
            [
                "一、收入支出决算总体情况说明",
                "二〇二四年度收入总计二千九百万元比上年增加主要原因是人员增加。",
                "（一）收入"
            ]
        );
    }

    #[test]
    fn a_running_header_is_left_out_and_a_title_in_the_margin_once_is_kept() {
        let pages: Vec<Page> = (1..=4)
            .map(|n| {
                let mut g = run("上海市普陀区某局2024年度部门决算", 200.0, 20.0, 9.0);
                g.extend(run(&format!("正文第{n}页内容"), 70.0, 300.0, 12.0));
                if n == 1 {
                    g.extend(run("封面标题", 250.0, 30.0, 9.0));
                }
                Page { number: n, ..page(g, vec![]) }
            })
            .collect();
        let texts: Vec<String> = lines(&pages).into_iter().map(|l| l.text).filter(|t| !t.is_empty()).collect();
        assert_eq!(texts, ["封面标题", "正文第1页内容", "正文第2页内容", "正文第3页内容", "正文第4页内容"]);
    }

    #[test]
    fn page_numbers_are_left_out() {
        let mut g = run("收入决算表", 250.0, 100.0, 16.0);
        g.extend(run("- 7 -", 280.0, 800.0, 10.0));
        let l = lines(&[page(g, vec![])]);
        assert_eq!(l.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["收入决算表"]);
    }

    #[test]
    fn table_cells_join_wrapped_text_and_keep_merged_positions_empty() {
        let cell = |x0: f64, x1: f64, top: f64, bottom: f64| Some(Rect { x0, top, x1, bottom });
        let grid = Grid {
            rect: Rect { x0: 50.0, top: 200.0, x1: 350.0, bottom: 260.0 },
            rows: vec![
                vec![cell(50.0, 250.0, 200.0, 230.0), None, cell(250.0, 350.0, 200.0, 230.0)],
                vec![
                    cell(50.0, 150.0, 230.0, 260.0),
                    cell(150.0, 250.0, 230.0, 260.0),
                    cell(250.0, 350.0, 230.0, 260.0),
                ],
            ],
        };
        let mut g = run("项目", 60.0, 205.0, 10.0);
        g.extend(run("本年收入合", 255.0, 202.0, 10.0));
        g.extend(run("计", 255.0, 215.0, 10.0));
        g.extend(run("201", 60.0, 240.0, 10.0));
        g.extend(run("一般公共服务", 155.0, 240.0, 10.0));
        g.extend(run("2,112.86", 260.0, 244.0, 10.0));
        let l = lines(&[page(g, vec![grid])]);
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["项目\t\t本年收入合计", "201\t一般公共服务\t2,112.86"]);
    }
}
