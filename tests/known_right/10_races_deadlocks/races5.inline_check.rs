// known right: checks the list it already holds inline, and leaves `is_member` as it was
// races5: a chat room that waits for itself
//
// A chat room keeps its member list behind a `Mutex`. `join` locks the list,
// refuses a nickname that is already taken, adds the newcomer and returns the
// new head count. To check the nickname it calls the public helper
// `is_member`, which locks the list too.
//
// Nothing else is running, yet the tests never finish: `join` already holds
// the lock when `is_member` asks for it again. A std `Mutex` is not
// re-entrant: the second `lock()` on the same thread waits for the first
// guard to be dropped, which will never happen. The loom test reports the
// deadlock at once (the ordinary tests would hang until the time limit).
//
// Your job: restructure the code so that no thread ever locks the list while
// it already holds it. Keep `is_member` working (other code calls it), keep
// `join` doing its check and its insert under one lock (so that two
// people cannot grab the same nickname at once), and do not change the tests.

use std_or_loom::sync::Mutex;

#[derive(Default)]
pub struct ChatRoom {
    members: Mutex<Vec<String>>,
}

impl ChatRoom {
    pub fn new() -> ChatRoom {
        ChatRoom { members: Mutex::new(Vec::new()) }
    }

    pub fn is_member(&self, nick: &str) -> bool {
        self.members.lock().unwrap().iter().any(|m| m == nick)
    }

    /// Adds `nick` and returns how many members there are now.
    pub fn join(&self, nick: &str) -> Result<usize, String> {
        let mut members = self.members.lock().unwrap();
        if members.iter().any(|m| m == nick) {
            return Err(format!("the nickname {nick} is taken"));
        }
        members.push(nick.to_string());
        Ok(members.len())
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn newcomers_get_in() {
        let room = ChatRoom::new();
        assert_eq!(room.join("kiwi"), Ok(1));
        assert_eq!(room.join("fern"), Ok(2));
        assert!(room.is_member("kiwi"));
        assert!(!room.is_member("moss"));
    }

    #[test]
    fn nicknames_are_unique() {
        let room = ChatRoom::new();
        assert_eq!(room.join("kiwi"), Ok(1));
        assert!(room.join("kiwi").is_err());
        assert_eq!(room.join("moss"), Ok(2));
    }

    #[test]
    fn two_people_race_for_one_nickname() {
        let room = ChatRoom::new();
        let (a, b) = thread::scope(|s| {
            let a = s.spawn(|| room.join("sky"));
            let b = s.spawn(|| room.join("sky"));
            (a.join().unwrap(), b.join().unwrap())
        });
        assert!(a.is_ok() != b.is_ok(), "exactly one of them gets the nickname");
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn two_newcomers_never_share_a_nickname() {
        std_or_loom::model(|| {
            let room = Arc::new(ChatRoom::new());
            let other = {
                let room = Arc::clone(&room);
                thread::spawn(move || [room.join("sky"), room.join("moss")])
            };
            let mine = [room.join("moss"), room.join("sky")];
            let theirs = other.join().unwrap();
            assert!(mine[1].is_ok() != theirs[0].is_ok(), "sky must be given out once: {mine:?}, {theirs:?}");
            assert!(mine[0].is_ok() != theirs[1].is_ok(), "moss must be given out once: {mine:?}, {theirs:?}");
            assert!(room.is_member("sky") && room.is_member("moss"));
            assert_eq!(room.join("fern"), Ok(3), "the room should hold sky, moss and now fern");
        });
    }
}
