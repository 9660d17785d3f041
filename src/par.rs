//! One way to use every core: [`par_map`]. Ingest prepares documents with it, a PDF's
//! pages are read with it, a commit builds and writes its partitions with it, and the
//! catalog's keys are read with it. Imports nothing of the crate.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads for `n` items: the cores, never more than the items (at least one).
fn workers(n: usize) -> usize {
    std::thread::available_parallelism().map_or(1, |c| c.get()).min(n).max(1)
}

/// `f` applied to every item on all cores, the results in the items' order. Items are
/// handed out one at a time, in order, to whichever thread is free: put the costliest
/// first and the threads finish together. A panic in `f` is that item's `Err` (its
/// message), not the caller's: one bad item never takes the others down.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<Result<R, String>> {
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<R, String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers(items.len()))
            .map(|_| {
                s.spawn(|| {
                    let mut local = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        let r = catch_unwind(AssertUnwindSafe(|| f(item))).map_err(|p| panic_message(p.as_ref()));
                        local.push((i, r));
                    }
                    local
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// The message a panic carried (a `&str` or a `String`), or a note that it had none.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_items_order_and_a_panic_is_its_items_error() {
        let items: Vec<u32> = (0..100).collect();
        let out = par_map(&items, |&i| {
            assert!(i != 37, "item {i} is bad");
            i * 2
        });
        assert_eq!(out.len(), 100);
        for (i, r) in out.iter().enumerate() {
            match r {
                Ok(v) => assert_eq!(*v, 2 * i as u32),
                Err(m) => assert_eq!((i, m.as_str()), (37, "item 37 is bad")),
            }
        }
        assert!(par_map(&[] as &[u8], |_| 1).is_empty());
    }
}
