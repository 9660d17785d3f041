//! The store: a directory of Hive-partitioned Parquet datasets
//! (`<dataset>/county=<code>/year=<y>[/subject=<类>]/part-0.parquet`), changed only by
//! transactions that write aside and then commit (see [`txn`]), under an exclusive lock.
//!
//! A change to a county-year rewrites that county-year's partitions whole: old rows of
//! replaced documents go, new rows come, and each partition stays one file — so the cost
//! of an ingest is proportional to the county-years it touches, not to the store.

pub mod partition;
pub mod txn;

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use arrow::array::{Array, AsArray, BooleanArray, RecordBatch, UInt32Array};
use arrow::compute::{concat_batches, filter_record_batch, take_record_batch};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use crate::columnar::{self, ALL, Dataset, DocRecord};
use crate::model::Facts;
use txn::{Op, Txn};

pub const FILE_NAME: &str = "part-0.parquet";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("store {0} is in use by another juesuan process (ingest or compact); wait for it or pass --wait")]
    Locked(PathBuf),
    #[error("{path}: cannot read Parquet: {message}")]
    Read { path: PathBuf, message: String },
    #[error("{path}: cannot write Parquet: {message}")]
    Write { path: PathBuf, message: String },
    #[error("{0}: not a juesuan store (no {1})")]
    NotAStore(PathBuf, &'static str),
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_path_buf(), source }
}

/// Rows to add and documents to drop within one county-year.
#[derive(Debug, Default)]
pub struct CountyYearChange {
    pub county: String,
    pub year: i32,
    pub remove: HashSet<String>,
    pub add: Vec<(DocRecord, Facts)>,
}

/// A store opened for writing: holds the lock until dropped.
pub struct Store {
    root: PathBuf,
    _lock: File,
    /// Test hook: sleep between commit steps so a crash can be provoked mid-way.
    pub pause: Option<Duration>,
}

const MARKER: &str = "JUESUAN_STORE";

impl Store {
    /// Open (creating if needed) for writing: take the lock (waiting if asked), then
    /// finish or discard any transaction a crash left behind.
    pub fn open_write(root: &Path, wait: bool) -> Result<Store, StoreError> {
        fs::create_dir_all(root).map_err(io(root))?;
        let marker = root.join(MARKER);
        if !marker.exists() {
            let non_empty = fs::read_dir(root).map_err(io(root))?.next().is_some();
            if non_empty {
                return Err(StoreError::NotAStore(root.to_path_buf(), MARKER));
            }
            fs::write(&marker, "juesuan store, layout 1\n").map_err(io(&marker))?;
        }
        let lock_path = root.join(".lock");
        let lock = File::options().create(true).truncate(false).write(true).open(&lock_path).map_err(io(&lock_path))?;
        if wait {
            lock.lock().map_err(io(&lock_path))?;
        } else {
            match lock.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => return Err(StoreError::Locked(root.to_path_buf())),
                Err(fs::TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
            }
        }
        let store = Store { root: root.to_path_buf(), _lock: lock, pause: None };
        txn::recover(&store.root)?;
        Ok(store)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What ingest needs to know of every stored document (see [`read_keys`]).
    pub fn keys(&self) -> Result<Vec<DocKey>, StoreError> {
        read_keys(&self.root)
    }

    /// Apply changes to several county-years as one transaction.
    pub fn commit(&self, changes: &[CountyYearChange]) -> Result<usize, StoreError> {
        if changes.is_empty() {
            return Ok(0);
        }
        let txn = Txn::begin(&self.root, self.pause)?;
        // County-years are independent: rewrite them on all cores.
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(changes.len());
        let results: Vec<Result<usize, StoreError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    let txn = &txn;
                    s.spawn(move || {
                        let mut files = 0;
                        for ch in changes.iter().skip(w).step_by(workers) {
                            let docs: Vec<&DocRecord> = ch.add.iter().map(|(d, _)| d).collect();
                            let facts: Vec<(&str, &Facts)> =
                                ch.add.iter().map(|(d, f)| (d.doc_id.as_str(), f)).collect();
                            let mut new = vec![(columnar::DOCUMENTS, columnar::documents_batch(&docs))];
                            new.extend(columnar::fact_batches(&facts));
                            for (ds, batch) in new {
                                files += self.rewrite_county_year(txn, &ds, ch, batch)?;
                            }
                        }
                        Ok(files)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("commit worker does not panic")).collect()
        });
        let mut files = 0;
        for r in results {
            files += r?;
        }
        txn.commit()?;
        Ok(files)
    }

    /// Rewrite one dataset's partitions of one county-year.
    fn rewrite_county_year(
        &self,
        txn: &Txn,
        ds: &Dataset,
        ch: &CountyYearChange,
        new: RecordBatch,
    ) -> Result<usize, StoreError> {
        let base = county_year_dir(ds, &ch.county, ch.year);
        let existing = list_parquet(&self.root.join(&base))?;
        let schema = ds.schema();
        let mut parts: Vec<RecordBatch> = Vec::new();
        let mut touched = new.num_rows() > 0;
        for path in &existing {
            for b in read_file(path)? {
                let keep = keep_mask(&b, &ch.remove);
                touched |= keep.false_count() > 0;
                let b = filter_record_batch(&b, &keep).map_err(|e| read_err(path, e))?;
                parts.push(b);
            }
        }
        if !touched && existing.iter().all(|p| p.file_name().is_some_and(|n| n == FILE_NAME)) {
            return Ok(0);
        }
        parts.push(new);
        let all = concat_batches(&schema, &parts).map_err(|e| read_err(&self.root.join(&base), e))?;
        let mut written = 0;
        let mut keep_paths: HashSet<PathBuf> = HashSet::new();
        for (rel, batch) in split(ds, &base, &all) {
            if batch.num_rows() == 0 {
                continue;
            }
            let staged = txn.stage_path();
            write_file(&staged, ds, &batch)?;
            keep_paths.insert(self.root.join(&rel));
            txn.push(Op::Put { staged, target: rel });
            written += 1;
        }
        for path in existing {
            if !keep_paths.contains(&path) {
                let rel = path.strip_prefix(&self.root).expect("listed under root").to_path_buf();
                txn.push(Op::Delete { target: rel });
            }
        }
        Ok(written)
    }
}

fn read_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Read { path: path.to_path_buf(), message: e.to_string() }
}

/// `<dataset>/county=<c>/year=<y>`.
pub fn county_year_dir(ds: &Dataset, county: &str, year: i32) -> PathBuf {
    PathBuf::from(ds.name).join(partition::dir("county", county)).join(partition::dir("year", &year.to_string()))
}

/// Split rows of a county-year into their partition files.
fn split(ds: &Dataset, base: &Path, batch: &RecordBatch) -> Vec<(PathBuf, RecordBatch)> {
    if !ds.by_subject {
        return vec![(base.join(FILE_NAME), batch.clone())];
    }
    let codes = batch.column_by_name("subject_code").expect("subject_code column").as_string::<i32>();
    let mut groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for i in 0..batch.num_rows() {
        let key = if codes.is_null(i) { "total".to_string() } else { codes.value(i)[..3].to_string() };
        groups.entry(key).or_default().push(i as u32);
    }
    groups
        .into_iter()
        .map(|(key, idx)| {
            let b = take_record_batch(batch, &UInt32Array::from(idx)).expect("indices in range");
            (base.join(partition::dir("subject", &key)).join(FILE_NAME), b)
        })
        .collect()
}

fn keep_mask(batch: &RecordBatch, remove: &HashSet<String>) -> BooleanArray {
    let ids = batch.column_by_name("doc_id").expect("doc_id column").as_string::<i32>();
    ids.iter().map(|id| Some(!id.is_some_and(|id| remove.contains(id)))).collect()
}

/// Whether any Parquet file lies under a directory; stops at the first (a store of
/// 100k documents has tens of thousands of files, and view creation only needs one).
pub fn has_parquet(dir: &Path) -> bool {
    let Ok(rd) = fs::read_dir(dir) else { return false };
    rd.flatten().any(|e| {
        let p = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            has_parquet(&p)
        } else {
            p.extension().is_some_and(|x| x == "parquet")
        }
    })
}

/// Parquet files under a directory, recursively, sorted.
pub fn list_parquet(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let mut out = Vec::new();
    fn walk(d: &Path, out: &mut Vec<PathBuf>) -> Result<(), StoreError> {
        let rd = match fs::read_dir(d) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io(d)(e)),
        };
        for entry in rd {
            let entry = entry.map_err(io(d))?;
            let p = entry.path();
            if entry.file_type().map_err(io(&p))?.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|e| e == "parquet") {
                out.push(p);
            }
        }
        Ok(())
    }
    walk(dir, &mut out)?;
    out.sort();
    Ok(out)
}

pub fn read_file(path: &Path) -> Result<Vec<RecordBatch>, StoreError> {
    let f = File::open(path).map_err(io(path))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(f).and_then(|b| b.build()).map_err(|e| read_err(path, e))?;
    reader.collect::<Result<Vec<_>, _>>().map_err(|e| read_err(path, e))
}

fn write_file(path: &Path, ds: &Dataset, batch: &RecordBatch) -> Result<(), StoreError> {
    let werr = |e: &dyn std::fmt::Display| StoreError::Write { path: path.to_path_buf(), message: e.to_string() };
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_key_value_metadata(Some(vec![
            parquet::file::metadata::KeyValue::new("juesuan.dataset".into(), ds.name.to_string()),
            parquet::file::metadata::KeyValue::new(
                "juesuan.parser_version".into(),
                crate::parse::PARSER_VERSION.to_string(),
            ),
        ]))
        .build();
    let file = File::create(path).map_err(io(path))?;
    // The Parquet types say all (DECIMAL, UTF8, INT32/64, UTC timestamps), so the Arrow
    // schema copy (about a kilobyte per file; 7 % of a store of small partitions) is left out.
    let opts =
        parquet::arrow::arrow_writer::ArrowWriterOptions::new().with_properties(props).with_skip_arrow_metadata(true);
    let mut w = ArrowWriter::try_new_with_options(file, ds.schema(), opts).map_err(|e| werr(&e))?;
    w.write(batch).map_err(|e| werr(&e))?;
    // Durability is ensured once per transaction (Txn::commit syncs the file system
    // before the plan appears), not once per file.
    w.into_inner().map_err(|e| werr(&e))?;
    Ok(())
}

/// County and year of a file from its `county=…/year=…` directories.
fn county_year(rel: &Path) -> Option<(String, i32)> {
    let comps: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
    let county = comps.iter().find_map(|c| partition::value_of(c, "county")).map(partition::decode)?;
    let year = comps.iter().find_map(|c| partition::value_of(c, "year")).and_then(|y| y.parse().ok())?;
    Some((county, year))
}

/// A stored document as ingest sees it: identity, content and unit-year key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocKey {
    pub doc_id: String,
    pub content_hash: String,
    pub county: String,
    pub year: i32,
    pub unit_name: String,
}

impl From<&DocRecord> for DocKey {
    fn from(d: &DocRecord) -> DocKey {
        DocKey {
            doc_id: d.doc_id.clone(),
            content_hash: d.content_hash.clone(),
            county: d.county_code.clone(),
            year: d.year,
            unit_name: d.unit_name.clone(),
        }
    }
}

/// Every stored document's key, read in parallel from three columns of the catalog
/// (the cost grows with the store, so it is kept small). Takes no lock: readers see
/// committed partitions only.
pub fn read_keys(root: &Path) -> Result<Vec<DocKey>, StoreError> {
    let dir = root.join(columnar::DOCUMENTS.name);
    let files = list_parquet(&dir)?;
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(files.len().max(1));
    let read_one = |path: &PathBuf| -> Result<Vec<DocKey>, StoreError> {
        let Some((county, year)) = county_year(path.strip_prefix(&dir).unwrap_or(path)) else { return Ok(Vec::new()) };
        let f = File::open(path).map_err(io(path))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| read_err(path, e))?;
        let schema = builder.parquet_schema();
        let wanted: Vec<usize> = (0..schema.num_columns())
            .filter(|&i| matches!(schema.column(i).name(), "doc_id" | "content_hash" | "unit_name"))
            .collect();
        let mask = parquet::arrow::ProjectionMask::leaves(schema, wanted);
        let reader = builder.with_projection(mask).build().map_err(|e| read_err(path, e))?;
        let mut out = Vec::new();
        for b in reader {
            let b = b.map_err(|e| read_err(path, e))?;
            let col = |n: &str| b.column_by_name(n).expect("projected column").as_string::<i32>().clone();
            let (id, hash, unit) = (col("doc_id"), col("content_hash"), col("unit_name"));
            for i in 0..b.num_rows() {
                out.push(DocKey {
                    doc_id: id.value(i).into(),
                    content_hash: hash.value(i).into(),
                    county: county.clone(),
                    year,
                    unit_name: unit.value(i).into(),
                });
            }
        }
        Ok(out)
    };
    let parts: Vec<Result<Vec<DocKey>, StoreError>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let files = &files;
                s.spawn(move || {
                    let mut v = Vec::new();
                    for p in files.iter().skip(w).step_by(workers) {
                        v.extend(read_one(p)?);
                    }
                    Ok(v)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("catalog reader does not panic")).collect()
    });
    let mut out = Vec::new();
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}

/// Count of files per partition directory, for `status` and compaction checks.
pub fn files_per_partition(root: &Path) -> Result<BTreeMap<PathBuf, usize>, StoreError> {
    let mut m: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for ds in ALL {
        for p in list_parquet(&root.join(ds.name))? {
            let dir = p.parent().unwrap_or(root).strip_prefix(root).unwrap_or(Path::new("")).to_path_buf();
            *m.entry(dir).or_default() += 1;
        }
    }
    Ok(m)
}

/// Merge partitions holding more than one file (written by other tools or an older
/// layout) into one, atomically.
pub fn compact(store: &Store) -> Result<usize, StoreError> {
    let txn = Txn::begin(&store.root, store.pause)?;
    let mut merged = 0;
    for ds in ALL {
        let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for p in list_parquet(&store.root.join(ds.name))? {
            by_dir.entry(p.parent().expect("file in a dir").to_path_buf()).or_default().push(p);
        }
        for (dir, files) in by_dir {
            if files.len() < 2 {
                continue;
            }
            let mut parts = Vec::new();
            for f in &files {
                parts.extend(read_file(f)?);
            }
            let all = concat_batches(&Arc::clone(&ds.schema()), &parts).map_err(|e| read_err(&dir, e))?;
            let staged = txn.stage_path();
            write_file(&staged, &ds, &all)?;
            let target = dir.join(FILE_NAME).strip_prefix(&store.root).expect("under root").to_path_buf();
            // The merged file first: a reader during the apply sees rows twice at worst,
            // never none.
            txn.push(Op::Put { staged, target });
            for f in &files {
                if f.file_name().is_some_and(|n| n != FILE_NAME) {
                    txn.push(Op::Delete { target: f.strip_prefix(&store.root).expect("under root").to_path_buf() });
                }
            }
            merged += 1;
        }
    }
    txn.commit()?;
    Ok(merged)
}
