// known wrong: checking the flag and then storing true (even with SeqCst) lets two threads into the lock together
#[cfg(loom)]
use loom::{cell::UnsafeCell, hint, sync::atomic::{AtomicBool, Ordering}};
#[cfg(not(loom))]
use std::{hint, sync::atomic::{AtomicBool, Ordering}};

// A small stand-in that gives std's UnsafeCell loom's `with_mut` API, so the
// same code builds both ways. Not part of the exercise.
#[cfg(not(loom))]
struct UnsafeCell<T>(std::cell::UnsafeCell<T>);
#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    fn new(value: T) -> Self { UnsafeCell(std::cell::UnsafeCell::new(value)) }
    fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R { f(self.0.get()) }
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
        // SeqCst everywhere still leaves a gap between the check and the set.
        while self.locked.load(Ordering::SeqCst) {
            hint::spin_loop();
        }
        self.locked.store(true, Ordering::SeqCst);
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
