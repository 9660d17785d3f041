//! Integration tests: the real seed document, the store's guarantees, the CLI, the
//! generator's layouts, bad input. One binary; helpers here.

mod across;
mod bad_corpus;
mod bad_input;
mod bi;
mod checks;
mod cli;
mod corpus;
mod fuzz;
mod narrative;
mod query;
mod real;
mod seed;
mod snapshots;
mod spark;
mod store;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use duckdb::Connection;
use rust_decimal::Decimal;

/// The 阳谷县工业和信息化局 2024 document.
pub fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/real/yanggu-gongxinju-2024-juesuan.txt")
}

pub fn seed_text() -> String {
    std::fs::read_to_string(seed_path()).expect("seed document present beside the repository")
}

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
}

/// Run the binary with `--store store` and args.
pub fn juesuan(store: &Path, args: &[&str]) -> Output {
    bin().arg("--store").arg(store).args(args).env_remove("JUESUAN_STORE").output().expect("binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// DuckDB views over a store, as the query layer sees it.
pub fn duck(store: &Path) -> Connection {
    juesuan::catalog::open(store).expect("store opens in DuckDB")
}

/// The single amount a query returns (NULL → None); panics if not exactly one row.
pub fn amount(conn: &Connection, sql: &str) -> Option<Decimal> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let rows: Vec<Option<Decimal>> =
        stmt.query_map([], |r| r.get::<_, Option<Decimal>>(0)).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 1, "expected one row from {sql}, got {rows:?}");
    rows[0]
}

/// The single integer a query returns (a line, a row number); panics if not exactly
/// one row or NULL.
pub fn int(conn: &Connection, sql: &str) -> i64 {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let rows: Vec<i64> = stmt.query_map([], |r| r.get::<_, i64>(0)).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 1, "expected one row from {sql}, got {rows:?}");
    rows[0]
}

/// One query's rows over a store as text, `|`-joined: decimals normalised, integers as
/// numbers, NULL as `NULL` — for comparing with what the documents state.
pub fn rows_in(store: &Path, sql: &str) -> Vec<String> {
    use duckdb::types::Value;
    let conn = duck(store);
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let mut rows = stmt.query([]).unwrap();
    let cols = rows.as_ref().expect("executed").column_count();
    let mut out = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        let cells: Vec<String> = (0..cols)
            .map(|i| match r.get::<_, Value>(i).unwrap() {
                Value::Null => "NULL".to_string(),
                Value::Text(t) => t,
                Value::Int(n) => n.to_string(),
                Value::BigInt(n) => n.to_string(),
                Value::Decimal(_) => r.get::<_, Decimal>(i).unwrap().normalize().to_string(),
                v => format!("{v:?}"),
            })
            .collect();
        out.push(cells.join("|"));
    }
    out
}

pub fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Every row of every dataset, sorted, as text (ingest times left out): equal stores
/// give equal fingerprints.
pub fn fingerprint(store: &Path) -> String {
    fingerprint_except(store, |ds| if ds.name == "documents" { vec!["ingested_at", "source_path"] } else { vec![] })
}

/// [`fingerprint`] with the columns `skip` names for each dataset left out.
pub fn fingerprint_except(store: &Path, skip: impl Fn(&juesuan::model::Dataset) -> Vec<&'static str>) -> String {
    let conn = duck(store);
    let mut out = String::new();
    for ds in juesuan::model::ALL {
        let skipped = skip(&ds);
        let sql = if skipped.is_empty() {
            format!("SELECT * FROM {} ORDER BY ALL", ds.name)
        } else {
            format!("SELECT * EXCLUDE ({}) FROM {} ORDER BY ALL", skipped.join(", "), ds.name)
        };
        let mut stmt = conn.prepare(&sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let mut rows = stmt.query([]).unwrap();
        let cols = rows.as_ref().expect("executed").column_count();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..cols {
                let v: duckdb::types::Value = r.get(i).unwrap();
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
    }
    out
}

/// A fresh temporary directory.
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Write `text` as a file named `name` under `dir`.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A temporary directory for a store shared by the tests of this run. A `TempDir` held
/// in a static is never dropped, so it stayed in /tmp after every run; the directories
/// are removed by an `atexit` handler instead, which the test binary's exit runs.
fn shared_dir() -> PathBuf {
    static DIRS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    extern "C" fn remove_shared() {
        if let Ok(dirs) = DIRS.lock() {
            for d in dirs.iter() {
                let _ = std::fs::remove_dir_all(d);
            }
        }
    }
    let mut dirs = DIRS.lock().unwrap();
    if dirs.is_empty() {
        // SAFETY: registers a function without arguments that only removes directories.
        assert_eq!(unsafe { libc::atexit(remove_shared) }, 0, "atexit registers");
    }
    let dir = tmp().keep();
    dirs.push(dir.clone());
    dir
}

/// One store with the seed ingested, shared by the tests that only read it.
pub fn seed_store() -> &'static Path {
    static STORE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    STORE.get_or_init(|| {
        let dir = shared_dir();
        let o = juesuan(&dir, &["ingest", seed_path().to_str().unwrap()]);
        assert!(o.status.success(), "ingest failed: {}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).contains("1 ingested"), "{}", stdout(&o));
        dir
    })
}

/// The seed plus the demo corpus in one store, shared by the tests that only read it.
pub fn demo_store() -> &'static Path {
    static STORE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    STORE.get_or_init(|| {
        let dir = shared_dir();
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
        let o = juesuan(&dir, &["ingest", seed_path().to_str().unwrap(), demo.to_str().unwrap()]);
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).contains("37 ingested"), "{}", stdout(&o));
        dir
    })
}

/// Run a Python check script from tests/python with the tests' Python: the one
/// `JUESUAN_TEST_PYTHON` names (`.ci/run` makes a venv with pyarrow, polars, pandas,
/// openpyxl, pyspark and sqlglot, and Java for Spark), else `python3` with those packages.
pub fn python(script: &str, args: &[&str]) -> Output {
    let interpreter = std::env::var_os("JUESUAN_TEST_PYTHON").unwrap_or_else(|| "python3".into());
    python_with(&interpreter, script, args)
}

/// A Python check script run by the given interpreter.
pub fn python_with(interpreter: &std::ffi::OsStr, script: &str, args: &[&str]) -> Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python").join(script);
    Command::new(interpreter).arg(path).args(args).output().expect("the tests' Python runs")
}
