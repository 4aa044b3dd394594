// known wrong: UnsafeCell is used correctly, but `unsafe impl Sync` lets two threads run the unsynchronised `+= 1` at once (a data race); the check_not_sync compile check must reject it
//
// unsafe2: UnsafeCell is the only door (a careless "fix" that also silences a compiler complaint that was right)

use std::cell::UnsafeCell;

pub struct PageStats {
    views: UnsafeCell<u64>,
}

// "Components might run on other threads later, so let's make it Sync." This promise is false: record_view does a
// plain read-modify-write with no lock and no atomic.
// SAFETY: (wrong) the components never really count at the same time.
unsafe impl Sync for PageStats {}

impl PageStats {
    pub fn new() -> Self {
        PageStats { views: UnsafeCell::new(0) }
    }

    pub fn record_view(&self) {
        // SAFETY: (wrong) we assume that every caller is on one thread and none is running concurrently; no
        // reference into the cell exists (we never return one), so this read-modify-write through the pointer from
        // `get()` does not conflict with any other access.
        unsafe {
            *self.views.get() += 1;
        }
    }

    pub fn views(&self) -> u64 {
        // SAFETY: (wrong) same argument as in `record_view`: single thread, no `&mut` into the cell can be alive, so a
        // plain read through the pointer is fine. We copy the value out instead of returning a reference.
        unsafe { *self.views.get() }
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
