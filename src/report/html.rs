//! One self-contained HTML page: inline CSS, inline SVG, no scripts, no external links.

use super::svg::{chart, esc};
use super::{Rendered, params_line};
use crate::output::{cells, is_numeric};

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.6}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:2px solid #b22;padding-bottom:.2em;margin-top:2em}\
.params{color:#555}.note{color:#444;font-size:.92em;background:#f7f3ee;padding:.5em .8em;border-left:3px solid #b22}\
table{border-collapse:collapse;margin:1em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .6em}th{background:#f0f0f0}\
td.n{text-align:right;font-variant-numeric:tabular-nums}td.null{color:#aaa;text-align:center}\
.chart{display:block;margin:1em 0}.chart .bar{fill:#b22}.chart .ct{font-size:14px;font-weight:bold}.chart .cl,.chart .cv{font-size:12px}";

pub fn page(r: &Rendered) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!("<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n", esc(&r.def.title)));
    h.push_str(&format!("<h1>{}</h1>\n<p class=\"params\">{}</p>\n", esc(&r.def.title), esc(&params_line(r))));
    h.push_str(&format!("<p>{}</p>\n<p>金额单位：万元；百分比保留两位小数。</p>\n", esc(&r.def.description)));
    for s in &r.sections {
        h.push_str(&format!("<section>\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n", esc(&s.def.title), esc(&s.def.note)));
        if let Some(svg) = chart(s) {
            h.push_str(&svg);
            h.push('\n');
        }
        let rows = cells(&s.rows, true, usize::MAX);
        if rows.is_empty() {
            h.push_str("<p>（无数据）</p>\n</section>\n");
            continue;
        }
        let numeric: Vec<bool> = s.rows.schema.fields().iter().map(|f| is_numeric(f.data_type())).collect();
        h.push_str("<table>\n<thead><tr>");
        for f in s.rows.schema.fields() {
            h.push_str(&format!("<th>{}</th>", esc(f.name())));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for r in &rows {
            h.push_str("<tr>");
            for (j, c) in r.iter().enumerate() {
                match c {
                    None => h.push_str("<td class=\"null\">—</td>"),
                    Some(v) if numeric[j] => h.push_str(&format!("<td class=\"n\">{}</td>", esc(v))),
                    Some(v) => h.push_str(&format!("<td>{}</td>", esc(v))),
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str(&format!("</tbody>\n</table>\n<p>共 {} 行。</p>\n</section>\n", rows.len()));
    }
    h.push_str("</body>\n</html>\n");
    h
}
