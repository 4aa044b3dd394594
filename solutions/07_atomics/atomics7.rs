// atomics7: exchange rates, loaded once and shared by every thread (solution)
//
// A static's initialiser runs at compile time, so it can only call const
// functions. `OnceLock<T>` solves this: it starts empty (its `new` is const)
// and is filled at run time, the first time somebody needs the value.
//
// `get_or_init` is what makes it thread-safe. If several threads arrive while
// the cell is empty, exactly one runs the closure; the others block until the
// value is stored and then all receive a `&'static` reference to the same
// table. That is why LOADS ends at 1 and every thread sees the same address.
//
// The tempting hand-written version, `if let Some(t) = RATES.get() { return t }
// let _ = RATES.set(load_rates()); RATES.get().unwrap()`, is memory-safe but
// runs the slow loader once per racing thread: the same check-then-act race as
// in atomics3, just more expensive. (That is why `set` is not allowed here.)
//
// `std::sync::LazyLock` (a OnceLock bundled with its init function) would
// work equally well here: `static RATES: LazyLock<Table> =
// LazyLock::new(load_rates);` and `&RATES`. OnceLock is the more general tool
// because the initial value can be computed from arguments known only at the
// call site.

use std::sync::OnceLock;
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

// Starts empty; `OnceLock::new` is a const fn, so this is a valid static.
static RATES: OnceLock<Table> = OnceLock::new();

pub fn rates() -> &'static Table {
    // The first caller runs `load_rates`; callers that arrive while it runs
    // wait for it, and everyone afterwards gets the stored table at once.
    RATES.get_or_init(load_rates)
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
