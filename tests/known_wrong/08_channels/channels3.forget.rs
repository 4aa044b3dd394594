// known wrong: `mem::forget(tx)` gets rid of the sender without dropping it, so the channel never learns that it is gone
// channels3: the chat room log that never closes
//
// Each user in a chat room is a thread with its own clone of the sender. The
// room log collects messages with `rx.iter()`, which keeps waiting for more
// messages for as long as ANY sender still exists, and ends only when the
// last one is dropped.
//
// As shipped, the log never ends: all users finish and drop their clones...
// but one sender is still alive, so the log waits forever for a message that
// will never come. The tutor runs `chat` under loom, which sees every thread
// waiting and reports the deadlock.
//
// Your job: find the sender that keeps the room open and get rid of it
// before the log is collected, so that the log ends when the last user has
// left. Wait on the channel (`recv`, `iter`, `for message in rx`): sleeping
// or polling only guesses when the users are done, so `thread::sleep`,
// `try_recv`, `try_iter` and `recv_timeout` are refused here. (Receiving
// exactly two messages per user would end the log too, since the count is
// known here; closing the channel is the way that needs no count.) Do not
// change the tests.

use std_or_loom::sync::mpsc;
use std_or_loom::thread;

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
    std::mem::forget(tx);
    // Ends when the room is empty, i.e. when every sender is gone.
    rx.iter().collect()
}

fn main() {}

#[cfg(test)]
fn check_log(log: &[String], users: &[&str]) {
    assert_eq!(log.len(), 2 * users.len(), "the log has {} messages: {log:?}", log.len());
    for user in users {
        let hello = log.iter().position(|m| *m == format!("{user}: hello"));
        let left = log.iter().position(|m| *m == format!("{user} left"));
        assert!(
            matches!((hello, left), (Some(h), Some(l)) if h < l),
            "{user}'s messages are missing or out of order: {log:?}"
        );
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_log_closes_when_everyone_has_left() {
        let users = ["ana", "bo", "cy"];
        check_log(&chat(&users), &users);
    }

    #[test]
    fn an_empty_room_has_an_empty_log() {
        assert!(chat(&[]).is_empty());
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;

    #[test]
    fn the_log_closes_however_the_users_are_scheduled() {
        std_or_loom::model(|| {
            let users = ["ana", "bo"];
            check_log(&chat(&users), &users);
        });
    }
}
