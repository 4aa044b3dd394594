// pointers5.rs (solution)
//
// A tiny chat room. Every `Member` keeps a handle to the room's shared
// transcript, so any member can post and everyone sees the same history.

use std::cell::RefCell;
use std::rc::Rc;

// `Rc` gives shared ownership but only shared access: with several owners,
// handing out `&mut` would let two of them mutate at once (E0596 when we
// tried). `RefCell` moves the "one writer OR many readers" check from compile
// time to run time: `borrow()` returns a read guard, `borrow_mut()` a write
// guard, and the RefCell counts the guards that are alive. Asking for a write
// guard while any other guard exists panics (pointers6 shows that).
//
// Unlike `Cell`, a RefCell does hand out real references to its contents, so
// it works for non-Copy data such as a Vec<String>.
//
// `Rc<RefCell<T>>` is the usual single-threaded recipe for "shared AND
// mutable". (Across threads the same idea is `Arc<Mutex<T>>`.)
pub type Room = Rc<RefCell<Vec<String>>>;

pub fn open_room() -> Room {
    Rc::new(RefCell::new(Vec::new()))
}

pub struct Member {
    pub name: String,
    room: Room,
}

impl Member {
    pub fn join(room: &Room, name: &str) -> Member {
        Member { name: name.to_string(), room: Rc::clone(room) }
    }

    // The write guard is a temporary; it is dropped at the end of the
    // statement, so the room is free again before anyone else posts.
    pub fn say(&self, text: &str) {
        self.room.borrow_mut().push(format!("{}: {}", self.name, text));
    }
}

/// A copy of everything said in the room so far.
//
// We return a copy rather than the guard itself, so callers can never keep
// the RefCell borrowed by accident.
pub fn transcript(room: &Room) -> Vec<String> {
    room.borrow().clone()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyone_sees_the_same_history() {
        let room = open_room();
        let ana = Member::join(&room, "ana");
        let bo = Member::join(&room, "bo");
        ana.say("anyone up for lunch?");
        bo.say("yes, 12:30");
        ana.say("great");
        assert_eq!(transcript(&room), ["ana: anyone up for lunch?", "bo: yes, 12:30", "ana: great"]);
    }

    #[test]
    fn history_survives_members_leaving() {
        let room = open_room();
        {
            let cy = Member::join(&room, "cy");
            cy.say("brb");
        }
        assert_eq!(Rc::strong_count(&room), 1);
        assert_eq!(transcript(&room), ["cy: brb"]);
    }

    #[test]
    fn rooms_are_separate() {
        let (kitchen, garden) = (open_room(), open_room());
        Member::join(&kitchen, "ana").say("coffee?");
        Member::join(&garden, "bo").say("sunny here");
        assert_eq!(transcript(&kitchen), ["ana: coffee?"]);
        assert_eq!(transcript(&garden), ["bo: sunny here"]);
    }
}
