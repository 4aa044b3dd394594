//! `UnsafeCell` with loom's API in both builds: access goes through `with(|ptr| ...)` (shared) and
//! `with_mut(|ptr| ...)` (exclusive) instead of `get()`, so that loom can check every access for a data race and the
//! exercise code is the same in both builds.
//!
//! Under loom every access is recorded before loom checks it (`cell_read` or `cell_write`), so that the access loom
//! reports as racing is in the record; when the cell holds a primitive, the value found (and for `with_mut` the value
//! left) is added once the closure has run.

/// A cell whose content may be mutated through a shared reference, as `std::cell::UnsafeCell`, but accessed only
/// inside `with` and `with_mut`. Like std's, it is not `Sync`.
#[cfg(not(loom))]
#[derive(Debug, Default)]
pub struct UnsafeCell<T: ?Sized>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    pub const fn new(value: T) -> UnsafeCell<T> {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }

    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

#[cfg(not(loom))]
impl<T: ?Sized> UnsafeCell<T> {
    /// Calls `f` with a pointer for reading the content.
    #[inline]
    pub fn with<F, R>(&self, f: F) -> R
    where
        F: FnOnce(*const T) -> R,
    {
        f(self.0.get())
    }

    /// Calls `f` with a pointer for writing the content.
    #[inline]
    pub fn with_mut<F, R>(&self, f: F) -> R
    where
        F: FnOnce(*mut T) -> R,
    {
        f(self.0.get())
    }

    /// The content, through exclusive access.
    pub fn get_mut(&mut self) -> &mut T {
        self.0.get_mut()
    }
}

#[cfg(not(loom))]
impl<T> From<T> for UnsafeCell<T> {
    fn from(value: T) -> UnsafeCell<T> {
        UnsafeCell::new(value)
    }
}

#[cfg(loom)]
pub use self::modelled::UnsafeCell;

#[cfg(loom)]
mod modelled {
    use std::panic::Location;

    use crate::peek::peek_ptr;
    use crate::record::{self, ObjId, Value};

    /// A cell whose content may be mutated through a shared reference, modelled by loom: concurrent accesses that
    /// nothing orders are reported as a data race. Like std's, it is not `Sync`.
    #[derive(Debug)]
    pub struct UnsafeCell<T: ?Sized> {
        id: ObjId,
        inner: loom::cell::UnsafeCell<T>,
    }

    impl<T> UnsafeCell<T> {
        #[track_caller]
        pub fn new(value: T) -> UnsafeCell<T> {
            UnsafeCell {
                id: record::object("UnsafeCell", Location::caller(), None),
                inner: loom::cell::UnsafeCell::new(value),
            }
        }

        pub fn into_inner(self) -> T {
            self.inner.into_inner()
        }
    }

    impl<T: ?Sized> UnsafeCell<T> {
        /// Calls `f` with a pointer for reading the content.
        #[track_caller]
        pub fn with<F, R>(&self, f: F) -> R
        where
            F: FnOnce(*const T) -> R,
        {
            if !record::on() {
                return self.inner.with(f);
            }
            let seq = record::op("cell_read", self.id, Location::caller()).push();
            self.inner.with(|ptr| {
                // SAFETY: loom has checked this read, and the cell holds an initialised `T`.
                if let Some(value) = unsafe { peek_ptr(ptr) } {
                    record::amend(seq, "val", Value::Text(value));
                }
                f(ptr)
            })
        }

        /// Calls `f` with a pointer for writing the content.
        #[track_caller]
        pub fn with_mut<F, R>(&self, f: F) -> R
        where
            F: FnOnce(*mut T) -> R,
        {
            if !record::on() {
                return self.inner.with_mut(f);
            }
            let seq = record::op("cell_write", self.id, Location::caller()).push();
            self.inner.with_mut(|ptr| {
                // SAFETY: loom has checked this access (exclusive), and the cell holds an initialised `T` before and
                // after the learner's closure (which may only replace it by another `T`).
                if let Some(value) = unsafe { peek_ptr(ptr) } {
                    record::amend(seq, "from", Value::Text(value));
                }
                let result = f(ptr);
                if let Some(value) = unsafe { peek_ptr(ptr) } {
                    record::amend(seq, "to", Value::Text(value));
                }
                result
            })
        }

        /// The content, through exclusive access: `&mut self` rules out any other access while the borrow lives,
        /// so loom checks it as one write.
        #[track_caller]
        pub fn get_mut(&mut self) -> &mut T {
            // SAFETY: the pointer is valid for the cell's lifetime, and `&mut self` makes this the only access for as
            // long as the returned borrow lives.
            self.inner.with_mut(|ptr| unsafe { &mut *ptr })
        }
    }

    impl<T: Default> Default for UnsafeCell<T> {
        #[track_caller]
        fn default() -> UnsafeCell<T> {
            UnsafeCell::new(T::default())
        }
    }

    impl<T> From<T> for UnsafeCell<T> {
        #[track_caller]
        fn from(value: T) -> UnsafeCell<T> {
            UnsafeCell::new(value)
        }
    }
}
