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

mod compact;
pub mod fault;
mod files;
mod keys;
mod layout;
mod merge;
pub mod partition;
pub mod txn;

pub use compact::{Compacted, compact, files_per_partition};
pub use files::{has_parquet, list_parquet, partition_dir, read_file};
pub use keys::{DocKey, read_keys};
pub use layout::{CURRENT_LAYOUT, check_layout, layout};
use {files::*, layout::*};

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

use crate::columnar::{self, file_schema};
use crate::model::{self, ALL, Dataset};
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

/// Rows to add and documents to drop within one county. The store does not know what a
/// document is: `add` holds whatever the caller's builder turns into batches (ingest:
/// catalog records with their parsed facts).
#[derive(Debug)]
pub struct CountyChange<D> {
    pub county: String,
    pub remove: HashSet<String>,
    pub add: Vec<D>,
}

impl<D> CountyChange<D> {
    pub fn new(county: &str) -> CountyChange<D> {
        CountyChange { county: county.to_string(), remove: HashSet::new(), add: Vec::new() }
    }
}

/// How a commit's rows are made: the datasets fall into groups, each built at once for a
/// county's documents (`build(group, documents)`), which cost `costs[group]` per document
/// relative to each other (the costliest tasks are handed out first, so that the cores
/// finish together).
pub struct Builder<'a, D> {
    pub costs: &'a [usize],
    pub build: &'a BuildFn<D>,
}

/// `build(group, documents)`: the batches of one group of datasets.
pub type BuildFn<D> = dyn Fn(usize, &[D]) -> Vec<(Dataset, RecordBatch)> + Sync;

/// A store opened for writing: holds the lock until dropped.
pub struct Store {
    root: PathBuf,
    _lock: File,
    /// Written into every file's metadata (`juesuan.parser_version`): who made the rows.
    stamp: String,
    /// Test hook: sleep between commit steps so a crash can be provoked mid-way.
    pub pause: Option<Duration>,
}

impl Store {
    /// Open (creating if needed) for writing: take the lock (waiting if asked), then
    /// finish or discard any transaction a crash left behind.
    /// `stamp` goes into every file written (`juesuan.parser_version`).
    pub fn open_write(root: &Path, wait: bool, stamp: &str) -> Result<Store, StoreError> {
        refuse_newer(root)?;
        let store = Store::open_any_layout(root, wait, stamp)?;
        check_layout(root)?;
        Ok(store)
    }

    fn open_any_layout(root: &Path, wait: bool, stamp: &str) -> Result<Store, StoreError> {
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
        let store = Store { root: root.to_path_buf(), _lock: lock, stamp: stamp.to_string(), pause: None };
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
    pub fn commit<D: Sync>(&self, changes: &[CountyChange<D>], rows: &Builder<D>) -> Result<usize, StoreError> {
        if changes.is_empty() {
            return Ok(0);
        }
        let txn = Txn::begin(&self.root, self.pause)?;
        // Counties, and groups of datasets within a county, are independent: build and
        // write them on all cores, the costliest first so that the cores finish together.
        let mut tasks: Vec<(&CountyChange<D>, usize)> =
            changes.iter().flat_map(|ch| (0..rows.costs.len()).map(move |g| (ch, g))).collect();
        tasks.sort_by_key(|&(ch, g)| std::cmp::Reverse(ch.add.len() * rows.costs[g]));
        let results = crate::par::par_map(&tasks, |&(ch, group)| -> Result<usize, StoreError> {
            let mut files = 0;
            for (ds, batch) in (rows.build)(group, &ch.add) {
                files += self.write_partition(&txn, &ds, &ch.county, &ch.remove, batch)?;
            }
            Ok(files)
        });
        let mut files = 0;
        for r in results {
            // A panic while building rows (a bug) fails the commit, which leaves the
            // store as it was (the transaction's staged files are discarded), with a
            // message instead of an abort.
            files += r.unwrap_or_else(|what| {
                Err(StoreError::Internal(format!("building a batch's rows panicked: {what}")))
            })?;
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
        county: &str,
        remove: &HashSet<String>,
        new: RecordBatch,
    ) -> Result<usize, StoreError> {
        let dir = partition_dir(ds, county);
        let existing = list_parquet(&self.root.join(&dir))?;
        let merge = !remove.is_empty() || existing.len() >= MAX_FILES;
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
                touched = touched || holds_any(path, remove)?;
            }
            if !touched {
                return Ok(0);
            }
        }
        let written = self.merge_into(txn, ds, &dir, &existing, clustered(ds, &new), remove)?;
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
        match merge::merge(&staged, ds, inputs, remove, &self.stamp)? {
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
                let all = concat_batches(&file_schema(ds), &parts).map_err(|e| read_err(&self.root.join(dir), e))?;
                if all.num_rows() == 0 { Ok(0) } else { self.stage(txn, ds, dir, &all) }
            }
        }
    }

    /// Write rows aside, clustered, as this transaction's file of a partition.
    fn stage(&self, txn: &Txn, ds: &Dataset, dir: &Path, batch: &RecordBatch) -> Result<usize, StoreError> {
        let staged = txn.stage_path();
        write_file(&staged, ds, &clustered(ds, batch), &self.stamp)?;
        txn.push(Op::Put { staged, target: dir.join(txn.file_name()) });
        Ok(1)
    }
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
