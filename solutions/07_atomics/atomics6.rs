// atomics6: a spin lock for the print-shop page counter (solution)
//
// A lock is only a lock if "see that it is free" and "mark it taken" are one
// indivisible step. With a load followed by a store, two threads can both see
// `false` and both store `true`, and then both are inside. Making the load
// Acquire or SeqCst does not change that; only a read-modify-write can.
//
// `compare_exchange(false, true, ..)` is that step: exactly one thread can
// turn `false` into `true`; everyone else gets `Err(true)` and keeps spinning.
// A failed compare_exchange writes nothing. (A `swap(true, Acquire)` loop is
// also a correct lock, but every failed swap is another write, and loom
// cannot finish exploring such a loop: it stops with "Model exceeded maximum
// number of branches". That is why this exercise asks for compare_exchange.)
//
// The orderings make the protected data visible across threads: `unlock`'s
// Release store "publishes" the holder's writes, and the next successful
// Acquire exchange that reads that `false` "receives" them. With Relaxed on
// either side, two threads could hold the lock one after the other and still
// not see each other's writes; loom reports that as a causality violation.
// ("Rust Atomics and Locks", chapter 4, "Building Our Own Spin Lock".)
//
// `hint::spin_loop` tells the CPU (and loom) that we are busy-waiting.
// `compare_exchange_weak` would also do here, since we retry anyway.

#[cfg(loom)]
use loom::{
    cell::UnsafeCell,
    hint,
    sync::atomic::{AtomicBool, Ordering},
};
#[cfg(not(loom))]
use std::{
    hint,
    sync::atomic::{AtomicBool, Ordering},
};

// A small stand-in that gives std's UnsafeCell loom's `with_mut` API, so the
// same code builds both ways. Not part of the exercise.
#[cfg(not(loom))]
struct UnsafeCell<T>(std::cell::UnsafeCell<T>);
#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    fn new(value: T) -> Self {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }
    fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

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
        let result = self.value.with_mut(|ptr| f(unsafe { &mut *ptr }));
        self.unlock();
        result
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::{sync::Arc, thread};

    #[test]
    fn four_printers_count_every_page() {
        let pages = Arc::new(SpinLock::new(0u64));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let p = Arc::clone(&pages);
                thread::spawn(move || (0..5000).for_each(|_| p.with_lock(|n| *n += 1)))
            })
            .collect();
        handles.into_iter().for_each(|h| h.join().unwrap());
        assert_eq!(pages.with_lock(|n| *n), 20_000);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::{sync::Arc, thread};

    #[test]
    fn only_one_printer_inside_at_a_time() {
        loom::model(|| {
            let pages = Arc::new(SpinLock::new(0u64));
            let p = Arc::clone(&pages);
            let other = thread::spawn(move || p.with_lock(|n| *n += 1));
            pages.with_lock(|n| *n += 1);
            other.join().unwrap();
            assert_eq!(pages.with_lock(|n| *n), 2);
        });
    }
}
