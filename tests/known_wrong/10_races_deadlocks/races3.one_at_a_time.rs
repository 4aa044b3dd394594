// known wrong: never holding both locks avoids the deadlock but lets an audit see the money after it left one account and before it reached the other
// races3: two tellers, two accounts
//
// A tiny credit union gives every account its own lock, so that transfers
// between unrelated accounts can run in parallel. A transfer must hold BOTH
// accounts' locks while it moves the money, so that nobody ever sees the money
// missing from one account and not yet in the other.
//
// Both `transfer` and `total` get their locks from `lock_both`, which locks
// the first account it is given and then the second. Now teller 1 moves money
// from Ana to Ben while teller 2 moves money from Ben to Ana: teller 1 holds
// Ana and waits for Ben, teller 2 holds Ben and waits for Ana. Neither will
// ever let go: a deadlock. The loom test finds it every time; the ordinary test
// hangs until the tutor's time limit when the timing is unlucky.
//
// Your job: fix `lock_both` so that it always takes the two locks in the same
// global order, whichever way round the accounts are passed. Every account has
// a unique `id` you can use. It must still return the guards in the order of
// its arguments. Do not change `transfer`, `total` or the tests. (The loom
// tests try two sets of accounts: one where the first account created has the
// smaller id, and one where it has the larger.)

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
    // Never hold two locks at once, then nothing can deadlock.
    *from.cents.lock().unwrap() -= amount;
    *to.cents.lock().unwrap() += amount;
}

/// The money in two accounts together, read at one instant.
pub fn total(a: &Account, b: &Account) -> i64 {
    let (a_cents, b_cents) = lock_both(a, b);
    *a_cents + *b_cents
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn money_moves_both_ways() {
        let (ana, ben) = (Account::new(1, 1_000), Account::new(2, 1_000));
        thread::scope(|s| {
            s.spawn(|| (0..10_000).for_each(|_| transfer(&ana, &ben, 3)));
            s.spawn(|| (0..10_000).for_each(|_| transfer(&ben, &ana, 1)));
            s.spawn(|| (0..10_000).for_each(|_| assert_eq!(total(&ben, &ana), 2_000)));
        });
        assert_eq!((ana.balance(), ben.balance()), (1_000 - 20_000, 1_000 + 20_000));
    }
}

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

    #[test]
    fn the_same_with_the_ids_the_other_way_round() {
        std_or_loom::model(|| {
            let ben = Arc::new(Account::new(8, 70));
            let ana = Arc::new(Account::new(3, 50));
            let teller = {
                let (ana, ben) = (Arc::clone(&ana), Arc::clone(&ben));
                thread::spawn(move || {
                    transfer(&ben, &ana, 20);
                    assert_eq!(total(&ana, &ben), 120, "an audit caught money in flight");
                })
            };
            transfer(&ana, &ben, 5);
            assert_eq!(total(&ben, &ana), 120, "an audit caught money in flight");
            teller.join().unwrap();
            assert_eq!((ana.balance(), ben.balance()), (65, 55));
        });
    }
}
