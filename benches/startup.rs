//! Start-up benchmark: time from launching `juesuan repl` / `juesuan query` on the demo
//! store to the first result (target < 300 ms), median of repeated runs with min–max.
//! Run: `source .ci/env.sh && cargo bench --profile perf --bench startup`
//! (the perf profile: the dev profile without juesuan's debug assertions, reusing the
//! compiler cache instead of a release build of DuckDB; see Cargo.toml).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 15;

fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(v[v.len() / 2]), ms(v[0]), ms(v[v.len() - 1]))
}

fn time(f: impl Fn()) -> (f64, f64, f64) {
    f(); // warm the page cache
    stats(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_juesuan");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let ok = Command::new(bin).arg("--store").arg(&store).arg("ingest").arg(&demo).output().expect("ingest runs");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));

    let repl = || {
        let mut c = Command::new(bin)
            .arg("--store")
            .arg(&store)
            .arg("repl")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("repl starts");
        c.stdin.take().expect("stdin").write_all(b"SELECT 1;\n").expect("write");
        assert!(c.wait().expect("repl exits").success());
    };
    let query = || {
        let o = Command::new(bin).arg("--store").arg(&store).args(["query", "SELECT count(*) FROM sangong"]).output();
        assert!(o.expect("query runs").status.success());
    };
    println!("| measure | median ms | min–max ms |");
    println!("|---|---:|---:|");
    for (name, f) in [
        ("repl start-up + SELECT 1 (demo store)", &repl as &dyn Fn()),
        ("query: count(*) FROM sangong (demo store)", &query as &dyn Fn()),
    ] {
        let (med, min, max) = time(f);
        println!("| {name} | {med:.1} | {min:.1}–{max:.1} |");
    }
}
