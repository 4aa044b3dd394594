//! A stand-in for a server's real work, instrumented: it counts the jobs in flight and finishes them when the test
//! says so.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tokio::sync::watch;

/// How long a blocking job waits for [`Jobs::release`] before it finishes anyway: a test that forgot to release, or
/// that failed first, must not keep a thread blocked forever.
const BLOCKING_JOB_LIMIT: Duration = Duration::from_secs(5);

/// The server's work, as the test sees it. Clone it into the server; every clone counts into the same gauges.
///
/// A job (`run(request).await`, or `run_blocking(request)` for CPU-heavy or blocking work) enters the gauge, waits
/// until the jobs are released (at once with [`Jobs::new`]; only after [`Jobs::release`] with [`Jobs::held`]),
/// leaves the gauge and returns `"done <request>"`. A job whose future is dropped before it finished leaves the gauge
/// too, without counting as finished. [`Jobs::peak`] is the most jobs that were ever in flight at once: measured,
/// not timed, so it is the same on every run.
#[derive(Clone)]
pub struct Jobs {
    inner: Arc<Inner>,
}

struct Inner {
    /// Whether jobs may finish, for async jobs.
    open: watch::Sender<bool>,
    /// The same, for blocking jobs.
    open_blocking: Mutex<bool>,
    opened: Condvar,
    /// How many jobs have started; a watch so that a test can wait for a number.
    started: watch::Sender<usize>,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
    finished: AtomicUsize,
    /// A blocking job finished because nobody released it in time.
    gave_up: AtomicBool,
    /// A blocking job ran on the server's own thread.
    on_server_thread: AtomicBool,
}

/// Jobs in flight in the whole process, of every [`Jobs`]: while one is, the server waits for the test, and is not
/// stuck however still it sits.
static IN_FLIGHT_ANYWHERE: AtomicUsize = AtomicUsize::new(0);

pub(crate) fn none_in_flight() -> bool {
    IN_FLIGHT_ANYWHERE.load(Ordering::SeqCst) == 0
}

/// Leaves the gauge when the job ends, finished or dropped.
struct InFlight<'a>(&'a Inner);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
        IN_FLIGHT_ANYWHERE.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Inner {
    fn enter(&self) -> InFlight<'_> {
        IN_FLIGHT_ANYWHERE.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        self.started.send_modify(|n| *n += 1);
        InFlight(self)
    }
}

impl Default for Jobs {
    fn default() -> Self {
        Jobs::new()
    }
}

impl Jobs {
    /// Jobs that finish as soon as they start.
    pub fn new() -> Jobs {
        Jobs::with_gate(true)
    }

    /// Jobs that wait until [`Jobs::release`] is called.
    pub fn held() -> Jobs {
        Jobs::with_gate(false)
    }

    fn with_gate(open: bool) -> Jobs {
        Jobs {
            inner: Arc::new(Inner {
                open: watch::Sender::new(open),
                open_blocking: Mutex::new(open),
                opened: Condvar::new(),
                started: watch::Sender::new(0),
                in_flight: AtomicUsize::new(0),
                peak: AtomicUsize::new(0),
                finished: AtomicUsize::new(0),
                gave_up: AtomicBool::new(false),
                on_server_thread: AtomicBool::new(false),
            }),
        }
    }

    /// Does the job for `request` and returns `"done <request>"`; waits first while the jobs are held.
    pub async fn run(&self, request: &str) -> String {
        let _gauge = self.inner.enter();
        let mut open = self.inner.open.subscribe();
        // The sender lives in `self`, so the channel cannot close while we wait.
        let _ = open.wait_for(|open| *open).await;
        self.inner.finished.fetch_add(1, Ordering::SeqCst);
        format!("done {request}")
    }

    /// The blocking kind of job (standing for CPU-heavy work or a blocking call): it blocks the calling thread while
    /// the jobs are held (at most 5 s), then returns `"done <request>"`.
    pub fn run_blocking(&self, request: &str) -> String {
        if std::thread::current().name() == Some(crate::server::THREAD_NAME) {
            self.inner.on_server_thread.store(true, Ordering::SeqCst);
        }
        let _gauge = self.inner.enter();
        let open = self.inner.open_blocking.lock().unwrap_or_else(|e| e.into_inner());
        let (open, waited) = self
            .inner
            .opened
            .wait_timeout_while(open, BLOCKING_JOB_LIMIT, |open| !*open)
            .unwrap_or_else(|e| e.into_inner());
        drop(open);
        if waited.timed_out() {
            self.inner.gave_up.store(true, Ordering::SeqCst);
        }
        self.inner.finished.fetch_add(1, Ordering::SeqCst);
        format!("done {request}")
    }

    /// Lets every waiting and future job finish.
    pub fn release(&self) {
        self.inner.open.send_replace(true);
        *self.inner.open_blocking.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.inner.opened.notify_all();
    }

    /// Jobs in flight now.
    pub fn in_flight(&self) -> usize {
        self.inner.in_flight.load(Ordering::SeqCst)
    }

    /// The most jobs that were ever in flight at once.
    pub fn peak(&self) -> usize {
        self.inner.peak.load(Ordering::SeqCst)
    }

    /// Jobs started so far.
    pub fn started(&self) -> usize {
        *self.inner.started.borrow()
    }

    /// Jobs that ran to the end.
    pub fn finished(&self) -> usize {
        self.inner.finished.load(Ordering::SeqCst)
    }

    /// Whether a blocking job ran on the server's own thread, the one its runtime runs every task on: while it runs,
    /// no other connection can be served, whatever the server's code does next. Known as soon as the job starts, so a
    /// test need not wait out a limit to find that the job was not moved off the runtime (`spawn_blocking`).
    pub fn blocked_the_server(&self) -> bool {
        self.inner.on_server_thread.load(Ordering::SeqCst)
    }

    /// Whether a blocking job gave up waiting for [`Jobs::release`] (5 s).
    pub fn gave_up(&self) -> bool {
        self.inner.gave_up.load(Ordering::SeqCst)
    }

    /// Waits until at least `n` jobs have started, at most `within`; returns whether they did.
    pub async fn wait_for_started(&self, n: usize, within: Duration) -> bool {
        let mut started = self.inner.started.subscribe();
        matches!(tokio::time::timeout(within, started.wait_for(|s| *s >= n)).await, Ok(Ok(_)))
    }
}
