// atomics6: a spin lock for the print-shop page counter (solution)
//
// "Wait until free, then set" is check-then-act again: two threads can both
// see `false` and both store `true`. `compare_exchange(false, true, ..)` makes
// the check and the set one atomic step that succeeds for exactly one thread;
// every other thread's exchange fails, writes nothing, and it spins.
// (`while self.locked.swap(true, Ordering::Acquire) { hint::spin_loop(); }`
// is the other classic: a swap that returns `false` means we took the lock.
// It is correct too, but every failed swap is a write, which loom cannot
// finish exploring, so this exercise asks for compare_exchange.)
//
// Orderings: the successful exchange is Acquire and `unlock` stores Release.
// The previous holder's writes to the value happen before its Release store;
// our Acquire exchange reads that store, so they happen before our access.
// Without the pair (a Relaxed exchange, or a Relaxed unlock) the next holder
// could read a stale value, and loom reports the two accesses to the
// `UnsafeCell` as a data race. A failed attempt takes nothing, so its ordering
// can be Relaxed. (AcqRel or SeqCst would work too, only stronger.)
//
// `hint::spin_loop()` tells the CPU we are busy-waiting (it can save power or
// give the core's other hyper-thread a turn); under loom it lets the other
// threads run, which is what keeps the model from exploring endless spins.

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
        // Flip false -> true in one atomic step. If the flag was already true
        // the exchange fails, nothing is written, and we spin and retry.
        // Acquire on success pairs with the Release in `unlock`: whatever the
        // previous holder wrote to the value is visible to us now.
        // Relaxed on failure: a failed attempt takes nothing, so it needs no
        // synchronisation.
        while self.locked.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
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
