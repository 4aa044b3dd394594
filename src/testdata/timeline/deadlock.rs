// Lock order: each transfer locks its source account first, so two opposite transfers wait for each other.

use std_or_loom::sync::Mutex;

pub struct Bank {
    accounts: [Mutex<i64>; 2],
}

impl Bank {
    pub fn new() -> Bank {
        Bank { accounts: [Mutex::new(100), Mutex::new(100)] }
    }

    pub fn transfer(&self, from: usize, to: usize, amount: i64) {
        let mut source = self.accounts[from].lock().unwrap();
        let mut target = self.accounts[to].lock().unwrap();
        *source -= amount;
        *target += amount;
    }
}

fn main() {}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn opposite_transfers_finish() {
        std_or_loom::model(|| {
            let bank = Arc::new(Bank::new());
            let other = Arc::clone(&bank);
            let teller = thread::spawn(move || other.transfer(0, 1, 10));
            bank.transfer(1, 0, 20);
            teller.join().unwrap();
        });
    }
}
