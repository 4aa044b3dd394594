// net4: shut down gracefully
//
// A job server: each line a client sends is a job for `jobs` (the test's stand-in for real work), and the reply is
// the job's result. It is being redeployed, so it must be able to stop without hurting anyone: when `stop` becomes
// true, `serve` must
//   - stop accepting connections (break out of the accept loop, which drops the listener),
//   - let every job that is already running finish and be answered, then close that connection,
//   - close the connections that are waiting for their next job, at once,
//   - and return only when every connection task has ended.
// As shipped it ignores the signal and never returns.
//
// What to do: race `accept` against the signal with `tokio::select!` in `serve`, and the client's next line against
// the signal in `connection` (each task gets its own clone of the receiver; `stop.wait_for(|stop| *stop)` waits
// for `true`); keep the tasks where you can wait for them (a `tokio::task::JoinSet`) and wait for all of them before
// returning. The test holds 20 jobs in flight when it sends the signal and runs the server on a paused clock (a
// timer ends as soon as nothing else can run), so sleeping "long enough" never is, and it counts the server's tasks
// still alive when `serve` returns. Keep the signatures, and do not change the tests.

use std::io;

use net_harness::Jobs;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Serves one client: each line it sends is a job; the reply is the job's result. Ends when the client leaves, or
/// when `stop` becomes true while the connection waits for the next job.
pub async fn connection(stream: TcpStream, jobs: Jobs, stop: watch::Receiver<bool>) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    while let Some(request) = lines.next_line().await? {
        let reply = jobs.run(&request).await;
        writer.write_all(format!("{reply}\n").as_bytes()).await?;
    }
    Ok(())
}

/// Serves connections until `stop` becomes true; then lets every connection finish its job, and returns once all of
/// them have ended.
pub async fn serve(listener: TcpListener, jobs: Jobs, stop: watch::Receiver<bool>) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(connection(stream, jobs.clone(), stop.clone()));
    }
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
