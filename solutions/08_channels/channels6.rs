// channels6: closing time at the mailroom (solution)
//
// A thread that loops over a receiver stops only when its channel is empty
// AND every `Sender` of it is gone. The mailroom itself held two senders:
// `drop_box` (the sorter's only way in) and `express` (one of the van's two
// ways in; the other is the sorter's `to_van`). In the shipped `close`, both
// fields were dropped only at the END of the function, after the joins, so
// `join` waited for threads that waited for those senders: a deadlock.
//
// Dropping them first turns it around, and the shutdown runs down the
// pipeline by itself: the sorter finishes the letters still queued, sees its
// closed channel and returns, which drops `to_van`; the van, whose last
// sender that was, delivers what is left and returns its log. Nothing is
// lost, because a closed channel still hands out the messages sent before it
// was closed.
//
// Destructuring `self` makes the order explicit. (`drop(self.drop_box)` and
// `drop(self.express)` before the joins work too: they move just those fields
// out of `self`.) Look-alikes that do NOT close a channel: `drop(&self.express)`
// drops only a reference, `drop(self.express.clone())` drops only a copy,
// `let _ = self.express;` does not move it at all, and `mem::forget` never
// runs the sender's drop. Dropping only `drop_box` stops the sorter but not
// the van, which still has the express sender.
//
// The rule, "stop sending, then wait", is the same for any thread that works
// until its channel closes: a pool of workers, a logger, a pipeline stage.

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
        // Take the struct apart so we own each field separately.
        let Mailroom { drop_box, express, sorter, van } = self;
        // Closing both ways in: after this, no new letter can arrive.
        drop(drop_box);
        drop(express);
        sorter.join().unwrap();
        van.join().unwrap()
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
