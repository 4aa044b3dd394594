//! `std::sync::mpsc`, or under loom a channel built from loom's mutex and condition variable.
//!
//! loom's own `mpsc` does not model disconnection: its `recv` waits forever once the senders are gone (so
//! `for message in rx` cannot end) and it has no `sync_channel`. This one keeps std's semantics: `recv` fails when the
//! queue is empty and every `Sender` is dropped, `send` fails when the `Receiver` is dropped, a `sync_channel(n)`
//! blocks senders while `n` messages wait (with `0`, until the receiver takes the message). Every send
//! happens-before the `recv` that takes its message, through the channel's lock, as with std.
//!
//! The channel records `send`, `recv` (with `recv_wait` when it has to wait), `try_recv`, and when senders are cloned
//! or dropped; its inner lock and condition variable are not recorded. Messages are not shown: their type need not be
//! `Debug`. `recv_timeout` is not offered under loom, which has no clock.

#[cfg(not(loom))]
pub use std::sync::mpsc::{
    IntoIter, Iter, Receiver, RecvError, SendError, Sender, SyncSender, TryIter, TryRecvError, TrySendError, channel,
    sync_channel,
};

#[cfg(loom)]
pub use self::modelled::{IntoIter, Iter, Receiver, Sender, SyncSender, TryIter, channel, sync_channel};
#[cfg(loom)]
pub use std::sync::mpsc::{RecvError, SendError, TryRecvError, TrySendError};

#[cfg(loom)]
mod modelled {
    use std::collections::VecDeque;
    use std::fmt;
    use std::marker::PhantomData;
    use std::panic::Location;
    use std::sync::Arc;
    use std::sync::mpsc::{RecvError, SendError, TryRecvError, TrySendError};

    use crate::record::{self, At, ObjId};

    /// What the senders and the receiver share. A std `Arc` is enough to share it: loom runs the whole model on one
    /// OS thread, and everything that must be modelled happens under the loom mutex inside.
    struct Channel<T> {
        id: ObjId,
        /// `None` for `channel()`; `Some(n)` for `sync_channel(n)`.
        bound: Option<usize>,
        state: loom::sync::Mutex<State<T>>,
        changed: loom::sync::Condvar,
    }

    struct State<T> {
        queue: VecDeque<T>,
        senders: usize,
        receiver: bool,
        sent: u64,
        received: u64,
    }

    #[track_caller]
    fn open<T>(kind: &'static str, bound: Option<usize>) -> Arc<Channel<T>> {
        Arc::new(Channel {
            id: record::object(kind, Location::caller(), None),
            bound,
            state: loom::sync::Mutex::new(State {
                queue: VecDeque::new(),
                senders: 1,
                receiver: true,
                sent: 0,
                received: 0,
            }),
            changed: loom::sync::Condvar::new(),
        })
    }

    /// An unbounded channel, as `std::sync::mpsc::channel`.
    #[track_caller]
    pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
        let channel = open("channel", None);
        (Sender { channel: Arc::clone(&channel) }, Receiver { channel, not_sync: PhantomData })
    }

    /// A bounded channel, as `std::sync::mpsc::sync_channel`.
    #[track_caller]
    pub fn sync_channel<T>(bound: usize) -> (SyncSender<T>, Receiver<T>) {
        let channel = open("sync_channel", Some(bound));
        (SyncSender { channel: Arc::clone(&channel) }, Receiver { channel, not_sync: PhantomData })
    }

    impl<T> Channel<T> {
        fn lock(&self) -> loom::sync::MutexGuard<'_, State<T>> {
            self.state.lock().expect("loom's locks are never poisoned")
        }

        fn wait<'a>(&self, state: loom::sync::MutexGuard<'a, State<T>>) -> loom::sync::MutexGuard<'a, State<T>> {
            self.changed.wait(state).expect("loom's locks are never poisoned")
        }

        fn note(&self, op: &'static str, at: At, ok: bool) {
            if record::on() {
                record::op(op, self.id, at).flag("ok", ok).push();
            }
        }

        fn send(&self, value: T, at: At, block: bool) -> Result<(), TrySendError<T>> {
            let op = if block { "send" } else { "try_send" };
            let mut state = self.lock();
            if let Some(bound) = self.bound {
                // A rendezvous channel (bound 0) still holds the one message being handed over.
                let room = bound.max(1);
                if state.receiver && state.queue.len() >= room {
                    if !block {
                        self.note(op, at, false);
                        return Err(TrySendError::Full(value));
                    }
                    if record::on() {
                        record::op("send_wait", self.id, at).push();
                    }
                    while state.receiver && state.queue.len() >= room {
                        state = self.wait(state);
                    }
                }
            }
            if !state.receiver {
                self.note(op, at, false);
                return Err(TrySendError::Disconnected(value));
            }
            state.queue.push_back(value);
            state.sent += 1;
            let ticket = state.sent;
            self.changed.notify_all();
            self.note(op, at, true);
            if self.bound == Some(0) && block {
                while state.receiver && state.received < ticket {
                    state = self.wait(state);
                }
            }
            Ok(())
        }

        fn recv(&self, at: At) -> Result<T, RecvError> {
            let mut state = self.lock();
            let mut waited = false;
            loop {
                if let Some(value) = state.queue.pop_front() {
                    state.received += 1;
                    if self.bound.is_some() {
                        // Senders may wait for room, or (rendezvous) for this very message to be taken.
                        self.changed.notify_all();
                    }
                    self.note("recv", at, true);
                    return Ok(value);
                }
                if state.senders == 0 {
                    self.note("recv", at, false);
                    return Err(RecvError);
                }
                if !waited && record::on() {
                    record::op("recv_wait", self.id, at).push();
                }
                waited = true;
                state = self.wait(state);
            }
        }

        fn try_recv(&self, at: At) -> Result<T, TryRecvError> {
            let mut state = self.lock();
            let result = match state.queue.pop_front() {
                Some(value) => {
                    state.received += 1;
                    if self.bound.is_some() {
                        self.changed.notify_all();
                    }
                    Ok(value)
                }
                None if state.senders == 0 => Err(TryRecvError::Disconnected),
                None => Err(TryRecvError::Empty),
            };
            self.note("try_recv", at, result.is_ok());
            result
        }

        fn add_sender(&self, at: At) {
            self.lock().senders += 1;
            if record::on() {
                record::op("sender_clone", self.id, at).push();
            }
        }

        fn drop_sender(&self) {
            // While a panic unwinds, loom may be in no state to schedule (after a deadlock report); the execution
            // has failed anyway.
            if std::thread::panicking() {
                return;
            }
            let mut state = self.lock();
            state.senders -= 1;
            if state.senders == 0 {
                self.changed.notify_all();
            }
            drop(state);
            if record::on() {
                record::op_in_drop("sender_drop", self.id).push();
            }
        }
    }

    /// The sending half of [`channel`], as `std::sync::mpsc::Sender`.
    pub struct Sender<T> {
        channel: Arc<Channel<T>>,
    }

    /// The sending half of [`sync_channel`], as `std::sync::mpsc::SyncSender`.
    pub struct SyncSender<T> {
        channel: Arc<Channel<T>>,
    }

    /// The receiving half, as `std::sync::mpsc::Receiver`.
    pub struct Receiver<T> {
        channel: Arc<Channel<T>>,
        /// std's `Receiver` may move to another thread but not be shared with one.
        not_sync: PhantomData<std::cell::Cell<()>>,
    }

    impl<T> Sender<T> {
        #[track_caller]
        pub fn send(&self, value: T) -> Result<(), SendError<T>> {
            self.channel.send(value, Location::caller(), true).map_err(|error| match error {
                TrySendError::Full(value) | TrySendError::Disconnected(value) => SendError(value),
            })
        }
    }

    impl<T> SyncSender<T> {
        #[track_caller]
        pub fn send(&self, value: T) -> Result<(), SendError<T>> {
            self.channel.send(value, Location::caller(), true).map_err(|error| match error {
                TrySendError::Full(value) | TrySendError::Disconnected(value) => SendError(value),
            })
        }

        #[track_caller]
        pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
            self.channel.send(value, Location::caller(), false)
        }
    }

    impl<T> Receiver<T> {
        #[track_caller]
        pub fn recv(&self) -> Result<T, RecvError> {
            self.channel.recv(Location::caller())
        }

        #[track_caller]
        pub fn try_recv(&self) -> Result<T, TryRecvError> {
            self.channel.try_recv(Location::caller())
        }

        /// Messages until every sender is gone. The receives are recorded at the line that called `iter`: `next` is
        /// called from wherever the iterator is consumed, often inside the standard library.
        #[track_caller]
        pub fn iter(&self) -> Iter<'_, T> {
            Iter { receiver: self, at: Location::caller() }
        }

        #[track_caller]
        pub fn try_iter(&self) -> TryIter<'_, T> {
            TryIter { receiver: self, at: Location::caller() }
        }
    }

    impl<T> Clone for Sender<T> {
        #[track_caller]
        fn clone(&self) -> Sender<T> {
            self.channel.add_sender(Location::caller());
            Sender { channel: Arc::clone(&self.channel) }
        }
    }

    impl<T> Clone for SyncSender<T> {
        #[track_caller]
        fn clone(&self) -> SyncSender<T> {
            self.channel.add_sender(Location::caller());
            SyncSender { channel: Arc::clone(&self.channel) }
        }
    }

    impl<T> Drop for Sender<T> {
        fn drop(&mut self) {
            self.channel.drop_sender();
        }
    }

    impl<T> Drop for SyncSender<T> {
        fn drop(&mut self) {
            self.channel.drop_sender();
        }
    }

    impl<T> Drop for Receiver<T> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                return;
            }
            let mut state = self.channel.lock();
            state.receiver = false;
            // Senders waiting for room (or for a rendezvous) must learn that nobody will receive.
            if self.channel.bound.is_some() {
                self.channel.changed.notify_all();
            }
            drop(state);
            if record::on() {
                record::op_in_drop("receiver_drop", self.channel.id).push();
            }
        }
    }

    /// Iterates over received messages until every sender is gone, as `std::sync::mpsc::Iter`.
    pub struct Iter<'a, T> {
        receiver: &'a Receiver<T>,
        at: At,
    }

    /// Iterates over the messages waiting now, as `std::sync::mpsc::TryIter`.
    pub struct TryIter<'a, T> {
        receiver: &'a Receiver<T>,
        at: At,
    }

    /// Owns the receiver and iterates until every sender is gone, as `std::sync::mpsc::IntoIter`.
    pub struct IntoIter<T> {
        receiver: Receiver<T>,
        at: At,
    }

    impl<T> Iterator for Iter<'_, T> {
        type Item = T;

        fn next(&mut self) -> Option<T> {
            self.receiver.channel.recv(self.at).ok()
        }
    }

    impl<T> Iterator for TryIter<'_, T> {
        type Item = T;

        fn next(&mut self) -> Option<T> {
            self.receiver.channel.try_recv(self.at).ok()
        }
    }

    impl<T> Iterator for IntoIter<T> {
        type Item = T;

        fn next(&mut self) -> Option<T> {
            self.receiver.channel.recv(self.at).ok()
        }
    }

    impl<'a, T> IntoIterator for &'a Receiver<T> {
        type Item = T;
        type IntoIter = Iter<'a, T>;

        #[track_caller]
        fn into_iter(self) -> Iter<'a, T> {
            self.iter()
        }
    }

    impl<T> IntoIterator for Receiver<T> {
        type Item = T;
        type IntoIter = IntoIter<T>;

        #[track_caller]
        fn into_iter(self) -> IntoIter<T> {
            IntoIter { receiver: self, at: Location::caller() }
        }
    }

    impl<T> fmt::Debug for Sender<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("Sender").finish_non_exhaustive()
        }
    }

    impl<T> fmt::Debug for SyncSender<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("SyncSender").finish_non_exhaustive()
        }
    }

    impl<T> fmt::Debug for Receiver<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("Receiver").finish_non_exhaustive()
        }
    }
}
