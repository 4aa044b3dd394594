//! The pack's checks for kv_server (this file is graded from the pack's copy: edits here change nothing).
//!
//! Each test starts the server on a thread of its own, with a runtime of its own, listening on 127.0.0.1 at a port
//! the system picks, and drives it with real TCP clients. The tests run one at a time, those that tell most about a
//! wrong server first. Every wait is bounded (2 s for a reply, which a working server needs a few milliseconds
//! for), and the silent-client test does not even wait that long for a server that is stuck (`net_harness::Crowd`:
//! every client waiting for it, and it asleep with nothing that could wake it); the verdicts come from what the
//! clients receive, the journal entries and the live-connection count, not from how fast the machine is.

use std::collections::BTreeSet;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncWriteExt, BufReader, ReadBuf};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout};

use net_harness::Crowd;

use crate::protocol::{Line, MAX_LINE, Request, read_line};
use crate::{Journal, Stats, Store, serve};

/// The longest wait for anything the server should do at once.
const BOUND: Duration = Duration::from_secs(2);
/// How many clients the big test connects at once.
const CLIENTS: usize = 1000;
/// How many of them may be on their way in (connected, first reply not yet received) at once.
const ARRIVING: usize = 100;

/// The tests share ports, file descriptors and two cores: one at a time. Of those waiting for their turn, the one
/// with the lowest rank goes first: the silent client, which shows a server that serves one client at a time at
/// once, comes before the crowds that would only wait out their limits against it.
struct Turns {
    taken: bool,
    waiting: BTreeSet<Rank>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    SilentClient,
    OneByteAtATime,
    OverlongLine,
    JournalWait,
    Shutdown,
    ThousandClients,
}

static TURNS: std::sync::Mutex<Turns> = std::sync::Mutex::new(Turns { taken: false, waiting: BTreeSet::new() });
static TURN_FREED: std::sync::Condvar = std::sync::Condvar::new();

/// The turn of one test, given back when it ends (passed or failed).
struct Turn;

impl Drop for Turn {
    fn drop(&mut self) {
        TURNS.lock().unwrap_or_else(|e| e.into_inner()).taken = false;
        TURN_FREED.notify_all();
    }
}

/// The first failure of a test (a panic on a test's own thread): once one test has found the server wrong, the verdict
/// is "failed" whatever the others find, so they end at once and name it instead of waiting out their limits. A right
/// server fails no test, so it never sets this.
static FIRST_FAILURE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn one_at_a_time(rank: Rank) -> Turn {
    static RECORD: std::sync::Once = std::sync::Once::new();
    RECORD.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name().is_some_and(|name| name.starts_with("tests::")) {
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".to_owned());
                FIRST_FAILURE.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(message);
            }
            previous(info);
        }));
    });
    let mut turns = TURNS.lock().unwrap_or_else(|e| e.into_inner());
    turns.waiting.insert(rank);
    while turns.taken || turns.waiting.first() != Some(&rank) {
        turns = TURN_FREED.wait(turns).unwrap_or_else(|e| e.into_inner());
    }
    turns.waiting.remove(&rank);
    turns.taken = true;
    drop(turns);
    let turn = Turn;
    // Not in the `if let` itself: its guard would live through the panic, and the hook would wait for it forever.
    let first = FIRST_FAILURE.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(message) = first {
        drop(turn);
        panic!("not run: an earlier test already failed, with: {message}. Fix that first");
    }
    turn
}

/// The clients' runtime (the server has its own, on its own thread).
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime")
}

/// A server running `serve` on a thread of its own.
struct Running {
    addr: SocketAddr,
    stats: Stats,
    shutdown: watch::Sender<bool>,
    /// What `serve` returned, and the live connections counted at that moment.
    finished: std::sync::mpsc::Receiver<(io::Result<()>, usize)>,
}

fn start(journal: Journal) -> Running {
    let stats = Stats::new();
    let (shutdown, signal) = watch::channel(false);
    let (tell_addr, addr) = std::sync::mpsc::channel();
    let (tell_finished, finished) = std::sync::mpsc::channel();
    let counted = stats.clone();
    std::thread::Builder::new()
        .name("kv-server".to_string())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime for the server");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port on 127.0.0.1");
                tell_addr.send(listener.local_addr().expect("the listener's address")).expect("the test waits");
                let result = serve(listener, Store::new(journal), counted.clone(), signal).await;
                let _ = tell_finished.send((result, counted.live_connections()));
            });
        })
        .expect("a thread for the server");
    let addr = addr.recv().expect("the server's address");
    Running { addr, stats, shutdown, finished }
}

impl Running {
    /// Waits up to `BOUND` for `serve` to return.
    async fn finished(&self) -> Option<(io::Result<()>, usize)> {
        let deadline = Instant::now() + BOUND;
        loop {
            if let Ok(finished) = self.finished.try_recv() {
                return Some(finished);
            }
            if Instant::now() >= deadline {
                return None;
            }
            sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits up to `BOUND` for the live-connection count to reach `wanted`; returns the last count.
    async fn live_becomes(&self, wanted: usize) -> usize {
        let deadline = Instant::now() + BOUND;
        loop {
            let live = self.stats.live_connections();
            if live == wanted || Instant::now() >= deadline {
                return live;
            }
            sleep(Duration::from_millis(5)).await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// A journal that writes every entry at once, from a task of the clients' runtime.
fn instant_journal() -> Journal {
    let (journal, entries) = Journal::new();
    write_all(entries);
    journal
}

fn write_all(mut entries: mpsc::UnboundedReceiver<crate::Entry>) {
    tokio::spawn(async move {
        while let Some(entry) = entries.recv().await {
            entry.written();
        }
    });
}

struct Client {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
    /// Set for the clients of a test that watches for a stuck server: each wait for a reply is counted, and ends at
    /// once when the server is found stuck.
    crowd: Option<Arc<Crowd>>,
}

impl Client {
    async fn connect(addr: SocketAddr) -> Result<Client, String> {
        let stream = TcpStream::connect(addr).await.map_err(|e| format!("could not connect: {e}"))?;
        stream.set_nodelay(true).map_err(|e| format!("could not set TCP_NODELAY: {e}"))?;
        let (reading, writer) = stream.into_split();
        Ok(Client { reader: BufReader::new(reading), writer, crowd: None })
    }

    /// Waits up to `BOUND` for a reply or a close; `Err` with what happened instead, in words.
    async fn reply_within_bound(&mut self) -> Result<Option<String>, &'static str> {
        let crowd = self.crowd.clone();
        let bounded = timeout(BOUND, self.reply());
        let outcome = match crowd {
            Some(crowd) => {
                crowd.wait(bounded).await.ok_or("got no reply, though the server had nothing else left to do")?
            }
            None => bounded.await,
        };
        outcome.map_err(|_| "got no reply within 2 s")
    }

    async fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.writer.write_all(bytes).await.map_err(|e| format!("could not send: {e}"))
    }

    /// The next reply, without its `\n`; None when the server closed (or reset) the connection first.
    async fn reply(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line).await {
            Ok(0) | Err(_) => None,
            Ok(_) => match line.strip_suffix('\n') {
                Some(whole) => Some(whole.to_string()),
                None => Some(format!("{line}… (cut off: the connection closed in the middle of the reply)")),
            },
        }
    }

    /// Sends `request` and a `\n`, and waits up to `BOUND` for the reply.
    async fn ask(&mut self, request: &str) -> Result<String, String> {
        self.send(format!("{request}\n").as_bytes()).await?;
        let request = abbreviated(request);
        match self.reply_within_bound().await {
            Ok(Some(reply)) => Ok(reply),
            Ok(None) => Err(format!("sent `{request}` and the server closed the connection without a reply")),
            Err(missed) => Err(format!("sent `{request}` and {missed}")),
        }
    }

    async fn expect(&mut self, request: &str, wanted: &str) -> Result<(), String> {
        let got = self.ask(request).await?;
        if got == wanted {
            return Ok(());
        }
        let (request, got, wanted) = (abbreviated(request), abbreviated(&got), abbreviated(wanted));
        Err(format!("sent `{request}` and got `{got}` instead of `{wanted}`"))
    }

    /// Waits up to `BOUND` for the server to close the connection.
    async fn closed(&mut self) -> Result<(), String> {
        match self.reply_within_bound().await {
            Ok(None) => Ok(()),
            Ok(Some(reply)) => Err(format!("the server sent `{reply}` where the connection should have closed")),
            Err(_) => Err("the connection was still open 2 s later".to_string()),
        }
    }

    /// A reply (Some(Some)) or a close (Some(None)) that has already arrived; None if nothing has.
    async fn arrived(&mut self) -> Option<Option<String>> {
        timeout(Duration::ZERO, self.reply()).await.ok()
    }
}

/// What a client got, in words: a reply, a closed connection, or nothing within the bound.
fn shown(got: &Result<Option<String>, tokio::time::error::Elapsed>) -> String {
    match got {
        Ok(Some(reply)) => format!("`{}`", abbreviated(reply)),
        Ok(None) => "a closed connection".to_string(),
        Err(_) => "no reply within 2 s".to_string(),
    }
}

/// Long lines (the tests send some of 1,024 bytes) shown by their start and length.
fn abbreviated(text: &str) -> String {
    if text.chars().count() <= 60 {
        return text.to_string();
    }
    let start: String = text.chars().take(40).collect();
    format!("{start}… ({} bytes in all)", text.len())
}

fn described(lines: &[Line]) -> String {
    let each = lines.iter().map(|line| match line {
        Line::Request(text) => format!("Request({:?})", abbreviated(text)),
        other => format!("{other:?}"),
    });
    format!("[{}]", each.collect::<Vec<_>>().join(", "))
}

/// Reads the limits from /proc (Linux); None where there is no such file.
fn open_files_allowed() -> Option<(u64, u64)> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find_map(|l| l.strip_prefix("Max open files"))?;
    let mut fields = line.split_whitespace().map(|f| f.parse::<u64>().unwrap_or(u64::MAX));
    Some((fields.next()?, fields.next()?))
}

/// How many clients the big test can connect at once: each needs two file descriptors (its own socket and the
/// server's). If the soft limit is too low, it is raised toward the hard limit with util-linux's `prlimit` (this
/// crate may not use `unsafe`, so it cannot call `setrlimit` itself); if that is not enough, fewer clients are used
/// and the failure messages say so.
fn clients_possible() -> (usize, String) {
    let needed = 2 * CLIENTS as u64 + 256;
    let Some((soft, hard)) = open_files_allowed() else { return (CLIENTS, String::new()) };
    if soft >= needed {
        return (CLIENTS, String::new());
    }
    let raised = needed.min(hard);
    let _ = std::process::Command::new("prlimit")
        .arg(format!("--pid={}", std::process::id()))
        .arg(format!("--nofile={raised}:{hard}"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    let soft = open_files_allowed().map_or(soft, |(soft, _)| soft);
    if soft >= needed {
        return (CLIENTS, String::new());
    }
    let clients = (soft.saturating_sub(256) / 2).max(1) as usize;
    let note = format!(
        " (with {clients} clients, not {CLIENTS}: this process may open only {soft} files; run `ulimit -n 4096` in \
         the shell before starting the tutor to test with all of them)"
    );
    (clients, note)
}

// ---- protocol: parsing requests and reading lines ----

#[test]
fn every_request_is_parsed() {
    let parsed = |line: &str| Request::parse(line);
    assert_eq!(parsed("GET name"), Ok(Request::Get("name".to_string())));
    assert_eq!(parsed("SET name ada"), Ok(Request::Set("name".to_string(), "ada".to_string())));
    assert_eq!(
        parsed("SET greeting hello, world"),
        Ok(Request::Set("greeting".to_string(), "hello, world".to_string())),
        "a SET's value is the rest of the line, spaces included"
    );
    assert_eq!(parsed("DEL name"), Ok(Request::Del("name".to_string())));
    assert_eq!(parsed("QUIT"), Ok(Request::Quit));
}

#[test]
fn malformed_requests_are_errors() {
    for line in ["", "GET", "GET a b", "SET", "SET name", "SET name ", "DEL", "DEL a b", "QUIT now", "get name", "FLY"]
    {
        assert!(
            Request::parse(line).is_err(),
            "`{line}` is not a valid request, but parse gave {:?}",
            Request::parse(line)
        );
    }
}

/// A reader that hands out one byte per read, as a slow network may.
struct Trickle {
    bytes: Vec<u8>,
    at: usize,
}

impl Trickle {
    fn new(bytes: &[u8]) -> Trickle {
        Trickle { bytes: bytes.to_vec(), at: 0 }
    }
}

impl AsyncRead for Trickle {
    fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.at < this.bytes.len() && buf.remaining() > 0 {
            buf.put_slice(&this.bytes[this.at..this.at + 1]);
            this.at += 1;
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncBufRead for Trickle {
    fn poll_fill_buf(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let this = self.get_mut();
        let end = (this.at + 1).min(this.bytes.len());
        Poll::Ready(Ok(&this.bytes[this.at..end]))
    }

    fn consume(self: Pin<&mut Self>, amount: usize) {
        self.get_mut().at += amount;
    }
}

fn lines_of<R: AsyncBufRead + Unpin>(mut reader: R, count: usize) -> Vec<Line> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    runtime.block_on(async {
        let mut buf = Vec::new();
        let mut lines = Vec::new();
        for _ in 0..count {
            lines.push(read_line(&mut reader, &mut buf).await.expect("reading from memory does not fail"));
        }
        lines
    })
}

#[test]
fn read_line_collects_a_line_that_arrives_one_byte_at_a_time() {
    let lines = lines_of(Trickle::new(b"SET greeting hello world\nGET greeting\r\n"), 3);
    let wanted = [
        Line::Request("SET greeting hello world".to_string()),
        Line::Request("GET greeting".to_string()),
        Line::Closed,
    ];
    assert!(
        lines == wanted,
        "from a reader that gives one byte per read, read_line gave {} instead of {} (a `\\r\\n` ending counts as \
         `\\n`): a read returns whatever has arrived, so keep the bytes until the `\\n` comes",
        described(&lines),
        described(&wanted)
    );
}

#[test]
fn read_line_splits_lines_that_arrive_together() {
    let lines = lines_of(&b"GET a\nDEL b\nQUIT\n"[..], 4);
    let wanted = [
        Line::Request("GET a".to_string()),
        Line::Request("DEL b".to_string()),
        Line::Request("QUIT".to_string()),
        Line::Closed,
    ];
    assert!(
        lines == wanted,
        "three lines that arrived in one read are three requests, but read_line gave {} instead of {}",
        described(&lines),
        described(&wanted)
    );
}

#[test]
fn read_line_stops_at_max_line_bytes() {
    let longest = format!("{}\nGET a\n", "x".repeat(MAX_LINE));
    let lines = lines_of(longest.as_bytes(), 2);
    let wanted = [Line::Request("x".repeat(MAX_LINE)), Line::Request("GET a".to_string())];
    assert!(
        lines == wanted,
        "a line of exactly MAX_LINE ({MAX_LINE}) bytes before its `\\n` is allowed, but read_line gave {} instead \
         of {}",
        described(&lines),
        described(&wanted)
    );
    let too_long = "x".repeat(MAX_LINE + 1);
    let lines = lines_of(Trickle::new(too_long.as_bytes()), 1);
    assert!(
        lines == [Line::TooLong],
        "{} bytes without a `\\n`, one byte per read, gave {} instead of [TooLong]",
        MAX_LINE + 1,
        described(&lines)
    );
    let endless = "y".repeat(64 * 1024);
    let lines = lines_of(endless.as_bytes(), 1);
    assert!(
        lines == [Line::TooLong],
        "64 KiB without a `\\n` gave {} instead of [TooLong]: stop reading at MAX_LINE + 1 bytes instead of \
         waiting for a `\\n` that may never come",
        described(&lines)
    );
}

// ---- the server, over TCP ----

#[test]
fn a_thousand_clients_are_served_at_once() {
    let _turn = one_at_a_time(Rank::ThousandClients);
    let (clients, note) = clients_possible();
    runtime().block_on(async {
        let server = start(instant_journal());
        let replied = Arc::new(AtomicUsize::new(0));
        // At most this many clients are between their connect and their first reply at once, so that the listen
        // queue does not overflow (the kernel would drop connections and retry them a second later).
        let arriving = Arc::new(tokio::sync::Semaphore::new(ARRIVING));
        let (go, ready) = watch::channel(false);
        let (tell_failure, mut failures) = mpsc::unbounded_channel::<String>();
        let mut tasks = JoinSet::new();
        for i in 0..clients {
            let (replied, arriving, mut ready) = (replied.clone(), arriving.clone(), ready.clone());
            let (tell_failure, addr) = (tell_failure.clone(), server.addr);
            tasks.spawn(async move {
                let session = async {
                    let arrival = arriving.acquire().await.expect("the semaphore stays open");
                    let mut client = Client::connect(addr).await?;
                    client.expect(&format!("SET shared{i} from-{i}"), "OK").await?;
                    drop(arrival);
                    replied.fetch_add(1, Ordering::SeqCst);
                    // Every client keeps its connection open until all of them have had their first reply.
                    let _ = ready.wait_for(|&go| go).await;
                    let next = (i + 1) % clients;
                    client.expect(&format!("GET shared{next}"), &format!("VALUE from-{next}")).await?;
                    client.expect(&format!("SET own{i} a b {i}"), "OK").await?;
                    client.expect(&format!("GET own{i}"), &format!("VALUE a b {i}")).await?;
                    client.expect(&format!("DEL own{i}"), "DELETED").await?;
                    client.expect(&format!("GET own{i}"), "NOT FOUND").await?;
                    client.expect(&format!("DEL own{i}"), "NOT FOUND").await?;
                    client.expect("QUIT", "BYE").await?;
                    client.closed().await.map_err(|e| format!("after `QUIT` and `BYE`: {e}"))
                };
                let result = session.await.map_err(|e| format!("client {i} {e}"));
                if let Err(failure) = &result {
                    let _ = tell_failure.send(failure.clone());
                }
                result
            });
        }
        // The first replies: each client waits at most `BOUND` for its own, so the bound is on progress, not on
        // the total (which depends on the machine).
        let (mut got, mut progress) = (0, Instant::now());
        loop {
            if let Ok(failure) = failures.try_recv() {
                let got = replied.load(Ordering::SeqCst);
                let question = if failure.contains("no reply") {
                    " Is each connection served by a task of its own, and does the server accept the next client \
                     while others are connected?"
                } else {
                    ""
                };
                panic!("{failure}{note}; by then {got} of {clients} clients had their first reply.{question}");
            }
            let now = replied.load(Ordering::SeqCst);
            if now == clients {
                break;
            }
            if now > got {
                (got, progress) = (now, Instant::now());
            }
            assert!(
                progress.elapsed() < BOUND,
                "{} of {clients} clients got no reply within 2 s{note}: is each connection served by a task of its \
                 own, and does the server accept the next client while others are connected?",
                clients - now
            );
            sleep(Duration::from_millis(5)).await;
        }
        let live = server.stats.live_connections();
        assert_eq!(
            live, clients,
            "while {clients} clients were connected the server counted {live} live connections: each connection \
             must hold its `stats.connection_opened()` from its start until its socket is closed"
        );
        go.send(true).expect("the clients wait for the signal");
        let mut failed = Vec::new();
        while let Some(done) = tasks.join_next().await {
            if let Err(failure) = done.expect("a client task panicked") {
                failed.push(failure);
            }
        }
        if let Some(first) = failed.first() {
            panic!("{} of {clients} clients got a wrong reply{note}; the first: {first}", failed.len());
        }
        let live = server.live_becomes(0).await;
        assert_eq!(live, 0, "every client quit, but 2 s later {live} connections were still counted live");
    });
}

#[test]
fn a_silent_client_does_not_hold_up_the_others() {
    let _turn = one_at_a_time(Rank::SilentClient);
    // The clients run on this thread alone, as a crowd watched for a stuck server.
    let clients = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    clients.block_on(async {
        let server = start(instant_journal());
        let mut silent = Client::connect(server.addr).await.expect("the silent client connects");
        silent.send(b"GET sil").await.expect("half a line");
        let crowd = Crowd::new();
        let mut tasks = JoinSet::new();
        for i in 0..10 {
            let (addr, member) = (server.addr, crowd.join());
            tasks.spawn(async move {
                let mut client = Client::connect(addr).await?;
                client.crowd = Some(member.crowd());
                client.expect(&format!("SET k{i} v{i}"), "OK").await?;
                client.expect(&format!("GET k{i}"), &format!("VALUE v{i}")).await
            });
        }
        let mut failed = Vec::new();
        let all_done = async {
            while let Some(done) = tasks.join_next().await {
                if let Err(failure) = done.expect("a client task panicked") {
                    failed.push(failure);
                }
            }
        };
        crowd.watching(all_done, || true).await;
        if let Some(first) = failed.first() {
            let question = if first.contains("no reply") {
                ": is each connection served by a task of its own (`tokio::spawn`), or does the server wait for one \
                 client before it accepts the next?"
            } else {
                ""
            };
            panic!(
                "while one client had sent half a line and gone quiet, {} of 10 other clients were not served (the \
                 first {first}){question}",
                failed.len()
            );
        }
        silent.send(b"ent\n").await.expect("the rest of the line");
        match timeout(BOUND, silent.reply()).await {
            Ok(Some(reply)) if reply == "NOT FOUND" => {}
            other => {
                panic!("the client that finished its `GET silent` late got {} instead of `NOT FOUND`", shown(&other))
            }
        }
    });
}

#[test]
fn a_write_waiting_for_the_journal_does_not_hold_up_other_clients() {
    let _turn = one_at_a_time(Rank::JournalWait);
    runtime().block_on(async {
        let (journal, mut entries) = Journal::new();
        let server = start(journal);
        let mut writer = Client::connect(server.addr).await.expect("a client connects");
        writer.send(b"SET slow 1\n").await.expect("a SET");
        let entry = match timeout(BOUND, entries.recv()).await {
            Ok(Some(entry)) => entry,
            _ => panic!(
                "a client sent `SET slow 1` and nothing reached the journal within 2 s: `Store::set` must \
                         write `SET key value` to the journal"
            ),
        };
        assert_eq!(entry.line(), "SET slow 1", "the journal entry for `SET slow 1`");
        // The first entry stays unwritten; every later one is written at once.
        write_all(entries);
        let mut other = Client::connect(server.addr).await.expect("another client connects");
        let others = async {
            other.expect("GET other", "NOT FOUND").await?;
            other.expect("SET other 2", "OK").await?;
            other.expect("GET other", "VALUE 2").await
        };
        if let Err(failure) = others.await {
            panic!(
                "while one client's SET waited for its journal entry to be written, another client {failure}: does \
                 the store keep its map locked during `journal.write(..).await`? Lock it only around the map \
                 operation itself"
            );
        }
        if let Some(early) = writer.arrived().await {
            panic!(
                "the SET got {} before its journal entry was written: answer a write only once `Journal::write` \
                 has returned",
                shown(&Ok(early))
            );
        }
        entry.written();
        match timeout(BOUND, writer.reply()).await {
            Ok(Some(reply)) if reply == "OK" => {}
            other => panic!("once its journal entry was written, `SET slow 1` got {} instead of `OK`", shown(&other)),
        }
        writer.expect("GET slow", "VALUE 1").await.unwrap_or_else(|e| panic!("after the slow SET, the client {e}"));
    });
}

#[test]
fn an_overlong_line_is_refused_and_its_client_dropped() {
    let _turn = one_at_a_time(Rank::OverlongLine);
    runtime().block_on(async {
        let server = start(instant_journal());
        let refused = |how: &str, got: Result<Option<String>, tokio::time::error::Elapsed>| match got {
            Ok(Some(reply)) if reply == "ERR line too long" => {}
            Ok(Some(reply)) => {
                panic!("a client sent {how} and got `{}` instead of `ERR line too long`", abbreviated(&reply))
            }
            Ok(None) => panic!(
                "a client sent {how} and was disconnected without being told why: reply `ERR line too long` first"
            ),
            Err(_) => panic!(
                "a client sent {how} and got no reply within 2 s: stop reading a line at MAX_LINE ({MAX_LINE}) \
                 bytes, reply `ERR line too long` and close the connection"
            ),
        };
        let mut flood = Client::connect(server.addr).await.expect("a client connects");
        flood.send(&vec![b'x'; MAX_LINE + 1]).await.expect("a long line");
        refused(&format!("{} bytes without a newline", MAX_LINE + 1), timeout(BOUND, flood.reply()).await);
        flood.closed().await.unwrap_or_else(|e| panic!("after `ERR line too long`, {e}: drop the client"));

        let mut drip = Client::connect(server.addr).await.expect("a client connects");
        let mut line = b"SET big ".to_vec();
        line.resize(MAX_LINE + 1, b'y');
        for piece in line.chunks(64) {
            drip.send(piece).await.expect("a piece of a long line");
            sleep(Duration::from_millis(1)).await;
        }
        refused(
            &format!("`SET big yyy…`, {} bytes without a newline in pieces of 64", MAX_LINE + 1),
            timeout(BOUND, drip.reply()).await,
        );
        drip.closed().await.unwrap_or_else(|e| panic!("after `ERR line too long`, {e}: drop the client"));

        let mut fits = Client::connect(server.addr).await.expect("a client connects");
        let value = "z".repeat(MAX_LINE - "SET big ".len());
        fits.expect(&format!("SET big {value}"), "OK")
            .await
            .unwrap_or_else(|e| panic!("a line of exactly MAX_LINE ({MAX_LINE}) bytes is allowed, but a client {e}"));
        let answer = fits.ask("GET big").await.unwrap_or_else(|e| panic!("after the longest SET, a client {e}"));
        assert!(answer == format!("VALUE {value}"), "`GET big` after the longest SET gave `{answer:.40}…`");
    });
}

#[test]
fn a_client_that_sends_one_byte_at_a_time_is_understood() {
    let _turn = one_at_a_time(Rank::OneByteAtATime);
    runtime().block_on(async {
        let server = start(instant_journal());
        let mut client = Client::connect(server.addr).await.expect("a client connects");
        for (request, wanted) in [("SET greeting hello world\n", "OK"), ("GET greeting\n", "VALUE hello world")] {
            for byte in request.bytes() {
                client.send(&[byte]).await.expect("one byte");
                sleep(Duration::from_millis(2)).await;
            }
            let got = timeout(BOUND, client.reply()).await;
            if !matches!(&got, Ok(Some(reply)) if reply == wanted) {
                panic!(
                    "a client sent `{}` one byte at a time and got {} instead of `{wanted}`: a read returns \
                     whatever has arrived, part of a line or several lines; collect the bytes until the `\\n`",
                    request.trim_end(),
                    shown(&got)
                );
            }
        }
        client.send(b"DEL greeting\nGET greeting\n").await.expect("two requests");
        for wanted in ["DELETED", "NOT FOUND"] {
            let got = timeout(BOUND, client.reply()).await;
            if !matches!(&got, Ok(Some(reply)) if reply == wanted) {
                panic!(
                    "a client sent `DEL greeting` and `GET greeting` in one write and got {} where `{wanted}` was \
                     due: two lines that arrive together are two requests",
                    shown(&got)
                );
            }
        }
    });
}

#[test]
fn shutdown_finishes_the_requests_in_flight_and_ends_every_connection() {
    let _turn = one_at_a_time(Rank::Shutdown);
    runtime().block_on(async {
        let (journal, mut entries) = Journal::new();
        let server = start(journal);
        let mut idle = Client::connect(server.addr).await.expect("a client connects");
        idle.expect("GET nothing", "NOT FOUND").await.unwrap_or_else(|e| panic!("a client {e}"));
        let mut busy = Client::connect(server.addr).await.expect("a client connects");
        busy.send(b"SET last words\n").await.expect("a SET");
        let entry = match timeout(BOUND, entries.recv()).await {
            Ok(Some(entry)) => entry,
            _ => panic!("a client sent `SET last words` and nothing reached the journal within 2 s"),
        };
        let live = server.stats.live_connections();
        assert_eq!(
            live, 2,
            "two clients were connected, but the server counted {live} live connections: each connection must hold \
             its `stats.connection_opened()` from its start until its socket is closed"
        );

        // The signal fires while the SET waits for the journal.
        server.shutdown.send(true).expect("the server watches the signal");
        // A connection attempt that is not refused lands in the listen queue (or waits for room in it).
        let deadline = Instant::now() + BOUND;
        while !matches!(timeout(Duration::from_millis(100), TcpStream::connect(server.addr)).await, Ok(Err(_))) {
            assert!(
                Instant::now() < deadline,
                "2 s after the shutdown signal, new connections were still not refused: when the signal fires, stop \
                 accepting and close the listener (drop it) at once, before waiting for the connections"
            );
            sleep(Duration::from_millis(20)).await;
        }
        idle.closed().await.unwrap_or_else(|e| {
            panic!(
                "after the shutdown signal, a client waiting between requests was not disconnected ({e}): a \
                 connection must stop waiting for its next line when the signal fires"
            )
        });
        sleep(Duration::from_millis(50)).await;
        let returned = server.finished.try_recv().ok();
        if let Some((_, live)) = &returned
            && *live > 0
        {
            panic!(
                "`serve` returned while {live} connection task{} still running, one with a SET waiting for the \
                 journal: after the signal, it must wait until every connection task has ended",
                if *live == 1 { " was" } else { "s were" }
            );
        }
        match busy.arrived().await {
            None => {}
            Some(None) => panic!(
                "when the shutdown signal fired, the server closed a connection whose SET was waiting for the \
                 journal, without answering it: the signal interrupts the wait for a request, but a request that \
                 has arrived is finished and answered first"
            ),
            Some(Some(reply)) => {
                panic!("the SET was answered (`{reply}`) before its journal entry was written")
            }
        }
        if returned.is_some() {
            panic!(
                "`serve` returned while a client's SET was still waiting for the journal: after the signal, it must \
                 wait until every connection task has ended"
            );
        }
        entry.written();
        match timeout(BOUND, busy.reply()).await {
            Ok(Some(reply)) if reply == "OK" => {}
            Ok(None) => panic!(
                "during the shutdown, a SET whose journal entry was written got no `OK`: the connection was closed \
                 with the request unanswered; finish the request in flight, then close"
            ),
            Ok(Some(reply)) => panic!("during the shutdown, `SET last words` got `{reply}` instead of `OK`"),
            Err(_) => panic!("during the shutdown, `SET last words` got no reply within 2 s of its journal entry"),
        }
        busy.closed().await.unwrap_or_else(|e| {
            panic!("after the shutdown signal, a client's last request was answered, but then {e}: close it")
        });
        let Some((result, live)) = server.finished().await else {
            panic!("every connection had closed, but `serve` did not return within 2 s of the shutdown signal")
        };
        result.unwrap_or_else(|e| panic!("`serve` returned an error after the shutdown: {e}"));
        assert_eq!(
            live,
            0,
            "`serve` returned while {live} connection task{} still running: wait for every task (a `JoinSet`, \
             say) before returning",
            if live == 1 { " was" } else { "s were" }
        );
    });
}
