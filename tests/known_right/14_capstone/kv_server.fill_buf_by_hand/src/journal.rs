//! The journal: every write (SET, DEL) is recorded here before the client hears `OK`, the way a database appends to
//! its log before it answers. Writing can be slow (a disk, a replica across the network), so `write` is an `.await`.
//! Given: this file stays as it is.

use tokio::sync::{mpsc, oneshot};

/// One write that waits to be made durable.
pub struct Entry {
    line: String,
    written: oneshot::Sender<()>,
}

impl Entry {
    /// The write, as a line of the protocol (`SET key value`, `DEL key`).
    pub fn line(&self) -> &str {
        &self.line
    }

    /// Says that the entry is durable: the `Journal::write` waiting for it returns.
    pub fn written(self) {
        let _ = self.written.send(());
    }
}

/// The writing end of the journal; clones write to the same journal.
#[derive(Clone)]
pub struct Journal {
    entries: mpsc::UnboundedSender<Entry>,
}

impl Journal {
    /// A journal, and the receiving end where its entries arrive in the order they were written. Whoever holds the
    /// receiver makes each entry durable and then calls `Entry::written`.
    pub fn new() -> (Journal, mpsc::UnboundedReceiver<Entry>) {
        let (entries, receiver) = mpsc::unbounded_channel();
        (Journal { entries }, receiver)
    }

    /// Records `line` and waits until it is written. (When nobody reads the journal any more, it returns at once.)
    pub async fn write(&self, line: String) {
        let (written, done) = oneshot::channel();
        if self.entries.send(Entry { line, written }).is_ok() {
            let _ = done.await;
        }
    }
}
