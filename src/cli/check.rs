//! `juesuan check PATH...`: the 勾稽 checks on documents, without touching the store.
//! One `path[:pPAGE]:line: severity[RULE]: …` line per finding (the page for a PDF) with
//! both source lines shown;
//! exit 1 when any error-level finding (or unreadable document) exists.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use juesuan::source::{self, Source};
use juesuan::validate::{self, Severity};

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Leave out rounding-only (info) findings.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let files = source::collect_files(&a.paths)?;
    let mut out = std::io::stdout().lock();
    let (mut errors, mut warnings, mut infos, mut failed) = (0, 0, 0, 0);
    for path in &files {
        let src = match Source::read(path) {
            Ok(s) => s,
            Err(e) => {
                writeln!(out, "{}: error: {e}", path.display())?;
                failed += 1;
                continue;
            }
        };
        // A panic on one document (a bug) is that document's error; the others are checked.
        let work = juesuan::parse::isolated(|| {
            let parsed = juesuan::parse::parse(&src);
            let findings = validate::check(parsed.meta.as_ref(), &parsed.facts, &src.lines);
            (parsed, findings)
        });
        let (parsed, findings) = match work {
            Ok(w) => w,
            Err(why) => {
                writeln!(out, "{}: error: {why}", path.display())?;
                failed += 1;
                continue;
            }
        };
        for d in parsed.diagnostics.iter().filter(|d| d.severity != juesuan::diag::Severity::Warning) {
            writeln!(out, "{d}")?;
            // A lost table (a gap) is one of the document's errors; anything else fails it.
            if d.severity == juesuan::diag::Severity::Gap {
                errors += 1;
            } else {
                failed += 1;
            }
        }
        for f in &findings {
            match f.severity {
                Severity::Error | Severity::Gap => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
            if a.quiet && f.severity == Severity::Info {
                continue;
            }
            let page = src.page_of(f.left.line).map(|p| format!(":p{p}")).unwrap_or_default();
            writeln!(out, "{}{page}:{}: {f}", path.display(), f.left.line)?;
            let mut shown = Vec::new();
            for s in [&f.left, &f.right] {
                if s.line > 0 && !shown.contains(&s.line) {
                    shown.push(s.line);
                    let text =
                        src.lines.get(s.line as usize - 1).map(|l| l.text().replace('\t', " | ")).unwrap_or_default();
                    writeln!(out, "{:>6} | {}", s.line, text)?;
                }
            }
        }
    }
    writeln!(
        out,
        "{} documents: {errors} errors, {warnings} warnings, {infos} rounding (info); {failed} unreadable",
        files.len()
    )?;
    Ok(if errors > 0 || failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
