//! `std::thread`, or under loom its modelled threads (with scoped threads, which loom lacks), recording each spawn and
//! join.
//!
//! Under loom a model may have at most 5 threads, its main thread included; `sleep` lets the other threads run
//! (loom has no clock, and sleeping never orders anything); `park` and `unpark` are loom's, and are not recorded.

#[cfg(not(loom))]
pub use std::thread::{
    Builder, JoinHandle, Scope, ScopedJoinHandle, Thread, ThreadId, current, panicking, park, scope, sleep, spawn,
    yield_now,
};

#[cfg(loom)]
mod scope;

#[cfg(loom)]
pub use self::modelled::{Builder, JoinHandle, sleep, spawn};
#[cfg(loom)]
pub use self::scope::{Scope, ScopedJoinHandle, scope};
#[cfg(loom)]
pub use loom::thread::{Thread, ThreadId, current, panicking, park, yield_now};

#[cfg(loom)]
mod modelled {
    use std::fmt;
    use std::io;
    use std::panic::Location;
    use std::time::Duration;

    use crate::record::{self, At};

    /// Spawns a modelled thread, as `std::thread::spawn`.
    #[track_caller]
    pub fn spawn<F, T>(f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        spawned(loom::thread::spawn(f), Location::caller())
    }

    fn spawned<T>(inner: loom::thread::JoinHandle<T>, at: At) -> JoinHandle<T> {
        note_spawn(inner.thread(), at);
        JoinHandle { inner }
    }

    /// Records a spawn from the parent's side; the child's number is loom's (1, 2, ... in spawn order).
    pub(super) fn note_spawn(child: &loom::thread::Thread, at: At) {
        if record::on() {
            record::op("spawn", 0, at).num("child", record::thread_number(child) as u64).push();
        }
    }

    /// Waits for a modelled thread, recording the wait and its end.
    pub(super) fn join<T>(inner: loom::thread::JoinHandle<T>, at: At) -> std::thread::Result<T> {
        let child = record::on().then(|| record::thread_number(inner.thread()) as u64);
        if let Some(child) = child {
            record::op("join_wait", 0, at).num("child", child).push();
        }
        let result = inner.join();
        if let Some(child) = child {
            record::op("join", 0, at).num("child", child).push();
        }
        result
    }

    /// An owned permission to join a modelled thread, as `std::thread::JoinHandle`.
    pub struct JoinHandle<T> {
        inner: loom::thread::JoinHandle<T>,
    }

    impl<T> JoinHandle<T> {
        #[track_caller]
        pub fn join(self) -> std::thread::Result<T> {
            join(self.inner, Location::caller())
        }

        pub fn thread(&self) -> &loom::thread::Thread {
            self.inner.thread()
        }
    }

    impl<T> fmt::Debug for JoinHandle<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("JoinHandle").finish_non_exhaustive()
        }
    }

    /// Configures a modelled thread before spawning it, as `std::thread::Builder`.
    #[derive(Debug)]
    pub struct Builder {
        inner: loom::thread::Builder,
    }

    impl Builder {
        pub fn new() -> Builder {
            Builder { inner: loom::thread::Builder::new() }
        }

        pub fn name(self, name: String) -> Builder {
            Builder { inner: self.inner.name(name) }
        }

        pub fn stack_size(self, size: usize) -> Builder {
            Builder { inner: self.inner.stack_size(size) }
        }

        #[track_caller]
        pub fn spawn<F, T>(self, f: F) -> io::Result<JoinHandle<T>>
        where
            F: FnOnce() -> T + Send + 'static,
            T: Send + 'static,
        {
            let at = Location::caller();
            self.inner.spawn(f).map(|inner| spawned(inner, at))
        }
    }

    /// "Sleeps": lets the other threads run. loom has no clock, and a sleep orders nothing, which is the lesson.
    #[track_caller]
    pub fn sleep(duration: Duration) {
        if record::on() {
            record::op("sleep", 0, Location::caller()).debug("for", duration).push();
        }
        loom::thread::yield_now();
    }
}
