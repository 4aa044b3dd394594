// net1: one task per connection (solution)
//
// `listener.accept().await` hands over one connection at a time, and whatever the loop does next happens before
// the next `accept`. Awaiting `greet(stream)` there means: serve this client until it leaves, and only then look at
// the queue. One quiet client is enough to stop the whole service, and no timeout fixes that: it only lets the next
// client in after a while, and cuts off the one that was served.
//
// `tokio::spawn` turns each connection into a task of its own and returns at once, so the loop goes straight back
// to `accept`. The runtime runs all those tasks concurrently (on one thread, here: each task gives the thread back
// whenever it waits for its client), so a silent client only keeps its own task waiting. The task must own what it
// uses (`async move`, and `greet` takes the stream by value), because it may outlive this loop iteration. The
// `JoinHandle` is dropped: the task runs on without anyone waiting for it, and an error in one connection (a client
// that resets) ends only that task, never the server.

use std::io;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// Greets each name the client sends, one per line: "ana" gets "hello, ana". Ends when the client leaves.
pub async fn greet(stream: TcpStream) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut names = BufReader::new(reader).lines();
    while let Some(name) = names.next_line().await? {
        writer.write_all(format!("hello, {name}\n").as_bytes()).await?;
    }
    Ok(())
}

/// Accepts connections for as long as the listener works, and greets every client.
pub async fn serve(listener: TcpListener) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            if let Err(error) = greet(stream).await {
                eprintln!("a connection ended with an error: {error}");
            }
        });
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use net_harness::{Client, Kind, Miss, Server};

    const ADVICE: &[(Kind, &str)] = &[
        (Kind::NoReply, "is each connection served by its own task, so that a quiet client only holds up its own?"),
        (Kind::Closed, "the server hung up on a client that was still talking"),
    ];

    async fn greeted(i: usize, mut client: Client) -> Result<(), Miss> {
        for round in 0..2 {
            client.send(&format!("guest{i}-{round}\n")).await?;
            client.expect(&format!("hello, guest{i}-{round}")).await?;
        }
        Ok(())
    }

    #[tokio::test]
    async fn a_quiet_client_does_not_hold_up_the_others() {
        let server = Server::start(serve);
        // Ana is served first, then stays connected without a word while 300 others come and go.
        let mut ana = server.connect().await.expect("ana connects");
        ana.send("ana\n").await.unwrap();
        ana.expect("hello, ana").await.expect("ana, the first client, must be greeted");
        let report = server.clients(300, greeted).await;
        report.assert_ok(ADVICE);
        // Ana is still there, and still served.
        ana.send("ana again\n").await.unwrap();
        if let Err(miss) = ana.expect("hello, ana again").await {
            panic!("ana, who stayed connected, {miss}: a client may be quiet for as long as it likes");
        }
    }

    #[tokio::test]
    async fn a_thousand_clients_at_once() {
        let server = Server::start(serve);
        let report = server.clients(1000, greeted).await;
        report.assert_ok(ADVICE);
    }
}
