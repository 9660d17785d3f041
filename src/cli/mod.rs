//! Command-line interface: one module per subcommand. The environment is read here and
//! nowhere else: the store location comes from `--store`, else `JUESUAN_STORE` (by
//! clap), else `./juesuan-store`; `HOME` places the REPL history.

mod check;
mod compact;
mod export;
mod extract;
mod generate;
mod ingest;
mod query;
mod repl;
mod report;
mod status;
mod units;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "juesuan",
    version,
    about = "部门决算公开 → exact facts in a Parquet store, queried with DuckDB",
    long_about = "juesuan turns Chinese government departments' published final accounts (部门决算公开) \
into exact, typed facts with provenance, stored as Parquet in one directory per county (clustered by \
year and 类 inside the files), and queries them with embedded DuckDB.\n\nExit codes: 0 ok, 1 findings \
or failed documents, 2 operational error."
)]
pub struct Cli {
    /// Store directory.
    #[arg(long, global = true, env = "JUESUAN_STORE", default_value = "juesuan-store")]
    store: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest documents (files or directories, recursively) into the store.
    Ingest(ingest::Args),
    /// Run SQL over the store (datasets and canned views) and print the results.
    Query(query::Args),
    /// Interactive SQL over the store: history, completion, meta commands (.help).
    Repl(repl::Args),
    /// List the units in the store with their year and 收支总计.
    Units(units::Args),
    /// Export a BI-ready dataset (Parquet, dimensions, dictionary, optional .duckdb).
    Export(export::Args),
    /// Comparative reports: list, render (HTML, XLSX, Markdown, CSV), run a schedule.
    Report(report::Args),
    /// Run the 勾稽 checks on documents (the store is not touched); exit 1 on errors.
    Check(check::Args),
    /// Print what was read from a document (a PDF's text layer laid out as the parsers read it).
    Extract(extract::Args),
    /// Show the documents and partitions in the store.
    Status(status::Args),
    /// Merge partitions holding several files into one (atomic).
    Compact(compact::Args),
    /// Generate a corpus of documents in the published layout (demo and tests).
    Gen(generate::Args),
}

pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Ingest(a) => ingest::run(&cli.store, a),
        Command::Query(a) => query::run(&cli.store, a),
        Command::Repl(a) => repl::run(&cli.store, a, std::env::var_os("HOME").map(PathBuf::from)),
        Command::Units(a) => units::run(&cli.store, a),
        Command::Status(a) => status::run(&cli.store, a),
        Command::Check(a) => check::run(a),
        Command::Extract(a) => extract::run(a),
        Command::Report(a) => report::run(&cli.store, a),
        Command::Export(a) => export::run(&cli.store, a),
        Command::Compact(a) => compact::run(&cli.store, a),
        Command::Gen(a) => generate::run(a),
    }
}
