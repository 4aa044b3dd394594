//! The server: accept connections, a task for each, until the shutdown signal.

use std::io;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::connection;
use crate::stats::Stats;
use crate::store::Store;

pub async fn serve(
    listener: TcpListener,
    store: Store,
    stats: Stats,
    mut shutdown: watch::Receiver<bool>,
) -> io::Result<()> {
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async move {
            let mut tasks = JoinSet::new();
            let signal = shutdown.clone();
            loop {
                tokio::select! {
                    biased;
                    _ = shutdown.wait_for(|&down| down) => break,
                    accepted = listener.accept() => {
                        if let Ok((socket, _)) = accepted {
                            tasks.spawn_local(connection::handle(socket, store.clone(), stats.clone(), signal.clone()));
                        }
                    }
                    Some(_) = tasks.join_next() => {}
                }
            }
            drop(listener);
            while tasks.join_next().await.is_some() {}
            Ok(())
        })
        .await
}
