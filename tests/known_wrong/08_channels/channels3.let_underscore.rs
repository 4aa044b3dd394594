// known wrong: `let _ = tx;` does not move or drop the sender, so the channel stays open and the log waits forever
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
    let _ = tx; // looks like "get rid of tx", but `_` binds nothing and drops nothing
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
