//! The store's layout marker (`JUESUAN_STORE`: `juesuan store, layout 5`): which layout a
//! store has, and the refusal of an old one (with the way out, `compact`) or a newer one
//! (untouched).

use super::*;

pub(super) const MARKER: &str = "JUESUAN_STORE";
/// The layout this version writes (in the marker: `juesuan store, layout 5`). Layout 4
/// added the `page` columns (the PDF page of each line column); layout 5 the budgets
/// reserved for 中小/小微企业 in `procurement_text`.
pub const CURRENT_LAYOUT: u32 = 5;

pub(super) fn marker_text() -> String {
    format!("juesuan store, layout {CURRENT_LAYOUT}\n")
}

/// What an older layout lacks, for the message that asks for `compact`.
pub(super) fn old_layout(n: u32) -> &'static str {
    match n {
        1 => "a directory per county-year",
        2 => "no doc_totals dataset",
        3 => "no page columns",
        _ => "no reserved procurement budgets",
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
pub(super) fn refuse_newer(root: &Path) -> Result<(), StoreError> {
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
