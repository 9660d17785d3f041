//! Per-document CPU cost of ingest without the store (issue 7): read, decode, parse the
//! nine tables and the 情况说明, run the 勾稽 checks — on the 阳谷 seed and on generated
//! documents, on one core and on all cores. Tells how far parsing alone is from the
//! 2,000 seed-size documents per second target, apart from the Parquet commit.
//! Run: `source .ci/env.sh && cargo bench --profile perf --bench parse`

use std::path::{Path, PathBuf};
use std::time::Instant;

// As in the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/real/yanggu-gongxinju-2024-juesuan.txt");

fn per_second(files: &[PathBuf], rounds: usize, threads: usize) -> f64 {
    let county = juesuan::model::county::lookup("371521").ok();
    let t = Instant::now();
    std::thread::scope(|s| {
        for w in 0..threads {
            s.spawn(move || {
                for _ in 0..rounds {
                    for f in files.iter().skip(w).step_by(threads) {
                        let ready = juesuan::ingest::prepare(f, county).expect("document parses");
                        std::hint::black_box(ready);
                    }
                }
            });
        }
    });
    (files.len() * rounds) as f64 / t.elapsed().as_secs_f64()
}

fn report(name: &str, files: &[PathBuf], rounds: usize) {
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).expect("file").len()).sum();
    let avg_kb = bytes as f64 / files.len() as f64 / 1024.0;
    per_second(files, 1, 1); // warm the page cache and the regex caches
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let one = per_second(files, rounds, 1);
    let all = per_second(files, rounds, cores);
    println!(
        "| {name} ({} files, {avg_kb:.1} KB each) | {one:.0} docs/s, {:.1} MB/s | {all:.0} docs/s on {cores} cores, {:.1} MB/s |",
        files.len(),
        one * avg_kb / 1024.0,
        all * avg_kb / 1024.0
    );
}

fn main() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let opts =
        juesuan::generate::GenOptions { counties: 2, units: 60, years: 2, first_year: 2023, seed: 1, inject_rate: 0.0 };
    let generated = juesuan::generate::write_corpus(&opts, tmp.path()).expect("corpus");
    println!("| documents | one core | all cores |\n|---|---:|---:|");
    report("阳谷 seed", &vec![Path::new(SEED).to_path_buf(); 8], 50);
    report("generated", &generated, 2);
}
