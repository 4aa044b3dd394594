// channels3: the chat room log that never closes (solution)
//
// A receiver cannot know whether a message might still come; it only knows
// when no sender is left to send one. `recv` returns Err, and `rx.iter()`
// ends, only once every `Sender` (the original and all clones) is dropped.
//
// Each user thread drops its clone when it finishes. But the original `tx`
// created at the top of `chat` lived on in this function, so the channel
// never closed and `rx.iter()` waited forever: a hang, not a crash. Under
// loom it is reported at once: every thread has finished or waits, and
// nothing can wake the one that waits.
//
// `drop(tx)` ends the original sender before we start collecting. Now the
// log ends exactly when the last user thread finishes.
//
// Careful: `let _ = tx;` looks similar but does NOT drop anything (the `_`
// pattern does not take ownership), `drop(tx.clone())` drops a copy, and
// `std::mem::forget(tx)` never runs the sender's drop, so the channel never
// learns it is gone. All three still hang. Receiving exactly
// `2 * users.len()` messages would also end the log, but only because we
// happen to know the count; closing the channel needs no count.

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
    // The clones are in the user threads; this original is not needed any
    // more, and as long as it exists the channel stays open.
    drop(tx);
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
