// known wrong: leaking a freshly loaded table on every call satisfies the type checker but loads the table again and again
use std::sync::atomic::{AtomicUsize, Ordering};
use std::{thread, time::Duration};

type Table = Vec<(&'static str, u32)>;

/// How many times the slow loader has run.
pub static LOADS: AtomicUsize = AtomicUsize::new(0);

fn load_rates() -> Table {
    LOADS.fetch_add(1, Ordering::Relaxed);
    thread::sleep(Duration::from_millis(100)); // the slow part
    vec![("EUR", 108), ("GBP", 127), ("JPY", 1)]
}

pub fn rates() -> &'static Table {
    // Compiles, but "loads once" is gone: every call runs the slow loader
    // again (and leaks a copy of the table).
    Box::leak(Box::new(load_rates()))
}

/// Price in home-currency cents, or None for an unknown currency.
pub fn to_cents(amount: u32, currency: &str) -> Option<u32> {
    rates().iter().find(|(code, _)| *code == currency).map(|(_, rate)| amount * rate)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    #[test]
    fn eight_threads_share_one_load() {
        let start = Arc::new(Barrier::new(8));
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    rates() as *const Table as usize
                })
            })
            .collect();
        let addrs: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert!(addrs.windows(2).all(|w| w[0] == w[1]), "threads got different tables");
        assert_eq!(LOADS.load(Ordering::Relaxed), 1, "the table was loaded more than once");
    }

    #[test]
    fn converts_prices() {
        assert_eq!(to_cents(10, "GBP"), Some(1270));
        assert_eq!(to_cents(3, "XYZ"), None);
    }
}
