//! `juesuan ingest PATH...`: progress on stderr (only on a terminal), one
//! `path:line: error: …` line per problem, a summary, exit 1 when any document failed or
//! was stored without one of its tables (missing or unreadable).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use juesuan::diag::Severity;
use juesuan::ingest::{self, Options};

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (searched recursively for .txt/.tsv files).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// County for every document: 6-digit code, name, or city+name (e.g. 上海市普陀区).
    /// Without it: a `county=<code or name>` directory in the path, else the start of
    /// the unit name.
    #[arg(long)]
    county: Option<String>,
    /// Wait for another juesuan process holding the store instead of failing.
    #[arg(long)]
    wait: bool,
    /// Documents per transaction.
    #[arg(long, default_value_t = 1000)]
    batch: usize,
    /// Print warnings too (by default only their count).
    #[arg(long, short)]
    verbose: bool,
    /// Testing: pause this many milliseconds between commit steps.
    #[arg(long, hide = true)]
    debug_pause_ms: Option<u64>,
    /// Testing: fail the N-th file-system step of the commit (ENOSPC or EIO).
    #[arg(long, hide = true)]
    debug_fail_at: Option<usize>,
    /// Testing: building the rows of this unit's document panics.
    #[arg(long, hide = true)]
    debug_panic_rows: Option<String>,
}

pub fn run(store: &Path, a: Args) -> anyhow::Result<ExitCode> {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}").expect("static template"));
    if let Some(n) = a.debug_fail_at {
        juesuan::store::fault::arm(n);
    }
    if let Some(unit) = a.debug_panic_rows {
        let _ = juesuan::columnar::PANIC_FOR_UNIT.set(unit);
    }
    let opts =
        Options { county: a.county, wait: a.wait, batch: a.batch, pause: a.debug_pause_ms.map(Duration::from_millis) };
    let outcome = ingest::run(store, &a.paths, &opts, &|n, total| {
        bar.set_length(total as u64);
        bar.set_position(n as u64);
    })?;
    bar.finish_and_clear();
    let mut err = std::io::stderr().lock();
    let mut warnings = 0;
    for d in &outcome.diagnostics {
        if d.severity == Severity::Warning {
            warnings += 1;
            if !a.verbose {
                continue;
            }
        }
        writeln!(err, "{d}")?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} files: {} ingested{}, {} unchanged, {} replaced, {} failed; {} rows; {} warnings; {:.2}s",
        outcome.files,
        outcome.ingested,
        if outcome.incomplete > 0 {
            format!(" ({} incomplete: a table missing or unreadable)", outcome.incomplete)
        } else {
            String::new()
        },
        outcome.unchanged,
        outcome.replaced,
        outcome.failed,
        outcome.rows,
        warnings,
        outcome.elapsed.as_secs_f64()
    )?;
    let [e, w, i] = outcome.findings;
    if e + w + i > 0 {
        writeln!(
            out,
            "勾稽 findings: {e} errors, {w} warnings, {i} rounding (query the `findings` view, or `juesuan check`)"
        )?;
    }
    // A document stored without one of its tables is a failure to report too.
    Ok(if outcome.failed > 0 || outcome.incomplete > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
