// known right: moves a clone of the name into the thread and formats there
// threads2: `move` closures
//
// At a railway station, `announce_later` hands an announcement to a helper thread,
// which words it and gives the text back through its `JoinHandle`.
//
// SOLVED. Without `move`, a closure captures variables in the least demanding way
// that works: `format!` only reads `service` and `platform`, so they were captured
// by reference. A reference into `announce_later`'s stack frame cannot be handed to
// a thread that may outlive that frame, hence E0373.
//
// `move` makes the closure capture by value: the `String` in `service` is moved into
// the closure (the thread now owns it and frees it when done), and `platform`, a
// `u8`, is copied. Nothing borrowed is left, so the closure is 'static and the thread
// may run as long as it likes. Note that `service` cannot be used in
// `announce_later` after the spawn any more: it has been moved.

use std_or_loom::thread::{self, JoinHandle};

fn announce_later(train: &str, platform: u8) -> JoinHandle<String> {
    let service = train.to_uppercase();
    let name = service.clone();
    thread::spawn(move || format!("The {name} service now departs from platform {platform}."))
}

fn main() {
    let handle = announce_later("night owl", 4);
    println!("{}", handle.join().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_announcement() {
        let handle = announce_later("night owl", 4);
        assert_eq!(handle.join().unwrap(), "The NIGHT OWL service now departs from platform 4.");
    }

    #[test]
    fn several_at_once() {
        let handles: Vec<_> = [("coastal", 1), ("express", 2), ("local", 9)]
            .into_iter()
            .map(|(train, platform)| announce_later(train, platform))
            .collect();
        let texts: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(texts[1], "The EXPRESS service now departs from platform 2.");
        assert_eq!(texts[2], "The LOCAL service now departs from platform 9.");
    }
}
