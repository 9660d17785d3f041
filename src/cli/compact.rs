//! `juesuan compact`: one file per partition, atomically; converts a store of an older
//! layout (county-year directories, or no `doc_totals`).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use juesuan::store;

#[derive(clap::Args)]
pub struct Args {
    /// Wait for another juesuan process holding the store instead of failing.
    #[arg(long)]
    wait: bool,
}

pub fn run(root: &Path, a: Args) -> anyhow::Result<ExitCode> {
    let done = store::compact(root, a.wait, None, juesuan::parse::PARSER_VERSION)?;
    let mut out = std::io::stdout().lock();
    match done.converted_from {
        Some(1) => writeln!(
            out,
            "store converted from layout 1 (county-year directories) to layout 3 (county partitions, doc_totals, table cells in execution_text)"
        )?,
        Some(n) => writeln!(
            out,
            "store converted from layout {n} to layout 3 (doc_totals and the table cells of execution_text derived from the stored rows)"
        )?,
        None => {}
    }
    writeln!(out, "{} partitions compacted", done.merged)?;
    Ok(ExitCode::SUCCESS)
}
