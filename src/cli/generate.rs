//! `juesuan gen`: write a deterministic corpus of documents (the demo in `datasets/`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use juesuan::generate::{GenOptions, write_corpus};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 3)]
    counties: usize,
    #[arg(long, default_value_t = 6)]
    units: usize,
    #[arg(long, default_value_t = 2)]
    years: usize,
    #[arg(long, default_value_t = 2023)]
    first_year: i32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Give this share of documents (0–1) one known error, listed in OUT/answers.csv.
    #[arg(long, default_value_t = 0.0)]
    inject_rate: f64,
    #[arg(long)]
    out: PathBuf,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let opts = GenOptions {
        counties: a.counties,
        units: a.units,
        years: a.years,
        first_year: a.first_year,
        seed: a.seed,
        inject_rate: a.inject_rate,
    };
    let files = write_corpus(&opts, &a.out)?;
    writeln!(std::io::stdout().lock(), "{} documents written under {}", files.len(), a.out.display())?;
    Ok(ExitCode::SUCCESS)
}
