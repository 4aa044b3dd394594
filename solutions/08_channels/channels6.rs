// channels6: closing time at the laundromat (solution)
//
// The machines stop only when `recv` returns Err, and that happens only when
// the queue is empty AND every `Sender` is gone. The laundromat's `loads`
// field is the only sender. In the shipped `close`, `self.loads` was dropped
// at the END of the function, after the joins, so `join` waited for machines
// that waited for the sender: a deadlock.
//
// Dropping the sender first turns it around: the machines finish the loads
// still queued, see the closed channel, return their counts, and the joins
// complete. Nothing is lost, because a closed channel still hands out the
// messages sent before it was closed.
//
// Destructuring `self` makes the order explicit. (`drop(self.loads)` before
// the loop works too: it moves just that field out of `self`.) Two look-alikes
// that do NOT close the channel: `drop(&self.loads)` drops only a reference,
// and `drop(self.loads.clone())` drops only a copy.
//
// The same order, "stop sending, then join", is what a `Drop` impl for a
// thread pool must follow.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

pub struct Laundromat {
    loads: Sender<String>,
    machines: Vec<JoinHandle<usize>>,
}

fn run_machine(queue: Arc<Mutex<Receiver<String>>>) -> usize {
    let mut washed = 0;
    loop {
        let next = queue.lock().unwrap().recv();
        match next {
            Ok(_load) => washed += 1,
            Err(_) => return washed, // every sender is gone: go home
        }
    }
}

impl Laundromat {
    pub fn open(machines: usize) -> Laundromat {
        let (loads, queue) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let machines = (0..machines)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || run_machine(queue))
            })
            .collect();
        Laundromat { loads, machines }
    }

    pub fn drop_off(&self, load: &str) {
        self.loads.send(load.to_string()).unwrap();
    }

    /// Waits until every machine has stopped; returns the loads washed.
    pub fn close(self) -> usize {
        // Take the struct apart so we own both fields separately.
        let Laundromat { loads, machines } = self;
        // Closing the channel: this was the last Sender. Loads already in
        // the queue are still delivered; after them, `recv` returns Err.
        drop(loads);
        let mut total = 0;
        for machine in machines {
            total += machine.join().unwrap();
        }
        total
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_waits_for_every_load() {
        let shop = Laundromat::open(3);
        for n in 0..10 {
            shop.drop_off(&format!("load {n}"));
        }
        assert_eq!(shop.close(), 10);
    }

    #[test]
    fn an_empty_shop_closes_too() {
        assert_eq!(Laundromat::open(2).close(), 0);
    }
}
