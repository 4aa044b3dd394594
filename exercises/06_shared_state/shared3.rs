// shared3: many readers at once (RwLock)
//
// A cafe keeps its prices on a `Menu` shared by the big display board and the tills.
// Prices change maybe twice a day; they are READ all the time. The board reads the
// menu for as long as it takes to draw it (`draw_board`), and while it does, a till
// must still be able to look up a price.
//
// With a `Mutex`, a reader shuts out every other reader: the till in the test below
// waits for the board, the board waits for the till's answer, and nothing ever
// happens again (the tutor reports a probable deadlock).
//
// Your task: protect the prices with a `std::sync::RwLock` instead: any number of
// readers at the same time, or one writer alone. Use a read lock where the menu is
// only looked at and a write lock where it changes. Do not change the tests.

use std::collections::HashMap;
use std::sync::Mutex;

struct Menu {
    prices: Mutex<HashMap<String, u32>>, // item -> price in cents
}

impl Menu {
    fn new() -> Menu {
        Menu { prices: Mutex::new(HashMap::new()) }
    }

    fn set_price(&self, item: &str, cents: u32) {
        self.prices.lock().unwrap().insert(item.to_string(), cents);
    }

    fn price(&self, item: &str) -> Option<u32> {
        self.prices.lock().unwrap().get(item).copied()
    }

    /// Lets `draw` look at the whole menu for as long as it needs.
    fn draw_board<R>(&self, draw: impl FnOnce(&HashMap<String, u32>) -> R) -> R {
        let prices = self.prices.lock().unwrap();
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
