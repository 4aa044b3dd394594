// known wrong: a Mutex<Option<..>> checked, then loaded without the lock, then filled: racing threads all load; RATES must be a OnceLock (or LazyLock)
// atomics7: exchange rates, loaded once and shared by every thread
//
// A travel app converts prices with a table of exchange rates. Loading the
// table is slow (pretend it reads a file), so it must happen at most ONCE,
// the first time anyone asks, and then every thread shares the same table.
//
// A `static` must be built by constant code at compile time, so the line
// `static RATES ... = load_rates();` does not compile (E0015).
//
// Your job: make `RATES` a `std::sync::OnceLock` that starts empty, and make
// `rates()` fill it on first use with `load_rates`. Think about what happens
// when eight threads call `rates()` at the same moment: the loader must still
// run only once. `OnceLock::set` is not allowed here: it can only store a
// table that was already loaded, so two threads that both found the cell
// empty would both have run the slow loader. Find the method that loads AND
// stores as one step. (`std::sync::LazyLock` is fine too.)
// Do not change `load_rates`, `LOADS` or the tests.

use std::sync::Mutex;
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

static RATES: Mutex<Option<&'static Table>> = Mutex::new(None);

pub fn rates() -> &'static Table {
    if let Some(table) = *RATES.lock().unwrap() {
        return table;
    }
    // The lock is released while loading, so racing threads all load.
    let table: &'static Table = Box::leak(Box::new(load_rates()));
    *RATES.lock().unwrap() = Some(table);
    table
}

/// Price in home-currency cents, or None for an unknown currency.
pub fn to_cents(amount: u32, currency: &str) -> Option<u32> {
    rates().iter().find(|(code, _)| *code == currency).map(|(_, rate)| amount * rate)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Barrier, LazyLock, OnceLock};

    /// The cells that fill themselves once, whoever asks first.
    #[diagnostic::on_unimplemented(
        message = "`RATES` should be a `std::sync::OnceLock` (or a `LazyLock`), not `{Self}`"
    )]
    trait FilledOnce {}
    impl<T> FilledOnce for OnceLock<T> {}
    impl<T, F> FilledOnce for LazyLock<T, F> {}
    fn filled_once(_: &impl FilledOnce) {}

    #[test]
    fn rates_is_filled_once() {
        filled_once(&RATES);
    }

    #[test]
    fn eight_threads_share_one_load() {
        let start = Barrier::new(8);
        let addrs: Vec<usize> = thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        rates() as *const Table as usize
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(addrs.windows(2).all(|w| w[0] == w[1]), "threads got different tables");
        assert_eq!(rates() as *const Table as usize, addrs[0], "a later call got another table");
        assert_eq!(LOADS.load(Ordering::Relaxed), 1, "the table was loaded more than once");
    }

    #[test]
    fn converts_prices() {
        assert_eq!(to_cents(10, "GBP"), Some(1270));
        assert_eq!(to_cents(3, "XYZ"), None);
    }
}
