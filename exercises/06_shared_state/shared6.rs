// shared6: keep critical sections short
//
// A chat room keeps its member list behind a `Mutex`. `broadcast` delivers a message
// to every member, and delivering is SLOW (each `send` is a network round trip). The
// current code holds the lock during all of the deliveries, so while a message goes
// out, nobody can join, leave, or even count the members: the whole room freezes.
//
// Your task: hold the lock only for as long as you need the list itself. Take what
// you need from the list under the lock, release the guard, and only then do the
// slow sending. Do not change `join_room`, `send`'s parameter, or the tests.
// (The tests check that the lock is free while `send` runs, and that someone can
// join from another thread in the middle of a broadcast and is still a member
// afterwards; loom tries every order of the join and the broadcast.)

use std_or_loom::sync::Mutex;

struct ChatRoom {
    members: Mutex<Vec<String>>,
}

impl ChatRoom {
    fn join_room(&self, name: &str) {
        self.members.lock().unwrap().push(name.to_string());
    }

    /// Delivers `text` to every member through the (slow) `send`.
    fn broadcast(&self, text: &str, send: impl Fn(&str, &str)) {
        let members = self.members.lock().unwrap();
        for member in members.iter() {
            send(member, text);
        }
    }
}

fn main() {}

#[cfg(test)]
fn room() -> ChatRoom {
    let room = ChatRoom { members: Mutex::new(Vec::new()) };
    room.join_room("ada");
    room.join_room("bo");
    room
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::{sync::mpsc, thread, time::Duration};

    #[test]
    fn the_lock_is_free_while_sending() {
        let room = room();
        let delivered = Mutex::new(Vec::new());
        room.broadcast("hello", |member, text| {
            assert!(room.members.try_lock().is_ok(), "the member list is still locked while sending to {member}");
            delivered.lock().unwrap().push(format!("to {member}: {text}"));
        });
        assert_eq!(*delivered.lock().unwrap(), ["to ada: hello", "to bo: hello"]);
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
                    // Delivery takes a while. Meanwhile, the newcomer joins (2 s is an upper bound: joining an
                    // unlocked room takes microseconds).
                    let joined = joined_rx.recv_timeout(Duration::from_secs(2));
                    assert!(joined.is_ok(), "nobody could join while a message was being delivered");
                }
            });
        });
        assert_eq!(*room.members.lock().unwrap(), ["ada", "bo", "cy"], "the newcomer should still be a member");
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::sync::{Arc, Barrier};
    use std_or_loom::thread;

    #[test]
    fn joining_during_a_broadcast_whatever_the_order() {
        std_or_loom::model(|| {
            let room = Arc::new(room());
            let meet = Arc::new(Barrier::new(2));
            let broadcaster = {
                let (room, meet) = (Arc::clone(&room), Arc::clone(&meet));
                thread::spawn(move || {
                    let delivered = Mutex::new(Vec::new());
                    room.broadcast("news", |member, _| {
                        if member == "ada" {
                            meet.wait(); // the newcomer must be able to join while this send runs
                        }
                        delivered.lock().unwrap().push(member.to_string());
                    });
                    delivered.into_inner().unwrap()
                })
            };
            room.join_room("cy");
            meet.wait();
            let delivered = broadcaster.join().unwrap();
            assert!(delivered.starts_with(&["ada".to_string(), "bo".to_string()]), "delivered to {delivered:?}");
            assert_eq!(room.members.lock().unwrap().len(), 3, "the newcomer should still be a member");
        });
    }
}
