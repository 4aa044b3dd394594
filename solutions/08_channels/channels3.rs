// channels3: the chat room log that never closes (solution)
//
// A receiver cannot know whether a message might still come; it only knows
// when no sender is left to send one. `recv` returns Err, and `rx.iter()`
// ends, only once every `Sender` (the original and all clones) is dropped.
//
// Each user thread drops its clone when it finishes. But the original `tx`
// created at the top of `chat` lived on in this function, so the channel
// never closed and `rx.iter()` waited forever: a hang, not a crash.
//
// `drop(tx)` ends the original sender before we start collecting. Now the
// log ends exactly when the last user thread finishes.
//
// Careful: `let _ = tx;` looks similar but does NOT drop anything (the `_`
// pattern does not take ownership), and `drop(tx.clone())` drops a copy.
// Both still hang.

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
    // The clones are in the user threads; this original is not needed any
    // more, and as long as it exists the channel stays open.
    drop(tx);
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
