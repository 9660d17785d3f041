//! `juesuan export --out DIR`: a BI-ready copy of the store (see `juesuan::export`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use juesuan::export::{ExportOptions, export};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    out: PathBuf,
    /// Only this county (code or name).
    #[arg(long)]
    county: Option<String>,
    /// Only this year.
    #[arg(long)]
    year: Option<i32>,
    /// Also write juesuan.duckdb with the same tables and the canned views.
    #[arg(long)]
    duckdb: bool,
    /// Replace an existing export (atomically).
    #[arg(long)]
    force: bool,
    /// Add this store's counties to an existing export (stores of other machines): a
    /// county already there is an error.
    #[arg(long)]
    merge: bool,
}

pub fn run(store: &Path, a: Args) -> anyhow::Result<ExitCode> {
    let opts = ExportOptions { county: a.county, year: a.year, duckdb: a.duckdb, force: a.force, merge: a.merge };
    let tables = export(store, &a.out, &opts)?;
    writeln!(std::io::stdout().lock(), "exported {} tables to {}", tables.len(), a.out.display())?;
    Ok(ExitCode::SUCCESS)
}
