//! Transactions: write new partition files aside (`.txn/<id>/`), then commit by renaming
//! the plan into place (`plan.json` appears atomically), then apply the plan: each file
//! rename is atomic and the whole plan is idempotent, so a crash at any point is undone
//! (no plan yet: the staged files are discarded) or finished (plan present: applied again
//! on the next open). The store is therefore always as before or as after.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::fault::{self, Step};
use super::{StoreError, io};

const TXN_DIR: &str = ".txn";
const PLAN: &str = "plan.json";
/// Readers hold this file shared while a statement runs; a commit holds it exclusively
/// from the plan's rename to the end of its apply, so that a statement sees the store
/// as before or as after, never half-applied (a partition's new file beside the old).
const READERS: &str = ".readers";

/// A reader's hold on the store: while it lives, no commit is applied.
#[derive(Debug)]
pub struct ReadGuard(#[allow(dead_code)] fs::File);

/// Hold the store for reading (waiting for a commit being applied to finish). `None`
/// for a store no commit has written yet (nothing to be half-applied) or one that
/// cannot be locked (a read-only copy: readers cannot race a writer there).
pub fn read_guard(root: &Path) -> Option<ReadGuard> {
    let f = fs::File::open(root.join(READERS)).ok()?;
    f.lock_shared().ok()?;
    Some(ReadGuard(f))
}

/// Hold the store against readers while a plan is made the store.
fn exclusive(root: &Path) -> Result<fs::File, StoreError> {
    let p = root.join(READERS);
    let f = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&p).map_err(io(&p))?;
    f.lock().map_err(io(&p))?;
    Ok(f)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Op {
    /// Move a staged file (name inside the transaction directory) over `target`.
    Put { staged: PathBuf, target: PathBuf },
    /// Remove `target` if present.
    Delete { target: PathBuf },
}

/// Shared by the threads that stage files; the plan is the union of their operations.
pub struct Txn {
    root: PathBuf,
    dir: PathBuf,
    id: String,
    ops: Mutex<Vec<Op>>,
    staged: AtomicUsize,
    pause: Option<Duration>,
}

impl Txn {
    pub fn begin(root: &Path, pause: Option<Duration>) -> Result<Txn, StoreError> {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let id = format!("{nanos:x}-{}", std::process::id());
        let dir = root.join(TXN_DIR).join(&id);
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(Txn { root: root.to_path_buf(), dir, id, ops: Mutex::new(Vec::new()), staged: AtomicUsize::new(0), pause })
    }

    /// The name of the file this transaction adds to a partition: unique to it, so
    /// that an appended file never replaces another and a reader never sees a file
    /// change under it.
    pub fn file_name(&self) -> String {
        format!("part-{}.parquet", self.id)
    }

    /// A fresh path inside the transaction directory for a new file.
    pub fn stage_path(&self) -> PathBuf {
        let n = self.staged.fetch_add(1, Ordering::Relaxed) + 1;
        self.pause();
        self.dir.join(format!("{n}.parquet"))
    }

    pub fn push(&self, op: Op) {
        let op = match op {
            Op::Put { staged, target } => {
                Op::Put { staged: staged.file_name().map(PathBuf::from).unwrap_or(staged), target }
            }
            other => other,
        };
        self.ops.lock().expect("no thread panicked while staging").push(op);
    }

    fn pause(&self) {
        if let Some(d) = self.pause {
            std::thread::sleep(d);
        }
    }

    /// Make the transaction durable, then apply it.
    pub fn commit(self) -> Result<(), StoreError> {
        let ops = std::mem::take(&mut *self.ops.lock().expect("no thread panicked while staging"));
        if ops.is_empty() {
            return fs::remove_dir_all(&self.dir).map_err(io(&self.dir));
        }
        // Every staged file must be on disk before the plan makes them the store.
        fault::step(Step::Sync, &self.dir)?;
        sync_files(&self.dir)?;
        let tmp = self.dir.join("plan.tmp");
        let json = serde_json::to_vec(&ops).expect("plan serialises");
        fault::step(Step::Write, &tmp)?;
        fs::write(&tmp, json).map_err(io(&tmp))?;
        fault::step(Step::Sync, &tmp)?;
        fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(io(&tmp))?;
        self.pause();
        let plan = self.dir.join(PLAN);
        let _readers_wait = exclusive(&self.root)?;
        fault::step(Step::Rename, &plan)?;
        fs::rename(&tmp, &plan).map_err(io(&plan))?;
        sync_dir(&self.dir);
        apply(&self.root, &self.dir, &ops, self.pause)
    }
}

/// A transaction abandoned on an error (not a crash) discards its staged files at once
/// instead of leaving them for the next writer's [`recover`]; one whose plan is in place
/// is left for `recover` to finish.
impl Drop for Txn {
    fn drop(&mut self) {
        if self.dir.exists() && !self.dir.join(PLAN).exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Finish committed transactions and discard uncommitted ones.
pub fn recover(root: &Path) -> Result<usize, StoreError> {
    let base = root.join(TXN_DIR);
    let rd = match fs::read_dir(&base) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io(&base)(e)),
    };
    let mut dirs: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    dirs.sort();
    let mut finished = 0;
    for dir in dirs {
        let plan = dir.join(PLAN);
        if plan.exists() {
            let bytes = fs::read(&plan).map_err(io(&plan))?;
            // A plan is renamed into place only once complete, so it always parses.
            let ops: Vec<Op> = serde_json::from_slice(&bytes)
                .map_err(|e| io(&plan)(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
            let _readers_wait = exclusive(root)?;
            apply(root, &dir, &ops, None)?;
            finished += 1;
        } else {
            fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
    }
    Ok(finished)
}

fn apply(root: &Path, dir: &Path, ops: &[Op], pause: Option<Duration>) -> Result<(), StoreError> {
    for op in ops {
        match op {
            Op::Put { staged, target } => {
                let from = dir.join(staged);
                let to = root.join(target);
                if from.exists() {
                    fault::step(Step::Rename, &to)?;
                    let parent = to.parent().expect("target inside a dataset");
                    fs::create_dir_all(parent).map_err(io(parent))?;
                    fs::rename(&from, &to).map_err(io(&to))?;
                    sync_dir(parent);
                }
            }
            Op::Delete { target } => {
                let to = root.join(target);
                fault::step(Step::Remove, &to)?;
                match fs::remove_file(&to) {
                    Ok(()) => remove_empty_parents(root, &to),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io(&to)(e)),
                }
            }
        }
        if let Some(d) = pause {
            std::thread::sleep(d);
        }
    }
    fs::remove_dir_all(dir).map_err(io(dir))
}

/// Drop partition directories left empty, never the dataset directory or the root.
fn remove_empty_parents(root: &Path, file: &Path) {
    let mut p = file.parent();
    while let Some(d) = p {
        if d == root || d.parent() == Some(root) {
            break;
        }
        if fs::remove_dir(d).is_err() {
            break;
        }
        p = d.parent();
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Flush the staged files: one `syncfs` of the file system holding them on Linux (far
/// cheaper than an fsync per file), an fsync per file elsewhere.
fn sync_files(dir: &Path) -> Result<(), StoreError> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let d = fs::File::open(dir).map_err(io(dir))?;
        // SAFETY: syncfs takes any open descriptor of the file system and has no other
        // preconditions; the descriptor stays open for the duration of the call.
        let rc = unsafe { libc::syncfs(d.as_raw_fd()) };
        if rc == 0 {
            return Ok(());
        }
    }
    for e in fs::read_dir(dir).map_err(io(dir))? {
        let p = e.map_err(io(dir))?.path();
        fs::File::open(&p).and_then(|f| f.sync_all()).map_err(io(&p))?;
    }
    Ok(())
}
