//! `juesuan query "SQL"` / `juesuan query -f file.sql`: run statements over the store and
//! print their results; exit 1 on an SQL error with DuckDB's message and position.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use juesuan::catalog;
use juesuan::output::{self, Format};

#[derive(clap::Args)]
pub struct Args {
    /// SQL to run (several statements separated by `;`).
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    sql: Option<String>,
    /// Read the SQL from a file.
    #[arg(long, short)]
    file: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Write to FILE instead of standard output (required for parquet).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Rows shown in table and markdown formats (0: all).
    #[arg(long, default_value_t = 0)]
    max_rows: usize,
}

pub fn run(store: &Path, a: Args) -> anyhow::Result<ExitCode> {
    let sql = match (&a.sql, &a.file) {
        (Some(s), _) => s.clone(),
        (None, Some(f)) => std::fs::read_to_string(f).with_context(|| f.display().to_string())?,
        (None, None) => unreachable!("clap requires one"),
    };
    if a.format == Format::Parquet && a.output.is_none() {
        anyhow::bail!("--format parquet needs --output FILE");
    }
    let conn = catalog::open_for(store, &sql)?;
    // The store as before or as after a commit, for every statement of the command.
    let _hold = juesuan::store::txn::read_guard(store);
    let mut sink: Box<dyn Write> = match &a.output {
        Some(p) => {
            Box::new(std::io::BufWriter::new(std::fs::File::create(p).with_context(|| p.display().to_string())?))
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let limit = (a.max_rows > 0).then_some(a.max_rows);
    for stmt in output::split_statements(&sql) {
        match output::run(&conn, &stmt) {
            Ok(rs) => output::render(&rs, a.format, limit, &mut sink)?,
            Err(e) => {
                sink.flush()?;
                eprintln!("juesuan: SQL error: {}", e.to_string().trim_end());
                return Ok(ExitCode::from(1));
            }
        }
    }
    sink.flush()?;
    Ok(ExitCode::SUCCESS)
}
