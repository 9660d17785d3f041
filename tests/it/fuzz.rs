//! The short run of the mutation fuzzer (`juesuan::fuzz`; the long run is
//! `benches/fuzz.rs`): the real seed, a generated document and the real PDFs, mutated,
//! through read, parse, checks and rows — no panic, no wrong amount kept.

use juesuan::fuzz::{Rng, Verdict, mutate_pdf, mutate_text, run_one};

use super::*;

fn assert_sound(name: &str, cases: u64, mut make: impl FnMut(&mut Rng) -> Vec<u8>, path: &str) -> [usize; 2] {
    let mut counts = [0usize; 2];
    let mut bad = Vec::new();
    for seed in 0..cases {
        let mut rng = Rng::new(seed);
        let input = make(&mut rng);
        match run_one(Path::new(path), &input) {
            Verdict::Accepted => counts[0] += 1,
            Verdict::Refused => counts[1] += 1,
            v => bad.push(format!("{name} seed {seed}: {v:?}")),
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    counts
}

#[test]
fn mutated_seed_documents_never_panic_nor_keep_a_wrong_amount() {
    let seed = seed_text();
    let [accepted, refused] = assert_sound("seed", 600, |r| mutate_text(&seed, r), "seed.txt");
    // Both outcomes occur: the mutations reach past the first error, and many are refused.
    assert!(accepted > 50 && refused > 50, "accepted {accepted}, refused {refused}");
}

#[test]
fn mutated_generated_documents_never_panic_nor_keep_a_wrong_amount() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo/county=371522/2024/01-莘县财政局.txt");
    let text = std::fs::read_to_string(path).unwrap();
    assert_sound("generated", 300, |r| mutate_text(&text, r), "generated.txt");
}

#[test]
fn damaged_real_pdfs_never_panic() {
    for name in [real::CZJ, real::GHJ] {
        let bytes = std::fs::read(real::real(name)).unwrap();
        assert_sound(name, 12, |r| mutate_pdf(&bytes, r), "doc.pdf");
    }
}
