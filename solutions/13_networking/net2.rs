// net2: lines, not reads (solution)
//
// TCP carries a stream of bytes, not messages. One `read` returns whatever has arrived by then: a piece of a line
// when the client types (or its packets) trickle in, several lines when the client sends them in one go. A protocol
// made of lines has to be taken apart by looking for the line ends, keeping what comes after the last one for the
// next line.
//
// `BufReader` does the keeping: it reads a chunk into its own buffer, and `lines()` (or `read_line`) hands out
// exactly one line at a time, reading again only when the buffer holds no complete line. The reader must live as
// long as the connection: a `BufReader` made anew for each line would throw away whatever it had read past the first
// line end. `next_line` returns `None` at the end of the stream; a last line without a line end still counts.
// (`into_split` is for TcpStream only; `tokio::io::split` splits any stream into a read half and a write half.)

use std::io;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Answers each word the client sends, one per line, with its number of letters: "ana" gets "ana: 3".
pub async fn handle<S: AsyncRead + AsyncWrite + Unpin>(stream: S) -> io::Result<()> {
    let (reader, mut writer) = tokio::io::split(stream);
    let mut words = BufReader::new(reader).lines();
    while let Some(word) = words.next_line().await? {
        let reply = format!("{word}: {}\n", word.chars().count());
        writer.write_all(reply.as_bytes()).await?;
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
