// known wrong: `T: Send + Sync` is too strict: a parcel of Cells may move, it is never shared
// sendsync6: a hand-made parcel
//
// `Parcel<T>` owns one `T` on the heap, like a tiny `Box`, but keeps it behind
// a raw pointer (imagine the pointer is later handed to foreign code). The raw
// pointer makes every `Parcel<T>` non-`Send`, so a courier thread cannot carry
// a `Parcel<String>`, and `deliver` does not compile.
//
// Your job: write the `unsafe impl` that makes `Parcel<T>` Send, with the
// RIGHT bound on `T`. Think about what a parcel really contains: when is it
// safe to move a `Parcel<T>` to another thread? Add a `// SAFETY:` comment.
//
// These hold you to the right answer:
// - the `#[cfg(check_rc_parcel_stays)]` block sends a `Parcel<Rc<u8>>` to a
//   thread; the tutor expects that build to FAIL with E0277;
// - the tests need parcels of `Cell`s, of borrowed values and of a plain
//   struct with no traits at all to be Send;
// - the `#[cfg(check_cell_parcel_not_shared)]` block asks whether a
//   `Parcel<Cell<u8>>` may be shared between threads, and the tutor expects
//   that build to FAIL too: `peek` hands out `&T`, so a `Sync` promise (you
//   do not need one) would have to be bounded by `T: Sync`.
// Do not change them, and keep `Parcel`, its methods and `deliver` as they
// are. Clippy checks that your `unsafe impl` has its `// SAFETY:` comment
// right above it.

use std::thread;

pub struct Parcel<T> {
    contents: *mut T,
}

impl<T> Parcel<T> {
    pub fn wrap(value: T) -> Parcel<T> {
        Parcel { contents: Box::into_raw(Box::new(value)) }
    }
    pub fn peek(&self) -> &T {
        // SAFETY: the pointer is valid and owned by us until drop.
        unsafe { &*self.contents }
    }
}

// SAFETY: a Parcel owns its T alone; sending it sends the T and nothing else.
unsafe impl<T: Send + Sync> Send for Parcel<T> {}

impl<T> Drop for Parcel<T> {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `Box::into_raw` and is freed only here.
        drop(unsafe { Box::from_raw(self.contents) });
    }
}

/// A courier thread carries the parcel and reports what was inside.
pub fn deliver<T: std::fmt::Debug + Send + 'static>(parcel: Parcel<T>) -> String {
    thread::spawn(move || format!("delivered {:?}", parcel.peek())).join().unwrap()
}

// Must NOT compile: an Rc's count would be changed from two threads.
#[cfg(check_rc_parcel_stays)]
fn rc_parcel_stays() {
    let shared = std::rc::Rc::new(5u8);
    let parcel = Parcel::wrap(std::rc::Rc::clone(&shared));
    thread::spawn(move || drop(parcel));
}

// Must NOT compile: two threads could `peek` at the same Cell.
#[cfg(check_cell_parcel_not_shared)]
fn cell_parcel_is_not_sync() {
    fn assert_sync<T: Sync>() {}
    assert_sync::<Parcel<std::cell::Cell<u8>>>();
}

fn main() {
    println!("{}", deliver(Parcel::wrap(String::from("books"))));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn assert_send<T: Send>() {}

    #[test]
    fn a_string_travels() {
        assert_eq!(deliver(Parcel::wrap(String::from("tea"))), "delivered \"tea\"");
    }

    #[test]
    fn a_vector_travels() {
        assert_eq!(deliver(Parcel::wrap(vec![1, 2])), "delivered [1, 2]");
    }

    #[test]
    fn parcels_of_cells_travel() {
        assert_send::<Parcel<Cell<u32>>>();
        assert_eq!(deliver(Parcel::wrap(Cell::new(9))), "delivered Cell { value: 9 }");
    }

    /// Neither `Clone`, `Copy`, `Debug`, `Default` nor anything else: just `Send`.
    struct Ticket(u32);

    fn lent_parcels_travel<'a>(contents: &'a str) -> Parcel<&'a str> {
        assert_send::<Parcel<&'a str>>();
        Parcel::wrap(contents)
    }

    #[test]
    fn parcels_of_anything_that_may_move_travel() {
        assert_send::<Parcel<Ticket>>();
        let ticket = Parcel::wrap(Ticket(7));
        assert_eq!(std::thread::spawn(move || ticket.peek().0).join().unwrap(), 7);
        let note = String::from("back soon");
        let parcel = lent_parcels_travel(&note);
        let length = std::thread::scope(|s| s.spawn(move || parcel.peek().len()).join().unwrap());
        assert_eq!(length, 9);
    }
}
