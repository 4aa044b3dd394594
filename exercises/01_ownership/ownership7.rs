// ownership7.rs — moving an element out of a Vec
//
// A school fair runs a raffle. `draw` receives all the tickets (names), takes
// the winning one OUT of the pile, and returns the winner together with the
// tickets that are left for the next round, still in their original order.
//
// Indexing (`tickets[i]`) only lets you look at an element that stays inside
// the Vec; it cannot carry a `String` out of it. Find a Vec method that
// REMOVES an element and gives it to you by value.
//
// Make it compile and pass the tests. Do NOT copy the winning ticket (no
// `.clone()`, `.to_string()`, `.to_owned()` or `String::from`): the very
// String that was in the pile goes to the winner. Keep the parameter and
// return types (making a parameter `mut` is fine) and the tests unchanged.

pub fn draw(tickets: Vec<String>, winning: usize) -> (String, Vec<String>) {
    let winner = tickets[winning];
    (winner, tickets)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn pile() -> Vec<String> {
        ["Amara", "Bo", "Cleo", "Dev"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn winner_leaves_the_pile() {
        let (winner, rest) = draw(pile(), 2);
        assert_eq!(winner, "Cleo");
        assert_eq!(rest, ["Amara", "Bo", "Dev"]);
    }

    #[test]
    fn two_rounds() {
        let (first, rest) = draw(pile(), 0);
        let (second, rest) = draw(rest, 0);
        assert_eq!((first.as_str(), second.as_str()), ("Amara", "Bo"));
        assert_eq!(rest, ["Cleo", "Dev"]);
    }

    #[test]
    fn the_winning_ticket_is_moved_not_copied() {
        let tickets = pile();
        let (cleo, dev) = (tickets[2].as_ptr(), tickets[3].as_ptr());
        let (winner, rest) = draw(tickets, 2);
        assert_eq!(winner.as_ptr(), cleo, "the winner got a copy of the ticket, not the ticket");
        assert_eq!(rest[2].as_ptr(), dev, "the tickets left were copied, not kept");
        let (last, rest) = draw(rest, 2);
        assert_eq!((last.as_str(), rest.len()), ("Dev", 2));
    }
}
