// channels3: the chat room log that never closes
//
// Each user in a chat room is a thread with its own clone of the sender. The
// room log collects messages with `rx.iter()`, which keeps waiting for more
// messages for as long as ANY sender still exists, and ends only when the
// last one is dropped.
//
// As shipped, the test hangs and the tutor stops it after a few seconds.
// All users finish and drop their clones... but one sender is still alive,
// so the log waits forever for a message that will never come.
//
// Your job: find the sender that keeps the room open and get rid of it
// before the log is collected. Do not change the tests.

use std::sync::mpsc;
use std::thread;

/// Every user says hello and leaves. Returns the room's full log.
pub fn chat(users: &[&'static str]) -> Vec<String> {
    let (tx, rx) = mpsc::channel::<String>();
    for &user in users {
        let tx = tx.clone();
        thread::spawn(move || {
            tx.send(format!("{user}: hello")).unwrap();
            tx.send(format!("{user} left")).unwrap();
        });
    }
    // Ends when the room is empty, i.e. when every sender is gone.
    rx.iter().collect()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_closes_when_everyone_has_left() {
        let log = chat(&["ana", "bo", "cy"]);
        assert_eq!(log.len(), 6);
        for user in ["ana", "bo", "cy"] {
            let hello = log.iter().position(|m| *m == format!("{user}: hello"));
            let left = log.iter().position(|m| *m == format!("{user} left"));
            assert!(
                matches!((hello, left), (Some(h), Some(l)) if h < l),
                "{user}'s messages are missing or out of order"
            );
        }
    }
}
