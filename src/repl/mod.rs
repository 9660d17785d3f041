//! The interactive session behind `juesuan repl`: statements and meta commands in,
//! results out. Line editing lives in the binary; everything here works on strings so
//! that a piped script and a terminal behave the same.

mod complete;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use duckdb::Connection;

pub use complete::{ReplHelper, Words, is_complete};

use crate::catalog::canned_views;
use crate::output::{self, Format};

pub const HELP: &str = "\
Statements end with `;` and may span lines. Meta commands:
  .help                 this text
  .views                canned views with their titles
  .tables               every view (datasets and canned views)
  .describe NAME        columns of a view, with their meaning
  .mode FORMAT          table | csv | tsv | json | ndjson | markdown
  .output FILE          send results to FILE (`.output` alone: back to the screen)
  .once FILE            send the next result to FILE
  .timer on|off         print how long each statement took
  .maxrows N            rows shown in table mode (0: all)
  .read FILE            run the statements in FILE
  .quit                 leave (also Ctrl-D)
Ctrl-C cancels a running statement; Ctrl-R searches the history.";

pub struct Session {
    pub conn: Connection,
    pub mode: Format,
    pub max_rows: usize,
    pub timer: bool,
    output: Option<PathBuf>,
    once: Option<PathBuf>,
    /// The store each statement holds for reading ([`Session::holding`]).
    store: Option<PathBuf>,
}

/// What the caller should do after a command.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// The statement failed; the session goes on.
    Failed,
    Quit,
}

impl Session {
    pub fn new(conn: Connection) -> Session {
        Session { conn, mode: Format::Table, max_rows: 40, timer: false, output: None, once: None, store: None }
    }

    /// Hold the store for reading during each statement (not between them: a session
    /// left open must not stop ingests), so that a statement sees it as before or as
    /// after a commit.
    pub fn holding(mut self, store: &Path) -> Session {
        self.store = Some(store.to_path_buf());
        self
    }

    /// Run one complete input: a meta command or one or more statements.
    pub fn handle(&mut self, input: &str, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<Flow> {
        let t = input.trim();
        if t.is_empty() {
            return Ok(Flow::Continue);
        }
        if t.starts_with('.') {
            return self.meta(t, out, err);
        }
        let mut flow = Flow::Continue;
        for stmt in output::split_statements(t) {
            if self.statement(&stmt, out, err)? == Flow::Failed {
                flow = Flow::Failed;
            }
        }
        Ok(flow)
    }

    fn statement(&mut self, sql: &str, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<Flow> {
        let started = Instant::now();
        let hold = self.store.as_deref().and_then(crate::store::txn::read_guard);
        let result = output::run(&self.conn, sql);
        drop(hold);
        let rs = match result {
            Ok(rs) => rs,
            Err(e) => {
                writeln!(err, "Error: {}", e.to_string().trim_end())?;
                return Ok(Flow::Failed);
            }
        };
        let target = self.once.take().or_else(|| self.output.clone());
        match target {
            Some(path) => {
                let mut f = std::fs::File::options().create(true).append(true).open(&path)?;
                output::render(&rs, self.mode, self.limit(), &mut f)?;
            }
            None => output::render(&rs, self.mode, self.limit(), out)?,
        }
        if self.timer {
            writeln!(out, "Run Time: {:.3}s", started.elapsed().as_secs_f64())?;
        }
        Ok(Flow::Continue)
    }

    fn limit(&self) -> Option<usize> {
        (self.max_rows > 0).then_some(self.max_rows)
    }

    fn meta(&mut self, cmd: &str, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<Flow> {
        let cmd = cmd.trim_end_matches(';');
        let (name, arg) = cmd.split_once(char::is_whitespace).map(|(a, b)| (a, b.trim())).unwrap_or((cmd, ""));
        match name {
            ".help" => writeln!(out, "{HELP}")?,
            ".quit" | ".exit" | ".q" => return Ok(Flow::Quit),
            ".views" => {
                for v in canned_views() {
                    writeln!(out, "{:<20} {}（{}）", v.name, v.title, v.unit)?;
                }
            }
            ".tables" => {
                return self.statement(
                    "SELECT table_name AS name, CASE WHEN table_name IN (SELECT unnest($1)) THEN 'canned' ELSE 'dataset' END AS kind FROM information_schema.tables ORDER BY kind DESC, name"
                        .replace(
                            "$1",
                            &format!(
                                "[{}]",
                                canned_views().iter().map(|v| format!("'{}'", v.name)).collect::<Vec<_>>().join(",")
                            ),
                        )
                        .as_str(),
                    out,
                    err,
                );
            }
            ".describe" => return self.describe(arg, out, err),
            ".mode" => match arg.parse::<Format>() {
                Ok(Format::Parquet) | Err(_) => {
                    writeln!(err, "Error: .mode takes table, csv, tsv, json, ndjson or markdown")?;
                    return Ok(Flow::Failed);
                }
                Ok(f) => self.mode = f,
            },
            ".output" => self.output = (!arg.is_empty()).then(|| PathBuf::from(arg)),
            ".once" if !arg.is_empty() => self.once = Some(PathBuf::from(arg)),
            ".timer" => match arg {
                "on" => self.timer = true,
                "off" => self.timer = false,
                _ => {
                    writeln!(err, "Error: .timer on|off")?;
                    return Ok(Flow::Failed);
                }
            },
            ".maxrows" => match arg.parse::<usize>() {
                Ok(n) => self.max_rows = n,
                Err(_) => {
                    writeln!(err, "Error: .maxrows takes a number")?;
                    return Ok(Flow::Failed);
                }
            },
            ".read" => return self.read(Path::new(arg), out, err),
            _ => {
                writeln!(err, "Error: unknown command `{name}` (try .help)")?;
                return Ok(Flow::Failed);
            }
        }
        Ok(Flow::Continue)
    }

    fn describe(&mut self, name: &str, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<Flow> {
        let name = name.trim();
        let canned = canned_views().iter().find(|v| v.name == name);
        if let Some(v) = canned {
            writeln!(out, "{} — {}（单位：{}）\n{}", v.name, v.title, v.unit, v.description)?;
        }
        let meanings = crate::columnar::column_meanings(name);
        let mut stmt = match self.conn.prepare(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        ) {
            Ok(s) => s,
            Err(e) => {
                writeln!(err, "Error: {e}")?;
                return Ok(Flow::Failed);
            }
        };
        let cols: Vec<(String, String)> =
            stmt.query_map([name], |r| Ok((r.get(0)?, r.get(1)?))).and_then(|m| m.collect()).unwrap_or_default();
        if cols.is_empty() {
            writeln!(err, "Error: no view named `{name}` (see .tables)")?;
            return Ok(Flow::Failed);
        }
        for (c, t) in cols {
            let meaning = canned
                .and_then(|v| v.columns.iter().find(|(n, _)| *n == c).map(|(_, m)| m.clone()))
                .or_else(|| meanings.iter().find(|(n, _)| *n == c).map(|(_, m)| m.clone()))
                .unwrap_or_default();
            writeln!(out, "  {c:<28} {t:<22} {meaning}")?;
        }
        Ok(Flow::Continue)
    }

    fn read(&mut self, path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<Flow> {
        match std::fs::read_to_string(path) {
            Ok(text) => self.handle(&text, out, err),
            Err(e) => {
                writeln!(err, "Error: {}: {e}", path.display())?;
                Ok(Flow::Failed)
            }
        }
    }
}
