//! `juesuan report list | render | run`: reports from `reports/*.toml` to HTML, XLSX,
//! Markdown or CSV; `run` renders every report listed in a config file into dated paths,
//! one line per report, exit 1 if any failed (the others are still written).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use juesuan::catalog;
use juesuan::report::{self, ReportFormat};
use serde::Deserialize;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// The reports and their parameters.
    List,
    /// Render one report.
    Render {
        name: String,
        /// `name=value`, repeatable (e.g. --param county=阳谷县 --param year=2024).
        #[arg(long = "param", value_parser = parse_kv)]
        params: Vec<(String, String)>,
        #[arg(long, value_enum, default_value = "html")]
        format: ReportFormat,
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Render every report of a config file (for cron or a systemd timer).
    Run {
        #[arg(long)]
        config: PathBuf,
    },
}

fn parse_kv(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| format!("`{s}` is not name=value"))
}

#[derive(Deserialize)]
struct Config {
    run: Vec<RunEntry>,
}

#[derive(Deserialize)]
struct RunEntry {
    report: String,
    #[serde(default)]
    params: BTreeMap<String, String>,
    formats: Vec<String>,
    /// Output directory; `{date}` becomes today's date (UTC, YYYY-MM-DD).
    out: String,
}

/// Today's date in UTC from the system clock (civil-from-days).
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}")
}

pub fn run(store: &Path, a: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match a.command {
        Sub::List => {
            for d in report::definitions()? {
                writeln!(out, "{:<20} {}", d.name, d.title)?;
                for p in &d.params {
                    let def = p.default.as_deref().map(|d| format!("（默认 {d}）")).unwrap_or_default();
                    writeln!(out, "    --param {}=…  {}{}", p.name, p.label, def)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Sub::Render { name, params, format, out: dir } => {
            let def = report::find(&name)?;
            let conn = catalog::open(store)?;
            let _hold = juesuan::store::txn::read_guard(store);
            let r = report::render(&conn, &def, &params.into_iter().collect())?;
            for p in report::write(&r, format, &dir)? {
                writeln!(out, "{}", p.display())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Sub::Run { config } => {
            let text = std::fs::read_to_string(&config).with_context(|| config.display().to_string())?;
            let cfg: Config = toml::from_str(&text).with_context(|| config.display().to_string())?;
            let conn = catalog::open(store)?;
            let _hold = juesuan::store::txn::read_guard(store);
            let date = today();
            let mut failed = 0;
            for e in &cfg.run {
                let dir = PathBuf::from(e.out.replace("{date}", &date));
                let result = (|| -> anyhow::Result<Vec<PathBuf>> {
                    let def = report::find(&e.report)?;
                    let r = report::render(&conn, &def, &e.params)?;
                    let mut written = Vec::new();
                    for f in &e.formats {
                        let format = <ReportFormat as clap::ValueEnum>::from_str(f, true)
                            .map_err(|m| anyhow::anyhow!("format `{f}`: {m}"))?;
                        written.extend(report::write(&r, format, &dir)?);
                    }
                    Ok(written)
                })();
                match result {
                    Ok(files) => writeln!(
                        out,
                        "ok     {} → {}",
                        e.report,
                        files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
                    )?,
                    Err(err) => {
                        failed += 1;
                        writeln!(out, "FAILED {}: {err:#}", e.report)?;
                    }
                }
            }
            Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}
