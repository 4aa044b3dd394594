//! The server: accept connections, a task for each, until the shutdown signal.

use std::io;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

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
    mut shutdown: watch::Receiver<bool>,
) -> io::Result<()> {
    let mut tasks = JoinSet::new();
    // Each connection watches a receiver of its own (this one is borrowed by the `wait_for` below).
    let signal = shutdown.clone();
    loop {
        tokio::select! {
            biased;
            _ = shutdown.wait_for(|&down| down) => break,
            accepted = listener.accept() => match accepted {
                Ok((socket, _)) => {
                    tasks.spawn(connection::handle(socket, store.clone(), stats.clone(), signal.clone()));
                }
                // Out of file descriptors, or a client that gave up during the handshake: the server goes on.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            // Finished tasks are collected as they end, so that the set holds only the live ones.
            Some(_) = tasks.join_next() => {}
        }
    }
    drop(listener);
    while tasks.join_next().await.is_some() {}
    Ok(())
}
