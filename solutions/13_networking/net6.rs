// net6: cancel safety: what select! drops (solution)
//
// `select!` polls its branches, runs the first that is ready and DROPS the others. Dropping a future cancels it, and
// whatever it had done so far is gone unless it kept its progress outside itself. `read_line` keeps it inside: it
// moves the bytes of the line it has started into its own buffer, and tokio's documentation says it is not cancel
// safe (the partial line is lost). So a news item that arrives while half a line is in, the very moment this
// server exists for, eats the first half of that line.
//
// `Lines::next_line` is documented as cancel safe: the partial line stays in the `Lines` value, which lives outside
// the loop, and the next call goes on from there. (So is `read_until` into a `Vec` that lives outside the loop, and
// so is pinning one `read_line` future outside the loop and polling it by `&mut` until it finishes.) Whatever you
// race in a `select!` inside a loop, ask: if this branch loses, what do I lose?

use std::io;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Answers each line the client sends with "got LINE", and meanwhile passes on every item from `news` as
/// "news: ITEM", as soon as it comes.
pub async fn handle<S: AsyncRead + AsyncWrite + Unpin>(stream: S, mut news: mpsc::Receiver<String>) -> io::Result<()> {
    let (reader, mut writer) = tokio::io::split(stream);
    let mut lines = BufReader::new(reader).lines();
    loop {
        tokio::select! {
            line = lines.next_line() => match line? {
                Some(line) => writer.write_all(format!("got {line}\n").as_bytes()).await?,
                None => return Ok(()),
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
