// known wrong: the temporary guard created in the `for` loop's iterator expression lives until the loop ends, so the lock is held during every send
// shared6, variant `loop_temporary`.

use std::sync::Mutex;

struct ChatRoom {
    members: Mutex<Vec<String>>,
}

impl ChatRoom {
    fn join_room(&self, name: &str) {
        self.members.lock().unwrap().push(name.to_string());
    }

    /// Delivers `text` to every member through the (slow) `send`.
    fn broadcast(&self, text: &str, send: impl Fn(&str, &str)) {
        // One line, no named guard... but a temporary in a `for` loop's iterator
        // expression lives until the loop ends.
        for member in self.members.lock().unwrap().clone().iter() {
            send(member, text);
        }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{sync::mpsc, thread, time::Duration};

    fn room() -> ChatRoom {
        let room = ChatRoom { members: Mutex::new(Vec::new()) };
        room.join_room("ada");
        room.join_room("bo");
        room
    }

    #[test]
    fn the_lock_is_free_while_sending() {
        let room = room();
        room.broadcast("hello", |member, text| {
            assert!(room.members.try_lock().is_ok(), "the member list is still locked while sending to {member}");
            println!("to {member}: {text}");
        });
    }

    #[test]
    fn someone_can_join_during_a_broadcast() {
        let room = room();
        let (started_tx, started_rx) = mpsc::channel();
        let (joined_tx, joined_rx) = mpsc::channel();
        let room_ref = &room;
        thread::scope(|s| {
            s.spawn(move || {
                started_rx.recv().unwrap();
                room_ref.join_room("cy");
                joined_tx.send(()).unwrap();
            });
            room.broadcast("slow news", |member, _| {
                if member == "ada" {
                    started_tx.send(()).unwrap();
                    // Delivery takes a while. Meanwhile, the newcomer tries to join.
                    let joined = joined_rx.recv_timeout(Duration::from_secs(2));
                    assert!(joined.is_ok(), "nobody could join while a message was being delivered");
                }
            });
        });
        assert_eq!(room.members.lock().unwrap().len(), 3);
    }
}
