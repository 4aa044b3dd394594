// shared7: lock ordering
//
// A warehouse moves stock between storage bins. `move_stock` locks both bins so the
// amount leaves one and arrives in the other as a single step: nobody ever sees it
// missing from both, or counted twice. But when one forklift moves A -> B while
// another moves B -> A, each can grab its first bin and then wait forever for the
// other's. Neither ever lets go: a deadlock. (The tutor gives this exercise a short
// time limit, and under loom it tries the unlucky interleaving on purpose.)
//
// Your task: make every `move_stock` take the two locks in the SAME global order,
// whichever bin is the source. Each bin has a unique `id` you can use for that.
// Keep both bins locked while moving the stock, and wait for the locks (no
// `try_lock`: a valid move must not fail because a bin is busy; the tutor refuses
// it here). Do not change `total_stock` or the tests. (The loom tests try two sets
// of bins: one where the bin made first has the smaller id, and one where it has
// the larger.)

use std_or_loom::sync::Mutex;

struct Bin {
    id: u32,
    stock: Mutex<u32>,
}

/// Moves `amount` from `from` to `to` (two different bins). False if `from` has too little.
fn move_stock(from: &Bin, to: &Bin, amount: u32) -> bool {
    let mut source = from.stock.lock().unwrap();
    let mut target = to.stock.lock().unwrap();
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
        assert!(!move_stock(&a, &b, 20_001), "a bin cannot give more than it has");
        assert_eq!((*a.stock.lock().unwrap(), *b.stock.lock().unwrap()), (20_000, 20_000));
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::sync::Arc;
    use std_or_loom::thread;

    fn bin(id: u32, stock: u32) -> Arc<Bin> {
        Arc::new(Bin { id, stock: Mutex::new(stock) })
    }

    fn forklift(from: &Arc<Bin>, to: &Arc<Bin>, amount: u32) -> thread::JoinHandle<bool> {
        let (from, to) = (Arc::clone(from), Arc::clone(to));
        thread::spawn(move || move_stock(&from, &to, amount))
    }

    #[test]
    fn no_deadlock_and_nothing_goes_missing() {
        std_or_loom::model(|| {
            let a = bin(1, 2);
            let b = bin(2, 2);
            let there = forklift(&a, &b, 1);
            let back = forklift(&b, &a, 2);
            assert_eq!(total_stock(&a, &b), 4, "an auditor saw stock missing or doubled");
            assert!(there.join().unwrap());
            assert!(back.join().unwrap());
            assert_eq!((*a.stock.lock().unwrap(), *b.stock.lock().unwrap()), (3, 1));
        });
    }

    #[test]
    fn the_same_with_the_ids_the_other_way_round() {
        // The bin made first has the larger id, and the auditor names them in the other order.
        std_or_loom::model(|| {
            let north = bin(8, 5);
            let south = bin(3, 5);
            let there = {
                let (north, south) = (Arc::clone(&north), Arc::clone(&south));
                thread::spawn(move || {
                    assert!(move_stock(&north, &south, 2));
                    assert_eq!(total_stock(&south, &north), 10, "an auditor saw stock missing or doubled");
                })
            };
            assert!(move_stock(&south, &north, 1));
            assert_eq!(total_stock(&north, &south), 10, "an auditor saw stock missing or doubled");
            there.join().unwrap();
            assert_eq!((*north.stock.lock().unwrap(), *south.stock.lock().unwrap()), (4, 6));
        });
    }
}
