//! `std::sync::atomic`, or under loom its modelled atomics, recording every access with its ordering and values.
//!
//! Each operation is recorded after loom performed it: loom may switch threads only when an operation begins, so the
//! record's order is the order in which the accesses took effect, and for each location the stores appear in the
//! order loom appended them to its modification order. That is what lets the tutor tell a stale load (one that
//! returned an older store's value) from a fresh one.
//!
//! Not under loom (no equivalent there): `get_mut`, `as_ptr`, `from_ptr`, `compiler_fence`, and `const` construction
//! (loom's atomics are registered with the running model, so a `static` atomic cannot be modelled).

#[cfg(not(loom))]
pub use std::sync::atomic::{
    AtomicBool, AtomicI8, AtomicI16, AtomicI32, AtomicI64, AtomicIsize, AtomicPtr, AtomicU8, AtomicU16, AtomicU32,
    AtomicU64, AtomicUsize, Ordering, fence,
};

#[cfg(loom)]
pub use std::sync::atomic::Ordering;

#[cfg(loom)]
pub use self::modelled::{
    AtomicBool, AtomicI8, AtomicI16, AtomicI32, AtomicI64, AtomicIsize, AtomicPtr, AtomicU8, AtomicU16, AtomicU32,
    AtomicU64, AtomicUsize, fence,
};

#[cfg(loom)]
mod modelled {
    use std::fmt;
    use std::panic::Location;
    use std::sync::atomic::Ordering;

    use crate::record::{self, At, ObjId};

    /// A memory fence, as `std::sync::atomic::fence`, modelled by loom.
    #[track_caller]
    pub fn fence(order: Ordering) {
        loom::sync::atomic::fence(order);
        if record::on() {
            record::op("fence", 0, Location::caller()).order("order", order).push();
        }
    }

    /// Records a compare-exchange: what it expected, what it would have stored, and what it found.
    fn cas<V: fmt::Debug>(
        id: ObjId,
        name: &'static str,
        at: At,
        current: V,
        new: V,
        result: Result<V, V>,
        [success, failure]: [Ordering; 2],
    ) {
        let ok = result.is_ok();
        let (Ok(seen) | Err(seen)) = result;
        record::op("cas", id, at)
            .text("name", name)
            .debug("expect", current)
            .debug("to", new)
            .flag("ok", ok)
            .debug("val", seen)
            .order("order", success)
            .order("order2", failure)
            .push();
    }

    /// Records a read-modify-write: its argument, the value it read and the value it stored.
    fn rmw<V: fmt::Debug>(id: ObjId, name: &'static str, at: At, [arg, old, new]: [V; 3], order: Ordering) {
        record::op("rmw", id, at)
            .text("name", name)
            .debug("arg", arg)
            .debug("from", old)
            .debug("to", new)
            .order("order", order)
            .push();
    }

    /// The methods every atomic has, whatever its value type.
    macro_rules! atomic {
        ([$($generics:tt)*] $name:ident<$($param:ident)?>, $value:ty, $loom:ty) => {
            #[doc = concat!("`std::sync::atomic::", stringify!($name), "`, modelled by loom.")]
            pub struct $name<$($param)?> {
                id: ObjId,
                inner: $loom,
            }

            impl<$($generics)*> $name<$($param)?> {
                #[track_caller]
                pub fn new(value: $value) -> Self {
                    let id = record::object(stringify!($name), Location::caller(), Some(&value as &dyn fmt::Debug));
                    Self { id, inner: <$loom>::new(value) }
                }

                #[track_caller]
                pub fn load(&self, order: Ordering) -> $value {
                    let value = self.inner.load(order);
                    if record::on() {
                        record::op("load", self.id, Location::caller()).order("order", order).debug("val", value).push();
                    }
                    value
                }

                #[track_caller]
                pub fn store(&self, value: $value, order: Ordering) {
                    self.inner.store(value, order);
                    if record::on() {
                        record::op("store", self.id, Location::caller()).order("order", order).debug("val", value).push();
                    }
                }

                #[track_caller]
                pub fn swap(&self, value: $value, order: Ordering) -> $value {
                    let old = self.inner.swap(value, order);
                    if record::on() {
                        record::op("swap", self.id, Location::caller())
                            .order("order", order)
                            .debug("from", old)
                            .debug("to", value)
                            .push();
                    }
                    old
                }

                #[track_caller]
                pub fn compare_exchange(
                    &self,
                    current: $value,
                    new: $value,
                    success: Ordering,
                    failure: Ordering,
                ) -> Result<$value, $value> {
                    let result = self.inner.compare_exchange(current, new, success, failure);
                    if record::on() {
                        cas(self.id, "compare_exchange", Location::caller(), current, new, result, [success, failure]);
                    }
                    result
                }

                #[track_caller]
                pub fn compare_exchange_weak(
                    &self,
                    current: $value,
                    new: $value,
                    success: Ordering,
                    failure: Ordering,
                ) -> Result<$value, $value> {
                    let result = self.inner.compare_exchange_weak(current, new, success, failure);
                    if record::on() {
                        cas(self.id, "compare_exchange_weak", Location::caller(), current, new, result, [success, failure]);
                    }
                    result
                }

                #[track_caller]
                pub fn fetch_update<F>(
                    &self,
                    set_order: Ordering,
                    fetch_order: Ordering,
                    mut f: F,
                ) -> Result<$value, $value>
                where
                    F: FnMut($value) -> Option<$value>,
                {
                    if !record::on() {
                        return self.inner.fetch_update(set_order, fetch_order, f);
                    }
                    let mut proposed = None;
                    // loom calls `f` while it holds its own state (see `record::in_loom_callback`).
                    let result = self.inner.fetch_update(set_order, fetch_order, |old| {
                        proposed = record::in_loom_callback(|| f(old));
                        proposed
                    });
                    let (Ok(old) | Err(old)) = result;
                    let event = record::op("update", self.id, Location::caller())
                        .flag("ok", result.is_ok())
                        .debug("from", old)
                        .order("order", set_order)
                        .order("order2", fetch_order);
                    match proposed {
                        Some(new) => event.debug("to", new),
                        None => event,
                    }
                    .push();
                    result
                }

                #[track_caller]
                pub fn try_update(
                    &self,
                    set_order: Ordering,
                    fetch_order: Ordering,
                    f: impl FnMut($value) -> Option<$value>,
                ) -> Result<$value, $value> {
                    self.fetch_update(set_order, fetch_order, f)
                }

                #[track_caller]
                pub fn update(
                    &self,
                    set_order: Ordering,
                    fetch_order: Ordering,
                    mut f: impl FnMut($value) -> $value,
                ) -> $value {
                    let (Ok(old) | Err(old)) = self.fetch_update(set_order, fetch_order, |old| Some(f(old)));
                    old
                }

                /// The value, by ownership: no other thread can reach it, so nothing is recorded.
                #[track_caller]
                pub fn into_inner(self) -> $value {
                    self.inner.into_inner()
                }

            }

            impl<$($generics)*> fmt::Debug for $name<$($param)?> {
                /// The value, read Relaxed like std's `Debug` does (and not recorded).
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    fmt::Debug::fmt(&self.inner.load(Ordering::Relaxed), f)
                }
            }
        };
    }

    /// Read-modify-write methods: loom's result is the old value; the new one is worked out the way the hardware
    /// does it, for the record.
    macro_rules! read_modify_write {
        ($name:ident, $value:ty, $($method:ident => $combine:expr),* $(,)?) => {
            impl $name {
                $(
                    #[track_caller]
                    pub fn $method(&self, value: $value, order: Ordering) -> $value {
                        let old = self.inner.$method(value, order);
                        if record::on() {
                            let combine: fn($value, $value) -> $value = $combine;
                            rmw(self.id, stringify!($method), Location::caller(), [value, old, combine(old, value)], order);
                        }
                        old
                    }
                )*
            }
        };
    }

    macro_rules! integer {
        ($($name:ident($int:ty)),* $(,)?) => {$(
            atomic!([] $name<>, $int, loom::sync::atomic::$name);
            read_modify_write!($name, $int,
                fetch_add => |old, arg| old.wrapping_add(arg),
                fetch_sub => |old, arg| old.wrapping_sub(arg),
                fetch_and => |old, arg| old & arg,
                fetch_nand => |old, arg| !(old & arg),
                fetch_or => |old, arg| old | arg,
                fetch_xor => |old, arg| old ^ arg,
                fetch_max => |old, arg| old.max(arg),
                fetch_min => |old, arg| old.min(arg),
            );
            impl Default for $name {
                #[track_caller]
                fn default() -> $name {
                    $name::new(0)
                }
            }
            impl From<$int> for $name {
                #[track_caller]
                fn from(value: $int) -> $name {
                    $name::new(value)
                }
            }
        )*};
    }

    integer!(
        AtomicU8(u8),
        AtomicU16(u16),
        AtomicU32(u32),
        AtomicU64(u64),
        AtomicUsize(usize),
        AtomicI8(i8),
        AtomicI16(i16),
        AtomicI32(i32),
        AtomicI64(i64),
        AtomicIsize(isize),
    );

    atomic!([] AtomicBool<>, bool, loom::sync::atomic::AtomicBool);
    read_modify_write!(AtomicBool, bool,
        fetch_and => |old, arg| old & arg,
        fetch_nand => |old, arg| !(old & arg),
        fetch_or => |old, arg| old | arg,
        fetch_xor => |old, arg| old ^ arg,
    );

    impl AtomicBool {
        /// Flips the value; loom has no `fetch_not`, and `fetch_xor(true)` is the same operation.
        #[track_caller]
        pub fn fetch_not(&self, order: Ordering) -> bool {
            let old = self.inner.fetch_xor(true, order);
            if record::on() {
                rmw(self.id, "fetch_not", Location::caller(), [true, old, !old], order);
            }
            old
        }
    }

    impl Default for AtomicBool {
        #[track_caller]
        fn default() -> AtomicBool {
            AtomicBool::new(false)
        }
    }

    impl From<bool> for AtomicBool {
        #[track_caller]
        fn from(value: bool) -> AtomicBool {
            AtomicBool::new(value)
        }
    }

    atomic!([T] AtomicPtr<T>, *mut T, loom::sync::atomic::AtomicPtr<T>);

    impl<T> Default for AtomicPtr<T> {
        #[track_caller]
        fn default() -> AtomicPtr<T> {
            AtomicPtr::new(std::ptr::null_mut())
        }
    }

    impl<T> From<*mut T> for AtomicPtr<T> {
        #[track_caller]
        fn from(value: *mut T) -> AtomicPtr<T> {
            AtomicPtr::new(value)
        }
    }
}
