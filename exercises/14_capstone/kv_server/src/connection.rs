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
pub async fn handle(socket: TcpStream, store: Store, stats: Stats, shutdown: watch::Receiver<bool>) {
    let _live = stats.connection_opened();
    // Fix me: the shutdown signal is ignored. While this waits for the next line, it must also watch `shutdown`
    // (`tokio::select!`, and `watch::Receiver::wait_for`) and return when it turns true; a request that has arrived
    // is run and answered first.
    let _ = shutdown;
    let (reading, mut writing) = socket.into_split();
    let mut reader = BufReader::new(reading);
    let mut buf = Vec::new();
    loop {
        let reply = match read_line(&mut reader, &mut buf).await {
            Ok(Line::Request(text)) => match Request::parse(&text) {
                Ok(Request::Quit) => {
                    let _ = writing.write_all(Reply::Bye.to_line().as_bytes()).await;
                    return;
                }
                Ok(request) => execute(&store, request).await,
                Err(message) => Reply::Error(message),
            },
            // Fix me: tell the client `ERR line too long` (a `Reply::Error`), then close the connection.
            Ok(Line::TooLong) => todo!("refuse a line longer than MAX_LINE"),
            Ok(Line::Closed) | Err(_) => return,
        };
        if writing.write_all(reply.to_line().as_bytes()).await.is_err() {
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
