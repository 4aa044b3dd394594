// known wrong: makes the mailboxes hold &'static str and leaks one copy of the notice for every mailbox: memory that is never freed
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
    pub letters: Vec<&'static str>,
}

pub fn deliver(mut mailbox: Mailbox, letter: &'static str) -> Mailbox {
    mailbox.letters.push(letter);
    mailbox
}

pub fn broadcast(mailboxes: Vec<Mailbox>, notice: String) -> Vec<Mailbox> {
    let mut done = Vec::new();
    for mailbox in mailboxes {
        done.push(deliver(mailbox, Box::leak(notice.clone().into_boxed_str())));
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
