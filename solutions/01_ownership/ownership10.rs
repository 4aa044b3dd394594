// ownership10.rs — taking a value out from behind `&mut`: std::mem::take / replace
//
// A copy shop's print queue. Both methods receive `&mut self`: they may change
// the queue, but they do not OWN it, so they may not leave a field empty
// (moved-out), not even for one line. Both try to, and the compiler says
// E0507 "cannot move out of ... which is behind a mutable reference".
//
// Fix both methods using `std::mem::take` and `std::mem::replace`, which swap
// a value out and put another one in its place in a single step.
// Keep the signatures, the types and the tests unchanged; no `.clone()`.

use std::mem;

#[derive(Debug, PartialEq)]
pub enum Status {
    Idle,
    Printing(String),
    Jammed { page: u32 },
}

pub struct PrintQueue {
    pub pending: Vec<String>,
    pub status: Status,
}

// SOLUTION: swap the value out instead of moving it out.
// Through `&mut self` we borrow the queue; its real owner will use it again
// after we return. Moving `self.pending` out would leave the field
// uninitialised in between, and if anything panicked before the field was
// refilled, the owner would later drop (free) a String that is gone. Rust
// therefore forbids it (E0507), even when the very next line refills it.
// `mem::replace(&mut place, new)` does both halves at once: it puts `new`
// into the place and returns the old value BY VALUE, so the field is never
// empty. `mem::take(&mut place)` is the same with `Default::default()` as the
// new value (an empty Vec here, no allocation). `Status` has no `Default`, so
// `set_status` uses `replace`; that is also exactly its meaning.
impl PrintQueue {
    /// Hands every pending job to the caller; the queue is left empty.
    pub fn drain_jobs(&mut self) -> Vec<String> {
        mem::take(&mut self.pending)
    }

    /// Switches to `new` and returns the status that was there before.
    pub fn set_status(&mut self, new: Status) -> Status {
        mem::replace(&mut self.status, new)
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drain_empties_the_queue() {
        let mut q = PrintQueue { pending: vec!["menu.pdf".into(), "map.png".into()], status: Status::Idle };
        assert_eq!(q.drain_jobs(), ["menu.pdf", "map.png"]);
        assert!(q.pending.is_empty());
        assert!(q.drain_jobs().is_empty());
    }

    #[test]
    fn status_swaps() {
        let mut q = PrintQueue { pending: Vec::new(), status: Status::Printing("poster.pdf".into()) };
        let old = q.set_status(Status::Jammed { page: 3 });
        assert_eq!(old, Status::Printing("poster.pdf".into()));
        assert_eq!(q.set_status(Status::Idle), Status::Jammed { page: 3 });
        assert_eq!(q.status, Status::Idle);
    }
}
