// known wrong: holds the guard for the check but then calls `debit`, which locks the same mutex again on the same thread and deadlocks
// races2: the travel kitty
//
// Two friends share a travel kitty and both pay from it with their phones.
// `pay` declines a payment the kitty cannot cover. It asks `balance()` first
// (one lock), and if the money is there it calls `debit` (a second lock).
//
// Check-then-act across two locks is a race: with 100 in the kitty, two
// payments of 70 can BOTH see 100, both be approved, and the second debit
// finds only 30 left. The loom test finds that interleaving every time.
//
// Your job: make the check and the debit happen under ONE lock, so that a
// payment is approved only if the money is still there when it is taken, and
// is never declined while the money is there (another payment in progress is
// no reason to say no). Keep `balance()` working, and do not change the tests.

use std_or_loom::sync::Mutex;

pub struct Kitty {
    cents: Mutex<u64>,
}

#[derive(Debug, PartialEq)]
pub struct Declined;

impl Kitty {
    pub fn new(cents: u64) -> Kitty {
        Kitty { cents: Mutex::new(cents) }
    }

    pub fn balance(&self) -> u64 {
        *self.cents.lock().unwrap()
    }

    fn debit(&self, amount: u64) {
        let mut cents = self.cents.lock().unwrap();
        *cents = cents.checked_sub(amount).expect("the kitty is overdrawn");
    }

    /// Pays `amount` cents if the kitty can cover it.
    pub fn pay(&self, amount: u64) -> Result<(), Declined> {
        let cents = self.cents.lock().unwrap();
        if *cents < amount {
            return Err(Declined);
        }
        self.debit(amount);
        Ok(())
    }
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn pays_what_it_can() {
        let kitty = Kitty::new(50);
        assert_eq!(kitty.pay(20), Ok(()));
        assert_eq!(kitty.pay(40), Err(Declined));
        assert_eq!(kitty.pay(30), Ok(()));
        assert_eq!(kitty.balance(), 0);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::{sync::Arc, thread};

    #[test]
    fn never_pays_money_it_does_not_have() {
        std_or_loom::model(|| {
            let kitty = Arc::new(Kitty::new(100));
            let friend = {
                let kitty = Arc::clone(&kitty);
                thread::spawn(move || kitty.pay(70))
            };
            let mine = kitty.pay(70);
            let theirs = friend.join().unwrap();
            assert!(mine.is_ok() != theirs.is_ok(), "exactly one payment must go through: {mine:?}, {theirs:?}");
            assert_eq!(kitty.balance(), 30);
        });
    }

    #[test]
    fn pays_both_when_the_money_is_there() {
        std_or_loom::model(|| {
            let kitty = Arc::new(Kitty::new(100));
            let friend = {
                let kitty = Arc::clone(&kitty);
                thread::spawn(move || kitty.pay(30))
            };
            let mine = kitty.pay(50);
            let theirs = friend.join().unwrap();
            assert_eq!((mine, theirs), (Ok(()), Ok(())), "the kitty had 100 for 50 + 30 and still declined");
            assert_eq!(kitty.balance(), 20);
        });
    }
}
