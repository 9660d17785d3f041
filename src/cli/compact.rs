//! `juesuan compact`: one file per partition, atomically.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use juesuan::store::{self, Store};

#[derive(clap::Args)]
pub struct Args {
    /// Wait for another juesuan process holding the store instead of failing.
    #[arg(long)]
    wait: bool,
}

pub fn run(root: &Path, a: Args) -> anyhow::Result<ExitCode> {
    let s = Store::open_write(root, a.wait)?;
    let merged = store::compact(&s)?;
    writeln!(std::io::stdout().lock(), "{merged} partitions compacted")?;
    Ok(ExitCode::SUCCESS)
}
