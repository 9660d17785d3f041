//! PDF benchmark (issue 19): juesuan's whole ingest of a PDF — read, tables, parse,
//! checks, Parquet store — against Python pdfplumber's extraction alone
//! (`extract_tables` + `extract_text` on every page, benches/pdfplumber_anchor.py), per
//! document and per page, in one run; then a folder of 1,000 PDFs (the two real
//! documents and the template, repeated, each copy's bytes made distinct) ingested by
//! one process with both cores, its wall time and peak RSS.
//! Run: `source .ci/env.sh && cargo bench --profile perf --bench pdf [-- RUNS COPIES]`
//! The anchor's venv (pdfplumber 0.11.10 from PyPI) is made once in the target dir.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const DOCS: [&str; 3] = [
    "datasets/real/上海市普陀区财政局2024年度部门决算.pdf",
    "datasets/real/上海市普陀区规划和自然资源局2024年度部门决算.pdf",
    "datasets/template/部门决算模板.pdf",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The venv with Python pdfplumber, made once beside the build.
fn venv_python() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("pdfbench-venv");
    let venv = std::env::var_os("CARGO_TARGET_DIR").map(|t| PathBuf::from(t).join("pdfbench-venv")).unwrap_or(venv);
    let py = venv.join("bin/python");
    if !py.exists() {
        let ok = Command::new("python3").arg("-m").arg("venv").arg(&venv).status().expect("python3 runs");
        assert!(ok.success(), "python3 -m venv");
        let ok = Command::new(&py)
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check", "pdfplumber==0.11.10"])
            .status()
            .expect("pip runs");
        assert!(ok.success(), "pip install pdfplumber");
    }
    py
}

fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

/// juesuan's ingest of one PDF into a fresh store, in this process (as `juesuan ingest`
/// runs it, without the process start): seconds, median/min/max of `runs`.
fn juesuan_ingest(pdf: &Path, runs: usize) -> (f64, f64, f64) {
    let mut times = Vec::new();
    for k in 0..=runs {
        let dir = tempfile::tempdir().expect("temp dir");
        let opts = juesuan::ingest::Options { county: Some("310107".into()), batch: 256, ..Default::default() };
        let t = Instant::now();
        let out = juesuan::ingest::run(&dir.path().join("store"), &[pdf.to_path_buf()], &opts, &|_, _| {})
            .expect("ingest runs");
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(out.files, 1);
        if k > 0 {
            times.push(secs);
        }
    }
    stats(times)
}

/// `copies` PDFs in a folder, the three documents in turn, each with a distinct comment
/// after its end so that no two files have the same bytes (juesuan skips repeats).
fn folder(copies: usize, dir: &Path) {
    let bytes: Vec<Vec<u8>> = DOCS.iter().map(|d| std::fs::read(root().join(d)).expect("pdf")).collect();
    for i in 0..copies {
        let mut b = bytes[i % 3].clone();
        b.extend_from_slice(format!("\n%copy {i}\n").as_bytes());
        std::fs::write(dir.join(format!("{i:04}.pdf")), b).expect("write copy");
    }
}

/// Wall time and the child's own peak RSS (MiB) of `juesuan ingest` over a folder.
fn ingest_folder(store: &Path, folder: &Path) -> (Duration, f64, String) {
    let t = Instant::now();
    let (store, folder) = (store.display().to_string(), folder.display().to_string());
    let args = ["--store", store.as_str(), "ingest", "--county", "310107", folder.as_str()];
    let (code, out, rss) = common::run_rss(env!("CARGO_BIN_EXE_juesuan"), &args);
    // The template's copies fail (exit 1): that is their point.
    assert!(code <= 1, "ingest failed: {code}");
    (t.elapsed(), rss, out)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let runs: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(7);
    let copies: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let py = venv_python();
    let paths: Vec<PathBuf> = DOCS.iter().map(|d| root().join(d)).collect();
    let anchor = Command::new(&py)
        .arg(root().join("benches/pdfplumber_anchor.py"))
        .arg(runs.to_string())
        .args(&paths)
        .output()
        .expect("anchor runs");
    assert!(anchor.status.success(), "{}", String::from_utf8_lossy(&anchor.stderr));
    let anchor = String::from_utf8_lossy(&anchor.stdout).into_owned();
    println!(
        "per document ({runs} runs each, median [min–max]; juesuan: the whole ingest; pdfplumber: extraction only)"
    );
    println!("| document | pages | juesuan ingest | ms/page | pdfplumber extract | ms/page | pdfplumber / juesuan |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (doc, line) in DOCS.iter().zip(anchor.lines()) {
        let f: Vec<&str> = line.split('\t').collect();
        let pages: f64 = f[1].parse().expect("pages");
        let (pm, pmin, pmax): (f64, f64, f64) =
            (f[2].parse().expect("median"), f[3].parse().expect("min"), f[4].parse().expect("max"));
        let (jm, jmin, jmax) = juesuan_ingest(&root().join(doc), runs);
        let name = Path::new(doc).file_name().and_then(|n| n.to_str()).unwrap_or(doc);
        println!(
            "| {name} | {pages} | {:.1} ms [{:.1}–{:.1}] | {:.2} | {:.0} ms [{:.0}–{:.0}] | {:.1} | **{:.1}×** |",
            jm * 1e3,
            jmin * 1e3,
            jmax * 1e3,
            jm * 1e3 / pages,
            pm * 1e3,
            pmin * 1e3,
            pmax * 1e3,
            pm * 1e3 / pages,
            pm / jm
        );
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("pdfs");
    std::fs::create_dir(&docs).expect("mkdir");
    folder(copies, &docs);
    let (wall, rss, out) = ingest_folder(&dir.path().join("store"), &docs);
    println!(
        "\nfolder of {copies} PDFs (the three in turn), one `juesuan ingest`: {:.1} s, {:.1} PDFs/s, peak RSS {rss:.0} MiB",
        wall.as_secs_f64(),
        copies as f64 / wall.as_secs_f64()
    );
    println!("  {}", out.lines().next().unwrap_or("").trim());
}
