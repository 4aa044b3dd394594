// known wrong: one scoped thread searches the whole catalogue: nothing is searched at the same time
// threads5: scoped threads can borrow
//
// A library catalogue search splits the list of titles in two halves and lets two
// threads search one half each, at the same time. The titles are only BORROWED
// (`&[String]`), and so is the test `is_match` that decides which titles count:
// copying the whole catalogue for every thread would be a waste.
//
// It does not compile. `thread::spawn` needs closures that borrow nothing
// short-lived, because nobody promises the threads end before `titles` goes away.
// Adding `move` does not help either: a moved reference is still a reference into
// the caller's data.
//
// Your task: use `thread::scope`. Threads spawned inside a scope are all joined
// before `scope` returns, so they MAY borrow local data. Keep the signature. The
// two halves must still be searched at the same time: the tests' `is_match` only
// answers once two different threads have asked, so joining the first thread
// before spawning the second (or searching everything on one thread) never
// finishes.
// Do not change the tests.

use std_or_loom::thread;

fn count_matches<F>(titles: &[String], is_match: F) -> usize
where
    F: Fn(&str) -> bool + Sync,
{
    let (front, back) = titles.split_at(titles.len() / 2);
    let _ = (front, back);
    thread::scope(|s| s.spawn(|| titles.iter().filter(|t| is_match(t)).count()).join().unwrap())
}

fn main() {
    let titles = vec!["The Sea Wolf".to_string(), "Sea of Stars".to_string()];
    println!("{}", count_matches(&titles, |title| title.contains("Sea")));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::{Condvar, Mutex};
    use std::thread::ThreadId;
    use std::time::Duration;

    fn catalogue() -> Vec<String> {
        [
            "Rust in the Garden",
            "A Map of the River",
            "Gardens of the North",
            "The Rusty Anchor",
            "River Songs",
            "Night Garden",
            "Salt and Rust",
        ]
        .map(String::from)
        .to_vec()
    }

    /// A search whose first answer on each thread waits until two different threads have asked: the halves must
    /// be searched at the same time. It waits at most 5 s (an upper bound, far above what starting a thread
    /// takes); once it has given up, nobody waits any more.
    struct MeetUp {
        state: Mutex<(HashSet<ThreadId>, bool)>, // (threads that asked, someone gave up)
        changed: Condvar,
    }

    impl MeetUp {
        fn new() -> MeetUp {
            MeetUp { state: Mutex::new((HashSet::new(), false)), changed: Condvar::new() }
        }

        fn arrive(&self) {
            let mut state = self.state.lock().unwrap();
            if !state.0.insert(std::thread::current().id()) {
                return; // this thread has met up already
            }
            self.changed.notify_all();
            let (mut state, waited) =
                self.changed.wait_timeout_while(state, Duration::from_secs(5), |s| s.0.len() < 2 && !s.1).unwrap();
            if waited.timed_out() {
                state.1 = true;
                self.changed.notify_all();
            }
        }

        fn check(&self) {
            let state = self.state.lock().unwrap();
            assert!(
                !state.1,
                "a search thread waited 5 s for the other: the halves were not searched at the same time"
            );
            assert_eq!(state.0.len(), 2, "the titles should be searched by two threads, one half each");
        }
    }

    fn search(titles: &[String], word: &str) -> usize {
        let meet_up = MeetUp::new();
        let found = count_matches(titles, |title| {
            meet_up.arrive();
            title.contains(word)
        });
        meet_up.check();
        found
    }

    #[test]
    fn searches_both_halves() {
        let titles = catalogue();
        assert_eq!(search(&titles, "Garden"), 3);
        assert_eq!(search(&titles, "Rust"), 3);
        assert_eq!(search(&titles, "Moon"), 0);
        // The catalogue is still ours afterwards: it was only lent out.
        assert_eq!(titles.len(), 7);
    }

    #[test]
    fn tiny_catalogues() {
        assert_eq!(count_matches(&[], |_| true), 0);
        assert_eq!(count_matches(&["Rust".to_string()], |t| t == "Rust"), 1);
        assert_eq!(search(&["Rust".to_string(), "Dust".to_string()], "ust"), 2);
    }
}
