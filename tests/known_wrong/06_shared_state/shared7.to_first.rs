// known wrong: locking the target first is still a per-call order: opposite moves take the two bins in opposite orders and deadlock
// shared7, variant `to_first`.

#[cfg(loom)]
use loom::sync::Mutex;
#[cfg(not(loom))]
use std::sync::Mutex;

struct Bin {
    id: u32,
    stock: Mutex<u32>,
}

/// Moves `amount` from `from` to `to` (two different bins). False if `from` has too little.
fn move_stock(from: &Bin, to: &Bin, amount: u32) -> bool {
    // "Always lock the target first" is a fixed order of ROLES, not of bins:
    // A -> B locks B then A, while B -> A locks A then B.
    let mut target = to.stock.lock().unwrap();
    let mut source = from.stock.lock().unwrap();
    if *source < amount {
        return false;
    }
    *source -= amount;
    *target += amount;
    true
}

/// Counts everything, locking the bins in the order of their ids.
fn total_stock(a: &Bin, b: &Bin) -> u32 {
    let (first, second) = if a.id < b.id { (a, b) } else { (b, a) };
    let first = first.stock.lock().unwrap();
    let second = second.stock.lock().unwrap();
    *first + *second
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn forklifts_in_opposite_directions() {
        let a = Bin { id: 1, stock: Mutex::new(20_000) };
        let b = Bin { id: 2, stock: Mutex::new(20_000) };
        thread::scope(|s| {
            s.spawn(|| (0..20_000).for_each(|_| assert!(move_stock(&a, &b, 1))));
            s.spawn(|| (0..20_000).for_each(|_| assert!(move_stock(&b, &a, 1))));
            for _ in 0..2_000 {
                assert_eq!(total_stock(&a, &b), 40_000);
            }
        });
        assert_eq!((*a.stock.lock().unwrap(), *b.stock.lock().unwrap()), (20_000, 20_000));
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::sync::Arc;
    use loom::thread;

    #[test]
    fn no_deadlock_and_nothing_goes_missing() {
        loom::model(|| {
            let a = Arc::new(Bin { id: 1, stock: Mutex::new(2) });
            let b = Arc::new(Bin { id: 2, stock: Mutex::new(2) });
            let (a2, b2) = (Arc::clone(&a), Arc::clone(&b));
            let forklift = thread::spawn(move || move_stock(&a2, &b2, 1));
            let (a3, b3) = (Arc::clone(&a), Arc::clone(&b));
            let other = thread::spawn(move || move_stock(&b3, &a3, 2));
            assert_eq!(total_stock(&a, &b), 4, "an auditor saw stock missing or doubled");
            assert!(forklift.join().unwrap());
            assert!(other.join().unwrap());
            assert_eq!((*a.stock.lock().unwrap(), *b.stock.lock().unwrap()), (3, 1));
        });
    }
}
