//! `juesuan status`: documents per county-year and the partition files of the store.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use juesuan::store;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(root: &Path, _a: Args) -> anyhow::Result<ExitCode> {
    let docs = store::read_keys(root)?;
    let mut per: BTreeMap<(String, i32), usize> = BTreeMap::new();
    for d in &docs {
        *per.entry((d.county.clone(), d.year)).or_default() += 1;
    }
    let files = store::files_per_partition(root)?;
    let mut out = std::io::stdout().lock();
    let total: usize = files.values().sum();
    writeln!(out, "store {}: {} documents, {} partitions, {total} files", root.display(), docs.len(), files.len())?;
    for ((code, year), n) in per {
        let name = juesuan::model::county::by_code(&code).map(|c| c.full_name()).unwrap_or_default();
        writeln!(out, "  county={code} ({name}) year={year}: {n} documents")?;
    }
    let multi = files.values().filter(|&&n| n > 1).count();
    if multi > 0 {
        writeln!(
            out,
            "{multi} partitions hold more than one file (each ingest appends one; `juesuan compact` merges them)"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
