// Two tellers, two accounts (races3's bug): both lock "the first account they are given" first.

use std_or_loom::sync::{Mutex, MutexGuard};

pub struct Account {
    pub id: u32,
    cents: Mutex<i64>,
}

impl Account {
    pub fn new(id: u32, cents: i64) -> Account {
        Account { id, cents: Mutex::new(cents) }
    }

    pub fn balance(&self) -> i64 {
        *self.cents.lock().unwrap()
    }
}

/// Locks two different accounts; returns the guards in argument order.
fn lock_both<'a>(a: &'a Account, b: &'a Account) -> (MutexGuard<'a, i64>, MutexGuard<'a, i64>) {
    let a_cents = a.cents.lock().unwrap();
    let b_cents = b.cents.lock().unwrap();
    (a_cents, b_cents)
}

/// Moves `amount` cents from one account to another.
pub fn transfer(from: &Account, to: &Account, amount: i64) {
    let (mut from_cents, mut to_cents) = lock_both(from, to);
    *from_cents -= amount;
    *to_cents += amount;
}

/// The money in two accounts together, read at one instant.
pub fn total(a: &Account, b: &Account) -> i64 {
    let (a_cents, b_cents) = lock_both(a, b);
    *a_cents + *b_cents
}

fn main() {}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn no_deadlock_and_no_money_in_flight() {
        std_or_loom::model(|| {
            let ana = Arc::new(Account::new(1, 100));
            let ben = Arc::new(Account::new(2, 100));
            let teller = {
                let (ana, ben) = (Arc::clone(&ana), Arc::clone(&ben));
                thread::spawn(move || transfer(&ana, &ben, 30))
            };
            assert_eq!(total(&ben, &ana), 200, "an audit caught money in flight");
            transfer(&ben, &ana, 10);
            teller.join().unwrap();
            assert_eq!((ana.balance(), ben.balance()), (80, 120));
        });
    }
}
