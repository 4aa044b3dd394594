// net8: keep the runtime serving during heavy work
//
// A hashing service: "ping" gets "pong", and "hash TEXT" gets the result of a heavy job (`jobs.run_blocking`, the
// test's stand-in for CPU-heavy work or a blocking library call). As shipped the job runs right inside the
// connection's task, and while it runs nothing else on the server moves: the test's server runtime has one thread
// (as each worker thread of a bigger one would be stuck), so a ping sent during a hash gets no answer. The test
// holds the job until the ping has been answered (or 2 s have passed), so this is checked, not timed.
//
// What to do: run the job off the runtime's threads with `tokio::task::spawn_blocking` and `.await` its handle.
// The closure must own what it uses (`move`, a clone of `jobs`, an owned copy of the text). Keep the signatures and
// do not change `serve` or the tests.

use std::io;

use net_harness::Jobs;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// Answers "ping" with "pong", and "hash TEXT" with the result of the heavy job for TEXT.
pub async fn connection(stream: TcpStream, jobs: Jobs) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    while let Some(line) = lines.next_line().await? {
        let reply = match line.strip_prefix("hash ") {
            Some(text) => jobs.run_blocking(text),
            None if line == "ping" => "pong".to_owned(),
            None => format!("unknown request {line:?}"),
        };
        writer.write_all(format!("{reply}\n").as_bytes()).await?;
    }
    Ok(())
}

/// Serves every connection in a task of its own.
pub async fn serve(listener: TcpListener, jobs: Jobs) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(connection(stream, jobs.clone()));
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use net_harness::{REPLY_WITHIN, Server};

    #[tokio::test]
    async fn a_ping_is_answered_while_a_hash_is_being_computed() {
        let jobs = Jobs::held();
        let server = {
            let jobs = jobs.clone();
            Server::start(move |listener| serve(listener, jobs))
        };
        let mut hasher = server.connect().await.unwrap();
        hasher.send("hash war and peace\n").await.unwrap();
        assert!(jobs.wait_for_started(1, REPLY_WITHIN).await, "the hash job never started");
        if jobs.blocked_the_server() {
            jobs.release();
            panic!(
                "the hash job ran on the server's only thread, so no other client could be served until it ended: run \
                 it on the blocking pool with `tokio::task::spawn_blocking` and await its handle"
            );
        }
        // The job holds its thread until released, which the test does only after the ping (or after 2 s).
        let mut pinger = server.connect().await.unwrap();
        pinger.send("ping\n").await.unwrap();
        let pong = pinger.expect("pong").await;
        jobs.release();
        if let Err(miss) = pong {
            panic!(
                "while a hash was being computed, a ping {miss}: the job held the server's only thread. Run it on \
                 the blocking pool with `tokio::task::spawn_blocking` and await its handle"
            );
        }
        if let Err(miss) = hasher.expect("done war and peace").await {
            panic!("the client that asked for the hash {miss}");
        }
    }

    #[tokio::test]
    async fn many_hashes_and_pings_together() {
        let jobs = Jobs::held();
        let server = {
            let jobs = jobs.clone();
            Server::start(move |listener| serve(listener, jobs))
        };
        let mut hashers = Vec::new();
        for i in 0..10 {
            let mut client = server.connect().await.unwrap();
            client.send(&format!("hash text {i}\n")).await.unwrap();
            hashers.push(client);
        }
        // A job on the server's own thread shows at once that the others cannot start beside it.
        let together = jobs.wait_for_started(1, REPLY_WITHIN).await
            && !jobs.blocked_the_server()
            && jobs.wait_for_started(10, REPLY_WITHIN).await;
        if !together {
            jobs.release();
            panic!(
                "only {} of 10 hash jobs were running at once: the job held the server's only thread. Run the jobs \
                 with `tokio::task::spawn_blocking`",
                jobs.started()
            );
        }
        let report = server
            .clients(200, |_, mut client| async move {
                client.send("ping\n").await?;
                client.expect("pong").await
            })
            .await;
        jobs.release();
        report.assert_ok(&[(
            net_harness::Kind::NoReply,
            "while hashes were computed, the pings waited: run the jobs with `tokio::task::spawn_blocking`",
        )]);
        for (i, mut client) in hashers.into_iter().enumerate() {
            client.expect(&format!("done text {i}")).await.unwrap();
        }
    }
}
