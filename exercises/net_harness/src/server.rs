//! The server under test: the learner's `serve`, on a loopback port, in a runtime and on a thread of its own.

use std::fmt::Debug;
use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::task::{Context, Poll};
use std::thread::{self, ThreadId};
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket};
use tokio::runtime::Handle;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

use crate::client::{Client, Miss};
use crate::crowd::Crowd;
use crate::report::Report;
use crate::{REPLY_WITHIN, limits};

/// Connections the listener queues before the server accepts them: more than any test opens at once, so that a
/// crowd of clients never waits for the kernel to retry a connection (the kernel caps it at `somaxconn`).
const BACKLOG: u32 = 4096;
/// How long the server's runtime may take to drop its remaining tasks when the server is dropped.
const SHUTDOWN_LIMIT: Duration = Duration::from_secs(1);
/// The name of the server's thread, where its runtime runs every task.
pub(crate) const THREAD_NAME: &str = "net_harness server";
/// How long dropping a [`Server`] waits for its thread; a thread stuck in a blocking call is left behind after this.
const THREAD_LIMIT: Duration = Duration::from_secs(3);

/// What `serve` returned, and what it left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// Its output, as `{:?}` prints it (or "panicked: ..." when it panicked).
    pub output: String,
    /// Tasks of the server's runtime that were still alive at that moment (tasks the harness spawned with
    /// [`Server::spawn`] are not counted): connection tasks that `serve` did not wait for.
    pub tasks_left: usize,
}

struct Shared {
    returned: watch::Sender<Option<Returned>>,
    /// Tasks spawned with [`Server::spawn`] that are still alive.
    harness_tasks: AtomicUsize,
    /// Whether the server's clock is paused.
    paused: bool,
}

/// The learner's server, started on `127.0.0.1` at a free port. Dropping it stops the server: its runtime is shut
/// down, which drops every task and closes every socket it holds.
pub struct Server {
    addr: SocketAddr,
    handle: Handle,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    finished: mpsc::Receiver<()>,
    _turn: Turn,
}

impl Server {
    /// Starts `serve(listener)` on a current-thread runtime of its own, on a thread of its own. `serve` gets a listener
    /// bound to `127.0.0.1` at a free port.
    pub fn start<F, Fut>(serve: F) -> Server
    where
        F: FnOnce(TcpListener) -> Fut + Send + 'static,
        Fut: Future + 'static,
        Fut::Output: Debug,
    {
        Server::launch(serve, false)
    }

    /// Like [`Server::start`], with the runtime's clock paused: a timer in the server then ends as soon as nothing in
    /// the server can run (the clock jumps forward), so that a server which sleeps "long enough" for its tasks is
    /// caught, while one that waits for them is not slowed down. Use it only for servers that need no timer of their
    /// own while clients talk to them: waiting for a client also counts as having nothing to do.
    pub fn start_paused<F, Fut>(serve: F) -> Server
    where
        F: FnOnce(TcpListener) -> Fut + Send + 'static,
        Fut: Future + 'static,
        Fut::Output: Debug,
    {
        Server::launch(serve, true)
    }

    fn launch<F, Fut>(serve: F, paused: bool) -> Server
    where
        F: FnOnce(TcpListener) -> Fut + Send + 'static,
        Fut: Future + 'static,
        Fut::Output: Debug,
    {
        let turn = Turn::take();
        if let Some(message) = first_failure() {
            panic!(
                "not run: an earlier test of this exercise already failed while its server ran, with: {message}. Fix \
                 that first; the other tests would only wait out their limits against the same server"
            );
        }
        limits::open_file_limit();
        let shared =
            Arc::new(Shared { returned: watch::Sender::new(None), harness_tasks: AtomicUsize::new(0), paused });
        let (started_tx, started_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let (finished_tx, finished) = mpsc::channel();
        let server_shared = Arc::clone(&shared);
        thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .start_paused(paused)
                    .build()
                    .expect("net_harness could not build the server's runtime");
                let listener = match runtime.block_on(bind()) {
                    Ok(listener) => listener,
                    Err(error) => {
                        let _ = started_tx.send(Err(error));
                        return;
                    }
                };
                let addr = listener.local_addr().expect("a bound listener has an address");
                let _ = started_tx.send(Ok((addr, runtime.handle().clone())));
                runtime.block_on(async move {
                    let mut stop_rx = stop_rx;
                    let serving = CatchUnwind(Box::pin(async move { serve(listener).await }));
                    let output = tokio::select! {
                        biased;
                        _ = &mut stop_rx => return,
                        output = serving => output,
                    };
                    // Counted right away, on the runtime's only thread: no task runs in between.
                    let harness = server_shared.harness_tasks.load(Ordering::SeqCst);
                    let alive = Handle::current().metrics().num_alive_tasks();
                    let output = match output {
                        Ok(output) => format!("{output:?}"),
                        Err(message) => format!("panicked: {message}"),
                    };
                    let tasks_left = alive.saturating_sub(harness);
                    server_shared.returned.send_replace(Some(Returned { output, tasks_left }));
                    let _ = stop_rx.await;
                });
                runtime.shutdown_timeout(SHUTDOWN_LIMIT);
                let _ = finished_tx.send(());
            })
            .expect("net_harness could not start the server's thread");
        let (addr, handle) = match started_rx.recv() {
            Ok(Ok(started)) => started,
            Ok(Err(error)) => panic!("net_harness could not listen on 127.0.0.1: {error}"),
            Err(_) => panic!("net_harness: the server's thread died before it listened"),
        };
        Server { addr, handle, shared, stop: Some(stop_tx), finished, _turn: turn }
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A client connected to the server.
    pub async fn connect(&self) -> Result<Client, Miss> {
        Client::connect(self.addr).await
    }

    /// Runs `n` clients at once (fewer, with a note in the report, where the open-file limit is too low), each
    /// connected first and then handed to `script(i, client)` with its number `i`, and reports how each fared. Call
    /// it from a tokio runtime (a `#[tokio::test]`); the clients run as tasks there.
    ///
    /// The clients are a [`Crowd`](crate::Crowd): a wait for the server ends early, with
    /// [`Waited::UntilIdle`](crate::Waited::UntilIdle), when the server is stuck (every client waiting for it, its
    /// thread asleep with no timer set and nothing else in the process about to wake it, no job held). While this
    /// runs, only its clients may talk to the server; a held job or a task from [`Server::spawn`] keeps every wait
    /// to its limit.
    pub async fn clients<F, Fut>(&self, n: usize, script: F) -> Report
    where
        F: Fn(usize, Client) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), Miss>> + Send + 'static,
    {
        let (n, note) = limits::clients_that_fit(n);
        let script = Arc::new(script);
        let crowd = Crowd::new();
        let mut set = JoinSet::new();
        for i in 0..n {
            let (addr, script, member) = (self.addr, Arc::clone(&script), crowd.join());
            set.spawn(async move {
                let outcome = match Client::connect(addr).await {
                    Ok(mut client) => {
                        client.join(member.crowd());
                        script(i, client).await
                    }
                    Err(miss) => Err(miss),
                };
                drop(member);
                (i, outcome)
            });
        }
        let mut outcomes: Vec<Result<(), Miss>> = vec![Ok(()); n];
        let all_joined = async {
            while let Some(joined) = set.join_next().await {
                match joined {
                    Ok((i, outcome)) => outcomes[i] = outcome,
                    Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
                    Err(error) => panic!("net_harness: a client task was cancelled: {error}"),
                }
            }
        };
        // Tasks on the server's runtime and a paused clock are the test's doing: it may still wake the server.
        let may_be_stuck = || !self.shared.paused && self.shared.harness_tasks.load(Ordering::SeqCst) == 0;
        crowd.watching(all_joined, may_be_stuck).await;
        let mut report = Report::new(outcomes);
        report.note = note;
        if let Some(returned) = self.returned() {
            report.server_note = Some(format!(
                "`serve` had returned (with {}): a server keeps accepting until it is told to stop",
                returned.output
            ));
        }
        report
    }

    /// Runs `task` on the server's runtime, beside the server (for instance to send a shutdown signal from there, then
    /// [`until_idle`](crate::until_idle)). It is not counted among the server's tasks in [`Returned::tasks_left`].
    pub fn spawn<Fut>(&self, task: Fut)
    where
        Fut: Future<Output = ()> + Send + 'static,
    {
        struct Counted(Arc<Shared>);
        impl Drop for Counted {
            fn drop(&mut self) {
                self.0.harness_tasks.fetch_sub(1, Ordering::SeqCst);
            }
        }
        self.shared.harness_tasks.fetch_add(1, Ordering::SeqCst);
        let counted = Counted(Arc::clone(&self.shared));
        self.handle.spawn(async move {
            let _counted = counted;
            task.await;
        });
    }

    /// What `serve` returned, if it has.
    pub fn returned(&self) -> Option<Returned> {
        self.shared.returned.borrow().clone()
    }

    /// Waits at most `within` for `serve` to return. With the server's clock paused ([`Server::start_paused`]), it
    /// stops waiting as soon as the server has nothing left to do and no other task of the harness runs beside it:
    /// a `serve` that has not returned by then never will, unless a client wakes it, and the test is waiting here.
    pub async fn wait_for_return(&self, within: Duration) -> Option<Returned> {
        let mut returned = self.shared.returned.subscribe();
        let idle = Arc::new(tokio::sync::Notify::new());
        if self.shared.paused {
            let (told, shared) = (Arc::clone(&idle), Arc::clone(&self.shared));
            self.spawn(async move {
                // Idle for a whole round that began with this probe the only harness task left: another one (a stop
                // signal sent from the server's runtime, then jobs released once it is idle) may still hand the
                // server work, and what it hands over in the very tick this probe wakes runs only in the next round.
                loop {
                    let alone = shared.harness_tasks.load(Ordering::SeqCst) == 1;
                    crate::until_idle().await;
                    if alone && shared.harness_tasks.load(Ordering::SeqCst) == 1 {
                        told.notify_one();
                        return;
                    }
                }
            });
        }
        tokio::select! {
            done = returned.wait_for(Option::is_some) => done.ok().and_then(|returned| returned.clone()),
            () = idle.notified() => self.returned(),
            () = tokio::time::sleep(within) => None,
        }
    }

    /// How long [`Server::wait_for_return`] is usually given: [`REPLY_WITHIN`].
    pub const RETURN_WITHIN: Duration = REPLY_WITHIN;
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if self.finished.recv_timeout(THREAD_LIMIT).is_err() && !thread::panicking() {
            eprintln!(
                "net_harness: the server's thread was still busy {} s after it was told to stop (stuck in a blocking \
                 call?); it is left behind",
                THREAD_LIMIT.as_secs()
            );
        }
    }
}

async fn bind() -> std::io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.listen(BACKLOG)
}

/// A future that turns a panic while it is polled into an `Err` with the panic's message.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(panic_message(payload.as_ref()))),
        }
    }
}

/// A panic's message, from its payload (`panic!` with a literal, or with a formatted message).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// The message of the first test that failed while it held the server's turn: once one test has found the learner's
/// server wrong, the verdict is "failed" whatever the others find, so later servers are not started and their tests
/// end at once, naming the first failure (a wrong server would only make each wait out its limits). A test that
/// passes never sets it, so a right server is never affected.
static FIRST_FAILURE: Mutex<Option<String>> = Mutex::new(None);
static RECORD_FAILURES: std::sync::Once = std::sync::Once::new();

fn first_failure() -> Option<String> {
    RECORD_FAILURES.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let holds_turn = *TURN.lock().unwrap_or_else(|e| e.into_inner()) == Some(thread::current().id());
            if holds_turn {
                let message = panic_message(info.payload());
                FIRST_FAILURE.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(message);
            }
            previous(info);
        }));
    });
    FIRST_FAILURE.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// One server at a time in a process: tests that run side by side would otherwise add up their clients past the
/// open-file limit.
struct Turn;

static TURN: Mutex<Option<ThreadId>> = Mutex::new(None);
static TURN_FREED: Condvar = Condvar::new();

impl Turn {
    fn take() -> Turn {
        let me = thread::current().id();
        let mut owner = TURN.lock().unwrap_or_else(|e| e.into_inner());
        while let Some(holder) = *owner {
            assert!(
                holder != me,
                "net_harness runs one server at a time: drop the first Server before starting another"
            );
            owner = TURN_FREED.wait(owner).unwrap_or_else(|e| e.into_inner());
        }
        *owner = Some(me);
        Turn
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        *TURN.lock().unwrap_or_else(|e| e.into_inner()) = None;
        TURN_FREED.notify_all();
    }
}
