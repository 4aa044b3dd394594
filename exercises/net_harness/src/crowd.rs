//! A crowd of clients, as the harness follows them: how many are running their scripts and how many are waiting for
//! the server, and the signal that ends every wait at once when the server is stuck (the `idle` module).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::{idle, jobs};

/// How often [`Crowd::watching`] looks whether the server is stuck, and for how long (and how many looks in a row)
/// it must have been stuck, without a single wake-up, before the clients' waits are ended.
const LOOK_EVERY: Duration = Duration::from_millis(20);
const STUCK_FOR: Duration = Duration::from_millis(250);
const STUCK_LOOKS: u32 = 12;

/// Clients of a server, followed so that their waits can end as soon as it is certain that nothing they wait for
/// will come. [`Server::clients`](crate::Server::clients) runs its clients as one; a test with clients of its own
/// makes one with [`Crowd::new`], counts each client in with [`Crowd::join`], wraps each wait for the server in
/// [`Crowd::wait`], and awaits the clients inside [`Crowd::watching`].
///
/// The server is stuck when every client of the crowd waits for it, the harness holds none of its
/// [`Jobs`](crate::Jobs), and every other thread of the test process (but the main one) has been asleep, with no deadline
/// and without waking once, for a quarter of a second. So the clients must run on one thread, the caller's (a
/// current-thread runtime, as `#[tokio::test]` gives), and while the crowd is watched only its clients may talk to
/// the server: a test that signals the server from elsewhere meanwhile must say so through `may_be_stuck`.
pub struct Crowd {
    /// Scripts that are running (or about to start), not waiting for the server.
    running: AtomicUsize,
    /// Scripts waiting for the server: for a reply, or for it to hang up.
    waiting: AtomicUsize,
    stuck: watch::Sender<bool>,
}

/// A client of the crowd, counted as running until it is dropped, except while it is in a [`Crowd::wait`].
pub struct Member(Arc<Crowd>);

impl Drop for Member {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Member {
    /// Its crowd.
    pub fn crowd(&self) -> Arc<Crowd> {
        Arc::clone(&self.0)
    }
}

/// A wait in progress: the script counts as waiting, not running, until it ends.
struct Waiting<'a>(&'a Crowd);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.running.fetch_add(1, Ordering::SeqCst);
        self.0.waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Crowd {
    pub fn new() -> Arc<Crowd> {
        Arc::new(Crowd { running: AtomicUsize::new(0), waiting: AtomicUsize::new(0), stuck: watch::Sender::new(false) })
    }

    /// Counts one more client. Call it before the client's task is spawned, so that a task not yet started counts
    /// as running, and move the [`Member`] into the task.
    pub fn join(self: &Arc<Crowd>) -> Member {
        self.running.fetch_add(1, Ordering::SeqCst);
        Member(Arc::clone(self))
    }

    /// Runs `wait` (a wait for the server, bounded in time), counted as waiting; `None` when the server was found
    /// stuck before it ended.
    pub async fn wait<F: Future>(&self, wait: F) -> Option<F::Output> {
        let mut stuck = self.stuck.subscribe();
        if *stuck.borrow_and_update() {
            return None;
        }
        self.waiting.fetch_add(1, Ordering::SeqCst);
        self.running.fetch_sub(1, Ordering::SeqCst);
        let _waiting = Waiting(self);
        tokio::select! {
            biased;
            output = wait => Some(output),
            _ = stuck.wait_for(|stuck| *stuck) => None,
        }
    }

    /// Whether every client is waiting for the server (and at least one is).
    fn all_waiting(&self) -> bool {
        self.running.load(Ordering::SeqCst) == 0 && self.waiting.load(Ordering::SeqCst) > 0
    }

    /// Runs `clients` (which awaits the crowd's clients) and, beside it, looks whether the server is stuck; when it
    /// is, every wait of the crowd ends, now and to come. `may_be_stuck` is asked at each look: false while the test
    /// itself may still wake the server.
    pub async fn watching<F: Future>(&self, clients: F, may_be_stuck: impl Fn() -> bool) -> F::Output {
        let stuck = self.until_stuck(may_be_stuck);
        tokio::pin!(clients, stuck);
        let mut found = false;
        loop {
            tokio::select! {
                output = &mut clients => return output,
                () = &mut stuck, if !found => {
                    found = true;
                    self.stuck.send_replace(true);
                }
            }
        }
    }

    /// Returns once the server has been stuck for [`STUCK_FOR`] (and [`STUCK_LOOKS`] looks in a row); never, where
    /// that cannot be seen.
    async fn until_stuck(&self, may_be_stuck: impl Fn() -> bool) {
        // The sleeping threads' switch count at the first look of the stretch, when it began, and the looks since.
        let mut stretch: Option<(u64, Instant, u32)> = None;
        loop {
            tokio::time::sleep(LOOK_EVERY).await;
            let seen = if self.all_waiting() && jobs::none_in_flight() && may_be_stuck() { idle::look() } else { None };
            stretch = match (seen, stretch) {
                (Some(switches), Some((before, began, looks))) if switches == before => {
                    Some((before, began, looks + 1))
                }
                (Some(switches), _) => Some((switches, Instant::now(), 1)),
                (None, _) => None,
            };
            if let Some((_, began, looks)) = stretch
                && looks >= STUCK_LOOKS
                && began.elapsed() >= STUCK_FOR
            {
                return;
            }
        }
    }
}
