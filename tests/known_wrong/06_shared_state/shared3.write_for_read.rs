// known wrong: `price` takes a write lock just to read, and a writer must wait until the board's read guard is gone: the till and the board wait for each other forever
// shared3, variant `write_for_read`.

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
