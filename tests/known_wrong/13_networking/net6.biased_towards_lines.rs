// known wrong: makes select! biased towards the line branch, which changes which branch is polled first, not what the losing branch loses
// net6: cancel safety: what select! drops
//
// A news desk: each client's lines are answered with "got LINE", and news items (from the `news` channel) are passed
// on to the client as "news: ITEM" the moment they come, even while the client is typing. `handle` waits for both at
// once with `tokio::select!`, which looks right and works in a quick try... until a news item arrives while a line
// is half in: then the first half of that line is lost.
//
// The test makes that happen every time: it sends half a line, waits until the handler has read it (on a paused
// clock, `settle` returns once the handler waits for more), sends a news item, then the rest of the line.
//
// What to do: find out what `select!` does with the branch that did not win, and what that branch had read. Then
// read lines in a way that keeps a half-read line when the other branch wins (tokio's docs list which methods are
// "cancel safe"). Keep the signature, and do not change `serve` or the tests.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Answers each line the client sends with "got LINE", and meanwhile passes on every item from `news` as
/// "news: ITEM", as soon as it comes.
pub async fn handle<S: AsyncRead + AsyncWrite + Unpin>(stream: S, mut news: mpsc::Receiver<String>) -> io::Result<()> {
    let (reader, mut writer) = tokio::io::split(stream);
    let mut reader = BufReader::new(reader);
    loop {
        let mut line = String::new();
        tokio::select! {
            biased;
            read = reader.read_line(&mut line) => match read? {
                0 => return Ok(()),
                _ => writer.write_all(format!("got {}\n", line.trim_end()).as_bytes()).await?,
            },
            Some(item) = news.recv() => writer.write_all(format!("news: {item}\n").as_bytes()).await?,
        }
    }
}

/// Serves every connection with `handle`, with news every `every`: "tick 1", "tick 2", ...
pub async fn serve(listener: TcpListener, every: Duration) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let (news, feed) = mpsc::channel(16);
        tokio::spawn(async move {
            for n in 1.. {
                tokio::time::sleep(every).await;
                if news.send(format!("tick {n}")).await.is_err() {
                    return;
                }
            }
        });
        tokio::spawn(async move {
            if let Err(error) = handle(stream, feed).await {
                eprintln!("a connection ended with an error: {error}");
            }
        });
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use net_harness::{Client, Miss, Server, settle};

    /// A handler on an in-memory stream, with the news sender for the test; the clock is paused.
    fn connect_handler() -> (Client<tokio::io::DuplexStream>, mpsc::Sender<String>) {
        let (client_end, server_end) = tokio::io::duplex(1024);
        let (news, feed) = mpsc::channel(16);
        tokio::spawn(handle(server_end, feed));
        (Client::in_memory(client_end), news)
    }

    #[tokio::test(start_paused = true)]
    async fn news_in_the_middle_of_a_line_loses_nothing() {
        let (mut client, news) = connect_handler();
        for (first, second) in [("hel", "lo"), ("a", "nother line"), ("last one", "")] {
            // Half a line arrives and the handler reads it (the clock is paused: `settle` returns once the handler
            // waits for more)...
            client.send(first).await.unwrap();
            settle().await;
            // ...then a news item, while the line is half in...
            news.send(format!("item after {first:?}")).await.unwrap();
            if let Err(miss) = client.expect(&format!("news: item after {first:?}")).await {
                panic!("the news item sent while a line was half in {miss}");
            }
            // ...then the rest of the line.
            client.send(&format!("{second}\n")).await.unwrap();
            if let Err(miss) = client.expect(&format!("got {first}{second}")).await {
                panic!(
                    "the client sent {first:?}, a news item came, then the client sent {second:?}: {miss}. When the \
                     news branch of `select!` won, the other branch was dropped, with the half line it had read"
                );
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn news_and_lines_both_get_through() {
        let (mut client, news) = connect_handler();
        client.send("one\n").await.unwrap();
        client.expect("got one").await.unwrap();
        news.send("flash".to_owned()).await.unwrap();
        client.expect("news: flash").await.unwrap();
        client.send("two\nthree\n").await.unwrap();
        client.expect("got two").await.unwrap();
        client.expect("got three").await.unwrap();
    }

    #[tokio::test]
    async fn over_tcp_with_ticks_every_five_milliseconds() {
        let server = Server::start(|listener| serve(listener, Duration::from_millis(5)));
        let report = server
            .clients(100, |i, mut client| async move {
                for round in 0..3 {
                    let line = format!("client {i} says {round}");
                    client.send_slowly(&format!("{line}\n"), Duration::from_millis(1)).await?;
                    // Ticks come in between; the answer must still come, whole.
                    loop {
                        let got = client.line().await?;
                        if got.starts_with("news: tick") {
                            continue;
                        }
                        if got != format!("got {line}") {
                            return Err(Miss::Wrong { sent: line, expected: "the same line back".into(), got });
                        }
                        break;
                    }
                }
                Ok(())
            })
            .await;
        report.assert_ok(&[]);
    }
}
