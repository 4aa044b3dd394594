// Check-then-act: the balance is checked under one lock and changed under another.

use std_or_loom::sync::Mutex;

pub struct Account {
    cents: Mutex<i64>,
}

impl Account {
    pub fn new(cents: i64) -> Account {
        Account { cents: Mutex::new(cents) }
    }

    /// Takes `amount` out if the account holds that much.
    pub fn withdraw(&self, amount: i64) -> bool {
        let balance = *self.cents.lock().unwrap();
        if balance < amount {
            return false;
        }
        *self.cents.lock().unwrap() -= amount;
        true
    }

    pub fn balance(&self) -> i64 {
        *self.cents.lock().unwrap()
    }
}

fn main() {}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn never_overdrawn() {
        std_or_loom::model(|| {
            let account = Arc::new(Account::new(100));
            let other = Arc::clone(&account);
            let atm = thread::spawn(move || other.withdraw(80));
            let here = account.withdraw(80);
            let there = atm.join().unwrap();
            assert!(!(here && there), "both withdrawals of 80 went through: the balance is {}", account.balance());
        });
    }
}
