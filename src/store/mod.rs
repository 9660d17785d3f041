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
