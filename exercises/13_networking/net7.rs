// net7: a chat room that survives a reader who falls behind
//
// A chat room: every line a member sends goes to everyone as "NAME: LINE", through a `tokio::sync::broadcast`
// channel that keeps the last `capacity` messages. A sender never waits for slow readers, so one member whose client
// stops reading cannot stop the room. But that member's receiver falls behind, and once it is more than `capacity`
// messages behind, its next `recv` returns an error... which `member` takes for the end of the room, and so it drops
// the member who was merely slow.
//
// What to do: tell the two errors of `recv` apart (`tokio::sync::broadcast::error::RecvError`). When the member fell
// behind, write "* missed N messages" (N as the error says) to its client and carry on with the messages still
// kept; only when the room is closed does the member end. The test stops reading one member (its connection holds
// 64 bytes, the room 4 messages), lets another send 30 messages, then reads again and checks that every message
// either arrived, in order, or was counted as missed, and that the member is still in the room. Keep the
// signatures, and do not change `serve` or the tests.

use std::io;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::broadcast;

/// One member of the room: every line it sends goes to the room as "NAME: LINE"; every message in the room
/// (its own included) is written to it. A member that fell behind is told "* missed N messages" and goes on.
pub async fn member<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    name: String,
    room: broadcast::Sender<String>,
) -> io::Result<()> {
    let mut inbox = room.subscribe();
    let (reader, mut writer) = tokio::io::split(stream);
    let mut lines = BufReader::new(reader).lines();
    loop {
        tokio::select! {
            line = lines.next_line() => match line? {
                Some(line) => {
                    let _ = room.send(format!("{name}: {line}"));
                }
                None => return Ok(()),
            },
            received = inbox.recv() => match received {
                Ok(message) => writer.write_all(format!("{message}\n").as_bytes()).await?,
                // The room is gone.
                Err(_) => return Ok(()),
            },
        }
    }
}

/// One room for every connection, keeping the last `capacity` messages; members are named guest1, guest2, ...
pub async fn serve(listener: TcpListener, capacity: usize) -> io::Result<()> {
    let (room, _) = broadcast::channel(capacity);
    for n in 1.. {
        let (stream, _) = listener.accept().await?;
        let room = room.clone();
        tokio::spawn(async move {
            if let Err(error) = member(stream, format!("guest{n}"), room).await {
                eprintln!("a member left with an error: {error}");
            }
        });
    }
    Ok(())
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use net_harness::{Client, Server, settle};

    #[tokio::test(start_paused = true)]
    async fn a_member_who_stops_reading_falls_behind_and_carries_on() {
        let (room, _) = broadcast::channel(4);
        let (ana_end, server_end) = tokio::io::duplex(1024);
        tokio::spawn(member(server_end, "ana".into(), room.clone()));
        // Bo's connection holds only 64 bytes: when bo stops reading, bo's member soon cannot write any more.
        let (bo_end, server_end) = tokio::io::duplex(64);
        tokio::spawn(member(server_end, "bo".into(), room.clone()));
        let (mut ana, mut bo) = (Client::in_memory(ana_end), Client::in_memory(bo_end));
        settle().await;
        // Ana talks; bo reads nothing.
        for i in 0..30 {
            ana.send(&format!("message {i}\n")).await.unwrap();
            if let Err(miss) = ana.expect(&format!("ana: message {i}")).await {
                panic!("ana, who reads her messages, {miss} while bo was not reading: bo must not hold up the room");
            }
        }
        // Bo reads again: bo gets what was kept, learns what was missed, and stays in the room.
        let mut received = 0;
        let mut missed = 0;
        loop {
            let line = match bo.line().await {
                Ok(line) => line,
                Err(miss) => panic!(
                    "bo, who fell behind and then read again, {miss} after {received} messages: falling behind \
                     (`RecvError::Lagged`) is not the end of the room; tell bo and go on"
                ),
            };
            if let Some(n) = line.strip_prefix("* missed ").and_then(|rest| rest.strip_suffix(" messages")) {
                missed += n.parse::<usize>().expect("a number of messages");
                continue;
            }
            assert_eq!(line, format!("ana: message {}", received + missed), "bo's messages are out of order");
            received += 1;
            if received + missed == 30 {
                break;
            }
            assert!(received + missed < 30, "bo got more than 30 messages");
        }
        assert!(missed > 0, "bo cannot have kept up with 30 messages through 64 bytes and a room of 4");
        ana.send("are you there?\n").await.unwrap();
        ana.expect("ana: are you there?").await.unwrap();
        if let Err(miss) = bo.expect("ana: are you there?").await {
            panic!("after catching up, bo {miss}: bo must still be in the room");
        }
    }

    #[tokio::test]
    async fn fifty_members_over_tcp_and_one_who_never_reads() {
        let server = Server::start(|listener| serve(listener, 1024));
        // Connected first, never reads: its member falls behind; nobody else may notice.
        let mut sleeper = server.connect().await.unwrap();
        sleeper.send("I'll just sit here\n").await.unwrap();
        let joined = std::sync::Arc::new(tokio::sync::Barrier::new(50));
        let report = server
            .clients(50, move |i, mut client| {
                let joined = std::sync::Arc::clone(&joined);
                async move {
                    // Everyone joins before anyone talks, so that each member sees all 50 x 3 messages.
                    client.send("hello\n").await?;
                    let mut seen = 0;
                    while seen < 1 {
                        if client.line().await?.ends_with(": hello") {
                            seen += 1;
                        }
                    }
                    joined.wait().await;
                    for round in 0..3 {
                        client.send(&format!("{i}/{round}\n")).await?;
                    }
                    let mut counted = 0;
                    while counted < 150 {
                        let line = client.line().await?;
                        if line.contains('/') {
                            counted += 1;
                        }
                    }
                    Ok(())
                }
            })
            .await;
        report.assert_ok(&[(net_harness::Kind::NoReply, "did one member who never reads hold up the room?")]);
    }
}
