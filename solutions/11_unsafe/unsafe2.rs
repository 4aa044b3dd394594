// unsafe2: UnsafeCell is the only door (solution)
//
// Why the cast was wrong: turning `&u64` into `*mut u64` is allowed, but WRITING through it is undefined behaviour,
// because the optimiser may assume that memory behind a shared reference is frozen (it can cache the value, reorder
// reads, or fold `views()` into a constant). `UnsafeCell<T>` is the single, built-in exception to that rule: it tells
// the compiler "this memory may change while shared references to it exist". Cell, RefCell, Mutex and the atomics are
// all built on it.
//
// `UnsafeCell` gives us permission, not safety: we still have to make sure no two accesses conflict. Two facts make
// that true here:
//   1. We never hand out a reference into the cell; every access is a short read or write through the raw pointer,
//      finished before the method returns. So no `&u64` can observe the change while it happens.
//   2. `UnsafeCell<u64>` is not `Sync`, so neither is `PageStats`: all those `&PageStats` live on ONE thread and the
//      accesses can never run at the same time. The `check_not_sync` block is rejected with E0277 for that reason.

use std::cell::UnsafeCell;

pub struct PageStats {
    views: UnsafeCell<u64>,
}

impl PageStats {
    pub fn new() -> Self {
        PageStats { views: UnsafeCell::new(0) }
    }

    pub fn record_view(&self) {
        // SAFETY: `PageStats` is !Sync, so every caller is on this thread and none is running concurrently; no
        // reference into the cell exists (we never return one), so this read-modify-write through the pointer from
        // `get()` does not conflict with any other access.
        unsafe {
            *self.views.get() += 1;
        }
    }

    pub fn views(&self) -> u64 {
        // SAFETY: same argument as in `record_view`: single thread, and no `&mut` into the cell can be alive, so a
        // plain read through the pointer is fine. We copy the value out instead of returning a reference.
        unsafe { *self.views.get() }
    }
}

// A public `new()` without arguments is what `Default` is for (Clippy's `new_without_default` asks for it).
// `UnsafeCell<u64>` is `Default` too, so `#[derive(Default)]` would work as well.
impl Default for PageStats {
    fn default() -> Self {
        PageStats::new()
    }
}

#[cfg(check_not_sync)]
fn count_from_two_threads(stats: &PageStats) {
    std::thread::scope(|s| {
        s.spawn(|| stats.record_view());
        s.spawn(|| stats.record_view());
    });
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_at_zero() {
        assert_eq!(PageStats::new().views(), 0);
    }

    #[test]
    fn the_count_lives_in_an_unsafe_cell() {
        let stats = PageStats::new();
        let _cell: &std::cell::UnsafeCell<u64> = &stats.views;
    }

    #[test]
    fn counts_views_through_shared_references() {
        let stats = PageStats::new();
        let header = &stats;
        let footer = &stats;
        header.record_view();
        footer.record_view();
        header.record_view();
        assert_eq!(footer.views(), 3);
        assert_eq!(stats.views(), 3);
    }
}
