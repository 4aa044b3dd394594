// known wrong: switches to tokio's Mutex, which the tests (and the text) do not allow: the lock is only needed for a moment, so the std Mutex stays
// async1: a guard that stays too long
//
// A chat room keeps its history behind a `std::sync::Mutex`. `post` adds a line, then "delivers" it to the other
// members (an `.await` standing in for network I/O), and returns the history length it saw right after adding.
// `announce` runs each post as its own task with `tokio::spawn`, and on tokio's multi-thread runtime a task may
// continue on a different worker thread after every `.await`. So everything alive across an `.await` must be `Send`.
// A std `MutexGuard` is not (it has to be unlocked by the thread that locked it), and here the guard lives until the
// end of `post`, across `deliver().await`. rustc says: "future cannot be sent between threads safely".
//
// What to do: keep the std Mutex (the lock is only needed for a moment), but make sure the guard is dropped BEFORE
// the `.await`: do the locking in its own `{ ... }` block that produces the value you need.
// Do not change `announce`, `deliver` or the tests.

use std::sync::Arc;
use tokio::sync::Mutex;
use std::time::Duration;
use tokio::task::JoinHandle;

pub struct Room {
    pub history: Mutex<Vec<String>>,
}

async fn deliver() {
    tokio::time::sleep(Duration::from_millis(2)).await;
}

pub async fn post(room: Arc<Room>, line: String) -> usize {
    let mut history = room.history.lock().await;
    history.push(line);
    deliver().await;
    history.len()
}

pub fn announce(room: Arc<Room>, line: String) -> JoinHandle<usize> {
    tokio::spawn(post(room, line))
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_line_lands_exactly_once() {
        let room = Arc::new(Room { history: Mutex::new(Vec::new()) });
        let tasks: Vec<_> = (0..8).map(|i| announce(Arc::clone(&room), format!("guest{i}: hi"))).collect();
        let mut seen = Vec::new();
        for task in tasks {
            seen.push(task.await.unwrap());
        }
        seen.sort_unstable();
        assert_eq!(seen, (1..=8).collect::<Vec<usize>>());
        assert_eq!(room.history.lock().unwrap().len(), 8);
    }

    // One thread: each task runs until its first `.await` before the next one starts, in the order they were spawned,
    // so every post must report the length right after its own push: 1, 2, 3.
    #[tokio::test(flavor = "current_thread")]
    async fn each_post_sees_the_history_right_after_its_own_line() {
        let room = Arc::new(Room { history: Mutex::new(Vec::new()) });
        let tasks: Vec<_> = (0..3).map(|i| announce(Arc::clone(&room), format!("guest{i}: hi"))).collect();
        let mut seen = Vec::new();
        for task in tasks {
            seen.push(task.await.unwrap());
        }
        assert_eq!(seen, [1, 2, 3], "the lengths were read at the wrong moment (after the delivery?)");
    }
}
