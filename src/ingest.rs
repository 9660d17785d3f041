//! Ingest: files → parsed documents (in parallel) → county → catalog decisions (new,
//! unchanged, replacement) → one store transaction per batch of documents. A bad
//! document costs only itself: it is reported and the others are still ingested.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::columnar::DocRecord;
use crate::diag::{Diagnostic, Severity};
use crate::model::Facts;
use crate::model::county::{self, County};
use crate::parse::{self, PARSER_VERSION};
use crate::source::{self, Source};
use crate::store::{CountyYearChange, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Input { path: PathBuf, source: std::io::Error },
    #[error("--county: {0}")]
    County(county::CountyError),
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Applies to every document; beats the path convention and the unit name.
    pub county: Option<String>,
    /// Wait for another process's lock instead of failing.
    pub wait: bool,
    /// Documents per transaction (memory stays bounded by this).
    pub batch: usize,
    /// Test hook: pause between commit steps.
    pub pause: Option<Duration>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub files: usize,
    pub ingested: usize,
    pub unchanged: usize,
    pub replaced: usize,
    pub failed: usize,
    pub rows: usize,
    /// Errors (of failed documents) and warnings (of ingested ones), in file order.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// A document ready to be stored.
pub struct Ready {
    pub record: DocRecord,
    pub facts: Facts,
    pub warnings: Vec<Diagnostic>,
}

/// Read, parse and place one file. `Err` carries the diagnostics that fail it.
pub fn prepare(path: &Path, county_override: Option<&'static County>) -> Result<Ready, Vec<Diagnostic>> {
    let fail = |line: u32, message: String| {
        vec![Diagnostic { severity: Severity::Error, path: path.to_path_buf(), line, col: 0, message }]
    };
    let src = Source::read(path).map_err(|e| fail(0, e.to_string()))?;
    let parsed = parse::parse(&src);
    if !parsed.is_ok() {
        return Err(parsed.diagnostics.into_iter().filter(|d| d.severity == Severity::Error).collect());
    }
    let meta = parsed.meta.expect("ok implies meta");
    let county = match county_override {
        Some(c) => c,
        None => match county::from_path(path).unwrap_or_else(|| county::infer_from_unit(&meta.unit_base)) {
            Ok(c) => c,
            Err(e) => return Err(fail(meta.unit_line, e.to_string())),
        },
    };
    let rows = parsed.facts.row_count() as i64;
    let record = DocRecord {
        doc_id: src.content_hash[..16].to_string(),
        content_hash: src.content_hash.clone(),
        source_path: path.display().to_string(),
        encoding: src.encoding.label().to_string(),
        unit_name: meta.unit_name.clone(),
        unit_base: meta.unit_base.clone(),
        scope: meta.scope.label().to_string(),
        county_code: county.code.clone(),
        county_name: county.name.clone(),
        city: county.city.clone(),
        province: county.province.clone(),
        year: meta.year,
        parser_version: PARSER_VERSION.to_string(),
        tables: parsed.facts.tables.len() as i32,
        rows,
        warnings: parsed.diagnostics.len() as i32,
        bytes: src.byte_len as i64,
        ingested_at: 0,
    };
    Ok(Ready { record, facts: parsed.facts, warnings: parsed.diagnostics })
}

/// Ingest files and directories into the store at `root`.
pub fn run(
    root: &Path,
    inputs: &[PathBuf],
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Outcome, IngestError> {
    let started = Instant::now();
    let county_override = match &opts.county {
        Some(spec) => Some(county::lookup(spec).map_err(IngestError::County)?),
        None => None,
    };
    for p in inputs {
        if !p.exists() {
            return Err(IngestError::Input {
                path: p.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            });
        }
    }
    let files = source::collect_files(inputs).map_err(|e| IngestError::Input { path: inputs[0].clone(), source: e })?;
    let mut store = Store::open_write(root, opts.wait)?;
    store.pause = opts.pause;
    let catalog = store.catalog()?;
    let mut by_hash: HashMap<String, DocRecord> = HashMap::new();
    let mut by_key: HashMap<(String, i32, String), DocRecord> = HashMap::new();
    for d in catalog {
        by_key.insert((d.county_code.clone(), d.year, d.unit_name.clone()), d.clone());
        by_hash.insert(d.content_hash.clone(), d);
    }

    let mut out = Outcome { files: files.len(), ..Outcome::default() };
    let batch = opts.batch.max(1);
    let done = std::sync::atomic::AtomicUsize::new(0);
    for chunk in files.chunks(batch) {
        let prepared = prepare_parallel(chunk, county_override, &|| {
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, files.len());
        });
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_micros() as i64).unwrap_or(0);
        let mut changes: BTreeMap<(String, i32), CountyYearChange> = BTreeMap::new();
        let mut added_keys: HashMap<(String, i32, String), usize> = HashMap::new();
        for result in prepared {
            let mut ready = match result {
                Ok(r) => r,
                Err(diags) => {
                    out.failed += 1;
                    out.diagnostics.extend(diags);
                    continue;
                }
            };
            out.diagnostics.append(&mut ready.warnings);
            let rec = &mut ready.record;
            rec.ingested_at = now;
            if by_hash.contains_key(&rec.content_hash) {
                out.unchanged += 1;
                continue;
            }
            let key = (rec.county_code.clone(), rec.year, rec.unit_name.clone());
            changes.entry((rec.county_code.clone(), rec.year)).or_insert_with(|| CountyYearChange {
                county: rec.county_code.clone(),
                year: rec.year,
                ..CountyYearChange::default()
            });
            if let Some(old) = by_key.get(&key) {
                out.replaced += 1;
                let old_entry = (old.county_code.clone(), old.year);
                let old_id = old.doc_id.clone();
                by_hash.remove(&old.content_hash);
                changes
                    .entry(old_entry.clone())
                    .or_insert_with(|| CountyYearChange {
                        county: old_entry.0,
                        year: old_entry.1,
                        ..Default::default()
                    })
                    .remove
                    .insert(old_id);
            } else if let Some(&i) = added_keys.get(&key) {
                // Two versions of one unit-year in the same run: the later file wins.
                let e = changes.get_mut(&(rec.county_code.clone(), rec.year)).expect("added before");
                let (prev, prev_facts) = e.add.remove(i);
                out.rows -= prev_facts.row_count();
                by_hash.remove(&prev.content_hash);
                out.replaced += 1;
                out.ingested -= 1;
                for v in added_keys.values_mut() {
                    if *v > i {
                        *v -= 1;
                    }
                }
            }
            let e = changes.get_mut(&(rec.county_code.clone(), rec.year)).expect("entry exists");
            out.ingested += 1;
            out.rows += ready.facts.row_count();
            by_hash.insert(rec.content_hash.clone(), rec.clone());
            by_key.insert(key.clone(), rec.clone());
            added_keys.insert(key, e.add.len());
            e.add.push((ready.record, ready.facts));
        }
        let changes: Vec<CountyYearChange> = changes.into_values().collect();
        store.commit(&changes)?;
    }
    out.elapsed = started.elapsed();
    Ok(out)
}

/// Prepare documents on all cores, keeping input order.
fn prepare_parallel(
    files: &[PathBuf],
    county_override: Option<&'static County>,
    tick: &(dyn Fn() + Sync),
) -> Vec<Result<Ready, Vec<Diagnostic>>> {
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(files.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<Result<Ready, Vec<Diagnostic>>>> = (0..files.len()).map(|_| None).collect();
    let results = std::sync::Mutex::new(Vec::with_capacity(files.len()));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let mut local = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= files.len() {
                        break;
                    }
                    local.push((i, prepare(&files[i], county_override)));
                    tick();
                }
                results.lock().expect("no worker panics").extend(local);
            });
        }
    });
    for (i, r) in results.into_inner().expect("no worker panics") {
        slots[i] = Some(r);
    }
    slots.into_iter().map(|s| s.expect("every file prepared")).collect()
}
