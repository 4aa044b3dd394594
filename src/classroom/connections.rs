//! The server's sockets: how long a client may take, and how many may be open at once.
//!
//! `axum::serve` waits forever for a request's headers and accepts sockets until the process runs out of files, so
//! a few hundred sockets that send nothing (or send their headers a byte a second) once stopped the server answering
//! anyone. Here every connection is driven by hyper with bounds:
//! - a request's headers must arrive within [`HEADER_TIMEOUT`] of the connection opening, or of the previous answer
//!   on a kept-alive connection (hyper's header read timeout), so an idle keep-alive connection lasts that long too;
//! - a request body must arrive within [`BODY_TIMEOUT`] (the handlers read it with that deadline, see `api.rs`);
//! - a connection with no request in progress for [`STALLED`] is closed whatever it does (such as not reading its
//!   answer);
//! - at most `max_connections` are open. When one more arrives, the connection idle the longest is closed to make
//!   room, those that never proved a token or the join code first; only when every connection is in the middle of a
//!   request is the newcomer refused, at once, with a 503.
//!
//! So an attacker holding sockets only ever holds idle ones, and each new learner's request pushes one of them out.
//! A connection that ends after an answer is closed gently (see [`linger`]), so that a client still sending a body
//! the server refused reads the refusal.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
pub const STALLED: Duration = Duration::from_secs(20);
/// How many connections by default: a few hundred learners, each with a watch and perhaps a `tutor run`, and the
/// dashboard. Lowered to fit the open-file limit.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1000;
/// Files the server needs besides its sockets: the database, its journal and lock, standard streams, tokio's own.
const OTHER_FILES: u64 = 64;
/// How long a stopping server lets requests in progress finish.
const DRAIN: Duration = Duration::from_secs(5);
/// How long, and how much, a closing connection reads of what its client still sends (see [`linger`]).
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 1024 * 1024;
/// The largest request head (start line and headers); ours are a few hundred bytes.
const MAX_HEAD: usize = 16 * 1024;

/// Put into a response's extensions by a handler that checked a token or the join code: the connection belongs to
/// someone the room knows, and is closed last when room is needed.
#[derive(Clone, Copy)]
pub struct Trusted;

/// The connection cap to use: `wanted`, or fewer if the process may not open that many files.
pub fn fit_to_file_limit(wanted: usize) -> usize {
    let Ok((soft, _)) = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE) else {
        return wanted;
    };
    let room = soft.saturating_sub(OTHER_FILES).max(1);
    wanted.min(usize::try_from(room).unwrap_or(usize::MAX))
}

/// Serves `app` on `listener` until `stop` completes, then lets requests in progress finish (for a few seconds).
pub async fn serve(listener: TcpListener, app: Router, max_connections: usize, stop: impl Future<Output = ()>) {
    let table = Arc::new(Table { max: max_connections.max(1), entries: Mutex::default(), next: AtomicU64::new(0) });
    let (stopping, stop_signal) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut reaper = tokio::time::interval(Duration::from_secs(1));
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => match table.admit(Instant::now()) {
                    Some((slot, evicted)) => {
                        tasks.spawn(connection(stream, peer, slot, evicted, app.clone(), stop_signal.clone()));
                    }
                    None => refuse(&stream),
                },
                // Out of files or memory for a moment: wait rather than spin, and go on.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            },
            _ = reaper.tick() => table.close_stalled(Instant::now()),
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            () = &mut stop => break,
        }
    }
    drop(listener);
    let _ = stopping.send(true);
    let _ = tokio::time::timeout(DRAIN, async { while tasks.join_next().await.is_some() {} }).await;
}

/// Every connection is busy with a request: say so at once rather than keep the newcomer waiting.
fn refuse(stream: &TcpStream) {
    let body = r#"{"error":"the classroom server is busy with too many connections; try again in a second"}"#;
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    // A fresh socket's send buffer takes this whole; if it does not, the client gets the close alone.
    let _ = stream.try_write(answer.as_bytes());
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    slot: Slot,
    evicted: oneshot::Receiver<()>,
    app: Router,
    mut stopping: watch::Receiver<bool>,
) {
    let slot = Arc::new(slot);
    let service = {
        let slot = Arc::clone(&slot);
        let app = TowerToHyperService::new(app);
        hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let busy = Busy::start(Arc::clone(&slot));
            let answer = app.call(request);
            // Boxed so that the connection is `Unpin`, which taking the socket back after the last answer needs.
            Box::pin(async move {
                let response = answer.await;
                if let Ok(response) = &response
                    && response.extensions().get::<Trusted>().is_some()
                {
                    busy.slot.update(|entry| entry.trusted = true);
                }
                response
            })
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT).max_buf_size(MAX_HEAD.max(8192));
    let mut conn = builder.serve_connection(TokioIo::new(stream), service);
    let mut evicted = evicted;
    let mut draining = false;
    loop {
        tokio::select! {
            _ = std::future::poll_fn(|cx| conn.poll_without_shutdown(cx)) => break,
            // Closed to make room, or stalled: dropping the connection closes the socket.
            _ = &mut evicted => return,
            _ = stopping.changed(), if !draining => {
                draining = true;
                std::pin::Pin::new(&mut conn).graceful_shutdown();
            }
        }
    }
    linger(conn.into_parts().io.into_inner()).await;
}

/// Closes a connection whose last answer was written the way HTTP clients expect: the server stops sending (the
/// client reads the end of the answer), then reads and drops what the client may still be sending (such as the rest
/// of a body refused as too large) for a moment. Closing with unread data at once makes the system reset the
/// connection, and the client can lose the answer (its 413) before reading it.
async fn linger(mut stream: TcpStream) {
    use tokio::io::AsyncWrite;
    let shut = std::future::poll_fn(|cx| std::pin::Pin::new(&mut stream).poll_shutdown(cx)).await;
    if shut.is_err() {
        return;
    }
    let drain = async {
        let mut buffer = [0u8; 8192];
        let mut left = LINGER_BYTES;
        while left > 0 && stream.readable().await.is_ok() {
            match stream.try_read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => left = left.saturating_sub(read),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => break,
            }
        }
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

/// The open connections, as far as choosing one to close goes.
struct Table {
    max: usize,
    entries: Mutex<HashMap<u64, Entry>>,
    next: AtomicU64,
}

struct Entry {
    /// When the connection opened, or when its last request was answered.
    idle_since: Instant,
    busy: bool,
    trusted: bool,
    close: oneshot::Sender<()>,
}

impl Table {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A place for a new connection, closing the idlest one if the table is full; `None` when every connection is
    /// busy with a request.
    fn admit(self: &Arc<Table>, now: Instant) -> Option<(Slot, oneshot::Receiver<()>)> {
        let mut entries = self.entries();
        if entries.len() >= self.max {
            let victim = entries
                .iter()
                .filter(|(_, entry)| !entry.busy)
                .min_by_key(|(_, entry)| (entry.trusted, entry.idle_since))
                .map(|(id, _)| *id)?;
            if let Some(entry) = entries.remove(&victim) {
                let _ = entry.close.send(());
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (close, closed) = oneshot::channel();
        entries.insert(id, Entry { idle_since: now, busy: false, trusted: false, close });
        Some((Slot { id, table: Arc::clone(self) }, closed))
    }

    fn close_stalled(&self, now: Instant) {
        let mut entries = self.entries();
        let stalled: Vec<u64> = entries
            .iter()
            .filter(|(_, entry)| !entry.busy && now.saturating_duration_since(entry.idle_since) > STALLED)
            .map(|(id, _)| *id)
            .collect();
        for id in stalled {
            if let Some(entry) = entries.remove(&id) {
                let _ = entry.close.send(());
            }
        }
    }
}

/// A connection's place in the table, given back when the connection ends.
struct Slot {
    id: u64,
    table: Arc<Table>,
}

impl Slot {
    fn update(&self, change: impl FnOnce(&mut Entry)) {
        if let Some(entry) = self.table.entries().get_mut(&self.id) {
            change(entry);
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.table.entries().remove(&self.id);
    }
}

/// A request in progress on a connection: while it lasts, the connection is not idle.
struct Busy {
    slot: Arc<Slot>,
}

impl Busy {
    fn start(slot: Arc<Slot>) -> Busy {
        slot.update(|entry| entry.busy = true);
        Busy { slot }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.slot.update(|entry| {
            entry.busy = false;
            entry.idle_since = Instant::now();
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_closes_the_idlest_stranger_first_and_never_a_busy_connection() {
        let table = Arc::new(Table { max: 3, entries: Mutex::default(), next: AtomicU64::new(0) });
        let start = Instant::now();
        let at = |secs| start + Duration::from_secs(secs);
        let (known, mut known_closed) = table.admit(at(0)).unwrap();
        known.update(|e| e.trusted = true);
        let (stranger, mut stranger_closed) = table.admit(at(1)).unwrap();
        let (newer, mut newer_closed) = table.admit(at(2)).unwrap();

        let (fourth, _) = table.admit(at(3)).unwrap();
        assert!(stranger_closed.try_recv().is_ok(), "the idlest stranger makes room");
        assert!(known_closed.try_recv().is_err() && newer_closed.try_recv().is_err());
        drop(stranger);

        let slots = [Arc::new(known), Arc::new(newer), Arc::new(fourth)];
        let busy: Vec<Busy> = slots.iter().cloned().map(Busy::start).collect();
        assert!(table.admit(at(4)).is_none(), "every connection is in the middle of a request: refused");
        assert!(known_closed.try_recv().is_err(), "a connection in the middle of a request is never closed");
        table.close_stalled(Instant::now() + STALLED * 2);
        assert_eq!(table.entries().len(), 3, "busy connections are not stalled");

        drop(busy);
        table.close_stalled(Instant::now() + STALLED + Duration::from_secs(1));
        assert!(table.entries().is_empty(), "idle for too long: closed");
        assert!(known_closed.try_recv().is_ok() && newer_closed.try_recv().is_ok());
        drop(slots);
    }
}
