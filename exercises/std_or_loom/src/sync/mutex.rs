//! `Mutex` under loom: loom's modelled lock, recording each lock, its release, and the value the holder saw.
//!
//! A `lock` is recorded twice, when it is asked for (`lock_wait`) and when it is held (`lock`): loom may run other
//! threads in between, and a thread whose last event is a `lock_wait` is the one that waits in a deadlock.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};

use crate::peek::peek;
use crate::record::{self, At, ObjId};

/// A mutual exclusion lock, as `std::sync::Mutex`, modelled by loom.
pub struct Mutex<T: ?Sized> {
    id: ObjId,
    inner: loom::sync::Mutex<T>,
}

/// The proof of holding a [`Mutex`]; the lock is released when it is dropped.
#[must_use = "if unused the Mutex will immediately unlock"]
pub struct MutexGuard<'a, T: ?Sized + 'a> {
    id: ObjId,
    /// Always `Some` except while a `Condvar` wait has taken the guard out (see [`MutexGuard::into_parts`]).
    inner: Option<loom::sync::MutexGuard<'a, T>>,
}

impl<T> Mutex<T> {
    #[track_caller]
    pub fn new(value: T) -> Mutex<T> {
        Mutex { id: record::object("Mutex", Location::caller(), None), inner: loom::sync::Mutex::new(value) }
    }
}

impl<T: ?Sized> Mutex<T> {
    #[track_caller]
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        let at = Location::caller();
        if record::on() {
            record::op("lock_wait", self.id, at).push();
        }
        match self.inner.lock() {
            Ok(inner) => Ok(self.held("lock", at, inner)),
            Err(poisoned) => Err(PoisonError::new(self.held("lock", at, poisoned.into_inner()))),
        }
    }

    #[track_caller]
    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        let at = Location::caller();
        match self.inner.try_lock() {
            Ok(inner) => Ok(self.held("try_lock", at, inner)),
            Err(TryLockError::Poisoned(poisoned)) => {
                Err(TryLockError::Poisoned(PoisonError::new(self.held("try_lock", at, poisoned.into_inner()))))
            }
            Err(TryLockError::WouldBlock) => {
                if record::on() {
                    record::op("try_lock", self.id, at).flag("ok", false).push();
                }
                Err(TryLockError::WouldBlock)
            }
        }
    }

    fn held<'a>(&'a self, op: &'static str, at: At, inner: loom::sync::MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        if record::on() {
            record::op(op, self.id, at).flag("ok", true).maybe("val", peek(&*inner)).push();
        }
        MutexGuard { id: self.id, inner: Some(inner) }
    }

    /// The value, through exclusive access: no other thread can hold the lock, so nothing is modelled or recorded.
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }

    pub fn into_inner(self) -> LockResult<T>
    where
        T: Sized,
    {
        self.inner.into_inner()
    }
}

impl<'a, T: ?Sized> MutexGuard<'a, T> {
    /// Takes loom's guard out without recording an unlock: a `Condvar` wait releases the lock itself, and records it.
    pub(crate) fn into_parts(mut self) -> (ObjId, loom::sync::MutexGuard<'a, T>) {
        let inner = self.inner.take().expect("a guard holds its lock until dropped");
        (self.id, inner)
    }

    pub(crate) fn from_parts(id: ObjId, inner: loom::sync::MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        MutexGuard { id, inner: Some(inner) }
    }
}

impl<T: ?Sized> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.inner.as_deref().expect("a guard holds its lock until dropped")
    }
}

impl<T: ?Sized> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.inner.as_deref_mut().expect("a guard holds its lock until dropped")
    }
}

impl<T: ?Sized> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            if record::on() {
                record::op_in_drop("unlock", self.id).maybe("val", peek(&*inner)).push();
            }
            drop(inner);
        }
    }
}

impl<T: Default> Default for Mutex<T> {
    #[track_caller]
    fn default() -> Mutex<T> {
        Mutex::new(T::default())
    }
}

impl<T> From<T> for Mutex<T> {
    #[track_caller]
    fn from(value: T) -> Mutex<T> {
        Mutex::new(value)
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Mutex<T> {
    /// Does not look inside: std's `Debug` tries the lock, which under loom would be one more scheduling point.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mutex").finish_non_exhaustive()
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}
