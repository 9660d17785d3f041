//! Scale benchmark (issue 7): ingest throughput and memory (also as one county's history
//! grows), store size, partition files before and after compaction, DuckDB's own speed
//! on the same rows, canned views cold and warm, a one-county filter with EXPLAIN
//! ANALYZE (partition pruning), reports and export, and an incremental county-year.
//! Run: `source .ci/env.sh && cargo bench --profile perf --bench scale -- [COUNTIES] [UNITS] [YEARS] [RUNS]`
//! (defaults 20 × 60 × 10 = 12,000 documents, ingest repeated 3 times into fresh stores,
//! each followed by DuckDB's COPY of the same rows: the ratio is the median of the pairs').
//! Figures go to benches/RESULTS.md by hand.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_juesuan")
}

fn run(args: &[&str]) -> (Duration, String) {
    let t = Instant::now();
    let o = Command::new(bin()).args(args).output().expect("juesuan runs");
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    (t.elapsed(), String::from_utf8_lossy(&o.stdout).into_owned())
}

/// Before a timed run: write out every dirty page (an ingest's `syncfs` otherwise waits
/// for the Parquet DuckDB wrote just before it), then read every file under `p` (into
/// nothing) so that the run's inputs are in the page cache. This machine's kernel
/// reclaims cold page cache on its own (DAMON), and one ingest that read its corpus
/// from disk took 124 s against 66–72.
fn warm(p: &Path) {
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
    read_all(p);
}

/// Every file under `p`, recursively.
fn each_file(p: &Path, f: &mut impl FnMut(&Path)) {
    for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
        let path = e.path();
        if path.is_dir() {
            each_file(&path, f);
        } else {
            f(&path);
        }
    }
}

fn read_all(p: &Path) {
    each_file(p, &mut |path| {
        if let Ok(mut f) = std::fs::File::open(path) {
            let _ = std::io::copy(&mut f, &mut std::io::sink());
        }
    });
}

fn du(p: &Path) -> u64 {
    let mut n = 0;
    each_file(p, &mut |path| n += std::fs::metadata(path).expect("metadata").len());
    n
}

/// Peak RSS of finished children, in MiB. Linux records a child's peak from the memory
/// it shared with this process until `exec`, so a child started once this process holds
/// DuckDB's buffers counts them as its own: read it before this process uses DuckDB.
fn children_max_rss_mib() -> f64 {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    u.ru_maxrss as f64 / 1024.0
}

/// Run juesuan; its stdout and its own peak RSS in MiB ([`common::run_rss`], where
/// [`children_max_rss_mib`] gives the largest of all children so far).
fn run_rss(args: &[&str]) -> (String, f64) {
    let (code, out, rss) = common::run_rss(bin(), args);
    assert_eq!(code, 0, "{args:?} failed");
    (out, rss)
}

/// Memory as one county's history grows: its years ingested one at a time into a fresh
/// store, each in its own process. Every fifth commit to a partition merges its files
/// (`store::MAX_FILES`), the whole history so far; the peaks of those commits tell
/// whether merging holds the history in memory.
fn history_rss(corpus: &Path, tmp: &Path) -> String {
    let mut counties: Vec<_> = std::fs::read_dir(corpus).expect("corpus").flatten().map(|e| e.path()).collect();
    counties.sort();
    let county = &counties[0];
    let mut years: Vec<_> = std::fs::read_dir(county).expect("county").flatten().map(|e| e.path()).collect();
    years.sort();
    let store = tmp.join("history");
    let peaks: Vec<f64> = years
        .iter()
        .map(|y| run_rss(&["--store", &store.display().to_string(), "ingest", &y.display().to_string()]).1)
        .collect();
    let _ = std::fs::remove_dir_all(&store);
    let list = peaks.iter().map(|p| format!("{p:.0}")).collect::<Vec<_>>().join(", ");
    format!(
        "| peak RSS per ingest while one county's history grows ({} ingests of one year each; merges at the 5th, 9th, …) | {list} MiB | flat |",
        peaks.len()
    )
}

fn median(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

/// A count query run `n` times on an open connection: median, min and max in ms.
fn warm_ms(conn: &duckdb::Connection, sql: &str, n: usize) -> (f64, f64, f64) {
    let times = (0..n)
        .map(|_| {
            let t = Instant::now();
            let _: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median(times)
}

/// Every dataset of the store as CSV (through the catalog's views, as users see them):
/// the rows DuckDB is timed on. Returns how many rows. In a child process, as is the
/// COPY: DuckDB keeps gigabytes of buffers, which here would have crowded the page cache
/// that the next ingest reads its corpus from.
fn dump_csv(store: &Path, csv: &Path) -> i64 {
    let out = duck_child(&["dump", &store.display().to_string(), &csv.display().to_string()]);
    out.trim().parse().expect("rows")
}

/// DuckDB's own CSV → partitioned Parquet on those rows, into a fresh directory, timed
/// from the child's start to its end (as an ingest is).
fn duckdb_copy(csv: &Path, out: &Path) -> Duration {
    let _ = std::fs::remove_dir_all(out);
    warm(csv);
    let t = Instant::now();
    duck_child(&["copy", &csv.display().to_string(), &out.display().to_string()]);
    t.elapsed()
}

fn duck_child(args: &[&str]) -> String {
    let exe = std::env::current_exe().expect("this benchmark's path");
    let o = Command::new(exe).arg("__duckdb").args(args).output().expect("child runs");
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The child's side of [`dump_csv`] and [`duckdb_copy`].
fn duck_main(args: &[String]) {
    match args {
        [what, store, csv] if what == "dump" => {
            let conn = juesuan::catalog::open(Path::new(store)).expect("catalog");
            std::fs::create_dir_all(csv).expect("mkdir");
            let mut rows = 0;
            for ds in juesuan::model::ALL {
                let to = Path::new(csv).join(format!("{}.csv", ds.name));
                conn.execute_batch(&format!("COPY (SELECT * FROM {}) TO '{}' (HEADER)", ds.name, to.display()))
                    .expect("csv");
                rows += conn
                    .query_row(&format!("SELECT count(*) FROM {}", ds.name), [], |r| r.get::<_, i64>(0))
                    .expect("count");
            }
            println!("{rows}");
        }
        [what, csv, out] if what == "copy" => {
            std::fs::create_dir_all(out).expect("mkdir");
            let duck = duckdb::Connection::open_in_memory().expect("duckdb");
            for ds in juesuan::model::ALL {
                duck.execute_batch(&format!(
                    "COPY (SELECT * FROM read_csv('{}', header = true)) TO '{}' (FORMAT parquet, PARTITION_BY (county), OVERWRITE_OR_IGNORE)",
                    Path::new(csv).join(format!("{}.csv", ds.name)).display(),
                    Path::new(out).join(ds.name).display()
                ))
                .expect("duckdb copy");
            }
        }
        _ => panic!("__duckdb dump STORE CSV | copy CSV OUT: {args:?}"),
    }
}

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().is_some_and(|a| a == "__duckdb") {
        return duck_main(&raw[1..]);
    }
    let args: Vec<String> = raw.into_iter().filter(|a| !a.starts_with('-')).collect();
    let n = |i: usize, d: &str| args.get(i).cloned().unwrap_or_else(|| d.to_string());
    let (counties, units, years) = (n(0, "20"), n(1, "60"), n(2, "10"));
    let runs: usize = n(3, "3").parse().expect("RUNS is a number");
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = tmp.path().join("corpus");
    let store = tmp.path().join("store");
    let s = |p: &Path| p.to_str().expect("utf-8 path").to_string();
    let (gen_t, _) = run(&[
        "gen",
        "--counties",
        &counties,
        "--units",
        &units,
        "--years",
        &years,
        "--first-year",
        "2010",
        "--out",
        &s(&corpus),
    ]);
    let text_bytes = du(&corpus);
    let docs: usize =
        counties.parse::<usize>().unwrap() * units.parse::<usize>().unwrap() * years.parse::<usize>().unwrap();
    println!(
        "corpus: {docs} documents, {:.1} MiB of text, generated in {:.1}s\n",
        text_bytes as f64 / 1048576.0,
        gen_t.as_secs_f64()
    );

    let history = history_rss(&corpus, tmp.path());

    // Ingest into fresh stores, the last one kept for the rest. DuckDB's COPY of the same
    // rows runs right after each ingest, so that each ratio compares two runs minutes
    // apart (the machine's speed drifts by a quarter within the hour); the rows are the
    // first store's, dumped once as CSV.
    let csv = tmp.path().join("csv");
    let duck_out = tmp.path().join("duck");
    let mut times = Vec::new();
    let mut duck_times = Vec::new();
    let mut ratios = Vec::new();
    let mut rows = 0i64;
    let mut out = String::new();
    let mut rss = 0.0;
    for k in 0..runs.max(1) {
        let _ = std::fs::remove_dir_all(&store);
        warm(&corpus);
        let (t, o) = run(&["--store", &s(&store), "ingest", &s(&corpus)]);
        out = o;
        if k == 0 {
            rss = children_max_rss_mib();
            rows = dump_csv(&store, &csv);
        }
        let d = duckdb_copy(&csv, &duck_out);
        eprintln!("run {}: ingest {:.1} s, DuckDB {:.1} s", k + 1, t.as_secs_f64(), d.as_secs_f64());
        times.push(t.as_secs_f64());
        duck_times.push(d.as_secs_f64());
        ratios.push(t.as_secs_f64() / d.as_secs_f64());
    }
    let ingested: usize =
        out.split(" ingested").next().and_then(|p| p.rsplit(' ').next()).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert_eq!(ingested, docs, "every generated document is ingested: {out}");
    let store_bytes = du(&store);
    let (ingest_med, ingest_lo, ingest_hi) = median(times);
    println!("| measure | value | target |\n|---|---:|---|");
    println!(
        "| ingest ({}) | {ingest_med:.1} s ({ingest_lo:.1}–{ingest_hi:.1}, {runs} runs), {:.0} docs/s, {:.1} MB/s of text | ≥ 2,000 seed-size docs/s |",
        out.lines().next().unwrap_or("").trim(),
        docs as f64 / ingest_med,
        text_bytes as f64 / 1048576.0 / ingest_med
    );
    let seed_bytes =
        std::fs::metadata(concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/real/yanggu-gongxinju-2024-juesuan.txt"))
            .map(|m| m.len() as f64)
            .unwrap_or(59_374.0);
    println!(
        "| … in seed-size documents ({:.0} KB of text each) | {:.0} docs/s | ≥ 2,000 docs/s |",
        seed_bytes / 1024.0,
        text_bytes as f64 / seed_bytes / ingest_med
    );
    println!("| peak RSS of any child (gen, the first ingest) | {rss:.0} MiB | < 1 GiB |");
    println!("{history}");
    println!(
        "| store / text size | {:.1} / {:.1} MiB = {:.3} | ≤ 0.1 |",
        store_bytes as f64 / 1048576.0,
        text_bytes as f64 / 1048576.0,
        store_bytes as f64 / text_bytes as f64
    );

    // Files per partition, after the ingest and after compaction.
    let files = juesuan::store::files_per_partition(&store).expect("store lists");
    let total: usize = files.values().sum();
    println!(
        "| partitions / files / max files per partition, after ingest | {} / {total} / {} | — |",
        files.len(),
        files.values().max().copied().unwrap_or(0)
    );
    let (compact_t, _) = run(&["--store", &s(&store), "compact"]);
    let files = juesuan::store::files_per_partition(&store).expect("store lists");
    println!(
        "| … after `juesuan compact` ({:.1} s) | {} / {} / {} | ≤ 2 per partition |",
        compact_t.as_secs_f64(),
        files.len(),
        files.values().sum::<usize>(),
        files.values().max().copied().unwrap_or(0)
    );

    let (duck_med, duck_lo, duck_hi) = median(duck_times);
    let (ratio_med, ratio_lo, ratio_hi) = median(ratios);
    println!(
        "| DuckDB read_csv → COPY PARTITION_BY (county), the same {rows} rows, after each ingest | {duck_med:.1} s ({duck_lo:.1}–{duck_hi:.1}) | juesuan/DuckDB time ratio, median of the runs' ratios {ratio_med:.2} ({ratio_lo:.2}–{ratio_hi:.2}) (≤ 1 wanted) |",
    );

    let conn = juesuan::catalog::open(&store).expect("catalog");
    // Canned views: cold (new process) and warm (same connection, repeated).
    for v in juesuan::catalog::canned_views() {
        let sql = format!("SELECT count(*) FROM {}", v.name);
        let (cold, _) = run(&["--store", &s(&store), "query", &sql]);
        let (m, lo, hi) = warm_ms(&conn, &sql, 3);
        println!(
            "| view `{}`: cold / warm median (min–max) | {:.0} ms / {m:.0} ms ({lo:.0}–{hi:.0}) | < 3 s / < 1 s |",
            v.name,
            cold.as_secs_f64() * 1000.0
        );
    }

    // One county: pruning shown by EXPLAIN ANALYZE.
    let one = "SELECT count(*), sum(amount) FROM subject_facts WHERE county = '371521'";
    let (m, lo, hi) = warm_ms(&conn, one, 5);
    println!("| one-county filter on subject_facts, warm | {m:.0} ms ({lo:.0}–{hi:.0}) | < 100 ms |");
    let (cold, _) = run(&["--store", &s(&store), "query", one]);
    println!("| … cold (a new `juesuan query` process) | {:.0} ms | < 100 ms |", cold.as_secs_f64() * 1000.0);
    let one_year = "SELECT count(*), sum(amount) FROM subject_facts WHERE county = '371521' AND year = 2015";
    let (m, lo, hi) = warm_ms(&conn, one_year, 5);
    println!("| one county-year (row groups skipped by year statistics), warm | {m:.0} ms ({lo:.0}–{hi:.0}) | — |");
    let plan: String =
        conn.query_row(&format!("EXPLAIN ANALYZE {one}"), [], |r| r.get::<_, String>(1)).expect("explain");
    let scanned: Vec<&str> =
        plan.lines().filter(|l| l.contains("File") || l.contains("Scanning") || l.contains("Filters")).collect();
    println!("\nEXPLAIN ANALYZE (one county), file lines: {scanned:?}");

    // Reports and export (issue 6): a county with all its units; export rows per second.
    let report_out = tmp.path().join("reports");
    let render = |format: &str| {
        let args = ["--store", &s(&store), "report", "render", "county_comparison", "--param", "county=371521"];
        run(&[&args[..], &["--format", format, "--out", &s(&report_out)]].concat()).0
    };
    let (rep_t, xlsx_t) = (render("html"), render("xlsx"));
    println!(
        "\n| report county_comparison, one county ({units} units): html / xlsx | {:.2} s / {:.2} s |",
        rep_t.as_secs_f64(),
        xlsx_t.as_secs_f64()
    );
    let (exp_t, _) = run(&["--store", &s(&store), "export", "--out", &s(&tmp.path().join("bi"))]);
    println!("| export, {rows} rows | {:.1} s, {:.0} rows/s |", exp_t.as_secs_f64(), rows as f64 / exp_t.as_secs_f64());

    // Incremental: one more county-year.
    let extra = tmp.path().join("extra");
    run(&[
        "gen",
        "--counties",
        "1",
        "--units",
        &units,
        "--years",
        "1",
        "--first-year",
        "2030",
        "--seed",
        "9",
        "--out",
        &s(&extra),
    ]);
    let (inc_t, out) = run(&["--store", &s(&store), "ingest", &s(&extra)]);
    println!("\n| incremental county-year ({}) | {:.2} s |", out.trim(), inc_t.as_secs_f64());
}
