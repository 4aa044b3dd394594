// known wrong: `price` takes a write lock just to read, and a writer must wait until the board's read guard is gone: the till and the board wait for each other forever
// shared3: many readers at once (RwLock) (solution)
//
// A `Mutex` gives out one guard at a time, whether the holder wants to change the
// data or only look at it. An `RwLock` distinguishes the two: `read()` returns a
// shared guard (`&T` access) and many of them may exist at once; `write()` returns an
// exclusive guard (`&mut T` access) and waits until no reader or writer is left. This
// is the borrowing rule "many `&` or one `&mut`", enforced at run time across
// threads. Both boards and the till now hold read guards at the same time;
// `set_price` still gets the menu to itself while it edits.
//
// Using `write()` in `price` or in `draw_board` would bring the deadlock back: a
// writer must wait for the other reader's guard to go away. And the tests' barrier
// is safe only because no writer is queued while the readers wait for each other:
// std's RwLock on Linux prefers writers, so with a writer waiting, a new `read()`
// blocks even while readers hold the lock. Readers must not wait for each other in
// real code.

use std::collections::HashMap;
use std_or_loom::sync::RwLock;

struct Menu {
    prices: RwLock<HashMap<String, u32>>, // item -> price in cents
}

impl Menu {
    fn new() -> Menu {
        Menu { prices: RwLock::new(HashMap::new()) }
    }

    fn set_price(&self, item: &str, cents: u32) {
        self.prices.write().unwrap().insert(item.to_string(), cents);
    }

    fn price(&self, item: &str) -> Option<u32> {
        self.prices.write().unwrap().get(item).copied()
    }

    /// Lets `draw` look at the whole menu for as long as it needs.
    fn draw_board<R>(&self, draw: impl FnOnce(&HashMap<String, u32>) -> R) -> R {
        let prices = self.prices.read().unwrap();
        draw(&prices)
    }
}

fn main() {}

#[cfg(test)]
fn cafe() -> Menu {
    let menu = Menu::new();
    menu.set_price("flat white", 380);
    menu.set_price("scone", 295);
    menu
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::thread;

    #[test]
    fn prices_can_change() {
        let menu = cafe();
        menu.set_price("scone", 310);
        assert_eq!(menu.price("scone"), Some(310));
        assert_eq!(menu.price("bagel"), None);
        assert_eq!(menu.draw_board(|prices| prices.len()), 2);
    }

    #[test]
    fn a_till_reads_while_a_board_is_drawn() {
        let menu = cafe();
        let meet = Barrier::new(2);
        let (items_on_board, till_answer) = thread::scope(|s| {
            let board = s.spawn(|| {
                menu.draw_board(|prices| {
                    meet.wait(); // still holding the menu: the till must get in meanwhile
                    prices.len()
                })
            });
            let till = s.spawn(|| {
                let answer = menu.price("flat white");
                meet.wait();
                answer
            });
            (board.join().unwrap(), till.join().unwrap())
        });
        assert_eq!(items_on_board, 2);
        assert_eq!(till_answer, Some(380));
    }

    #[test]
    fn a_till_reads_while_someone_else_reads() {
        let menu = cafe();
        let meet = Barrier::new(2);
        let answers = thread::scope(|s| {
            let till = s.spawn(|| {
                let answers = (menu.price("scone"), menu.draw_board(|prices| prices.len()));
                meet.wait();
                answers
            });
            let looking = menu.prices.read().unwrap(); // someone reads the menu until the till is done
            meet.wait();
            drop(looking);
            till.join().unwrap()
        });
        assert_eq!(answers, (Some(295), 2));
    }

    #[test]
    fn both_boards_are_drawn_at_once() {
        let menu = cafe();
        let meet = Barrier::new(2);
        let drawn = thread::scope(|s| {
            let boards = [(); 2].map(|()| {
                s.spawn(|| {
                    menu.draw_board(|prices| {
                        meet.wait(); // both boards hold the menu at this point
                        prices["scone"]
                    })
                })
            });
            boards.map(|board| board.join().unwrap())
        });
        assert_eq!(drawn, [295, 295]);
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use std_or_loom::sync::{Arc, Barrier};
    use std_or_loom::thread;

    #[test]
    fn a_till_reads_while_a_board_is_drawn() {
        std_or_loom::model(|| {
            let menu = Arc::new(cafe());
            let meet = Arc::new(Barrier::new(2));
            let board = {
                let (menu, meet) = (Arc::clone(&menu), Arc::clone(&meet));
                thread::spawn(move || {
                    menu.draw_board(|prices| {
                        meet.wait();
                        prices.len()
                    })
                })
            };
            let answer = menu.price("flat white");
            meet.wait();
            assert_eq!(answer, Some(380));
            assert_eq!(board.join().unwrap(), 2);
        });
    }

    #[test]
    fn both_boards_are_drawn_at_once() {
        std_or_loom::model(|| {
            let menu = Arc::new(cafe());
            let meet = Arc::new(Barrier::new(2));
            let draw = |menu: &Menu, meet: &Barrier| {
                menu.draw_board(|prices| {
                    meet.wait();
                    prices["flat white"]
                })
            };
            let window = {
                let (menu, meet) = (Arc::clone(&menu), Arc::clone(&meet));
                thread::spawn(move || draw(&menu, &meet))
            };
            assert_eq!(draw(&menu, &meet), 380);
            assert_eq!(window.join().unwrap(), 380);
        });
    }

    #[test]
    fn a_till_reads_while_someone_else_reads() {
        std_or_loom::model(|| {
            let menu = Arc::new(cafe());
            let meet = Arc::new(Barrier::new(2));
            let till = {
                let (menu, meet) = (Arc::clone(&menu), Arc::clone(&meet));
                thread::spawn(move || {
                    let answers = (menu.price("scone"), menu.draw_board(|prices| prices.len()));
                    meet.wait();
                    answers
                })
            };
            let looking = menu.prices.read().unwrap();
            meet.wait();
            drop(looking);
            assert_eq!(till.join().unwrap(), (Some(295), 2));
        });
    }

    #[test]
    fn a_price_change_is_seen_whole() {
        std_or_loom::model(|| {
            let menu = Arc::new(cafe());
            let manager = {
                let menu = Arc::clone(&menu);
                thread::spawn(move || menu.set_price("scone", 310))
            };
            let seen = menu.price("scone");
            assert!(seen == Some(295) || seen == Some(310), "a till saw the scone at {seen:?}");
            manager.join().unwrap();
            assert_eq!(menu.price("scone"), Some(310));
            assert_eq!(menu.draw_board(|prices| prices.len()), 2);
        });
    }
}
