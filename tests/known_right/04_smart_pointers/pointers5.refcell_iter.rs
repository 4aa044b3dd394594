// known right: RefCell inside the Rc, with the copy for transcript made by an iterator
// pointers5.rs
//
// A tiny chat room. Every `Member` keeps a handle to the room's shared
// transcript, so any member can post and everyone sees the same history.
// The transcript is shared through an `Rc`.
//
// `Member::say` does not compile: an `Rc` only hands out shared (`&`) access
// to what it holds, and pushing onto a Vec needs `&mut`.
//
// Your task: make the shared transcript mutable from any member. Change the
// `Room` type alias and then fix `open_room`, `say` and `transcript` to match.
// The transcript is a Vec of Strings, which is not Copy: the `Cell` of
// pointers4 can only swap a whole Vec in and out, with no way to push onto it
// in place or read it where it is. Look for the std type that LENDS its
// contents through `&self` and checks those loans at run time.
// Each room has its own transcript. Don't change `Member::join` or the tests.

use std::cell::RefCell;
use std::rc::Rc;

pub type Room = Rc<RefCell<Vec<String>>>;

pub fn open_room() -> Room {
    Rc::new(RefCell::default())
}

pub struct Member {
    pub name: String,
    room: Room,
}

impl Member {
    pub fn join(room: &Room, name: &str) -> Member {
        Member { name: name.to_string(), room: Rc::clone(room) }
    }

    pub fn say(&self, text: &str) {
        let line = format!("{}: {}", self.name, text);
        self.room.borrow_mut().push(line);
    }
}

/// A copy of everything said in the room so far.
pub fn transcript(room: &Room) -> Vec<String> {
    room.borrow().iter().cloned().collect()
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
