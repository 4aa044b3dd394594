//! What a lock or a cell holds, when it holds a primitive: the `7` in "lock `next_seat` (7)".
//!
//! The modelled types cannot ask for `T: Debug` (std's API has no such bound, and stable Rust has no specialization),
//! and `Any` needs `T: 'static`, which a `Mutex<T>` does not promise. `type_name` needs neither: a primitive's name is
//! its bare keyword, which no other type's name can be (every other type's name carries its path), so a match on the
//! name, checked against the size as well, identifies the type. Anything else is shown without its value.

use std::any::type_name;
use std::mem::{size_of, size_of_val};

pub(crate) fn peek<T: ?Sized>(value: &T) -> Option<String> {
    let name = type_name::<T>();
    macro_rules! as_primitive {
        ($($primitive:ty),*) => {$(
            if name == type_name::<$primitive>() && size_of_val(value) == size_of::<$primitive>() {
                // SAFETY: `T` is `$primitive` (see the module comment), so the pointer is a valid, aligned pointer to
                // an initialised `$primitive`, borrowed for this read.
                let copy = unsafe { *(value as *const T).cast::<$primitive>() };
                return Some(format!("{copy:?}"));
            }
        )*};
    }
    as_primitive!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, bool, char);
    None
}

/// [`peek`] through a raw pointer, for the pointers that `UnsafeCell::with`/`with_mut` hand out.
///
/// # Safety
/// `ptr` must be valid for reads and point to an initialised `T` (true inside loom's `with`/`with_mut`, where loom
/// has checked the access and the cell holds a value of its type).
pub(crate) unsafe fn peek_ptr<T: ?Sized>(ptr: *const T) -> Option<String> {
    // SAFETY: the caller's promise.
    peek(unsafe { &*ptr })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_primitives_only() {
        assert_eq!(peek(&7u32).as_deref(), Some("7"));
        assert_eq!(peek(&-3i64).as_deref(), Some("-3"));
        assert_eq!(peek(&true).as_deref(), Some("true"));
        assert_eq!(peek(&'x').as_deref(), Some("'x'"));
        assert_eq!(peek(&String::from("7")), None);
        assert_eq!(peek(&[1u32, 2][..]), None);
        #[allow(non_camel_case_types)]
        struct u32(#[allow(dead_code)] u8);
        assert_eq!(peek(&u32(7)), None, "a type named like a primitive is not one");
    }
}
