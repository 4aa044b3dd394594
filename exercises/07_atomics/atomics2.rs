// atomics2: order numbers for a bakery web shop
//
// Every `Order` gets a unique, non-zero number from one global counter. Orders
// are created on many threads at once (one per web request), so the counter
// lives in a `static` that all threads share.
//
// This does not compile: a `static` is reachable from every thread, so Rust
// demands that its type is `Sync`, and `Cell` is not.
//
// Your job: replace the `Cell` with a type that can be shared between threads
// and bumped without a lock, and update `Order::new` to use it.
// Keep the `forbid(unsafe_code)` line, and do not change the tests.
#![forbid(unsafe_code)]

use std::cell::Cell;

static NEXT_ORDER: Cell<u64> = Cell::new(1);

#[derive(Debug)]
pub struct Order {
    pub number: u64,
    pub item: String,
}

impl Order {
    pub fn new(item: &str) -> Order {
        let number = NEXT_ORDER.get();
        NEXT_ORDER.set(number + 1);
        Order { number, item: item.to_string() }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::thread;

    #[test]
    fn numbers_are_unique_across_threads() {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                thread::spawn(move || {
                    (0..500).map(|i| Order::new(&format!("croissant {t}-{i}")).number).collect::<Vec<u64>>()
                })
            })
            .collect();
        let mut seen = HashSet::new();
        for h in handles {
            for n in h.join().unwrap() {
                assert_ne!(n, 0, "order numbers start at 1");
                assert!(seen.insert(n), "order number {n} was used twice");
            }
        }
        assert_eq!(seen.len(), 2000);
    }

    #[test]
    fn keeps_the_item() {
        assert_eq!(Order::new("rye loaf").item, "rye loaf");
    }
}
