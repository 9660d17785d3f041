//! `juesuan units`: the units in the store, one line each, with 收支总计 and the split
//! of expenditure into 基本/项目 — the first thing a new user wants to see.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use juesuan::catalog;
use rust_decimal::Decimal;

#[derive(clap::Args)]
pub struct Args {
    /// Only this county (6-digit code).
    #[arg(long)]
    county: Option<String>,
    /// Only this year.
    #[arg(long)]
    year: Option<i32>,
}

const SQL: &str = "
SELECT d.county, d.county_name, d.year, d.unit_name, d.scope,
       max(s.amount) FILTER (WHERE s.table_role = 'income_expenditure' AND s.side = '收入' AND s.item = '总计') AS total,
       max(e.amount) FILTER (WHERE e.measure = '基本支出') AS basic,
       max(e.amount) FILTER (WHERE e.measure = '项目支出') AS project
FROM documents d
LEFT JOIN summary_facts s ON s.doc_id = d.doc_id AND s.measure = '金额'
LEFT JOIN subject_facts e ON e.doc_id = d.doc_id AND e.subject = 'total' AND e.table_role = 'expenditure' AND e.row_kind = 'total'
WHERE (CAST(?1 AS VARCHAR) IS NULL OR d.county = CAST(?1 AS VARCHAR))
  AND (CAST(?2 AS INTEGER) IS NULL OR d.year = CAST(?2 AS INTEGER))
GROUP BY ALL
ORDER BY d.county, d.year, d.unit_name";

/// `1234567.5` → `1,234,567.50`.
pub fn money(v: Option<Decimal>) -> String {
    let Some(v) = v else { return String::new() };
    let s = format!("{:.2}", v.round_dp(2));
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", int));
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}.{frac}")
}

pub fn run(store: &Path, a: Args) -> anyhow::Result<ExitCode> {
    let conn = catalog::open(store)?;
    let mut stmt = conn.prepare(SQL)?;
    let rows = stmt.query_map(duckdb::params![a.county, a.year], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i32>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<Decimal>>(5)?,
            r.get::<_, Option<Decimal>>(6)?,
            r.get::<_, Option<Decimal>>(7)?,
        ))
    })?;
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_header(vec!["县代码", "县", "年度", "单位", "范围", "收支总计(万元)", "基本支出", "项目支出"]);
    let mut n = 0;
    for r in rows {
        let (code, county, year, unit, scope, total, basic, project) = r?;
        t.add_row(vec![code, county, year.to_string(), unit, scope, money(total), money(basic), money(project)]);
        n += 1;
    }
    for c in 5..8 {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{t}")?;
    writeln!(out, "{n} units")?;
    Ok(ExitCode::SUCCESS)
}
