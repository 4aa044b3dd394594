// ownership8.rs — moves inside a loop
//
// The residents' association sends the same notice to every mailbox. Each
// mailbox keeps its letters as owned `String`s, and `deliver` takes the
// letter by value. The loop below hands the single `notice` to the first
// mailbox... and then has nothing left for the second one.
//
// Make it compile and pass the tests. Every mailbox must really own its own
// copy of the notice. Do not change `Mailbox`, `deliver` or the tests.

#[derive(Debug)]
pub struct Mailbox {
    pub owner: String,
    pub letters: Vec<String>,
}

pub fn deliver(mut mailbox: Mailbox, letter: String) -> Mailbox {
    mailbox.letters.push(letter);
    mailbox
}

pub fn broadcast(mailboxes: Vec<Mailbox>, notice: String) -> Vec<Mailbox> {
    let mut done = Vec::new();
    for mailbox in mailboxes {
        // SOLUTION: give each mailbox its own clone.
        // A loop body runs many times, but a move can happen only once: after
        // the first iteration moved `notice` into `deliver`, the second
        // iteration would move a value that is already gone (E0382, "value
        // moved here, in previous iteration of loop"). Reordering cannot help
        // here, because every mailbox must end up OWNING a String, so we
        // really need one String per mailbox, and `.clone()` makes exactly
        // that. The original `notice` stays with us and is dropped at the end
        // of the function.
        // (Note the other move in this loop: `for mailbox in mailboxes`
        // consumes the Vec and moves each Mailbox out of it in turn, which is
        // fine because each one is used exactly once.)
        done.push(deliver(mailbox, notice.clone()));
    }
    done
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn street() -> Vec<Mailbox> {
        ["Nr. 1", "Nr. 3", "Nr. 5"].iter().map(|o| Mailbox { owner: o.to_string(), letters: Vec::new() }).collect()
    }

    #[test]
    fn everyone_gets_the_notice() {
        let boxes = broadcast(street(), String::from("Water off on Tuesday"));
        assert_eq!(boxes.len(), 3);
        for b in &boxes {
            assert_eq!(b.letters, ["Water off on Tuesday"], "mailbox {}", b.owner);
        }
    }

    #[test]
    fn empty_street() {
        assert!(broadcast(Vec::new(), String::from("nobody reads this")).is_empty());
    }

    #[test]
    fn any_notice_to_any_street() {
        let street = vec![Mailbox { owner: String::from("Nr. 2"), letters: vec![String::from("bill")] }];
        let boxes = broadcast(street, String::from("Bins out on Monday"));
        assert_eq!(boxes[0].letters, ["bill", "Bins out on Monday"]);
        let boxes = broadcast(boxes, String::new());
        assert_eq!(boxes[0].letters, ["bill", "Bins out on Monday", ""]);
    }
}
