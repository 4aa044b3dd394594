//! One client's connection: read a line, run the request, write the reply, until the client quits, breaks the
//! rules, or the server shuts down.

use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::watch;

use crate::protocol::{Line, Reply, Request, read_line};
use crate::stats::Stats;
use crate::store::Store;

/// Serves one client until it sends `QUIT` or closes the connection, sends a line longer than `MAX_LINE` (it is told
/// `ERR line too long` and dropped), or `shutdown` turns true: then a request already being run is finished and
/// answered, and the connection is closed instead of waiting for the next line.
pub async fn handle(socket: TcpStream, store: Store, stats: Stats, mut shutdown: watch::Receiver<bool>) {
    let _live = stats.connection_opened();
    let (reading, mut writing) = socket.into_split();
    let mut reader = BufReader::new(reading);
    let mut buf = Vec::new();
    loop {
        // Waiting for a line is the only thing the shutdown interrupts; a request that has arrived is run to the end.
        let line = tokio::select! {
            biased;
            _ = shutdown.wait_for(|&down| down) => return,
            line = read_line(&mut reader, &mut buf) => line,
        };
        let (reply, last) = match line {
            Ok(Line::Request(text)) => match Request::parse(&text) {
                Ok(Request::Quit) => (Reply::Bye, true),
                Ok(request) => (execute(&store, request).await, false),
                Err(message) => (Reply::Error(message), false),
            },
            Ok(Line::TooLong) => (Reply::Error("line too long".to_string()), true),
            Ok(Line::Closed) | Err(_) => return,
        };
        if writing.write_all(reply.to_line().as_bytes()).await.is_err() || last {
            return;
        }
    }
}

/// Runs one request against the store. (`QUIT` is the connection's business, not the store's.)
pub async fn execute(store: &Store, request: Request) -> Reply {
    match request {
        Request::Get(key) => match store.get(&key).await {
            Some(value) => Reply::Value(value),
            None => Reply::NotFound,
        },
        Request::Set(key, value) => {
            store.set(key, value).await;
            Reply::Ok
        }
        Request::Del(key) => {
            if store.delete(&key).await {
                Reply::Deleted
            } else {
                Reply::NotFound
            }
        }
        Request::Quit => Reply::Bye,
    }
}
