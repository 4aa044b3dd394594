// known right: spawns greet(stream) directly and drops the JoinHandle; errors end only their own task
// net1: one task per connection
//
// A greeting service: a client sends names, one per line, and gets "hello, NAME" back for each, for as long as it
// stays connected. `greet` serves one client well. `serve` accepts the connections... and greets each client to the
// end before it accepts the next one. The first client that connects and then says nothing (a person who went for
// coffee, a crashed program, someone probing the port) holds up everybody else.
//
// The test connects ana, who is greeted and then stays connected in silence while 300 other clients connect; then
// it checks that ana is still served. As shipped, the 300 get no reply at all.
//
// What to do: serve every connection in a task of its own (`tokio::spawn`), so that `serve` goes straight back to
// `accept`. (A timeout on the quiet client would not do: ana is a client like any other, and she is still there.)
// Do not change `greet` or the tests.

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
        tokio::spawn(greet(stream));
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
