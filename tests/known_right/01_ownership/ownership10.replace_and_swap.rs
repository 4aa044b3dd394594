// known right: uses mem::replace with an empty Vec for the jobs and mem::swap for the status: the same one-step exchange
// ownership10.rs — taking a value out from behind `&mut`: std::mem::take / replace
//
// A copy shop's print queue. Both methods receive `&mut self`: they may change
// the queue, but they do not OWN it, so they may not leave a field empty
// (moved-out), not even for one line. Both try to, and the compiler says
// E0507 "cannot move out of ... which is behind a mutable reference".
//
// Fix both methods with `std::mem::take` and `std::mem::replace` (or their
// sibling `std::mem::swap`), which swap a value out and put another one in its
// place in a single step: the caller gets the very jobs and status that were
// in the queue. Keep the types `Status` and `PrintQueue` and the tests
// unchanged, and do NOT copy anything (no `.clone()`, `.to_string()`,
// `.to_owned()`).

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
        std::mem::replace(&mut self.pending, Vec::new())
    }

    /// Switches to `new` and returns the status that was there before.
    pub fn set_status(&mut self, mut new: Status) -> Status {
        std::mem::swap(&mut self.status, &mut new);
        new
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
    fn the_jobs_themselves_are_handed_over() {
        let mut q = PrintQueue { pending: vec!["flyer.pdf".into()], status: Status::Idle };
        let (buffer, job) = (q.pending.as_ptr(), q.pending[0].as_ptr());
        let jobs = q.drain_jobs();
        assert_eq!(jobs.as_ptr(), buffer, "the caller should get the queue's own Vec, not a copy");
        assert_eq!(jobs[0].as_ptr(), job, "the caller should get the queue's own job, not a copy");
        assert!(q.pending.is_empty());
    }

    #[test]
    fn status_swaps() {
        let mut q = PrintQueue { pending: Vec::new(), status: Status::Printing("poster.pdf".into()) };
        let old = q.set_status(Status::Jammed { page: 3 });
        assert_eq!(old, Status::Printing("poster.pdf".into()));
        assert_eq!(q.set_status(Status::Idle), Status::Jammed { page: 3 });
        assert_eq!(q.status, Status::Idle);
    }

    #[test]
    fn the_old_status_itself_is_handed_over() {
        let mut q = PrintQueue { pending: Vec::new(), status: Status::Printing("card.pdf".into()) };
        let Status::Printing(file) = &q.status else { unreachable!() };
        let file = file.as_ptr();
        let Status::Printing(old) = q.set_status(Status::Idle) else { panic!("the old status was lost") };
        assert_eq!(old.as_ptr(), file, "the old status was copied, not handed over");
    }
}
