//! The server: accept connections, a task for each, until the shutdown signal.

use std::io;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::connection;
use crate::stats::Stats;
use crate::store::Store;

pub async fn serve(
    listener: TcpListener,
    store: Store,
    stats: Stats,
    mut shutdown: watch::Receiver<bool>,
) -> io::Result<()> {
    let signal = shutdown.clone();
    loop {
        tokio::select! {
            _ = shutdown.wait_for(|&down| down) => return Ok(()),
            accepted = listener.accept() => {
                let (socket, _) = accepted?;
                // Each connection watches the signal itself and ends on its own.
                tokio::spawn(connection::handle(socket, store.clone(), stats.clone(), signal.clone()));
            }
        }
    }
}
