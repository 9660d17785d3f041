//! Ingest: files → parsed documents (in parallel) → county → catalog decisions (new,
//! unchanged, replacement) → one store transaction per batch of documents. A bad
//! document costs only itself: it is reported and the others are still ingested.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::columnar;
use crate::diag::{Diagnostic, Severity};
use crate::model::DocRecord;
use crate::model::Facts;
use crate::model::county::{self, County};
use crate::parse::{self, PARSER_VERSION};
use crate::source::{self, Source};
use crate::store::{Builder, CountyChange, Store, StoreError};

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
    /// Ingested without all nine tables: one missing or unreadable (D-TABLE-* findings).
    pub incomplete: usize,
    pub rows: usize,
    /// 勾稽 findings of the ingested documents, by severity: errors, warnings, rounding.
    pub findings: [usize; 3],
    /// Errors (of failed documents) and warnings (of ingested ones), in file order.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// A document ready to be stored.
pub struct Ready {
    pub record: DocRecord,
    /// `record.content_hash` as the hash it is written from.
    pub hash: blake3::Hash,
    pub facts: Facts,
    pub warnings: Vec<Diagnostic>,
}

/// Read, parse and place one file. `Err` carries the diagnostics that fail it. A panic
/// while doing so (a bug) is that file's error, not the run's end.
pub fn prepare(path: &Path, county_override: Option<&'static County>) -> Result<Ready, Vec<Diagnostic>> {
    parse::isolated(|| prepare_unguarded(path, county_override)).unwrap_or_else(|why| {
        Err(vec![Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            page: None,
            line: 0,
            col: 0,
            message: why,
        }])
    })
}

fn prepare_unguarded(path: &Path, county_override: Option<&'static County>) -> Result<Ready, Vec<Diagnostic>> {
    let fail = |line: u32, message: String| {
        vec![Diagnostic { severity: Severity::Error, path: path.to_path_buf(), page: None, line, col: 0, message }]
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
    let mut facts = parsed.facts;
    facts.findings = crate::validate::check(Some(&meta), &facts, &src.lines);
    facts.pages = src.pages;
    let rows = facts.row_count() as i64;
    let record = DocRecord {
        doc_id: doc_id_of(&src.hash),
        content_hash: src.hash.to_hex().to_string(),
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
        tables: facts.tables.len() as i32,
        rows,
        warnings: parsed.diagnostics.len() as i32,
        bytes: src.byte_len as i64,
        ingested_at: 0,
    };
    Ok(Ready { record, hash: src.hash, facts, warnings: parsed.diagnostics })
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
    let mut store = Store::open_write(root, opts.wait, PARSER_VERSION)?;
    store.pause = opts.pause;
    // The catalog as ingest needs it, kept for the whole run: a few hundred bytes per
    // stored document, so hashes as their 32 bytes (a document's id is derived from its
    // hash) and a unit-year's county only in its key (the full catalog rows cost about
    // 650 bytes a document, 0.6 GiB per million).
    let mut by_hash: HashSet<blake3::Hash> = HashSet::new();
    let mut by_key: HashMap<Key, blake3::Hash> = HashMap::new();
    for d in store.keys()? {
        let hash = blake3::Hash::from_hex(&d.content_hash).map_err(|_| StoreError::Read {
            path: root.join("documents"),
            message: format!("content_hash {:?} is not a blake3 hash", d.content_hash),
        })?;
        // A document read by an older parser is read again: the same bytes, the rows
        // today's readers give (it replaces itself, by its unit-year key).
        if d.parser_version == PARSER_VERSION {
            by_hash.insert(hash);
        }
        by_key.insert((d.county, d.year, d.unit_name), hash);
    }

    let mut out = Outcome { files: files.len(), ..Outcome::default() };
    let batch = opts.batch.max(1);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut dropper: Option<std::thread::JoinHandle<()>> = None;
    for chunk in files.chunks(batch) {
        let prepared = prepare_parallel(chunk, county_override, &|| {
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, files.len());
        });
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_micros() as i64).unwrap_or(0);
        // In-run duplicates first: the same bytes twice are one document; two versions
        // of one unit-year keep the later path.
        let mut chosen: Vec<Ready> = Vec::new();
        let mut pos_by_key: HashMap<Key, usize> = HashMap::new();
        let mut seen_hash: HashSet<blake3::Hash> = HashSet::new();
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
            ready.record.ingested_at = now;
            if by_hash.contains(&ready.hash) || !seen_hash.insert(ready.hash) {
                out.unchanged += 1;
                continue;
            }
            match pos_by_key.get(&key_of(&ready.record)) {
                Some(&i) => {
                    out.replaced += 1;
                    chosen[i] = ready;
                }
                None => {
                    pos_by_key.insert(key_of(&ready.record), chosen.len());
                    chosen.push(ready);
                }
            }
        }
        // Then against the store: a stored version of the same unit-year is replaced.
        // A document whose rows cannot be built (a bug: the commit reports a panic) is
        // failed alone, and the batch committed again without it.
        let (changes, added, replaced_old) = loop {
            let mut changes: BTreeMap<String, Change> = BTreeMap::new();
            let mut added: Vec<(Key, blake3::Hash)> = Vec::new();
            let mut replaced_old: Vec<blake3::Hash> = Vec::new();
            for ready in chosen {
                let rec = &ready.record;
                if let Some(old) = by_key.get(&key_of(rec)) {
                    // The same unit-year key: the same county.
                    change_for(&mut changes, &rec.county_code).remove.insert(doc_id_of(old));
                    replaced_old.push(*old);
                }
                added.push((key_of(rec), ready.hash));
                change_for(&mut changes, &rec.county_code).add.push((ready.record, ready.facts));
            }
            let changes: Vec<Change> = changes.into_values().collect();
            match store.commit(&changes, &Builder { costs: &columnar::GROUP_COST, build: &rows_of }) {
                Ok(_) => break (changes, added, replaced_old),
                Err(StoreError::Internal(why)) => {
                    let (again, culprits) = without_unbuildable(changes, &why, &mut out);
                    if culprits == 0 {
                        return Err(StoreError::Internal(why).into());
                    }
                    chosen = again;
                }
                Err(e) => return Err(e.into()),
            }
        };
        out.replaced += replaced_old.len();
        for old in &replaced_old {
            by_hash.remove(old);
        }
        for (_, facts) in changes.iter().flat_map(|ch| &ch.add) {
            out.ingested += 1;
            if !facts.missing_tables.is_empty()
                || facts.tables.iter().any(|t| t.status == crate::model::TableStatus::Unreadable)
            {
                out.incomplete += 1;
            }
            out.rows += facts.row_count();
            for x in &facts.findings {
                out.findings[match x.severity {
                    crate::model::Severity::Error | crate::model::Severity::Gap => 0,
                    crate::validate::Severity::Warning => 1,
                    crate::validate::Severity::Info => 2,
                }] += 1;
            }
        }
        // Freeing a batch's facts (millions of small allocations made on the workers)
        // takes a core for about a tenth of a second: do it beside the next batch's
        // parsing rather than before it.
        if let Some(previous) = dropper.replace(std::thread::spawn(move || drop(changes))) {
            let _ = previous.join();
        }
        for (key, hash) in added {
            by_hash.insert(hash);
            by_key.insert(key, hash);
        }
    }
    if let Some(d) = dropper {
        let _ = d.join();
    }
    out.elapsed = started.elapsed();
    Ok(out)
}

/// After a commit failed on a panic while building rows: each document's rows built
/// alone, isolated; those that panic are failed (an internal error to report), the
/// others returned to be committed again. Returns them and how many failed.
fn without_unbuildable(changes: Vec<Change>, why: &str, out: &mut Outcome) -> (Vec<Ready>, usize) {
    let mut again = Vec::new();
    let mut culprits = 0;
    for (record, facts) in changes.into_iter().flat_map(|ch| ch.add) {
        let built = parse::isolated(|| drop(crate::columnar::document_batches(&record, &facts)));
        match (built, blake3::Hash::from_hex(&record.content_hash)) {
            (Ok(()), Ok(hash)) => again.push(Ready { record, hash, facts, warnings: Vec::new() }),
            (result, _) => {
                culprits += 1;
                out.failed += 1;
                let what = result.err().unwrap_or_else(|| why.to_string());
                out.diagnostics.push(Diagnostic {
                    severity: Severity::Error,
                    path: PathBuf::from(&record.source_path),
                    page: None,
                    line: 0,
                    col: 0,
                    message: format!("{what} (while building its rows)"),
                });
            }
        }
    }
    (again, culprits)
}

/// A document's id: the first 16 hex digits of its content hash (`datasets.toml`).
fn doc_id_of(hash: &blake3::Hash) -> String {
    hash.to_hex()[..16].to_string()
}

/// A unit-year: one document per key is kept.
type Key = (String, i32, String);

fn key_of(d: &DocRecord) -> Key {
    (d.county_code.clone(), d.year, d.unit_name.clone())
}

/// What ingest commits: each county's catalog records with their parsed facts.
type Change = CountyChange<(DocRecord, Facts)>;

/// A group of datasets' rows for a county's documents (the store's builder).
fn rows_of(group: usize, add: &[(DocRecord, Facts)]) -> Vec<(crate::model::Dataset, arrow::array::RecordBatch)> {
    let docs: Vec<(&DocRecord, &Facts)> = add.iter().map(|(d, f)| (d, f)).collect();
    columnar::group_batches(group, &docs)
}

fn change_for<'a>(changes: &'a mut BTreeMap<String, Change>, county: &str) -> &'a mut Change {
    changes.entry(county.to_string()).or_insert_with(|| CountyChange::new(county))
}

/// Prepare documents on all cores, keeping input order.
fn prepare_parallel(
    files: &[PathBuf],
    county_override: Option<&'static County>,
    tick: &(dyn Fn() + Sync),
) -> Vec<Result<Ready, Vec<Diagnostic>>> {
    crate::par::par_map(files, |path| {
        let ready = prepare(path, county_override);
        tick();
        ready
    })
    .into_iter()
    .zip(files)
    .map(|(r, path)| {
        // `prepare` keeps a document's panic to itself; this is the last line of defence.
        r.unwrap_or_else(|what| {
            Err(vec![Diagnostic {
                severity: Severity::Error,
                path: path.clone(),
                page: None,
                line: 0,
                col: 0,
                message: format!("internal error while reading (a bug): {what}"),
            }])
        })
    })
    .collect()
}
