// known wrong: `close` wakes only one baker; with two bakers asleep and no orders, the other sleeps forever: deadlock
// quiz_shared_state, variant `close_notify_one`.

use std::collections::{HashMap, VecDeque};
use std_or_loom::{
    sync::{Arc, Condvar, Mutex, RwLock},
    thread,
};

struct Board {
    orders: VecDeque<String>,
    closed: bool,
}

struct Bakery {
    board: Mutex<Board>,
    board_changed: Condvar,
    prices: RwLock<HashMap<String, u32>>,
}

impl Bakery {
    fn new(prices: &[(&str, u32)]) -> Bakery {
        Bakery {
            board: Mutex::new(Board { orders: VecDeque::new(), closed: false }),
            board_changed: Condvar::new(),
            prices: RwLock::new(prices.iter().map(|&(item, cents)| (item.to_string(), cents)).collect()),
        }
    }

    fn place_order(&self, item: &str) {
        self.board.lock().unwrap().orders.push_back(item.to_string());
        self.board_changed.notify_one();
    }

    /// Ends the day: no new orders. Bakers still finish what is on the board.
    fn close(&self) {
        self.board.lock().unwrap().closed = true;
        self.board_changed.notify_one();
    }

    /// Waits until there is an order (`Some`), or the bakery is closed and the board
    /// is empty (`None`).
    fn take_order(&self) -> Option<String> {
        let mut board = self.board.lock().unwrap();
        loop {
            if let Some(item) = board.orders.pop_front() {
                return Some(item);
            }
            if board.closed {
                return None;
            }
            board = self.board_changed.wait(board).unwrap();
        }
    }
}

/// One baker's day: returns what this baker earned, in cents.
fn baker(bakery: Arc<Bakery>) -> u32 {
    let mut earned = 0;
    while let Some(item) = bakery.take_order() {
        earned += bakery.prices.read().unwrap().get(&item).copied().unwrap_or(0);
    }
    earned
}

/// Runs a whole day with `bakers` named threads ("baker-1", ...). Returns each baker's
/// (name, earnings), in the order the bakers were hired.
fn run_day(prices: &[(&str, u32)], orders: &[&str], bakers: usize) -> Vec<(String, u32)> {
    let bakery = Arc::new(Bakery::new(prices));
    let crew: Vec<_> = (1..=bakers)
        .map(|n| {
            let bakery = Arc::clone(&bakery);
            thread::Builder::new().name(format!("baker-{n}")).spawn(move || baker(bakery)).unwrap()
        })
        .collect();
    for item in orders {
        bakery.place_order(item);
    }
    bakery.close();
    crew.into_iter().map(|b| (b.thread().name().unwrap_or("?").to_string(), b.join().unwrap())).collect()
}

fn main() {}

const PRICES: &[(&str, u32)] = &[("rye loaf", 450), ("croissant", 180), ("bun", 90)];

fn total(day: &[(String, u32)]) -> u32 {
    day.iter().map(|(_, earned)| earned).sum()
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn a_busy_day_and_a_quiet_one() {
        let day = run_day(PRICES, &["rye loaf", "croissant", "bun", "croissant"].repeat(25), 3);
        let names: Vec<&str> = day.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["baker-1", "baker-2", "baker-3"]);
        assert_eq!(total(&day), 25 * 900);
        assert_eq!(total(&run_day(PRICES, &[], 2)), 0);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;

    #[test]
    fn orders_placed_before_closing_are_baked() {
        std_or_loom::model(|| assert_eq!(total(&run_day(PRICES, &["rye loaf"], 1)), 450));
    }

    #[test]
    fn two_bakers_share_the_orders() {
        std_or_loom::model(|| assert_eq!(total(&run_day(PRICES, &["rye loaf", "bun"], 2)), 540));
    }

    #[test]
    fn closing_wakes_every_baker() {
        std_or_loom::model(|| assert_eq!(total(&run_day(PRICES, &[], 2)), 0));
    }

    #[test]
    fn bakers_go_home_only_when_closed() {
        std_or_loom::model(|| {
            let bakery = Arc::new(Bakery::new(PRICES));
            let crew: Vec<_> = (0..2)
                .map(|_| {
                    let bakery = Arc::clone(&bakery);
                    thread::spawn(move || {
                        let order = bakery.take_order();
                        let closed = bakery.board.lock().unwrap().closed;
                        assert!(order.is_some() || closed, "a baker went home while the shop was open");
                        order
                    })
                })
                .collect();
            bakery.place_order("bun");
            bakery.close();
            assert_eq!(crew.into_iter().filter_map(|b| b.join().unwrap()).count(), 1);
        });
    }
}
