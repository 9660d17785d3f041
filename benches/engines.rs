//! Engines benchmark (issue 23): `juesuan export` of a store (time, size), then the
//! canned views over that export on Spark local (session start, `spark/init.sql`, each
//! view counted: first run and median of the next RUNS) and, as the anchor in the same
//! run, on DuckDB over the same export folders (the same views, in-process).
//! Run: `source .ci/env.sh && cargo bench --profile perf --bench engines -- STORE [RUNS]`
//! (STORE: an ingested store, e.g. of the 102,000-document corpus of the scale bench;
//! Spark from the tests' venv, `JUESUAN_TEST_PYTHON`, which `.ci/run` makes.)
//! Figures go to benches/RESULTS.md by hand.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use juesuan::catalog::canned_views;
use juesuan::export::duckdb_over;

fn du(p: &Path) -> u64 {
    let mut total = 0;
    for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
        let m = e.metadata().expect("metadata");
        total += if m.is_dir() { du(&e.path()) } else { m.len() };
    }
    total
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let store = Path::new(args.first().expect("usage: engines STORE [RUNS]"));
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let work = tempfile::tempdir().expect("temp dir");
    let export = work.path().join("export");

    let t = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(["--store", &store.to_string_lossy(), "export", "--out", &export.to_string_lossy()])
        .output()
        .expect("juesuan export");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let export_secs = t.elapsed().as_secs_f64();
    println!("| export | {export_secs:.1} s, {:.1} MiB |", du(&export) as f64 / 1048576.0);

    let names: Vec<String> = canned_views().iter().map(|v| v.name.clone()).collect();
    let conn = duckdb_over(&export).expect("DuckDB over the export");
    let mut duck = Vec::new();
    for v in &names {
        let mut times = Vec::new();
        let mut rows = 0i64;
        for _ in 0..=runs {
            let t = Instant::now();
            rows = conn.query_row(&format!("SELECT count(*) FROM {v}"), [], |r| r.get(0)).expect("view");
            times.push(t.elapsed().as_secs_f64());
        }
        duck.push((times[0], median(times[1..].to_vec()), rows));
        // Printed as they come: Spark's part can take long.
        eprintln!("duckdb {v}: {rows} rows, first {:.2} s, median {:.2} s", times[0], median(times[1..].to_vec()));
    }

    let python = std::env::var("JUESUAN_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/spark_views_bench.py");
    let o =
        Command::new(python).arg(script).arg(&export).arg(runs.to_string()).args(&names).output().expect("python runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&o.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let get = |what: &str| lines.iter().find(|l| l["what"] == what).cloned().unwrap_or_default();
    println!(
        "| Spark {} session start / init.sql | {:.1} s / {:.1} s |",
        get("session")["version"].as_str().unwrap_or("?"),
        get("session")["seconds"].as_f64().unwrap_or(f64::NAN),
        get("init")["seconds"].as_f64().unwrap_or(f64::NAN)
    );
    println!(
        "\n| view | rows | Spark first / median | DuckDB over the export first / median | Spark / DuckDB (median) |"
    );
    println!("|---|---:|---:|---:|---:|");
    for (v, (dfirst, dmed, drows)) in names.iter().zip(duck) {
        let s = get(v);
        let (sfirst, smed) = (s["first"].as_f64().unwrap_or(f64::NAN), s["median"].as_f64().unwrap_or(f64::NAN));
        assert_eq!(s["rows"].as_i64(), Some(drows), "{v}: Spark and DuckDB count differently");
        println!("| `{v}` | {drows} | {sfirst:.2} / {smed:.2} s | {dfirst:.2} / {dmed:.2} s | {:.1} |", smed / dmed);
    }
}
