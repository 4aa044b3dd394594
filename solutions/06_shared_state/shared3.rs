// shared3: many readers at once (RwLock)
//
// A cafe keeps its prices on a `Menu` shared by the big display board and the tills.
// Prices change maybe twice a day; they are READ all the time. The board reads the
// menu for as long as it takes to draw it (`draw_board`), and while it does, a till
// must still be able to look up a price.
//
// SOLVED. A `Mutex` gives out one guard at a time, whether the holder wants to change
// the data or only look at it. An `RwLock` distinguishes the two: `read()` returns a
// shared guard (`&T` access) and many of them may exist at once; `write()` returns an
// exclusive guard (`&mut T` access) and waits until no reader or writer is left. This is
// the borrowing rule "many `&` or one `&mut`", enforced at run time across threads.
// The board and the till now both hold read guards at the same time; `set_price` still
// gets the menu to itself while it edits.
// Using `write()` in `price` would bring the deadlock back: a writer must wait for the
// board's read guard to go away.

use std::collections::HashMap;
use std::sync::RwLock;

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
        self.prices.read().unwrap().get(item).copied()
    }

    /// Lets `draw` look at the whole menu for as long as it needs.
    fn draw_board<R>(&self, draw: impl FnOnce(&HashMap<String, u32>) -> R) -> R {
        let prices = self.prices.read().unwrap();
        draw(&prices)
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn cafe() -> Menu {
        let menu = Menu::new();
        menu.set_price("flat white", 380);
        menu.set_price("scone", 295);
        menu
    }

    #[test]
    fn prices_can_change() {
        let menu = cafe();
        menu.set_price("scone", 310);
        assert_eq!(menu.price("scone"), Some(310));
        assert_eq!(menu.price("bagel"), None);
    }

    #[test]
    fn a_till_can_read_while_the_board_is_drawn() {
        let menu = cafe();
        let (items_on_board, till_answer) = menu.draw_board(|prices| {
            // While the board still holds its view of the menu, a till (another
            // thread) looks up a price.
            let till = std::thread::scope(|s| s.spawn(|| menu.price("flat white")).join().unwrap());
            (prices.len(), till)
        });
        assert_eq!(items_on_board, 2);
        assert_eq!(till_answer, Some(380));
    }
}
