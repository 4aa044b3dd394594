// A channel that never closes: the collector waits for more messages while a Sender is still alive.

use std_or_loom::sync::mpsc::{Receiver, channel};
use std_or_loom::thread;

pub fn collect(rx: Receiver<u32>) -> Vec<u32> {
    rx.iter().collect()
}

pub fn run() -> Vec<u32> {
    let (tx, rx) = channel();
    let worker_tx = tx.clone();
    let worker = thread::spawn(move || worker_tx.send(1).unwrap());
    tx.send(2).unwrap();
    let all = collect(rx);
    worker.join().unwrap();
    all
}

fn main() {}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;

    #[test]
    fn collects_both_messages() {
        std_or_loom::model(|| {
            let mut all = run();
            all.sort();
            assert_eq!(all, [1, 2]);
        });
    }
}
