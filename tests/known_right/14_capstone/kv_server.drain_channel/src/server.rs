//! The server: accept connections, a task for each, until the shutdown signal.

use std::io;

use tokio::net::TcpListener;
use tokio::sync::mpsc;
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
    let (alive, mut all_ended) = mpsc::channel::<()>(1);
    let signal = shutdown.clone();
    loop {
        tokio::select! {
            biased;
            _ = shutdown.wait_for(|&down| down) => break,
            accepted = listener.accept() => {
                let Ok((socket, _)) = accepted else { continue };
                let (store, stats, signal, alive) = (store.clone(), stats.clone(), signal.clone(), alive.clone());
                tokio::spawn(async move {
                    connection::handle(socket, store, stats, signal).await;
                    drop(alive);
                });
            }
        }
    }
    drop(listener);
    drop(alive);
    let _ = all_ended.recv().await;
    Ok(())
}
