// async1: a guard that stays too long (solution)
//
// An `async fn` compiles to a state machine, and every local that is still alive at an `.await` becomes a field of
// that state machine (the future). The future is `Send` only if all those fields are. Before, `history` (a std
// `MutexGuard`) was alive at `deliver().await` because it was used after it, so the future was not Send and
// `tokio::spawn` refused it. (It would also have kept the room locked for the whole delivery, blocking every other
// poster's thread while it waited.)
//
// Now the guard lives only inside the block: it is dropped at the closing brace, which unlocks the mutex, and only
// the plain `usize` it produced survives to the `.await`. The lock is held for microseconds instead of across I/O.
// Why a block and not `drop(history);` before the await? The explicit drop does unlock in time, but today's rustc
// still counts a variable as alive at an `.await` as long as it is in scope, so the future stays !Send. Ending the
// scope is what the compiler can see.
// A std Mutex is the right tool for such short, non-async critical sections; reach for tokio's async Mutex only
// when the lock really must be held across an `.await` (next exercises).

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

pub struct Room {
    pub history: Mutex<Vec<String>>,
}

async fn deliver() {
    tokio::time::sleep(Duration::from_millis(2)).await;
}

pub async fn post(room: Arc<Room>, line: String) -> usize {
    let seen = {
        let mut history = room.history.lock().unwrap();
        history.push(line);
        history.len()
    }; // <- guard dropped here, before the await
    deliver().await;
    seen
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
