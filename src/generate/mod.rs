//! Documents from figures: a deterministic generator of department final-account
//! documents in the published layout, with every identity holding, and the regional
//! variants (split 类|款|项 columns, no 行次, 单位：元, other table order, page-break
//! repeated headers, wrapped names, GB18030, CRLF). Used for the demo corpus in
//! `datasets/` and by tests; the sentences are the project's own.

mod figures;
mod render;

pub use figures::{Item, Source as FundSource, UnitFigures, generate};
pub use render::{Layout, render};

use std::path::{Path, PathBuf};

/// Options of `juesuan gen`.
#[derive(Debug, Clone)]
pub struct GenOptions {
    pub counties: usize,
    pub units: usize,
    pub years: usize,
    pub first_year: i32,
    pub seed: u64,
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
    for (ci, county) in counties(opts.counties).into_iter().enumerate() {
        let layout_base = ci;
        for y in 0..opts.years {
            let year = opts.first_year + y as i32;
            for u in 0..opts.units {
                let fig = generate(county, ci, u, year, opts.seed);
                let layout = Layout::variant(layout_base + u + y, opts.seed);
                let text = render(&fig, &layout);
                let dir = out.join(format!("county={}", county.code)).join(year.to_string());
                std::fs::create_dir_all(&dir)?;
                let path = dir.join(format!("{:02}-{}.txt", u + 1, fig.unit_base));
                let bytes = layout.encode(&text);
                std::fs::write(&path, bytes)?;
                written.push(path);
            }
        }
    }
    Ok(written)
}
