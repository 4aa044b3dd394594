// net8: keep the runtime serving during heavy work (solution)
//
// A task gives its thread back only at an `.await` that is not ready. `jobs.run_blocking` has no `.await` inside: it
// holds the thread until it is done, and on this server's runtime (one thread, as the test builds it, like each
// worker of a bigger one) every other connection waits meanwhile, even a ping. `tokio::spawn` would not help: the
// new task runs on the same thread. `tokio::task::spawn_blocking` runs the closure on tokio's separate pool of
// threads meant for blocking work and returns a handle whose `.await` really waits, giving the thread back. The
// closure must be `'static`, so it owns what it needs (`move`, an owned `String` and a clone of `jobs`).

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
            Some(text) => {
                let (jobs, text) = (jobs.clone(), text.to_owned());
                tokio::task::spawn_blocking(move || jobs.run_blocking(&text)).await.expect("the job panicked")
            }
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
