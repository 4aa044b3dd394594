//! The server: accept connections, a task for each, until the shutdown signal.

use std::io;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::connection;
use crate::stats::Stats;
use crate::store::Store;

/// Serves every client that connects to `listener`, each in a task of its own, until `shutdown` turns true. Then it
/// closes the listener at once (new clients are refused), lets every connection finish the request it is running,
/// and returns only when every connection task has ended.
pub async fn serve(
    listener: TcpListener,
    store: Store,
    stats: Stats,
    shutdown: watch::Receiver<bool>,
) -> io::Result<()> {
    // Fix me: one client at a time. While this awaits `handle`, nobody else is accepted, so one quiet client stops
    // the whole server. Start a task for each connection (`tokio::spawn`, or a `tokio::task::JoinSet` that keeps
    // track of them). And it never stops: watch `shutdown` beside `accept` (`tokio::select!`); when it turns true,
    // drop the listener, then wait for every connection task to end before returning `Ok(())`.
    loop {
        let (socket, _) = listener.accept().await?;
        connection::handle(socket, store.clone(), stats.clone(), shutdown.clone()).await;
    }
}
