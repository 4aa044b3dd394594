// known wrong: changes the parameter to `&'static str` so the closure can keep borrowing: callers with a runtime string can no longer call it (the signature must stay)
// threads2: `move` closures
//
// At a railway station, `announce_later` hands an announcement to a helper thread,
// which words it and gives the text back through its `JoinHandle`.
//
// It does not compile (E0373). The closure only BORROWS `service` and `platform`,
// which live in `announce_later`'s stack frame. But the new thread may keep running
// after `announce_later` has returned and that frame is gone, so `thread::spawn`
// only accepts closures that borrow nothing short-lived ('static).
//
// Your task: make the closure take ownership of what it uses. The compiler's
// suggestion tells you the keyword. Do not change the signature (a `&'static str`
// parameter would only push the problem onto every caller) or the tests, and do
// not leak memory to make a borrow last forever (`Box::leak`, `String::leak`).

use std_or_loom::thread::{self, JoinHandle};

fn announce_later(train: &'static str, platform: u8) -> JoinHandle<String> {
    thread::spawn(move || format!("The {} service now departs from platform {platform}.", train.to_uppercase()))
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
