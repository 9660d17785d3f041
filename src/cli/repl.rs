//! `juesuan repl`: line editing (rustyline) with history, Ctrl-R, Tab completion and
//! multi-line statements on a terminal; plain line reading when stdin is piped. Ctrl-C
//! interrupts the running statement through DuckDB and returns to the prompt.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use juesuan::catalog;
use juesuan::repl::{Flow, ReplHelper, Session, Words, is_complete};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Config, Editor};

#[derive(clap::Args)]
pub struct Args {
    /// History file (default: ~/.juesuan_history).
    #[arg(long)]
    history: Option<PathBuf>,
}

pub fn run(store: &Path, a: Args, home: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let conn = catalog::open_bound(store)?;
    let interrupt = conn.interrupt_handle();
    // A second Ctrl-C handler cannot be installed; ignore the error in that case.
    let _ = ctrlc::set_handler(move || interrupt.interrupt());
    let mut session = Session::new(conn).holding(store);
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    if !std::io::stdin().is_terminal() {
        return piped(&mut session, &mut out, &mut err);
    }
    let words = Words::load(&session.conn);
    let config = Config::builder().auto_add_history(false).history_ignore_dups(true)?.build();
    let mut rl: Editor<ReplHelper, FileHistory> = Editor::with_config(config)?;
    rl.set_helper(Some(ReplHelper { words }));
    let history = a.history.or_else(|| home.map(|h| h.join(".juesuan_history")));
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    writeln!(out, "juesuan {} — {} (.help for help)", env!("CARGO_PKG_VERSION"), store.display())?;
    loop {
        match rl.readline("juesuan> ") {
            Ok(input) => {
                if input.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(input.as_str());
                if session.handle(&input, &mut out, &mut err)? == Flow::Quit {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(h) = &history {
        let _ = rl.save_history(h);
    }
    Ok(ExitCode::SUCCESS)
}

/// Statements from a pipe: same grammar, no prompt; exit 1 if any statement failed.
fn piped(session: &mut Session, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut buf = String::new();
    let mut failed = false;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        buf.push_str(&line);
        buf.push('\n');
        if !is_complete(&buf) {
            continue;
        }
        let input = std::mem::take(&mut buf);
        match session.handle(&input, out, err)? {
            Flow::Quit => return Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }),
            Flow::Failed => failed = true,
            Flow::Continue => {}
        }
        out.flush()?;
    }
    if !buf.trim().is_empty() && session.handle(&buf, out, err)? == Flow::Failed {
        failed = true;
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
