// known wrong: stops accepting, then sleeps five seconds and hopes the connections are done by then, instead of waiting for them
// net4: shut down gracefully (solution)
//
// Three things make a shutdown graceful, and `select!` does the first two. The accept loop races `accept` against the
// signal and breaks out when the signal comes, which drops the listener: no new connections. Each connection task
// races "the client's next request" against the same signal (every task has its own clone of the watch receiver), so
// an idle connection closes at once, while a request already being worked on is not in that race at all: its job is
// awaited to the end and answered first. The third is waiting: the tasks are kept in a `JoinSet`, and `serve`
// returns only when `join_next` has seen every one of them finish. A `tokio::spawn` whose handle is dropped would go
// on running after `serve` returned, where nobody waits for it (a runtime that shuts down then simply drops it, job
// and all). Sleeping "long enough" instead of waiting is a guess: the test's clock is paused, so the guess is
// always wrong.
//
// `wait_for(|stop| *stop)` returns at once if the value is already `true`, so a task that starts after the signal, or
// looks only after its job, still sees it.

use std::io;

use net_harness::Jobs;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Serves one client: each line it sends is a job; the reply is the job's result. Ends when the client leaves, or
/// when `stop` becomes true while the connection waits for the next job.
pub async fn connection(stream: TcpStream, jobs: Jobs, mut stop: watch::Receiver<bool>) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    loop {
        let line = tokio::select! {
            line = lines.next_line() => line?,
            _ = stop.wait_for(|stop| *stop) => None,
        };
        let Some(request) = line else { return Ok(()) };
        let reply = jobs.run(&request).await;
        writer.write_all(format!("{reply}\n").as_bytes()).await?;
    }
}

/// Serves connections until `stop` becomes true; then lets every connection finish its job, and returns once all of
/// them have ended.
pub async fn serve(listener: TcpListener, jobs: Jobs, mut stop: watch::Receiver<bool>) -> io::Result<()> {
    let mut tasks = JoinSet::new();
    // The tasks get clones of this one: `stop` itself is borrowed by `wait_for` inside the `select!`.
    let for_tasks = stop.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = accepted?;
                tasks.spawn(connection(stream, jobs.clone(), for_tasks.clone()));
            }
            _ = stop.wait_for(|stop| *stop) => break,
        }
    }
    drop(listener);
    tasks.detach_all();
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    Ok(())
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use net_harness::{Client, REPLY_WITHIN, Server, until_idle};

    /// Starts the server (its clock paused: a timer in it ends as soon as nothing else can run), with `busy` clients
    /// each in the middle of a job and `idle` clients that have been served and wait, then sends the stop signal from
    /// inside the server's runtime and releases the jobs only once the server has nothing left to do.
    async fn stop_while_busy(busy: usize, idle: usize) -> (Server, Jobs, Vec<Client>, Vec<Client>) {
        let jobs = Jobs::held();
        let (stop_tx, stop_rx) = watch::channel(false);
        let server = {
            let jobs = jobs.clone();
            Server::start_paused(move |listener| serve(listener, jobs, stop_rx))
        };
        let mut busy_clients = Vec::new();
        for i in 0..busy {
            let mut client = server.connect().await.expect("connects");
            client.send(&format!("job{i}\n")).await.unwrap();
            busy_clients.push(client);
        }
        assert!(
            jobs.wait_for_started(busy, REPLY_WITHIN).await,
            "only {} of {busy} jobs started within 2 s: is each connection served by its own task?",
            jobs.started()
        );
        let mut idle_clients = Vec::new();
        for _ in 0..idle {
            // Connected, and has not asked for anything yet.
            idle_clients.push(server.connect().await.expect("connects"));
        }
        let released = jobs.clone();
        server.spawn(async move {
            stop_tx.send_replace(true);
            until_idle().await;
            released.release();
        });
        (server, jobs, busy_clients, idle_clients)
    }

    #[tokio::test]
    async fn stopping_finishes_every_job_then_returns() {
        let (server, jobs, busy, idle) = stop_while_busy(20, 10).await;
        let Some(returned) = server.wait_for_return(REPLY_WITHIN).await else {
            panic!(
                "`serve` had not returned 2 s after the stop signal ({} of 20 jobs had finished): does the accept \
                 loop watch for the signal, and does every connection task end when it comes?",
                jobs.finished()
            );
        };
        assert_eq!(
            returned.tasks_left,
            0,
            "`serve` returned while {} of its tasks were still running (and {} of 20 jobs had not finished): it must \
             wait for the connection tasks to end, not for a while",
            returned.tasks_left,
            20 - jobs.finished().min(20)
        );
        assert_eq!(returned.output, "Ok(())");
        for (i, mut client) in busy.into_iter().enumerate() {
            if let Err(miss) = client.expect(&format!("done job{i}")).await {
                panic!(
                    "a client whose job was running when the signal came {miss}: a job in flight must be finished and answered"
                );
            }
            if let Err(miss) = client.expect_closed().await {
                panic!("after its last answer, {miss}: at the signal, each connection ends once its job is done");
            }
        }
        for mut client in idle {
            if let Err(miss) = client.expect_closed().await {
                panic!("for a client waiting between jobs, {miss}: at the signal, an idle connection ends");
            }
        }
    }

    #[tokio::test]
    async fn no_new_connections_after_the_signal() {
        let (server, _jobs, _busy, _idle) = stop_while_busy(3, 0).await;
        server.wait_for_return(REPLY_WITHIN).await.expect("`serve` returns after the stop signal");
        match server.connect().await {
            Err(_) => {}
            Ok(mut late) => {
                let _ = late.send("job-late\n").await;
                if let Ok(reply) = late.line().await {
                    panic!("a client that connected after the stop signal got {reply:?}: the listener must be closed");
                }
            }
        }
    }

    #[tokio::test]
    async fn without_a_signal_it_keeps_serving() {
        let (stop_tx, stop_rx) = watch::channel(false);
        let server = Server::start(move |listener| serve(listener, Jobs::new(), stop_rx));
        let report = server
            .clients(300, |i, mut client| async move {
                for round in 0..2 {
                    client.send(&format!("job{i}.{round}\n")).await?;
                    client.expect(&format!("done job{i}.{round}")).await?;
                }
                Ok(())
            })
            .await;
        report.assert_ok(&[]);
        drop(stop_tx);
    }
}
