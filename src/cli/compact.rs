//! `juesuan compact`: one file per partition, atomically; converts a store of the old
//! county-year layout.

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
    let done = store::compact(root, a.wait, None)?;
    let mut out = std::io::stdout().lock();
    if done.converted {
        writeln!(out, "store converted from layout 1 (county-year directories) to layout 2 (county partitions)")?;
    }
    writeln!(out, "{} partitions compacted", done.merged)?;
    Ok(ExitCode::SUCCESS)
}
