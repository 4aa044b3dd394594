// known wrong: keeps the plain `u64` and writes through a pointer made with `&raw const` (which rustc's reference-casting lint does not see), with a `PhantomData<*const ()>` only to make it !Sync: still undefined behaviour, and the field is not an UnsafeCell
// unsafe2: UnsafeCell is the only door
//
// A web page is rendered by many small components, and each of them holds a shared `&PageStats` to count views.
// `record_view` takes `&self`, so the current code casts the shared reference to a `*mut u64` and writes through it.
// That is undefined behaviour, even with only one thread: the compiler is allowed to assume that data behind a `&T`
// never changes, unless it lives inside an `UnsafeCell`. rustc knows this pattern and rejects the file.
//
// What to do:
//   - Store the count in a `std::cell::UnsafeCell<u64>` and read and write it through `UnsafeCell::get`, which is
//     the one legal way to get a `*mut` to data you only reach through `&self`.
//   - Put a `// SAFETY:` comment above every `unsafe` block (Clippy checks: `clippy::undocumented_unsafe_blocks`).
//   - Build it yourself: no `Cell`, `RefCell`, `Mutex` or atomics here (they are all made of UnsafeCell anyway). A test
//     checks that the `views` field is an `UnsafeCell<u64>`.
// There is also a compile check (`--cfg check_not_sync`, below): sharing one `PageStats` between two threads must be
// REJECTED, because your unsynchronised `+= 1` would race. With UnsafeCell you get that for free.
// Do not change the method signatures, the check or the tests.

use std::marker::PhantomData;

pub struct PageStats {
    views: u64,
    _one_thread: PhantomData<*const ()>,
}

impl PageStats {
    pub fn new() -> Self {
        PageStats { views: 0, _one_thread: PhantomData }
    }

    pub fn record_view(&self) {
        let counter = &raw const self.views as *mut u64;
        // SAFETY: (wrong) PageStats is !Sync, so only this thread writes.
        unsafe { *counter += 1 };
    }

    pub fn views(&self) -> u64 {
        self.views
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
