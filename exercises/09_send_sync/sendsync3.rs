// sendsync3: two box-office windows
//
// A cinema sells tickets at two windows at once, one thread per window. Each
// `Window` counts its own sales in a `Cell<u32>`, and the `Cinema` keeps the
// grand total in a `Cell<u32>` too.
//
// This does not compile. Moving a `Window` into a thread is allowed, but both
// threads also use the SAME `Cinema` through a shared reference, and the
// compiler refuses to let two threads share a `Cell`.
//
// Your job: keep every `Cell` a `Cell` (no atomics, no locks: this exercise is
// about what a Cell CAN do across threads) and restructure `run_box_office`
// so that only one thread ever touches the cinema. Hint: a thread can hand a
// value back when it finishes. Do not change the tests or the
// `forbid(unsafe_code)` line, and keep the `#[cfg(check_cinema_not_shared)]`
// block: the tutor expects it NOT to compile.

#![forbid(unsafe_code)]

use std::cell::Cell;
use std::thread;

#[derive(Default)]
pub struct Cinema {
    pub total: Cell<u32>,
}

#[derive(Default)]
pub struct Window {
    pub sold: Cell<u32>,
}

fn bump(counter: &Cell<u32>) {
    counter.set(counter.get() + 1);
}

/// Sells `a` tickets at one window and `b` at the other, at the same time.
/// Afterwards the cinema total includes every sale. Returns each window's count.
pub fn run_box_office(cinema: &Cinema, a: u32, b: u32) -> (u32, u32) {
    let (left, right) = (Window::default(), Window::default());
    thread::scope(|s| {
        let l = s.spawn(move || {
            (0..a).for_each(|_| {
                bump(&left.sold);
                bump(&cinema.total);
            });
            left.sold.get()
        });
        let r = s.spawn(move || {
            (0..b).for_each(|_| {
                bump(&right.sold);
                bump(&cinema.total);
            });
            right.sold.get()
        });
        (l.join().unwrap(), r.join().unwrap())
    })
}

#[cfg(check_cinema_not_shared)]
fn cinema_is_not_sync() {
    fn assert_sync<T: Sync>() {}
    assert_sync::<Cinema>();
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>() {}

    #[test]
    fn every_sale_is_counted() {
        let cinema = Cinema::default();
        cinema.total.set(10);
        assert_eq!(run_box_office(&cinema, 5000, 7000), (5000, 7000));
        assert_eq!(cinema.total.get(), 12_010);
        assert_eq!(run_box_office(&cinema, 0, 1), (0, 1));
        assert_eq!(cinema.total.get(), 12_011);
    }

    #[test]
    fn cells_can_be_moved_between_threads() {
        assert_send::<Cell<u32>>();
        assert_send::<Window>();
        assert_send::<Cinema>();
    }
}
