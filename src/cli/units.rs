//! `juesuan units`: the units in the store, one line each, with 收支总计 and the split
//! of expenditure into 基本/项目 — the first thing a new user wants to see.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use juesuan::catalog;
use juesuan::output::grouped;
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

/// The canned view `unit_totals` already holds these figures per document.
const SQL: &str = "
SELECT county, county_name, year, unit_name, scope, grand_total, basic, project
FROM unit_totals
WHERE (CAST(?1 AS VARCHAR) IS NULL OR county = CAST(?1 AS VARCHAR))
  AND (CAST(?2 AS INTEGER) IS NULL OR year = CAST(?2 AS INTEGER))
ORDER BY county, year, unit_name";

fn money(v: Option<Decimal>) -> String {
    v.map(grouped).unwrap_or_default()
}

pub fn run(store: &Path, a: Args) -> anyhow::Result<ExitCode> {
    let conn = catalog::open(store)?;
    let _hold = juesuan::store::txn::read_guard(store);
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
