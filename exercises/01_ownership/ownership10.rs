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

impl PrintQueue {
    /// Hands every pending job to the caller; the queue is left empty.
    pub fn drain_jobs(&mut self) -> Vec<String> {
        let jobs = self.pending;
        self.pending = Vec::new();
        jobs
    }

    /// Switches to `new` and returns the status that was there before.
    pub fn set_status(&mut self, new: Status) -> Status {
        let old = self.status;
        self.status = new;
        old
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
