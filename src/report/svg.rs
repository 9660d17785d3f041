//! Inline SVG charts: ranked horizontal bars, percentage bars on a 0–100 scale, and
//! bars by year. Plain SVG text: no scripts, no fonts to fetch. Coordinates are written
//! with one decimal so the output is the same on every machine.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Chart, Section, column};
use crate::output::{cells, grouped};

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// (label, value) pairs of a section for its chart; rows without a value are skipped.
fn points(s: &Section, c: &Chart) -> Vec<(String, Decimal)> {
    let (Some(li), Some(vi)) = (column(&s.rows, &c.label), column(&s.rows, &c.value)) else { return Vec::new() };
    cells(&s.rows, false, usize::MAX)
        .into_iter()
        .filter_map(|r| {
            let v: Decimal = r.get(vi)?.as_deref()?.parse().ok()?;
            Some((r.get(li)?.clone().unwrap_or_default(), v))
        })
        .collect()
}

fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// The chart of a section, or `None` when it has nothing to draw.
pub fn chart(s: &Section) -> Option<String> {
    let c = s.def.chart.as_ref()?;
    let pts = points(s, c);
    if pts.is_empty() {
        return None;
    }
    Some(if c.kind == "yoy" { columns(c, &pts) } else { bars(c, &pts) })
}

/// The `<svg>` element with its accessible title, and the visible title.
fn open(title: &str, width: f64, height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"{t}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n<title>{t}</title>\n<text x=\"0\" y=\"18\" class=\"ct\">{t}</text>\n",
        t = esc(title),
        w = f(width),
        h = f(height)
    )
}

fn bars(c: &Chart, pts: &[(String, Decimal)]) -> String {
    let (label_w, bar_w, row_h, top) = (300.0, 380.0, 26.0, 34.0);
    let width = label_w + bar_w + 110.0;
    let height = top + row_h * pts.len() as f64 + 10.0;
    let max = if c.kind == "share" {
        100.0
    } else {
        pts.iter().map(|p| p.1.to_f64().unwrap_or(0.0)).fold(0.0, f64::max).max(f64::MIN_POSITIVE)
    };
    let mut s = open(&c.title, width, height);
    for (i, (label, v)) in pts.iter().enumerate() {
        let y = top + row_h * i as f64;
        let len = (v.to_f64().unwrap_or(0.0).max(0.0) / max * bar_w).min(bar_w);
        let shown = if c.kind == "share" { format!("{}%", grouped(*v)) } else { grouped(*v) };
        s.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" class=\"cl\">{label}</text><rect x=\"{bx}\" y=\"{ry}\" width=\"{bw}\" height=\"{bh}\" class=\"bar\"/><text x=\"{vx}\" y=\"{ty}\" class=\"cv\">{shown}</text>\n",
            lx = f(label_w - 8.0),
            ty = f(y + 17.0),
            label = esc(label),
            bx = f(label_w),
            ry = f(y + 4.0),
            bw = f(len),
            bh = f(row_h - 8.0),
            vx = f(label_w + len + 6.0),
        ));
    }
    s.push_str("</svg>");
    s
}

fn columns(c: &Chart, pts: &[(String, Decimal)]) -> String {
    let (col_w, plot_h, top, left) = (90.0, 220.0, 34.0, 20.0);
    let width = left + col_w * pts.len() as f64 + 20.0;
    let height = top + plot_h + 50.0;
    let max = pts.iter().map(|p| p.1.to_f64().unwrap_or(0.0)).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let mut s = open(&c.title, width, height);
    for (i, (label, v)) in pts.iter().enumerate() {
        let x = left + col_w * i as f64;
        let hgt = v.to_f64().unwrap_or(0.0).max(0.0) / max * plot_h;
        let y = top + plot_h - hgt;
        s.push_str(&format!(
            "<rect x=\"{rx}\" y=\"{ry}\" width=\"{rw}\" height=\"{rh}\" class=\"bar\"/><text x=\"{cx}\" y=\"{vy}\" text-anchor=\"middle\" class=\"cv\">{shown}</text><text x=\"{cx}\" y=\"{ly}\" text-anchor=\"middle\" class=\"cl\">{label}</text>\n",
            rx = f(x + 15.0),
            ry = f(y),
            rw = f(col_w - 30.0),
            rh = f(hgt),
            cx = f(x + col_w / 2.0),
            vy = f(y - 6.0),
            shown = grouped(*v),
            ly = f(top + plot_h + 20.0),
            label = esc(label),
        ));
    }
    s.push_str("</svg>");
    s
}
