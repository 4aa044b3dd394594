// known wrong: Acquire on the failure path and Relaxed on success: the exchange that actually takes the lock synchronises with nothing
// atomics6: a spin lock for the print-shop page counter
//
// `SpinLock<T>` guards a value with one `AtomicBool`: `true` means "taken".
// `with_lock` takes the lock, runs the closure on the value, and releases it.
//
// `lock` below waits until the flag looks free and THEN sets it. Between the
// check and the set, another thread can see the same free flag, so both enter
// and touch the value at the same time. Loom reports that as two concurrent
// accesses to the `UnsafeCell`.
//
// Your job: fix `lock` so that "it was free, and now it is mine" happens as
// one atomic step, with `compare_exchange(false, true, ..)`: it succeeds for
// exactly one thread, and a failed attempt writes nothing. (A `swap(true, ..)`
// loop is the other classic spin lock, but it writes on every failed attempt
// and loom cannot finish exploring that, so it is not allowed here.) Keep
// calling `hint::spin_loop()` while you wait: it tells the processor (and
// loom) that this thread is only waiting for another one. Mind the orderings:
// the exchange that takes the lock must synchronise with the Release store in
// `unlock`, or the next holder may not see what the previous one wrote.
// The `SpinLock` struct stays as it is. Do not change the tests.

use std_or_loom::{
    cell::UnsafeCell,
    hint,
    sync::atomic::{AtomicBool, Ordering},
};

pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: `with_lock` hands out `&mut T` to one thread at a time, IF `lock`
// really lets only one thread in.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub fn new(value: T) -> Self {
        SpinLock { locked: AtomicBool::new(false), value: UnsafeCell::new(value) }
    }

    fn lock(&self) {
        while self.locked.compare_exchange(false, true, Ordering::Relaxed, Ordering::Acquire).is_err() {
            hint::spin_loop();
        }
    }

    fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }

    pub fn with_lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        self.lock();
        // SAFETY: between `lock` and `unlock` this thread is the only one
        // inside, so nobody else holds a reference to the value.
        let result = self.value.with_mut(|ptr| f(unsafe { &mut *ptr }));
        self.unlock();
        result
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn the_lock_can_be_taken_again_and_again() {
        let pages = SpinLock::new(String::new());
        for page in ["cover", "page 1", "page 2"] {
            pages.with_lock(|log| log.push_str(page));
        }
        assert_eq!(pages.with_lock(|log| log.clone()), "coverpage 1page 2");
    }

    #[test]
    fn four_printers_count_every_page() {
        let pages = SpinLock::new(0u64);
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| (0..5000).for_each(|_| pages.with_lock(|n| *n += 1)));
            }
        });
        assert_eq!(pages.with_lock(|n| *n), 20_000);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn only_one_printer_inside_at_a_time() {
        std_or_loom::model(|| {
            let pages = Arc::new(SpinLock::new(0u64));
            let p = Arc::clone(&pages);
            let other = thread::spawn(move || {
                p.with_lock(|n| *n += 1);
                p.with_lock(|n| *n += 1);
            });
            pages.with_lock(|n| *n += 1);
            other.join().unwrap();
            assert_eq!(pages.with_lock(|n| *n), 3, "a page was lost");
        });
    }
}
