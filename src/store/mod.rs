//! The store: a directory of Hive-partitioned Parquet datasets, one partition per
//! county (`<dataset>/county=<code>/part-<txn>.parquet`), each file sorted by `year`
//! (stored in every row, as is `subject`, the 类 of subject-keyed rows, whose 合计 rows
//! get row groups of their own), changed only by transactions that write aside and then
//! commit (see [`txn`]), under an exclusive lock.
//!
//! Why county partitions and not one directory per county-year-类: DuckDB's cost per
//! query grows with the number of files it lists, prunes and opens (measured: 17,000
//! files per dataset at 100,000 documents made a one-county filter 0.65 s and a full
//! scan 4 s; 100 county files, 5 ms and 0.1 s), and every Parquet file carries a footer
//! of a few kilobytes. `year` and `subject` still prune inside a file through row-group
//! statistics, as `county` prunes whole files.
//!
//! A commit appends one new file to each partition it adds rows to, so its cost follows
//! what it adds, not the store; a partition that has documents replaced, or would hold
//! more than [`MAX_FILES`], is merged into one file in the same commit. `compact` merges
//! every partition into one file.

pub mod fault;
mod merge;
pub mod partition;
pub mod txn;

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

use arrow::array::{AsArray, BooleanArray, RecordBatch, UInt32Array};
use arrow::compute::{concat_batches, filter_record_batch, take_record_batch};
use arrow::datatypes::Int32Type;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

use crate::columnar::{self, ALL, Dataset, Doc, DocRecord};
use crate::model::Facts;
use txn::{Op, Txn};

/// Files a partition may hold after a commit; one more and the commit merges them.
pub const MAX_FILES: usize = 4;

/// Rows per Parquet row group: DuckDB's own, so a county's file splits into a few
/// groups that its threads share and that `year` statistics can skip.
const ROW_GROUP_ROWS: usize = 122_880;

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
    #[error("{0}: store written by an older juesuan (layout {1}: {what}); run `juesuan compact` once to convert it", what = old_layout(*.1))]
    OldLayout(PathBuf, u32),
    #[error(
        "{0}: store written by a newer juesuan (layout {1}; this one knows {CURRENT_LAYOUT}): use that version, this one will not read or write it"
    )]
    NewerLayout(PathBuf, u32),
    #[error("internal error: please report: {0} (the store is as it was)")]
    Internal(String),
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_path_buf(), source }
}

/// Rows to add and documents to drop within one county.
#[derive(Debug, Default)]
pub struct CountyChange {
    pub county: String,
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
/// The layout this version writes (in the marker: `juesuan store, layout 4`). Layout 4
/// added the `page` columns (the PDF page of each line column).
pub const CURRENT_LAYOUT: u32 = 4;

fn marker_text() -> String {
    format!("juesuan store, layout {CURRENT_LAYOUT}\n")
}

/// What an older layout lacks, for the message that asks for `compact`.
fn old_layout(n: u32) -> &'static str {
    match n {
        1 => "a directory per county-year",
        2 => "no doc_totals dataset",
        _ => "no page columns",
    }
}

/// Which layout the store at `root` has: `Some(3)` for this one, `Some(2)` for stores
/// without `doc_totals`, `Some(1)` for the county-year directories of earlier versions,
/// `None` when there is no store.
pub fn layout(root: &Path) -> Option<u32> {
    let text = fs::read_to_string(root.join(MARKER)).ok()?;
    let number = text.split_once("layout ").map(|(_, n)| n.trim_end()).and_then(|n| n.parse().ok());
    // A marker without a layout number is this layout's (as it always was read).
    Some(number.unwrap_or(CURRENT_LAYOUT))
}

/// A store of a newer layout is refused before anything is written to it (not even the
/// lock, nor the recovery of a transaction it may hold).
fn refuse_newer(root: &Path) -> Result<(), StoreError> {
    match layout(root) {
        Some(n) if n > CURRENT_LAYOUT => Err(StoreError::NewerLayout(root.to_path_buf(), n)),
        _ => Ok(()),
    }
}

/// Readers and writers refuse a store of an old layout with the way out, and one of a
/// newer layout (written by a later juesuan) untouched.
pub fn check_layout(root: &Path) -> Result<(), StoreError> {
    match layout(root) {
        Some(n) if n < CURRENT_LAYOUT => Err(StoreError::OldLayout(root.to_path_buf(), n)),
        Some(n) if n > CURRENT_LAYOUT => Err(StoreError::NewerLayout(root.to_path_buf(), n)),
        _ => Ok(()),
    }
}

impl Store {
    /// Open (creating if needed) for writing: take the lock (waiting if asked), then
    /// finish or discard any transaction a crash left behind.
    pub fn open_write(root: &Path, wait: bool) -> Result<Store, StoreError> {
        refuse_newer(root)?;
        let store = Store::open_any_layout(root, wait)?;
        check_layout(root)?;
        Ok(store)
    }

    fn open_any_layout(root: &Path, wait: bool) -> Result<Store, StoreError> {
        fs::create_dir_all(root).map_err(io(root))?;
        let marker = root.join(MARKER);
        if !marker.exists() {
            let non_empty = fs::read_dir(root).map_err(io(root))?.next().is_some();
            if non_empty {
                return Err(StoreError::NotAStore(root.to_path_buf(), MARKER));
            }
            fs::write(&marker, marker_text()).map_err(io(&marker))?;
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

    /// Apply changes to several counties as one transaction.
    pub fn commit(&self, changes: &[CountyChange]) -> Result<usize, StoreError> {
        if changes.is_empty() {
            return Ok(0);
        }
        let txn = Txn::begin(&self.root, self.pause)?;
        // Counties, and groups of datasets within a county, are independent: build and
        // write them on all cores, the costliest first so that the cores finish together.
        let mut tasks: Vec<(&CountyChange, usize)> =
            changes.iter().flat_map(|ch| (0..columnar::GROUPS).map(move |g| (ch, g))).collect();
        tasks.sort_by_key(|&(ch, g)| std::cmp::Reverse(ch.add.len() * columnar::GROUP_COST[g]));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(tasks.len());
        let results: Vec<Result<usize, StoreError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    let (txn, tasks, next) = (&txn, &tasks, &next);
                    s.spawn(move || {
                        let mut files = 0;
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(&(ch, group)) = tasks.get(i) else { break };
                            let records: Vec<&DocRecord> = ch.add.iter().map(|(d, _)| d).collect();
                            let docs: Vec<(Doc, &Facts)> = ch
                                .add
                                .iter()
                                .map(|(d, f)| (Doc { id: d.doc_id.as_str(), year: d.year, pages: &f.pages }, f))
                                .collect();
                            for (ds, batch) in columnar::group_batches(group, &records, &docs) {
                                files += self.write_partition(txn, &ds, ch, batch)?;
                            }
                        }
                        Ok(files)
                    })
                })
                .collect();
            // A panic while building rows (a bug) fails the commit, which leaves the
            // store as it was (the transaction's staged files are discarded), with a
            // message instead of an abort.
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|p| {
                        let what = crate::diag::panic_message(p.as_ref());
                        Err(StoreError::Internal(format!("building a batch's rows panicked: {what}")))
                    })
                })
                .collect()
        });
        let mut files = 0;
        for r in results {
            files += r?;
        }
        txn.commit()?;
        Ok(files)
    }

    /// Add one county's new rows of a dataset: a new file, or the partition merged into
    /// one when documents leave it or it would hold more than [`MAX_FILES`].
    fn write_partition(
        &self,
        txn: &Txn,
        ds: &Dataset,
        ch: &CountyChange,
        new: RecordBatch,
    ) -> Result<usize, StoreError> {
        let dir = partition_dir(ds, &ch.county);
        let existing = list_parquet(&self.root.join(&dir))?;
        let merge = !ch.remove.is_empty() || existing.len() >= MAX_FILES;
        if !merge {
            if new.num_rows() == 0 {
                return Ok(0);
            }
            self.stage(txn, ds, &dir, &new)?;
            return Ok(1);
        }
        // Documents leaving, and nothing else: rewrite only if they have rows here.
        if new.num_rows() == 0 && existing.len() < MAX_FILES {
            let mut touched = false;
            for path in &existing {
                touched = touched || holds_any(path, &ch.remove)?;
            }
            if !touched {
                return Ok(0);
            }
        }
        let written = self.merge_into(txn, ds, &dir, &existing, clustered(ds, &new), &ch.remove)?;
        for path in existing {
            let rel = path.strip_prefix(&self.root).expect("listed under root").to_path_buf();
            txn.push(Op::Delete { target: rel });
        }
        Ok(written)
    }

    /// Stage one file of a partition's `files` (clustered, in this order) and `new`
    /// rows (clustered), less the `remove`d documents: merged as a stream, or in memory
    /// when a file is not clustered. 0 when no row is left (and no file staged).
    fn merge_into(
        &self,
        txn: &Txn,
        ds: &Dataset,
        dir: &Path,
        files: &[PathBuf],
        new: Vec<RecordBatch>,
        remove: &HashSet<String>,
    ) -> Result<usize, StoreError> {
        let mut inputs = Vec::with_capacity(files.len() + 1);
        for f in files {
            inputs.push(read_batches(f)?);
        }
        inputs.push(Box::new(new.clone().into_iter().map(Ok)) as merge::Batches<'_>);
        let staged = txn.stage_path();
        match merge::merge(&staged, ds, inputs, remove)? {
            Some(0) => Ok(0),
            Some(_) => {
                txn.push(Op::Put { staged, target: dir.join(txn.file_name()) });
                Ok(1)
            }
            None => {
                let mut parts: Vec<RecordBatch> = Vec::new();
                for path in files {
                    for b in read_file(path)? {
                        let keep = keep_mask(&b, remove);
                        parts.push(filter_record_batch(&b, &keep).map_err(|e| read_err(path, e))?);
                    }
                }
                parts.extend(new);
                let all = concat_batches(&ds.file_schema(), &parts).map_err(|e| read_err(&self.root.join(dir), e))?;
                if all.num_rows() == 0 { Ok(0) } else { self.stage(txn, ds, dir, &all) }
            }
        }
    }

    /// Write rows aside, clustered, as this transaction's file of a partition.
    fn stage(&self, txn: &Txn, ds: &Dataset, dir: &Path, batch: &RecordBatch) -> Result<usize, StoreError> {
        let staged = txn.stage_path();
        write_file(&staged, ds, &clustered(ds, batch))?;
        txn.push(Op::Put { staged, target: dir.join(txn.file_name()) });
        Ok(1)
    }
}

/// The row groups of a file: rows in year order; for subject-keyed rows the 合计 rows
/// (`subject = 'total'`, what totals views read) in groups of their own first, so that
/// row-group statistics let a reader take them, or skip them, without the 类 rows.
fn clustered(ds: &Dataset, batch: &RecordBatch) -> Vec<RecordBatch> {
    if !ds.by_subject {
        return vec![sorted_by_year(batch)];
    }
    let subject = batch.column_by_name("subject").expect("subject column").as_string::<i32>();
    let is_total = |i: usize| subject.value(i) == columnar::TOTAL_SUBJECT;
    let n = batch.num_rows();
    // New rows come totals first (columnar::subject_batch): cut, without copying.
    let cut = (0..n).find(|&i| !is_total(i)).unwrap_or(n);
    let parts = if (cut..n).all(|i| !is_total(i)) {
        vec![batch.slice(0, cut), batch.slice(cut, n - cut)]
    } else {
        let total: BooleanArray = (0..n).map(|i| Some(is_total(i))).collect();
        let rest = arrow::compute::not(&total).expect("boolean array");
        [total, rest].iter().map(|mask| filter_record_batch(batch, mask).expect("mask of the batch's length")).collect()
    };
    parts.into_iter().filter(|b| b.num_rows() > 0).map(|b| sorted_by_year(&b)).collect()
}

/// Rows in year order, document order kept within a year (a stable sort); most
/// batches are in order already and are returned as they are.
fn sorted_by_year(batch: &RecordBatch) -> RecordBatch {
    let years = batch.column_by_name("year").expect("year column").as_primitive::<Int32Type>();
    if years.values().windows(2).all(|w| w[0] <= w[1]) {
        return batch.clone();
    }
    let mut idx: Vec<u32> = (0..batch.num_rows() as u32).collect();
    idx.sort_by_key(|&i| years.value(i as usize));
    take_record_batch(batch, &UInt32Array::from(idx)).expect("indices in range")
}

fn read_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Read { path: path.to_path_buf(), message: e.to_string() }
}

fn write_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Write { path: path.to_path_buf(), message: e.to_string() }
}

/// `<dataset>/county=<c>`.
pub fn partition_dir(ds: &Dataset, county: &str) -> PathBuf {
    PathBuf::from(ds.name).join(partition::dir("county", county))
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

/// A whole file in memory: the Parquet reader then needs no system call per column chunk
/// (store files are a few hundred kilobytes).
fn file_bytes(path: &Path) -> Result<bytes::Bytes, StoreError> {
    fs::read(path).map(bytes::Bytes::from).map_err(io(path))
}

/// A file's rows batch by batch, for merging without the whole file decoded at once.
fn read_batches(path: &Path) -> Result<merge::Batches<'static>, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(file_bytes(path)?)
        .and_then(|b| b.with_batch_size(8192).build())
        .map_err(|e| read_err(path, e))?;
    let path = path.to_path_buf();
    Ok(Box::new(reader.map(move |b| b.map_err(|e| read_err(&path, e)))))
}

/// A file's rows, only the named columns decoded.
fn read_columns(path: &Path, names: &[&str]) -> Result<ParquetRecordBatchReader, StoreError> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(file_bytes(path)?).map_err(|e| read_err(path, e))?;
    let schema = builder.parquet_schema();
    let wanted: Vec<usize> = (0..schema.num_columns()).filter(|&i| names.contains(&schema.column(i).name())).collect();
    let mask = parquet::arrow::ProjectionMask::leaves(schema, wanted);
    builder.with_projection(mask).build().map_err(|e| read_err(path, e))
}

/// Whether a file has rows of any of the documents, reading only its `doc_id` column.
fn holds_any(path: &Path, docs: &HashSet<String>) -> Result<bool, StoreError> {
    for b in read_columns(path, &["doc_id"])? {
        let b = b.map_err(|e| read_err(path, e))?;
        if keep_mask(&b, docs).false_count() > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

pub fn read_file(path: &Path) -> Result<Vec<RecordBatch>, StoreError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(file_bytes(path)?)
        .and_then(|b| b.build())
        .map_err(|e| read_err(path, e))?;
    reader.collect::<Result<Vec<_>, _>>().map_err(|e| read_err(path, e))
}

/// Write a file; each batch starts a new row group (and larger ones are split).
fn write_file(path: &Path, ds: &Dataset, groups: &[RecordBatch]) -> Result<(), StoreError> {
    fault::step(fault::Step::Write, path)?;
    let mut w = open_writer(path, ds)?;
    for batch in groups {
        w.write(batch).map_err(|e| write_err(path, e))?;
        w.flush().map_err(|e| write_err(path, e))?;
    }
    // Durability is ensured once per transaction (Txn::commit syncs the file system
    // before the plan appears), not once per file.
    w.into_inner().map_err(|e| write_err(path, e))?;
    fault::step(fault::Step::Write, path)
}

/// A new store file's writer: the properties every store file is written with.
fn open_writer(path: &Path, ds: &Dataset) -> Result<ArrowWriter<File>, StoreError> {
    let mut props = WriterProperties::builder();
    // Amounts and source lines are nearly all distinct within a county's file: a
    // dictionary of them hashed every value for nothing, and plain values compress
    // better under zstd (ingest −2.1 % instructions, store −6.4 %, the views measured
    // the same at 102,000 documents; benches/RESULTS.md).
    for (name, ty, _) in ds.file_columns() {
        if ty == crate::columnar::Ty::Amount || name == "line" {
            props = props.set_column_dictionary_enabled(ColumnPath::from(name), false);
        }
    }
    let props = props
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        // Row-group min/max only of the clustering columns, which DuckDB prunes with
        // (`year`, and `subject` in subject_facts); every other column of a county's
        // file mixes all its documents, roles and measures, so their statistics never
        // skipped a row group, and computing them was 5 % of ingest instructions (no
        // view measured slower without them at 102,000 documents). No page index,
        // which DuckDB does not read and which costs bytes in every column chunk.
        .set_statistics_enabled(EnabledStatistics::None)
        .set_column_statistics_enabled(ColumnPath::from("year"), EnabledStatistics::Chunk)
        .set_column_statistics_enabled(ColumnPath::from("subject"), EnabledStatistics::Chunk)
        .set_offset_index_disabled(true)
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
    // schema copy (about a kilobyte per file) is left out.
    let opts =
        parquet::arrow::arrow_writer::ArrowWriterOptions::new().with_properties(props).with_skip_arrow_metadata(true);
    ArrowWriter::try_new_with_options(file, ds.file_schema(), opts).map_err(|e| write_err(path, e))
}

/// County of a file from its `county=…` directory.
fn county_of(rel: &Path) -> Option<String> {
    rel.iter().filter_map(|c| c.to_str()).find_map(|c| partition::value_of(c, "county")).map(partition::decode)
}

/// A stored document as ingest sees it: content (its `doc_id` is the hash's first 16
/// hex digits) and unit-year key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocKey {
    pub content_hash: String,
    pub county: String,
    pub year: i32,
    pub unit_name: String,
}

/// Every stored document's key, read in parallel from three columns of the catalog
/// (the cost grows with the store, so it is kept small). Takes no lock: readers see
/// committed partitions only.
pub fn read_keys(root: &Path) -> Result<Vec<DocKey>, StoreError> {
    check_layout(root)?;
    let dir = root.join(columnar::DOCUMENTS.name);
    let files = list_parquet(&dir)?;
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(files.len().max(1));
    let read_one = |path: &PathBuf| -> Result<Vec<DocKey>, StoreError> {
        let Some(county) = county_of(path.strip_prefix(&dir).unwrap_or(path)) else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for b in read_columns(path, &["content_hash", "unit_name", "year"])? {
            let b = b.map_err(|e| read_err(path, e))?;
            let col = |n: &str| b.column_by_name(n).expect("projected column").as_string::<i32>().clone();
            let (hash, unit) = (col("content_hash"), col("unit_name"));
            let year = b.column_by_name("year").expect("projected column").as_primitive::<Int32Type>().clone();
            for i in 0..b.num_rows() {
                out.push(DocKey {
                    content_hash: hash.value(i).into(),
                    county: county.clone(),
                    year: year.value(i),
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

/// What `compact` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Compacted {
    /// Partitions rewritten as one file.
    pub merged: usize,
    /// The older layout the store was converted from, if it was.
    pub converted_from: Option<u32>,
}

/// Merge every partition holding more than one file (appends of several ingests, or
/// files written by other tools) into one, atomically. An older store is converted in
/// the same transaction: in layout 1 (a directory per county-year, and per 类 below it)
/// each file's rows get the `year` and `subject` of its directories and join their
/// county's partition; `doc_totals` and the `table_actual`/`table_line` columns of
/// `execution_text` (missing from layouts 1 and 2) are derived from the stored catalog,
/// summary and subject rows.
pub fn compact(root: &Path, wait: bool, pause: Option<Duration>) -> Result<Compacted, StoreError> {
    refuse_newer(root)?;
    let mut store = Store::open_any_layout(root, wait)?;
    store.pause = pause;
    let from = layout(root).filter(|&n| n < CURRENT_LAYOUT);
    let txn = Txn::begin(&store.root, store.pause)?;
    let mut out = Compacted { converted_from: from, ..Compacted::default() };
    // What layout 3 added is written anew, county by county; everything else is merged.
    let derived = [columnar::DOC_TOTALS.name, columnar::narrative::EXECUTION.name];
    let derive = from.is_some_and(|n| n < 3);
    if derive {
        out.merged += derive_layout_3(&store, &txn, from == Some(1))?;
    }
    for ds in ALL {
        if derive && derived.contains(&ds.name) {
            continue;
        }
        for (dir, files) in files_by_county(&store.root.join(ds.name))? {
            let in_place = files.iter().all(|f| f.parent() == Some(dir.as_path()));
            // An older layout's files are all rewritten (with the columns added since).
            if files.len() < 2 && in_place && from.is_none() {
                continue;
            }
            let rel_dir = dir.strip_prefix(&store.root).expect("under root").to_path_buf();
            // The merged file first: a reader during the apply sees rows twice at worst,
            // never none.
            if in_place && from.is_none() {
                store.merge_into(&txn, &ds, &rel_dir, &files, Vec::new(), &HashSet::new())?;
            } else {
                let mut parts = Vec::new();
                for f in &files {
                    let in_dir = f.parent() == Some(dir.as_path());
                    for b in read_file(f)? {
                        parts.push(if in_dir { with_added_columns(&ds, f, b)? } else { with_clustering(&ds, f, b)? });
                    }
                }
                let all = concat_batches(&ds.file_schema(), &parts).map_err(|e| read_err(&dir, e))?;
                store.stage(&txn, &ds, &rel_dir, &all)?;
            }
            for f in &files {
                txn.push(Op::Delete { target: f.strip_prefix(&store.root).expect("under root").to_path_buf() });
            }
            out.merged += 1;
        }
    }
    if from.is_some() {
        let staged = txn.stage_path();
        fs::write(&staged, marker_text()).map_err(io(&staged))?;
        txn.push(Op::Put { staged, target: PathBuf::from(MARKER) });
    }
    txn.commit()?;
    Ok(out)
}

/// A dataset's files by the county directory they lie under (in layout 1, below it).
fn files_by_county(base: &Path) -> Result<BTreeMap<PathBuf, Vec<PathBuf>>, StoreError> {
    let mut by_county: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for p in list_parquet(base)? {
        let rel = p.strip_prefix(base).expect("listed under the dataset");
        let county = rel.components().next().map(|c| base.join(c)).unwrap_or_else(|| base.to_path_buf());
        by_county.entry(county).or_default().push(p);
    }
    Ok(by_county)
}

/// [`files_by_county`] for a conversion, which writes each county's partition anew: a
/// file outside any `county=` directory is an error (before anything is written).
fn county_partitions(base: &Path) -> Result<BTreeMap<PathBuf, Vec<PathBuf>>, StoreError> {
    let by_county = files_by_county(base)?;
    for (dir, files) in &by_county {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if partition::value_of(name, "county").is_none() {
            return Err(read_err(&files[0], "not under a county=… directory; move it out of the store, then compact"));
        }
    }
    Ok(by_county)
}

/// Stage, for every county, the data layout 3 added, from its stored rows (the files as
/// they were before this transaction): `doc_totals` from the catalog, summary and
/// subject rows, replacing whatever `doc_totals` files there were; `execution_text`
/// again with its table cells from the subject rows, read once for both. Returns the
/// partitions written.
fn derive_layout_3(store: &Store, txn: &Txn, layout_one: bool) -> Result<usize, StoreError> {
    let root = &store.root;
    let (exec_ds, totals_ds) = (columnar::narrative::EXECUTION, columnar::DOC_TOTALS);
    let sources = [columnar::DOCUMENTS, columnar::SUMMARY_FACTS, columnar::SUBJECT_FACTS, exec_ds];
    let files: Vec<BTreeMap<PathBuf, Vec<PathBuf>>> =
        sources.iter().map(|ds| county_partitions(&root.join(ds.name))).collect::<Result<_, _>>()?;
    let counties: std::collections::BTreeSet<std::ffi::OsString> = [&files[0], &files[3]]
        .into_iter()
        .flat_map(|m| m.keys().filter_map(|d| d.file_name().map(|n| n.to_os_string())))
        .collect();
    let mut written = 0;
    for county in counties {
        let of_county = |k: usize| files[k].get(&root.join(sources[k].name).join(&county)).cloned().unwrap_or_default();
        let [documents, summary, subject, exec] =
            [0, 1, 2, 3].map(|k| read_old(root, &sources[k], &of_county(k), layout_one));
        let subject = subject?;
        let dir = PathBuf::from(totals_ds.name).join(&county);
        let totals = columnar::doc_totals_of_stored(&documents?, &summary?, &subject)
            .map_err(|e| read_err(&root.join(&dir), e))?;
        if totals.num_rows() > 0 {
            written += store.stage(txn, &totals_ds, &dir, &totals)?;
        }
        let exec_files = of_county(3);
        if !exec_files.is_empty() {
            let dir = PathBuf::from(exec_ds.name).join(&county);
            let rows = columnar::narrative::execution_with_table(&exec?, &subject)
                .map_err(|e| read_err(&root.join(&dir), e))?;
            if rows.num_rows() > 0 {
                written += store.stage(txn, &exec_ds, &dir, &rows)?;
            }
            for f in exec_files {
                txn.push(Op::Delete { target: f.strip_prefix(root).expect("under root").to_path_buf() });
            }
        }
    }
    for f in list_parquet(&root.join(totals_ds.name))? {
        txn.push(Op::Delete { target: f.strip_prefix(root).expect("under root").to_path_buf() });
    }
    Ok(written)
}

/// The rows of an older store's files of one partition, in this layout's columns (see
/// [`with_clustering`] for layout 1; columns added since are NULL until derived).
fn read_old(root: &Path, ds: &Dataset, files: &[PathBuf], layout_one: bool) -> Result<RecordBatch, StoreError> {
    let mut parts = Vec::new();
    for f in files {
        for b in read_file(f)? {
            parts.push(if layout_one { with_clustering(ds, f, b)? } else { with_added_columns(ds, f, b)? });
        }
    }
    concat_batches(&ds.file_schema(), &parts).map_err(|e| read_err(root, e))
}

/// A file's rows with the columns added since it was written (NULL).
fn with_added_columns(ds: &Dataset, path: &Path, batch: RecordBatch) -> Result<RecordBatch, StoreError> {
    let cols = ds.file_columns().map(|(name, ty, _)| old_column(&batch, path, name, ty)).collect::<Result<_, _>>()?;
    RecordBatch::try_new(ds.file_schema(), cols).map_err(|e| read_err(path, e))
}

/// Columns of existing datasets that layout 3 added (and conversion derives).
const ADDED_IN_LAYOUT_3: &[&str] = &["table_actual", "table_line"];

/// Whether layout 4 added the column: the pages of line columns (NULL in an older store,
/// whose documents were all read as text or without pages).
fn added_in_layout_4(name: &str) -> bool {
    name == "page" || name.ends_with("_page")
}

/// A column of an older file: as stored, NULL if layout 3 or 4 added it, else an error.
fn old_column(
    batch: &RecordBatch,
    path: &Path,
    name: &str,
    ty: columnar::Ty,
) -> Result<arrow::array::ArrayRef, StoreError> {
    match batch.column_by_name(name) {
        Some(c) => Ok(c.clone()),
        None if ADDED_IN_LAYOUT_3.contains(&name) || added_in_layout_4(name) => {
            Ok(arrow::array::new_null_array(&ty.arrow(), batch.num_rows()))
        }
        None => Err(read_err(path, format!("no column {name}"))),
    }
}

/// A layout-1 file's rows with the `year` (and `subject`) its directories named.
fn with_clustering(ds: &Dataset, path: &Path, batch: RecordBatch) -> Result<RecordBatch, StoreError> {
    let dir_value = |key: &str| {
        path.iter().filter_map(|c| c.to_str()).find_map(|c| partition::value_of(c, key)).map(partition::decode)
    };
    let year: i32 = dir_value("year")
        .and_then(|y| y.parse().ok())
        .ok_or_else(|| read_err(path, "no year=… directory above a layout-1 file"))?;
    let n = batch.num_rows();
    let mut cols: Vec<arrow::array::ArrayRef> =
        ds.columns.iter().map(|&(name, ty, _)| old_column(&batch, path, name, ty)).collect::<Result<_, _>>()?;
    for _ in ds.page_columns() {
        cols.push(arrow::array::new_null_array(&columnar::Ty::Int.arrow(), n));
    }
    if ds.by_subject {
        let subject = dir_value("subject").ok_or_else(|| read_err(path, "no subject=… directory"))?;
        cols.push(std::sync::Arc::new(arrow::array::StringArray::from(vec![subject; n])));
    }
    cols.push(std::sync::Arc::new(arrow::array::Int32Array::from(vec![year; n])));
    RecordBatch::try_new(ds.file_schema(), cols).map_err(|e| read_err(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout_of(marker: &str) -> Option<u32> {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(MARKER), marker).unwrap();
        layout(dir.path())
    }

    #[test]
    fn the_marker_names_its_layout() {
        assert_eq!(layout_of("juesuan store, layout 1\n"), Some(1));
        assert_eq!(layout_of("juesuan store, layout 2\n"), Some(2));
        assert_eq!(layout_of(&marker_text()), Some(CURRENT_LAYOUT));
        assert_eq!(layout_of("juesuan store\n"), Some(CURRENT_LAYOUT));
        assert_eq!(layout(Path::new("/nonexistent/juesuan")), None);
    }
}
