//! `RwLock` under loom: loom's modelled reader-writer lock, recording like [`Mutex`](super::Mutex) does, with the
//! kind of access (`read_*` or `write_*`) in the operation's name.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};

use crate::peek::peek;
use crate::record::{self, At, ObjId};

/// A reader-writer lock, as `std::sync::RwLock`, modelled by loom.
pub struct RwLock<T: ?Sized> {
    id: ObjId,
    inner: loom::sync::RwLock<T>,
}

#[must_use = "if unused the RwLock will immediately unlock"]
pub struct RwLockReadGuard<'a, T: ?Sized + 'a> {
    id: ObjId,
    inner: Option<loom::sync::RwLockReadGuard<'a, T>>,
}

#[must_use = "if unused the RwLock will immediately unlock"]
pub struct RwLockWriteGuard<'a, T: ?Sized + 'a> {
    id: ObjId,
    inner: Option<loom::sync::RwLockWriteGuard<'a, T>>,
}

impl<T> RwLock<T> {
    #[track_caller]
    pub fn new(value: T) -> RwLock<T> {
        RwLock { id: record::object("RwLock", Location::caller(), None), inner: loom::sync::RwLock::new(value) }
    }
}

impl<T: ?Sized> RwLock<T> {
    #[track_caller]
    pub fn read(&self) -> LockResult<RwLockReadGuard<'_, T>> {
        let at = Location::caller();
        if record::on() {
            record::op("read_wait", self.id, at).push();
        }
        match self.inner.read() {
            Ok(inner) => Ok(self.reading("read", at, inner)),
            Err(poisoned) => Err(PoisonError::new(self.reading("read", at, poisoned.into_inner()))),
        }
    }

    #[track_caller]
    pub fn try_read(&self) -> TryLockResult<RwLockReadGuard<'_, T>> {
        let at = Location::caller();
        match self.inner.try_read() {
            Ok(inner) => Ok(self.reading("try_read", at, inner)),
            Err(TryLockError::Poisoned(poisoned)) => {
                Err(TryLockError::Poisoned(PoisonError::new(self.reading("try_read", at, poisoned.into_inner()))))
            }
            Err(TryLockError::WouldBlock) => {
                self.refused("try_read", at);
                Err(TryLockError::WouldBlock)
            }
        }
    }

    #[track_caller]
    pub fn write(&self) -> LockResult<RwLockWriteGuard<'_, T>> {
        let at = Location::caller();
        if record::on() {
            record::op("write_wait", self.id, at).push();
        }
        match self.inner.write() {
            Ok(inner) => Ok(self.writing("write", at, inner)),
            Err(poisoned) => Err(PoisonError::new(self.writing("write", at, poisoned.into_inner()))),
        }
    }

    #[track_caller]
    pub fn try_write(&self) -> TryLockResult<RwLockWriteGuard<'_, T>> {
        let at = Location::caller();
        match self.inner.try_write() {
            Ok(inner) => Ok(self.writing("try_write", at, inner)),
            Err(TryLockError::Poisoned(poisoned)) => {
                Err(TryLockError::Poisoned(PoisonError::new(self.writing("try_write", at, poisoned.into_inner()))))
            }
            Err(TryLockError::WouldBlock) => {
                self.refused("try_write", at);
                Err(TryLockError::WouldBlock)
            }
        }
    }

    fn reading<'a>(
        &'a self,
        op: &'static str,
        at: At,
        inner: loom::sync::RwLockReadGuard<'a, T>,
    ) -> RwLockReadGuard<'a, T> {
        if record::on() {
            record::op(op, self.id, at).flag("ok", true).maybe("val", peek(&*inner)).push();
        }
        RwLockReadGuard { id: self.id, inner: Some(inner) }
    }

    fn writing<'a>(
        &'a self,
        op: &'static str,
        at: At,
        inner: loom::sync::RwLockWriteGuard<'a, T>,
    ) -> RwLockWriteGuard<'a, T> {
        if record::on() {
            record::op(op, self.id, at).flag("ok", true).maybe("val", peek(&*inner)).push();
        }
        RwLockWriteGuard { id: self.id, inner: Some(inner) }
    }

    fn refused(&self, op: &'static str, at: At) {
        if record::on() {
            record::op(op, self.id, at).flag("ok", false).push();
        }
    }

    /// The value, through exclusive access: nothing to model or record.
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

impl<T: ?Sized> Deref for RwLockReadGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.inner.as_deref().expect("a guard holds its lock until dropped")
    }
}

impl<T: ?Sized> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.inner.as_deref().expect("a guard holds its lock until dropped")
    }
}

impl<T: ?Sized> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.inner.as_deref_mut().expect("a guard holds its lock until dropped")
    }
}

impl<T: ?Sized> Drop for RwLockReadGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            if record::on() {
                record::op_in_drop("read_unlock", self.id).maybe("val", peek(&*inner)).push();
            }
            drop(inner);
        }
    }
}

impl<T: ?Sized> Drop for RwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            if record::on() {
                record::op_in_drop("write_unlock", self.id).maybe("val", peek(&*inner)).push();
            }
            drop(inner);
        }
    }
}

impl<T: Default> Default for RwLock<T> {
    #[track_caller]
    fn default() -> RwLock<T> {
        RwLock::new(T::default())
    }
}

impl<T> From<T> for RwLock<T> {
    #[track_caller]
    fn from(value: T) -> RwLock<T> {
        RwLock::new(value)
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLock<T> {
    /// Does not look inside, for the same reason as `Mutex`'s `Debug`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RwLock").finish_non_exhaustive()
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLockReadGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RwLockWriteGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
