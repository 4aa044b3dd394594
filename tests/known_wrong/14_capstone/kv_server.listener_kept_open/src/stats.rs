//! Instrumentation: how many connections are being served right now. The tests read it to see that every connection
//! task really ends. Given: this file stays as it is.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counters shared by the server and its connection tasks; clones count together.
#[derive(Clone, Default)]
pub struct Stats {
    live: Arc<AtomicUsize>,
}

impl Stats {
    pub fn new() -> Stats {
        Stats::default()
    }

    /// How many `LiveConnection`s exist right now.
    pub fn live_connections(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }

    /// Counts one more live connection, until the returned value is dropped. A connection task takes one when it
    /// starts and keeps it until its socket is closed.
    pub fn connection_opened(&self) -> LiveConnection {
        self.live.fetch_add(1, Ordering::SeqCst);
        LiveConnection { live: Arc::clone(&self.live) }
    }
}

/// One live connection, counted until it is dropped.
pub struct LiveConnection {
    live: Arc<AtomicUsize>,
}

impl Drop for LiveConnection {
    fn drop(&mut self) {
        self.live.fetch_sub(1, Ordering::SeqCst);
    }
}
