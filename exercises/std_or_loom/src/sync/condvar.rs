//! `Condvar` under loom: loom's modelled condition variable, recording waits (which release the lock), wake-ups
//! (which take it again) and notifications.
//!
//! loom has no clock: `wait_timeout` waits for a notification like `wait` does and never reports a timeout, so a
//! model that relies on the timeout to make progress is reported as a deadlock.

use std::panic::Location;
use std::sync::{LockResult, PoisonError};
use std::time::Duration;

use crate::peek::peek;
use crate::record::{self, ObjId};
use crate::sync::MutexGuard;

/// A condition variable, as `std::sync::Condvar`, modelled by loom.
pub struct Condvar {
    id: ObjId,
    inner: loom::sync::Condvar,
}

/// Whether a timed wait ended by timing out; under loom it never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitTimeoutResult(bool);

impl WaitTimeoutResult {
    pub fn timed_out(&self) -> bool {
        self.0
    }
}

impl Condvar {
    #[track_caller]
    pub fn new() -> Condvar {
        Condvar { id: record::object("Condvar", Location::caller(), None), inner: loom::sync::Condvar::new() }
    }

    #[track_caller]
    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        let at = Location::caller();
        let (mutex, inner) = guard.into_parts();
        if record::on() {
            record::op("wait", self.id, at).num("mutex", mutex.into()).push();
        }
        let woken = |inner: loom::sync::MutexGuard<'a, T>| {
            if record::on() {
                record::op("woken", self.id, at).num("mutex", mutex.into()).maybe("val", peek(&*inner)).push();
            }
            MutexGuard::from_parts(mutex, inner)
        };
        match self.inner.wait(inner) {
            Ok(inner) => Ok(woken(inner)),
            Err(poisoned) => Err(PoisonError::new(woken(poisoned.into_inner()))),
        }
    }

    #[track_caller]
    pub fn wait_while<'a, T, F>(&self, mut guard: MutexGuard<'a, T>, mut condition: F) -> LockResult<MutexGuard<'a, T>>
    where
        F: FnMut(&mut T) -> bool,
    {
        while condition(&mut *guard) {
            guard = self.wait(guard)?;
        }
        Ok(guard)
    }

    #[track_caller]
    pub fn wait_timeout<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        _timeout: Duration,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        match self.wait(guard) {
            Ok(guard) => Ok((guard, WaitTimeoutResult(false))),
            Err(poisoned) => Err(PoisonError::new((poisoned.into_inner(), WaitTimeoutResult(false)))),
        }
    }

    #[track_caller]
    pub fn wait_timeout_while<'a, T, F>(
        &self,
        mut guard: MutexGuard<'a, T>,
        _timeout: Duration,
        mut condition: F,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)>
    where
        F: FnMut(&mut T) -> bool,
    {
        while condition(&mut *guard) {
            guard = match self.wait(guard) {
                Ok(guard) => guard,
                Err(poisoned) => return Err(PoisonError::new((poisoned.into_inner(), WaitTimeoutResult(false)))),
            };
        }
        Ok((guard, WaitTimeoutResult(false)))
    }

    #[track_caller]
    pub fn notify_one(&self) {
        self.inner.notify_one();
        // Recorded after the fact: loom may run other threads before the notification takes effect, and a wait that
        // starts in between is woken by it.
        if record::on() {
            record::op("notify_one", self.id, Location::caller()).push();
        }
    }

    #[track_caller]
    pub fn notify_all(&self) {
        self.inner.notify_all();
        // Recorded after the fact: loom may run other threads before the notification takes effect, and a wait that
        // starts in between is woken by it.
        if record::on() {
            record::op("notify_all", self.id, Location::caller()).push();
        }
    }
}

impl Default for Condvar {
    #[track_caller]
    fn default() -> Condvar {
        Condvar::new()
    }
}

impl std::fmt::Debug for Condvar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Condvar").finish_non_exhaustive()
    }
}
