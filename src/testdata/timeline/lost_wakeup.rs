// A lost wake-up: the waiter checks the flag without the lock, so the notification can come before it waits.

use std_or_loom::sync::atomic::{AtomicBool, Ordering};
use std_or_loom::sync::{Condvar, Mutex};

pub struct Gate {
    open: AtomicBool,
    lock: Mutex<()>,
    opened: Condvar,
}

impl Gate {
    pub fn new() -> Gate {
        Gate { open: AtomicBool::new(false), lock: Mutex::new(()), opened: Condvar::new() }
    }

    pub fn open(&self) {
        self.open.store(true, Ordering::Release);
        self.opened.notify_one();
    }

    pub fn pass(&self) {
        if !self.open.load(Ordering::Acquire) {
            let guard = self.lock.lock().unwrap();
            let _guard = self.opened.wait(guard).unwrap();
        }
    }
}

fn main() {}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn the_traveller_gets_through() {
        std_or_loom::model(|| {
            let gate = Arc::new(Gate::new());
            let other = Arc::clone(&gate);
            let traveller = thread::spawn(move || other.pass());
            gate.open();
            traveller.join().unwrap();
        });
    }
}
