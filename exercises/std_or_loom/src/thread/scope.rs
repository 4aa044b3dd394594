//! Scoped threads under loom, which has none: `scope`, `Scope::spawn` and `ScopedJoinHandle::join` built on loom's
//! `spawn`, so that a learner's `thread::scope` answer is modelled like any other.
//!
//! loom's `spawn` wants a `'static` closure; a scoped thread borrows from the scope's caller. The closure's lifetime
//! is therefore erased, and the erasure is sound because no scoped thread can run after `scope` returns or unwinds:
//! every thread spawned in the scope is joined before `scope` returns, and also when the scope's closure panics (see
//! [`JoinRemaining`]).

use std::any::Any;
use std::marker::PhantomData;
use std::panic::Location;
use std::sync::{Arc, Mutex, PoisonError};

use super::modelled::{join, note_spawn};
use crate::dump;
use crate::record::{self, At};

/// The threads of a scope that nobody joined yet, by loom thread number. A std `Mutex` only to make `Scope` `Sync`:
/// loom runs the model on one OS thread, and no loom operation happens while it is held.
type Running = Mutex<Vec<(usize, loom::thread::JoinHandle<()>)>>;

/// A scope to spawn scoped threads in, as `std::thread::Scope`.
pub struct Scope<'scope, 'env: 'scope> {
    running: Running,
    // The same variance as std's `Scope`: invariant in both lifetimes.
    scope: PhantomData<&'scope mut &'scope ()>,
    env: PhantomData<&'env mut &'env ()>,
}

/// An owned permission to join a scoped thread, as `std::thread::ScopedJoinHandle`.
pub struct ScopedJoinHandle<'scope, T> {
    number: usize,
    thread: loom::thread::Thread,
    /// Where the thread leaves its result: loom's own handle can carry only `'static` results.
    result: Arc<Mutex<Option<T>>>,
    running: &'scope Running,
}

/// Creates a scope for spawning scoped threads, as `std::thread::scope`: every thread spawned in it is joined before
/// `scope` returns.
#[track_caller]
pub fn scope<'env, F, T>(f: F) -> T
where
    F: for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    let scope = Scope { running: Mutex::new(Vec::new()), scope: PhantomData, env: PhantomData };
    let remaining = JoinRemaining { running: &scope.running, at: Location::caller() };
    let result = f(&scope);
    drop(remaining);
    result
}

impl<'scope> Scope<'scope, '_> {
    /// Spawns a scoped thread, as `std::thread::Scope::spawn`.
    #[track_caller]
    pub fn spawn<F, T>(&'scope self, f: F) -> ScopedJoinHandle<'scope, T>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        let result = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&result);
        let body: Box<dyn FnOnce() + Send + 'scope> = Box::new(move || {
            let value = f();
            *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(value);
        });
        // SAFETY: only the lifetime bound changes (the layout of a boxed trait object does not depend on it). The
        // closure borrows for 'scope, and it runs on a thread that this scope joins before 'scope ends: by
        // `ScopedJoinHandle::join`, or by `JoinRemaining` when `scope` returns or unwinds.
        let body: Box<dyn FnOnce() + Send + 'static> = unsafe { std::mem::transmute(body) };
        let handle = loom::thread::spawn(body);
        let at = Location::caller();
        note_spawn(handle.thread(), at);
        let number = record::thread_number(handle.thread());
        let thread = handle.thread().clone();
        self.running.lock().unwrap_or_else(PoisonError::into_inner).push((number, handle));
        ScopedJoinHandle { number, thread, result, running: &self.running }
    }
}

impl<T> ScopedJoinHandle<'_, T> {
    /// Waits for the thread and returns its result, as `std::thread::ScopedJoinHandle::join`.
    #[track_caller]
    pub fn join(self) -> std::thread::Result<T> {
        if let Some(handle) = take(self.running, Some(self.number)) {
            join(handle, Location::caller())?;
        }
        // Under loom a panicking thread fails the whole model at once, so a joined thread always left its result.
        let value = self.result.lock().unwrap_or_else(PoisonError::into_inner).take();
        value.ok_or_else(|| Box::new("the scoped thread left no result") as Box<dyn Any + Send>)
    }

    pub fn thread(&self) -> &loom::thread::Thread {
        &self.thread
    }
}

/// Takes a thread's handle (or, for `None`, any remaining one) out of the scope's list.
fn take(running: &Running, number: Option<usize>) -> Option<loom::thread::JoinHandle<()>> {
    let mut running = running.lock().unwrap_or_else(PoisonError::into_inner);
    let index = match number {
        Some(number) => running.iter().position(|(n, _)| *n == number)?,
        None => running.len().checked_sub(1)?,
    };
    Some(running.remove(index).1)
}

/// Joins the threads nobody joined, when `scope` returns and when its closure panics (std does the same).
///
/// One case cannot join: loom's own deadlock report. Every thread of the execution is blocked then, loom cannot
/// schedule any of them again (it stops waking threads once it found a deadlock), and the report ends the execution.
/// So no scoped thread can ever run again, and returning without joining cannot let one touch what the scope
/// borrowed. Any other panic while joining (loom finding a deadlock among the remaining threads) happens during
/// unwinding and aborts the process, which is safe too.
struct JoinRemaining<'a> {
    running: &'a Running,
    at: At,
}

impl Drop for JoinRemaining<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() && dump::deadlock_reported() {
            return;
        }
        while let Some(handle) = take(self.running, None) {
            let _ = join(handle, self.at);
        }
    }
}
