//! Documents from figures: a deterministic generator of department final-account
//! documents in the published layout, with every identity holding, and the regional
//! variants (split 类|款|项 columns, no 行次, 单位：元, other table order, page-break
//! repeated headers, wrapped names, GB18030, CRLF). Used for the demo corpus in
//! `datasets/` and by tests; the sentences are the project's own.

mod appendix;
mod doc;
mod figures;
mod render;
mod text;

pub use doc::{Layout, fmt_num};
pub use figures::{Item, Source as FundSource, UnitFigures, corpus_figures, generate};
pub use render::render;

use std::path::{Path, PathBuf};

/// Options of `juesuan gen`.
#[derive(Debug, Clone)]
pub struct GenOptions {
    pub counties: usize,
    pub units: usize,
    pub years: usize,
    pub first_year: i32,
    pub seed: u64,
    /// Share of documents (0–1) given one known error; listed in `answers.csv`.
    pub inject_rate: f64,
}

/// Counties used by the generator, in order: real county-level divisions.
pub const COUNTIES: &[&str] =
    &["371521", "371522", "310107", "371524", "330903", "371525", "371526", "370102", "370103", "371581"];

/// The first `n` counties: the curated ones, then the reference list in code order
/// (county-level divisions under a prefecture), so every county is distinct.
pub fn counties(n: usize) -> Vec<&'static crate::model::county::County> {
    let all = crate::model::county::all();
    let curated = COUNTIES.iter().filter_map(|c| crate::model::county::by_code(c));
    let rest = all.iter().filter(|c| !c.city.is_empty() && !COUNTIES.contains(&c.code.as_str()));
    curated.chain(rest).take(n).collect()
}

/// Write a corpus under `out/county=<code>/<year>/<unit>.txt`; returns the files written.
pub fn write_corpus(opts: &GenOptions, out: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let mut answers = vec!["path,rule,line".to_string()];
    for (ci, county) in counties(opts.counties).into_iter().enumerate() {
        let layout_base = ci;
        for y in 0..opts.years {
            let year = opts.first_year + y as i32;
            for u in 0..opts.units {
                let fig = corpus_figures(county, ci, u, opts.units, year, opts.seed);
                let layout = Layout::variant(layout_base + u + y, opts.seed);
                let text = render(&fig, &layout);
                let dir = out.join(format!("county={}", county.code)).join(year.to_string());
                std::fs::create_dir_all(&dir)?;
                let path = dir.join(format!("{:02}-{}.txt", u + 1, fig.unit_base));
                let mut pick = figures::Rng::new(opts.seed ^ 0xE77 ^ ((ci * 1_000_003 + u * 101 + y) as u64));
                let inject =
                    opts.inject_rate > 0.0 && (pick.next_u64() % 1_000_000) as f64 / 1_000_000.0 < opts.inject_rate;
                let text = if inject {
                    let (rule, line, mutated) = inject_error(&text, pick.next_u64() as usize);
                    answers.push(format!("{},{rule},{line}", path.display()));
                    mutated
                } else {
                    text
                };
                let bytes = layout.encode(&text);
                std::fs::write(&path, bytes)?;
                written.push(path);
            }
        }
    }
    if opts.inject_rate > 0.0 {
        std::fs::write(out.join("answers.csv"), answers.join("\n") + "\n")?;
    }
    Ok(written)
}

/// Errors the generator can inject: the rule that must report each, and how to find the
/// line to change (its amount is increased by 1 in the printed unit).
const INJECTIONS: &[(&str, &str)] = &[
    ("S-JIGUAN", "年度机关运行经费支出"),
    ("T06-BLOCK", "人员经费合计\t"),
    ("T01-BALANCE", "总计\t"),
    ("S-PROC-SUM", "年度政府采购支出总额"),
];

/// Apply injection `k` (mod the list): returns (rule, 1-based line, new text).
fn inject_error(text: &str, k: usize) -> (&'static str, usize, String) {
    let (rule, marker) = INJECTIONS[k % INJECTIONS.len()];
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let i = lines.iter().position(|l| l.contains(marker)).expect("every generated document has the injected line");
    // The last number of the line (the right side for 总计), plus one in its unit.
    let line = &lines[i];
    let re = regex::Regex::new(r"(\d{1,3}(?:,\d{3})*\.\d{2}|\d+(?:\.\d+)?)").expect("static regex");
    let m = if marker.ends_with('\t') {
        re.find_iter(line).last()
    } else {
        re.find_iter(line).find(|m| line[m.end()..].trim_start().starts_with("万元"))
    }
    .expect("the injected line has an amount");
    let v: rust_decimal::Decimal = m.as_str().replace(',', "").parse().expect("amount");
    let scale = m.as_str().split('.').nth(1).map(|f| f.len()).unwrap_or(0) as u32;
    let mut nv = v + rust_decimal::Decimal::ONE;
    nv.rescale(scale);
    let shown =
        if m.as_str().contains(',') || scale == 2 { doc::fmt_num(nv.mantissa() as i64, scale) } else { nv.to_string() };
    lines[i] = format!("{}{shown}{}", &line[..m.start()], &line[m.end()..]);
    (rule, i + 1, lines.join("\n"))
}
