// known wrong: dropping clones of the senders leaves the originals open, so the joins wait forever
// channels6: closing time at the mailroom (shutdown by dropping)
//
// The mailroom runs two threads in a row. Letters posted in the drop box go
// to the sorter thread, which stamps each one and passes it on to the van
// thread; express letters skip the sorter and go straight to the van. The van
// takes everything it is given until its channel closes, then returns its
// delivery log.
//
//     post ────▶ [sorter] ────▶ [van] ──▶ log
//     express ──────────────────▲
//
// A thread learns that no more letters are coming when every `Sender` of its
// channel is gone: the sorter when the drop box is closed, the van when the
// sorter has finished AND the mailroom's express sender is gone too.
//
// `close` should make both threads finish and return the van's log. As
// shipped it hangs: it waits for the van while the mailroom still holds its
// senders, and the van waits for letters from those very senders. Under
// loom, the tutor sees that every thread waits and reports the deadlock.
//
// Your job: fix `close` so that both threads learn that no more letters are
// coming, then wait for them with `join` (a pause with `thread::sleep` proves
// nothing and is refused). Do not change `open`, `post`, `express`, the two
// thread functions or the tests.

use std_or_loom::sync::mpsc::{self, Receiver, Sender};
use std_or_loom::thread::{self, JoinHandle};

pub struct Mailroom {
    drop_box: Sender<String>,
    express: Sender<String>,
    sorter: JoinHandle<()>,
    van: JoinHandle<Vec<String>>,
}

/// The sorter thread: stamps every posted letter and hands it to the van.
fn sort(posted: Receiver<String>, van: Sender<String>) {
    for letter in posted {
        van.send(format!("{letter} (stamped)")).unwrap();
    }
    // Returning drops `van`: the sorter's way into the van's channel is gone.
}

/// The van thread: delivers until every sender of its channel is gone.
fn deliver(bag: Receiver<String>) -> Vec<String> {
    bag.into_iter().collect()
}

impl Mailroom {
    pub fn open() -> Mailroom {
        let (drop_box, posted) = mpsc::channel();
        let (to_van, bag) = mpsc::channel();
        let express = to_van.clone();
        let sorter = thread::spawn(move || sort(posted, to_van));
        let van = thread::spawn(move || deliver(bag));
        Mailroom { drop_box, express, sorter, van }
    }

    pub fn post(&self, letter: &str) {
        self.drop_box.send(letter.to_string()).unwrap();
    }

    pub fn express(&self, letter: &str) {
        self.express.send(format!("{letter} (express)")).unwrap();
    }

    /// Makes both threads finish; returns the van's delivery log.
    pub fn close(self) -> Vec<String> {
        drop(self.drop_box.clone());
        drop(self.express.clone());
        let log = self.van.join().unwrap();
        self.sorter.join().unwrap();
        log
    }
}

fn main() {}

/// The letters of `log` that end with `kind`, in the order they were delivered.
#[cfg(test)]
fn delivered<'a>(log: &'a [String], kind: &str) -> Vec<&'a str> {
    log.iter().filter(|l| l.ends_with(kind)).map(|l| l.as_str()).collect()
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn closing_delivers_every_letter() {
        let room = Mailroom::open();
        for n in 0..5 {
            room.post(&format!("letter {n}"));
        }
        room.express("telegram A");
        room.express("telegram B");
        let log = room.close();
        assert_eq!(log.len(), 7, "{log:?}");
        let stamped: Vec<String> = (0..5).map(|n| format!("letter {n} (stamped)")).collect();
        assert_eq!(delivered(&log, "(stamped)"), stamped);
        assert_eq!(delivered(&log, "(express)"), ["telegram A (express)", "telegram B (express)"]);
    }

    #[test]
    fn an_empty_mailroom_closes_too() {
        assert!(Mailroom::open().close().is_empty());
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;

    #[test]
    fn closing_delivers_every_letter_in_any_interleaving() {
        std_or_loom::model(|| {
            let room = Mailroom::open();
            room.post("bill");
            room.express("telegram");
            let log = room.close();
            assert_eq!(delivered(&log, "(stamped)"), ["bill (stamped)"], "{log:?}");
            assert_eq!(delivered(&log, "(express)"), ["telegram (express)"], "{log:?}");
        });
    }
}
