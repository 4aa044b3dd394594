// known wrong: `T: Sync` is the bound a reader might expect for Sync, but it lets a SpinLock<MutexGuard> be shared (a guard could be unlocked on another thread) and refuses the Cell the test needs
// unsafe6: Sync, but for which T?
//
// This is the spin lock from the atomics chapter, with correct locking, but its `unsafe impl Sync` line has lost its
// bound. It now promises "a SpinLock<T> may be shared between threads for EVERY T". Then two threads can each
// clone an `Rc` out of a shared `SpinLock<Rc<String>>` and drop their copies outside the lock: a race on the
// non-atomic reference count, written entirely in safe code.
//
// Compile checks below (`--cfg check_rc`, `--cfg check_guard`, `--cfg check_send`) try to share or send locks that
// hold such values, and the tutor requires all of them to be REJECTED. The ordinary test requires that a lock
// holding a `Cell` (not Sync, but Send) can still be shared. Find the bound that makes all of this true, and fix the
// `unsafe impl` line (the lock itself is correct: leave `new` and `with_lock` as they are). Every `unsafe impl` and
// `unsafe` block needs a `// SAFETY:` comment (Clippy checks).

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: only one thread at a time gets access to `value` (see `with_lock`).
unsafe impl<T: Sync> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub const fn new(value: T) -> Self {
        SpinLock { locked: AtomicBool::new(false), value: UnsafeCell::new(value) }
    }

    /// Runs `f` with exclusive access to the value.
    pub fn with_lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        while self.locked.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            std::hint::spin_loop();
        }
        // SAFETY: we set `locked` from false to true, so no other `with_lock` call is running; the Acquire above
        // pairs with the Release below, so we see every write the previous holder made. The `&mut T` lives only
        // while `f` runs. (If `f` panics the lock stays locked for good: a deadlock, but not unsound.)
        let result = f(unsafe { &mut *self.value.get() });
        self.locked.store(false, Ordering::Release);
        result
    }
}

#[cfg(check_rc)]
fn share_an_rc(lock: &SpinLock<std::rc::Rc<String>>) {
    std::thread::scope(|s| {
        // Each thread takes its own copy of the Rc and later drops it OUTSIDE the lock: a race on the count.
        s.spawn(|| println!("{}", lock.with_lock(|rc| std::rc::Rc::clone(rc))));
        println!("{}", lock.with_lock(|rc| std::rc::Rc::clone(rc)));
    });
}

#[cfg(check_send)]
fn move_an_rc_away(lock: SpinLock<std::rc::Rc<String>>) {
    // A SpinLock<T> owns its T, so moving the lock moves the T: that needs T: Send, and Rc isn't.
    std::thread::spawn(move || lock.with_lock(|rc| rc.len()));
}

#[cfg(check_guard)]
fn share_a_mutex_guard(lock: &SpinLock<std::sync::MutexGuard<'static, u32>>) {
    // A MutexGuard is Sync but not Send: it must be dropped (= unlock) on the thread that locked.
    std::thread::scope(|s| {
        s.spawn(|| lock.with_lock(|guard| **guard += 1));
    });
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_lock_makes_a_cell_shareable() {
        let tally = SpinLock::new(Cell::new(0u32));
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| (0..1000).for_each(|_| tally.with_lock(|c| c.set(c.get() + 1))));
            }
        });
        assert_eq!(tally.with_lock(|c| c.get()), 3000);
    }
}
