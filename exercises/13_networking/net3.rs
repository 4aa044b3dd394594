// net3: drop the clients that go quiet
//
// An echo service: each line a client sends comes back as "> LINE". Every connection holds a task, a socket and
// buffers on the server, and as shipped a client that connects and never sends a whole line holds them forever: a
// few thousand of those, or one attacker opening them on purpose, and the server runs out.
//
// What to do: give each line a deadline. If a client takes longer than `idle` to send a whole line (counted afresh
// for each line, from the previous answer or from the start), `handle` writes "bye: too slow" and returns, which
// closes the connection. `tokio::time::timeout(idle, future)` is the tool; what you wrap in it decides what it
// limits. The tests check a silent client (dropped after exactly `idle`), a client that trickles one byte every
// 3 s and never finishes its line (dropped too), and a client that sends a line every 9 s for 15 minutes (never
// dropped), on a paused clock that jumps forward whenever every task is waiting, then 300 clients over TCP.
// Keep the signatures, and do not change `serve` or the tests.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Echoes each line as "> LINE". A client that takes longer than `idle` to send a whole line is told
/// "bye: too slow" and disconnected.
pub async fn handle<S: AsyncRead + AsyncWrite + Unpin>(stream: S, _idle: Duration) -> io::Result<()> {
    let (reader, mut writer) = tokio::io::split(stream);
    let mut lines = BufReader::new(reader).lines();
    while let Some(line) = lines.next_line().await? {
        writer.write_all(format!("> {line}\n").as_bytes()).await?;
    }
    Ok(())
}

/// Serves every connection with `handle`, each in a task of its own.
pub async fn serve(listener: TcpListener, idle: Duration) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            if let Err(error) = handle(stream, idle).await {
                eprintln!("a connection ended with an error: {error}");
            }
        });
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use net_harness::{Client, Kind, Server};
    use tokio::time::Instant;

    /// The deadline in the in-memory tests, on a paused clock: the clock jumps forward whenever every task waits,
    /// so these tests take no real time, and a timer fires exactly when its time has come.
    const IDLE: Duration = Duration::from_secs(10);

    fn connect_handler() -> Client<tokio::io::DuplexStream> {
        let (client_end, server_end) = tokio::io::duplex(1024);
        tokio::spawn(handle(server_end, IDLE));
        Client::in_memory(client_end)
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_client_is_told_and_dropped() {
        let mut client = connect_handler();
        let start = Instant::now();
        match client.line().await {
            Ok(line) if line == "bye: too slow" => {}
            Ok(line) => panic!("a silent client got {line:?}; it should be told \"bye: too slow\""),
            Err(miss) => panic!(
                "a client that never sent anything was never dropped: it {miss}. Wrap the wait for each line in \
                 `tokio::time::timeout(idle, ...)`"
            ),
        }
        assert_eq!(start.elapsed(), IDLE, "the silent client must be dropped after `idle`, not sooner or later");
        if let Err(miss) = client.expect_closed().await {
            panic!("after \"bye: too slow\", {miss}: the handler must return and so close the connection");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_that_trickles_bytes_is_dropped_too() {
        let mut client = connect_handler();
        // One byte every 3 s: a read now and then, but a whole line never comes within 10 s.
        let start = Instant::now();
        let _ = client.send_slowly("this line never ends", Duration::from_secs(3)).await;
        match client.line().await {
            Ok(line) if line == "bye: too slow" => {}
            Ok(line) => panic!("a client trickling one byte every 3 s got {line:?}"),
            Err(miss) => panic!(
                "a client that sent one byte every 3 s, but no whole line within 10 s, was never dropped (it {miss}): \
                 the deadline is for a whole line, not for each read"
            ),
        }
        assert!(
            start.elapsed() <= Duration::from_secs(12),
            "the trickling client was dropped after {:?}",
            start.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_that_keeps_talking_is_never_dropped() {
        let mut client = connect_handler();
        // A line every 9 s for 15 minutes: each within the deadline, the whole conversation far longer.
        for i in 0..100 {
            tokio::time::sleep(Duration::from_secs(9)).await;
            client.send(&format!("line {i}\n")).await.unwrap();
            if let Err(miss) = client.expect(&format!("> line {i}")).await {
                panic!(
                    "a client that sends a line every 9 s (the deadline is 10 s) {miss}, {}s into the conversation: \
                     the deadline is for each line, counted afresh, not for the whole connection",
                    9 * (i + 1)
                );
            }
        }
    }

    #[tokio::test]
    async fn over_tcp_silent_clients_go_and_the_others_stay() {
        let server = Server::start(|listener| serve(listener, Duration::from_millis(1000)));
        let report = server
            .clients(300, |i, mut client| async move {
                if i % 3 == 0 {
                    client.expect("bye: too slow").await?;
                    client.expect_closed().await
                } else {
                    for round in 0..3 {
                        client.send(&format!("{i}.{round}\n")).await?;
                        client.expect(&format!("> {i}.{round}")).await?;
                    }
                    Ok(())
                }
            })
            .await;
        report.assert_ok(&[
            (Kind::NoReply, "were the silent ones told \"bye: too slow\" after `idle` (1 s here)?"),
            (Kind::StillOpen, "after \"bye: too slow\" the handler must return, which closes the connection"),
        ]);
    }
}
