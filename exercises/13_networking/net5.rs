// net5: back-pressure: say "busy" instead of drowning
//
// A job server: each client sends one job on one line, gets one reply, and the connection closes. Jobs are
// expensive (memory, a database connection, CPU), so at most `limit` may run at once; a client that comes while
// `limit` jobs are running must be told "busy" right away, so that it can come back later or go to another server.
// As shipped, every request starts a job, however many are running.
//
// What to do: share one `tokio::sync::Semaphore` with `limit` permits between all connections (in an `Arc`); take a
// permit without waiting (`try_acquire_owned`) before the job, answer "busy" when there is none, and keep the permit
// until the job has finished. The test holds 200 jobs at once and measures the most that ever ran together (a gauge,
// not a clock), then counts the "busy" replies. Keep the signature, and do not change the tests.

use std::io;
use std::sync::Arc;

use net_harness::Jobs;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Each client sends one job on one line and gets one reply: the job's result, or "busy" when `limit` jobs are
/// already running. Then the connection is closed.
pub async fn serve(listener: TcpListener, jobs: Jobs, _limit: usize) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let jobs = jobs.clone();
        tokio::spawn(async move {
            let (reader, mut writer) = stream.into_split();
            let mut request = String::new();
            if BufReader::new(reader).read_line(&mut request).await.is_err() {
                return;
            }
            let reply = jobs.run(request.trim_end()).await;
            let _ = writer.write_all(format!("{reply}\n").as_bytes()).await;
        });
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use net_harness::{Client, Miss, REPLY_WITHIN, Server};
    use std::sync::atomic::{AtomicUsize, Ordering};

    const LIMIT: usize = 8;

    /// One request; counts the "busy" replies.
    async fn one_job(i: usize, mut client: Client, busy: Arc<AtomicUsize>) -> Result<(), Miss> {
        client.send(&format!("job{i}\n")).await?;
        let reply = client.line().await?;
        if reply == "busy" {
            busy.fetch_add(1, Ordering::SeqCst);
        } else if reply != format!("done job{i}") {
            return Err(Miss::Wrong {
                sent: format!("job{i}\n"),
                expected: format!("done job{i} or busy"),
                got: reply,
            });
        }
        client.expect_closed().await
    }

    #[tokio::test]
    async fn at_most_the_limit_runs_and_the_rest_are_told_busy() {
        let jobs = Jobs::held();
        let server = {
            let jobs = jobs.clone();
            Server::start(move |listener| serve(listener, jobs, LIMIT))
        };
        let busy = Arc::new(AtomicUsize::new(0));
        // The jobs are held until every client beyond the limit has been told "busy", or more jobs than the limit
        // are running (the verdict is known then), or 2 s have passed.
        let releaser = {
            let (jobs, busy) = (jobs.clone(), Arc::clone(&busy));
            tokio::spawn(async move {
                let start = tokio::time::Instant::now();
                while busy.load(Ordering::SeqCst) < 200 - LIMIT
                    && jobs.in_flight() <= LIMIT
                    && start.elapsed() < REPLY_WITHIN
                {
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                }
                jobs.release();
            })
        };
        let counted = Arc::clone(&busy);
        let report = server.clients(200, move |i, client| one_job(i, client, Arc::clone(&counted))).await;
        releaser.await.unwrap();
        assert!(
            jobs.peak() <= LIMIT,
            "{} jobs ran at once; the limit is {LIMIT}: is every job started only with a permit, held until the job \
             is done?",
            jobs.peak()
        );
        let busy = busy.load(Ordering::SeqCst);
        assert_eq!(
            busy,
            200 - LIMIT,
            "{busy} of the {} clients beyond the limit were told \"busy\": while {LIMIT} jobs run, a request must be \
             refused at once (`try_acquire`), not queued",
            200 - LIMIT
        );
        report.assert_ok(&[]);
        assert_eq!(jobs.finished(), LIMIT);
    }

    #[tokio::test]
    async fn permits_come_back_when_jobs_end() {
        let jobs = Jobs::new();
        let server = {
            let jobs = jobs.clone();
            Server::start(move |listener| serve(listener, jobs, LIMIT))
        };
        // Three rounds of one job at a time: each must find a free permit.
        for round in 0..3 * LIMIT {
            let mut client = server.connect().await.unwrap();
            client.send(&format!("job{round}\n")).await.unwrap();
            if let Err(miss) = client.expect(&format!("done job{round}")).await {
                panic!(
                    "job {round}, with no other job running, {miss}: does each job give its permit back when it ends?"
                );
            }
            client.expect_closed().await.unwrap();
        }
        assert_eq!(jobs.peak(), 1);
    }

    #[tokio::test]
    async fn under_load_the_limit_always_holds() {
        let jobs = Jobs::new();
        let server = {
            let jobs = jobs.clone();
            Server::start(move |listener| serve(listener, jobs, LIMIT))
        };
        let busy = Arc::new(AtomicUsize::new(0));
        let report = server.clients(600, move |i, client| one_job(i, client, Arc::clone(&busy))).await;
        report.assert_ok(&[]);
        assert!(jobs.peak() <= LIMIT, "{} jobs ran at once; the limit is {LIMIT}", jobs.peak());
    }
}
