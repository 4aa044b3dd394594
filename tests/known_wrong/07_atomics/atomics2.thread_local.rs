// known wrong: a thread_local counter compiles, but each thread counts from 1 on its own, so order numbers repeat
#![forbid(unsafe_code)]

use std::cell::Cell;

thread_local! {
    // Compiles, because each thread now has its OWN counter...
    static NEXT_ORDER: Cell<u64> = const { Cell::new(1) };
}

#[derive(Debug)]
pub struct Order {
    pub number: u64,
    pub item: String,
}

impl Order {
    pub fn new(item: &str) -> Order {
        // ...so every thread starts again at 1 and numbers repeat.
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
                    (0..500)
                        .map(|i| Order::new(&format!("croissant {t}-{i}")).number)
                        .collect::<Vec<u64>>()
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
