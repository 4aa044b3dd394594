// known wrong: reads everything up to the end of the stream before answering, so a client that waits for its answer waits forever
// net2: lines, not reads
//
// A word-length service: the client sends words, one per line, and gets "WORD: N" back for each (N its number of
// letters). `handle` reads what has arrived with one `read` and treats it as one word. That works when a person types
// slowly enough and each line happens to arrive in one piece, which TCP does not promise: a line may arrive one byte
// at a time, and three lines sent at once may arrive in one read.
//
// The tests give `handle` a line one byte per read, then three lines in one write, over an in-memory stream (with
// tokio's clock paused, so "no reply" means the handler sat idle), and then run 500 clients over TCP that do both.
//
// What to do: make `handle` answer whole lines, however the bytes arrive: read through a `tokio::io::BufReader` that
// lives as long as the connection (`lines()` and `next_line`, or `read_line`). `tokio::io::split(stream)` gives you
// a read half and a write half. Keep the signatures, and do not change `serve` or the tests.

use std::io;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers each word the client sends, one per line, with its number of letters: "ana" gets "ana: 3".
pub async fn handle<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S) -> io::Result<()> {
    let mut text = String::new();
    stream.read_to_string(&mut text).await?;
    for word in text.lines() {
        let reply = format!("{word}: {}\n", word.chars().count());
        stream.write_all(reply.as_bytes()).await?;
    }
    Ok(())
}

/// Serves every connection with `handle`, each in a task of its own.
pub async fn serve(listener: TcpListener) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            if let Err(error) = handle(stream).await {
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
    use std::time::Duration;

    const ADVICE: &[(Kind, &str)] = &[
        (Kind::Wrong, "does the server answer whole lines, however the bytes arrive?"),
        (Kind::NoReply, "does the server answer each line as soon as its line end has arrived?"),
    ];

    /// A handler on an in-memory stream; the clock is paused, so "no reply" means the handler sat idle.
    fn connect_handler() -> Client<tokio::io::DuplexStream> {
        let (client_end, server_end) = tokio::io::duplex(1024);
        tokio::spawn(handle(server_end));
        Client::in_memory(client_end)
    }

    fn fail_with(what: &str, miss: Miss) -> ! {
        let advice = ADVICE.iter().find(|(kind, _)| *kind == miss.kind()).map_or("", |(_, advice)| advice);
        panic!("{what}: the client {miss}: {advice}")
    }

    #[tokio::test(start_paused = true)]
    async fn a_line_that_arrives_one_byte_at_a_time() {
        let mut client = connect_handler();
        // Each byte arrives on its own: the handler's reads get one byte each.
        for word in ["ana", "bartholomew"] {
            client.send_slowly(&format!("{word}\n"), Duration::from_millis(5)).await.unwrap();
            let expected = format!("{word}: {}", word.len());
            if let Err(miss) = client.expect(&expected).await {
                fail_with("a line sent one byte at a time", miss);
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn three_lines_in_one_write() {
        let mut client = connect_handler();
        client.send("ana\nbo\ncyrus\n").await.unwrap();
        for expected in ["ana: 3", "bo: 2", "cyrus: 5"] {
            if let Err(miss) = client.expect(expected).await {
                fail_with("three lines sent in one write", miss);
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_handler_ends_when_the_client_leaves() {
        let mut client = connect_handler();
        client.send("ana\n").await.unwrap();
        client.expect("ana: 3").await.unwrap();
        client.finish_sending().await.unwrap();
        if let Err(miss) = client.expect_closed().await {
            panic!("the client left, but {miss}: at the end of the stream the handler must return");
        }
    }

    #[tokio::test]
    async fn five_hundred_clients_over_tcp_some_in_pieces_some_in_bulk() {
        let server = Server::start(serve);
        let report = server
            .clients(500, |i, mut client| async move {
                let words = [format!("w{i}"), format!("word{i}"), format!("longer-word-{i}")];
                if i % 2 == 0 {
                    for word in &words {
                        client.send_slowly(&format!("{word}\n"), Duration::from_millis(1)).await?;
                        client.expect(&format!("{word}: {}", word.len())).await?;
                    }
                } else {
                    client.send(&format!("{}\n{}\n{}\n", words[0], words[1], words[2])).await?;
                    for word in &words {
                        client.expect(&format!("{word}: {}", word.len())).await?;
                    }
                }
                Ok(())
            })
            .await;
        report.assert_ok(ADVICE);
    }
}
