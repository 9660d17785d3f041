//! The long run of the mutation fuzzer (issue 20; `juesuan::fuzz`): the real seed, the
//! demo's generated documents and the two real PDFs, mutated, each input run in process
//! through read, parse, checks and the conversion to rows, on every core. Prints the
//! counts (accepted, refused, panics, wrong amounts kept), the rate, and every failing
//! case's kind and seed, which reproduces it (`Rng::new(seed)`).
//! Run: `source .ci/env.sh && cargo bench --profile perf --bench fuzz [-- TEXT_INPUTS PDF_INPUTS]`

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use juesuan::fuzz::{Rng, Verdict, mutate_pdf, mutate_text, run_one};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let text_inputs: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let pdf_inputs: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<(String, String)> = vec![(
        "seed".into(),
        std::fs::read_to_string(root.join("datasets/real/yanggu-gongxinju-2024-juesuan.txt")).expect("seed"),
    )];
    let mut demo: Vec<PathBuf> = Vec::new();
    for county in std::fs::read_dir(root.join("datasets/demo")).expect("demo").flatten() {
        for year in std::fs::read_dir(county.path()).into_iter().flatten().flatten() {
            demo.extend(std::fs::read_dir(year.path()).into_iter().flatten().flatten().map(|e| e.path()));
        }
    }
    demo.sort();
    for p in demo.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")).take(6) {
        if let Ok(t) = std::fs::read_to_string(p) {
            texts.push((p.file_name().and_then(|n| n.to_str()).unwrap_or("demo").to_string(), t));
        }
    }
    let pdfs: Vec<(String, Vec<u8>)> = [
        "datasets/real/上海市普陀区财政局2024年度部门决算.pdf",
        "datasets/real/上海市普陀区规划和自然资源局2024年度部门决算.pdf",
    ]
    .iter()
    .map(|p| (p.to_string(), std::fs::read(root.join(p)).expect("pdf")))
    .collect();

    let total = text_inputs + pdf_inputs;
    let next = AtomicU64::new(0);
    let counts = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let started = Instant::now();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Quiet panics: each is counted and listed with its seed.
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let seed = next.fetch_add(1, Ordering::Relaxed);
                    if seed >= total {
                        break;
                    }
                    let mut rng = Rng::new(seed);
                    let (kind, verdict) = if seed < text_inputs {
                        let (name, text) = &texts[(seed % texts.len() as u64) as usize];
                        (name.as_str(), run_one(Path::new("fuzz.txt"), &mutate_text(text, &mut rng)))
                    } else {
                        let (name, bytes) = &pdfs[(seed % pdfs.len() as u64) as usize];
                        (name.as_str(), run_one(Path::new("fuzz.pdf"), &mutate_pdf(bytes, &mut rng)))
                    };
                    let k = match &verdict {
                        Verdict::Accepted => 0,
                        Verdict::Refused => 1,
                        Verdict::Panic(_) => 2,
                        Verdict::WrongAmount(_) => 3,
                    };
                    counts[k].fetch_add(1, Ordering::Relaxed);
                    if k >= 2 {
                        failures.lock().expect("lock").push(format!("{kind} seed {seed}: {verdict:?}"));
                    }
                    if seed > 0 && seed.is_multiple_of(100_000) {
                        eprintln!("{seed} inputs, {:.0} s", started.elapsed().as_secs_f64());
                    }
                }
            });
        }
    });
    let secs = started.elapsed().as_secs_f64();
    let c: Vec<usize> = counts.iter().map(|a| a.load(Ordering::Relaxed)).collect();
    println!(
        "{total} inputs ({text_inputs} text from {} documents, {pdf_inputs} PDF) in {secs:.0} s on {workers} threads, {:.0} inputs/s",
        texts.len(),
        total as f64 / secs
    );
    println!("accepted {}, refused {}, panics {}, wrong amounts kept {}", c[0], c[1], c[2], c[3]);
    for f in failures.lock().expect("lock").iter().take(50) {
        println!("  {f}");
    }
}
