// unsafe6: Sync, but for which T? (solution)
//
// What does sharing a `&SpinLock<T>` between threads let those threads do with the T inside? Each of them, one at a
// time, gets a `&mut T`, and with a `&mut T` you can do anything an owner can: clone it, `mem::replace` it, drop the
// old value. So a shared lock effectively passes the T from thread to thread. That is precisely what `Send` is about,
// which gives the rule (the same one std uses for `Mutex<T>`):
//
//     SpinLock<T>: Sync   exactly when   T: Send
//
// - `Rc<String>` is not Send (its count is not atomic), so `SpinLock<Rc<String>>` is not Sync: check_rc is rejected.
// - `MutexGuard` is Sync but not Send (it must unlock on the thread that locked), so `T: Sync` would be the wrong
//   bound: it would accept check_guard, and it would also refuse `SpinLock<Cell<u32>>`, the very case a lock is for.
//   A `Cell` is Send, and the lock ensures only one thread touches it at a time, so sharing the lock is fine.
// - We write no `Send` impl at all: the compiler derives `SpinLock<T>: Send` from the fields (`UnsafeCell<T>` is Send
//   when T is), which is exactly right, so check_send stays rejected. An extra `unsafe impl<T> Send` would break that.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: only one thread at a time gets access to `value` (see `with_lock`), and the Acquire/Release pair orders
// those accesses. What a thread can do with that `&mut T` amounts to moving the T to its own thread, so T: Send is
// required, and is also enough: T: Sync is not needed, since no two threads ever hold a reference to the T at once.
unsafe impl<T: Send> Sync for SpinLock<T> {}

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
