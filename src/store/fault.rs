//! A test hook for the store's fault tests: fail the N-th file-system step of a commit —
//! a staged file's write, the flush of the staged files, the plan's write, fsync and
//! rename, each rename and removal that applies the plan — with the error a full disk
//! (ENOSPC) or a failing device (EIO) gives. Off unless armed, which only the hidden
//! `juesuan ingest --debug-fail-at N` does; one relaxed load per step when off.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{StoreError, io};

/// The kind of step, for the error it fails with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Write,
    Sync,
    Rename,
    Remove,
}

static FAIL_AT: AtomicUsize = AtomicUsize::new(0);
static STEPS: AtomicUsize = AtomicUsize::new(0);

/// Fail the `n`-th step from now (1-based); 0 disarms.
pub fn arm(n: usize) {
    STEPS.store(0, Ordering::SeqCst);
    FAIL_AT.store(n, Ordering::SeqCst);
}

/// One step of a commit: an error if it is the armed one.
pub fn step(kind: Step, path: &Path) -> Result<(), StoreError> {
    let at = FAIL_AT.load(Ordering::Relaxed);
    if at == 0 {
        return Ok(());
    }
    if STEPS.fetch_add(1, Ordering::SeqCst) + 1 != at {
        return Ok(());
    }
    let errno = match kind {
        Step::Write => libc::ENOSPC,
        Step::Sync | Step::Rename | Step::Remove => libc::EIO,
    };
    Err(io(path)(std::io::Error::from_raw_os_error(errno)))
}
