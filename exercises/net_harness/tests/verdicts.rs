//! The harness's own tests: servers right and wrong in the ways the chapter's lessons are about, and the verdict each
//! must get. Every one of them must come out the same on every run, on a loaded machine too.

use std::time::Duration;

use net_harness::{Client, Jobs, Kind, Miss, REPLY_WITHIN, Server, settle, until_idle};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Greets each line: "ana" gets "hello, ana".
async fn greet<S: AsyncRead + AsyncWrite + Unpin>(stream: S) {
    let mut lines = BufReader::new(stream);
    let mut line = String::new();
    while matches!(lines.read_line(&mut line).await, Ok(n) if n > 0) {
        let reply = format!("hello, {}\n", line.trim_end());
        if lines.get_mut().write_all(reply.as_bytes()).await.is_err() {
            return;
        }
        line.clear();
    }
}

async fn task_per_connection(listener: TcpListener) {
    loop {
        let (stream, _) = listener.accept().await.unwrap();
        tokio::spawn(greet(stream));
    }
}

async fn serial(listener: TcpListener) {
    loop {
        let (stream, _) = listener.accept().await.unwrap();
        greet(stream).await;
    }
}

/// Answers every other line only.
async fn drops_replies(listener: TcpListener) {
    loop {
        let (stream, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stream);
            let mut line = String::new();
            let _ = lines.read_line(&mut line).await;
            let n: usize = line.trim_end().trim_start_matches("client").parse().unwrap_or(0);
            if n % 2 == 0 {
                let _ = lines.get_mut().write_all(format!("hello, {}\n", line.trim_end()).as_bytes()).await;
            }
            // Keep the connection open, as a forgetful server would.
            let _ = lines.read_line(&mut line).await;
        });
    }
}

/// Replies, then keeps the connection open although the protocol says it hangs up after one reply.
async fn never_closes(listener: TcpListener) {
    let mut kept = Vec::new();
    loop {
        let (mut stream, _) = listener.accept().await.unwrap();
        let _ = stream.write_all(b"bye\n").await;
        kept.push(stream);
    }
}

/// Replies "bye" and hangs up.
async fn says_bye(listener: TcpListener) {
    loop {
        let (mut stream, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let _ = stream.write_all(b"bye\n").await;
        });
    }
}

fn greeting(i: usize, mut client: Client) -> impl Future<Output = Result<(), Miss>> {
    async move {
        client.send(&format!("client{i}\n")).await?;
        client.expect(&format!("hello, client{i}")).await
    }
}

const ADVICE: &[(Kind, &str)] = &[(Kind::NoReply, "is each connection served by its own task?")];

#[tokio::test]
async fn a_task_per_connection_serves_a_thousand_clients() {
    let server = Server::start(task_per_connection);
    let _silent = server.connect().await.unwrap();
    let report = server.clients(1000, greeting).await;
    assert_eq!(report.verdict(ADVICE), None);
    assert_eq!(report.ok(), 1000);
}

#[tokio::test]
async fn a_serial_server_is_caught_by_one_silent_client() {
    let server = Server::start(serial);
    let _silent = server.connect().await.unwrap();
    // The silent client is first in the listener's queue, so a serial server accepts it first and waits on it.
    let report = server.clients(300, greeting).await;
    let verdict = report.verdict(ADVICE).expect("a serial server must fail");
    // It sits waiting for the silent client, with no timer set, while every other client waits for it: the harness
    // sees that nothing can ever wake it and ends the waits at once.
    assert!(
        verdict.starts_with(
            "300 of 300 clients got no reply, though the server had nothing else left to do: is each connection \
             served by its own task?"
        ),
        "{verdict}"
    );
    assert_eq!(report.count(Kind::NoReply), 300);
}

/// Never replies, but keeps a timer going: it may yet do something, so the clients wait out their limit.
async fn ticks_and_never_replies(listener: TcpListener) {
    tokio::spawn(async {
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut kept = Vec::new();
    loop {
        kept.push(listener.accept().await.unwrap());
    }
}

#[tokio::test]
async fn a_server_with_a_timer_set_is_given_the_whole_limit() {
    let server = Server::start(ticks_and_never_replies);
    let report = server.clients(50, greeting).await;
    let verdict = report.verdict(ADVICE).expect("no reply must fail");
    assert!(verdict.starts_with("50 of 50 clients got no reply within 2 s"), "{verdict}");
}

/// Replies only when the job for the request is done: with held jobs, only once the test releases them.
async fn replies_after_its_job(listener: TcpListener, jobs: Jobs) {
    loop {
        let (stream, _) = listener.accept().await.unwrap();
        let jobs = jobs.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stream);
            let mut line = String::new();
            while matches!(lines.read_line(&mut line).await, Ok(n) if n > 0) {
                let reply = jobs.run(line.trim_end()).await;
                let _ = lines.get_mut().write_all(format!("{reply}\n").as_bytes()).await;
                line.clear();
            }
        });
    }
}

#[tokio::test]
async fn a_server_waiting_for_the_tests_jobs_is_not_stuck() {
    // Every client waits and the server sleeps with no timer for longer than the harness's stuck test takes, but
    // it is waiting for jobs the test holds: it must not be judged stuck.
    let jobs = Jobs::held();
    let server = {
        let jobs = jobs.clone();
        Server::start(move |listener| replies_after_its_job(listener, jobs))
    };
    let release = {
        let jobs = jobs.clone();
        tokio::spawn(async move {
            assert!(jobs.wait_for_started(20, REPLY_WITHIN).await, "20 jobs start");
            tokio::time::sleep(Duration::from_millis(600)).await;
            jobs.release();
        })
    };
    let report = server
        .clients(20, |i, mut client| async move {
            client.send(&format!("job{i}\n")).await?;
            client.expect(&format!("done job{i}")).await
        })
        .await;
    release.await.unwrap();
    assert_eq!(report.verdict(&[]), None);
}

#[tokio::test]
async fn clients_that_pause_between_requests_are_waited_for() {
    // While the clients sleep, the server sleeps too, with every socket quiet: the clients are not waiting for it,
    // so it is not stuck.
    let server = Server::start(task_per_connection);
    let report = server
        .clients(50, |i, mut client| async move {
            for round in 0..2 {
                tokio::time::sleep(Duration::from_millis(400)).await;
                client.send(&format!("client{i}.{round}\n")).await?;
                client.expect(&format!("hello, client{i}.{round}")).await?;
            }
            Ok(())
        })
        .await;
    assert_eq!(report.verdict(ADVICE), None);
}

#[tokio::test]
async fn a_server_that_drops_replies_is_counted_exactly() {
    let server = Server::start(drops_replies);
    let report = server.clients(200, greeting).await;
    let verdict = report.verdict(ADVICE).expect("dropped replies must fail");
    assert!(
        verdict.starts_with("100 of 200 clients got no reply, though the server had nothing else left to do"),
        "{verdict}"
    );
    assert_eq!(report.ok(), 100);
    assert!(verdict.contains("(client 1, for example: sent \"client1\\n\" and waited)"), "{verdict}");
}

#[tokio::test]
async fn a_server_that_never_closes_is_caught() {
    let server = Server::start(never_closes);
    let report = server
        .clients(100, |_, mut client| async move {
            client.expect("bye").await?;
            client.expect_closed().await
        })
        .await;
    let verdict = report.verdict(&[]).expect("a server that never hangs up must fail");
    assert!(
        verdict
            .starts_with("100 of 100 clients were never disconnected, though the server had nothing else left to do"),
        "{verdict}"
    );
}

#[tokio::test]
async fn a_server_that_closes_passes_the_same_check() {
    let server = Server::start(says_bye);
    let report = server
        .clients(300, |_, mut client| async move {
            client.expect("bye").await?;
            client.expect_closed().await
        })
        .await;
    report.assert_ok(&[]);
}

#[tokio::test]
async fn a_wrong_reply_is_quoted() {
    let server = Server::start(task_per_connection);
    let report = server
        .clients(3, |i, mut client| async move {
            client.send(&format!("client{i}\n")).await?;
            client.expect("hi").await
        })
        .await;
    let verdict = report.verdict(&[(Kind::Wrong, "the greeting is \"hi\"")]).unwrap();
    assert!(verdict.starts_with("3 of 3 clients got a wrong reply: the greeting is \"hi\""), "{verdict}");
    assert!(verdict.contains("expected \"hi\", got \"hello, client0\""), "{verdict}");
}

#[tokio::test]
async fn a_server_that_returned_is_mentioned() {
    let server = Server::start(|listener: TcpListener| async move {
        let _ = listener.accept().await;
        "gave up"
    });
    let report = server.clients(20, greeting).await;
    let verdict = report.verdict(&[]).unwrap();
    assert!(verdict.contains("`serve` had returned (with \"gave up\")"), "{verdict}");
    assert_eq!(server.returned().unwrap().output, "\"gave up\"");
}

#[tokio::test]
async fn a_panicking_server_is_reported_as_returned() {
    let server = Server::start(|listener: TcpListener| async move {
        let _ = listener.accept().await;
        panic!("no more");
    });
    let _first = server.connect().await.unwrap();
    let returned = server.wait_for_return(REPLY_WITHIN).await.expect("serve panicked, so it is over");
    assert_eq!(returned.output, "panicked: no more");
}

/// A server that stops on a signal. `joins` says whether it waits for its connection tasks; `grace` is a sleep it
/// takes instead (the "wait a bit and hope" server).
async fn jobs_server(listener: TcpListener, mut stop: watch::Receiver<bool>, jobs: Jobs, joins: bool, grace: Duration) {
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => break,
            accepted = listener.accept() => {
                let (stream, _) = accepted.unwrap();
                let jobs = jobs.clone();
                tasks.spawn(async move {
                    let mut lines = BufReader::new(stream);
                    let mut line = String::new();
                    if matches!(lines.read_line(&mut line).await, Ok(n) if n > 0) {
                        let done = jobs.run(line.trim_end()).await;
                        let _ = lines.get_mut().write_all(format!("{done}\n").as_bytes()).await;
                    }
                });
            }
        }
    }
    if joins {
        while tasks.join_next().await.is_some() {}
    } else {
        tokio::time::sleep(grace).await;
        tasks.detach_all();
    }
}

/// Starts `jobs_server` with 20 jobs in flight, sends the stop signal from inside the server's runtime and releases
/// the jobs once the server has nothing left to do; returns what `serve` returned and how many jobs had finished.
async fn stop_with_jobs_in_flight(
    joins: bool,
    grace: Duration,
) -> (Option<net_harness::Returned>, Vec<Result<(), Miss>>) {
    let jobs = Jobs::held();
    let (stop_tx, stop_rx) = watch::channel(false);
    let server = {
        let jobs = jobs.clone();
        Server::start_paused(move |listener| jobs_server(listener, stop_rx, jobs, joins, grace))
    };
    let mut clients = Vec::new();
    for i in 0..20 {
        let mut client = server.connect().await.unwrap();
        client.send(&format!("job{i}\n")).await.unwrap();
        clients.push(client);
    }
    assert!(jobs.wait_for_started(20, REPLY_WITHIN).await, "{} jobs started", jobs.started());
    let released = jobs.clone();
    server.spawn(async move {
        stop_tx.send_replace(true);
        until_idle().await;
        released.release();
    });
    let returned = server.wait_for_return(REPLY_WITHIN).await;
    let mut outcomes = Vec::new();
    for (i, mut client) in clients.into_iter().enumerate() {
        outcomes.push(client.expect(&format!("done job{i}")).await);
    }
    (returned, outcomes)
}

#[tokio::test]
async fn a_server_that_joins_its_tasks_leaves_none() {
    let (returned, outcomes) = stop_with_jobs_in_flight(true, Duration::ZERO).await;
    let returned = returned.expect("serve returns once its tasks are done");
    assert_eq!(returned.tasks_left, 0);
    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
}

#[tokio::test]
async fn a_server_that_sleeps_instead_of_joining_leaves_its_tasks_running() {
    // A grace period of a minute, which on a paused clock ends as soon as the server waits for nothing else.
    let (returned, _) = stop_with_jobs_in_flight(false, Duration::from_secs(60)).await;
    let returned = returned.expect("serve returns after its grace period");
    assert_eq!(returned.tasks_left, 20, "every connection task was still in its job");
}

#[tokio::test]
async fn jobs_measure_their_peak() {
    let jobs = Jobs::held();
    let mut running = tokio::task::JoinSet::new();
    for i in 0..7 {
        let jobs = jobs.clone();
        running.spawn(async move { jobs.run(&i.to_string()).await });
    }
    assert!(jobs.wait_for_started(7, REPLY_WITHIN).await);
    assert_eq!((jobs.in_flight(), jobs.finished()), (7, 0));
    jobs.release();
    while running.join_next().await.is_some() {}
    assert_eq!((jobs.in_flight(), jobs.peak(), jobs.finished()), (0, 7, 7));
}

#[tokio::test]
async fn a_blocking_job_waits_for_release() {
    let jobs = Jobs::held();
    let blocked = {
        let jobs = jobs.clone();
        std::thread::spawn(move || jobs.run_blocking("x"))
    };
    assert!(jobs.wait_for_started(1, REPLY_WITHIN).await);
    assert_eq!(jobs.finished(), 0);
    jobs.release();
    assert_eq!(blocked.join().unwrap(), "done x");
    assert!(!jobs.gave_up());
}

/// Over an in-memory stream with a paused clock, "no reply" is decided without waiting: the clock jumps once
/// nothing can run.
#[tokio::test(start_paused = true)]
async fn in_memory_a_missing_reply_is_known_at_once() {
    let (ours, theirs) = tokio::io::duplex(64);
    tokio::spawn(async move {
        let mut lines = BufReader::new(theirs);
        let mut line = String::new();
        let _ = lines.read_line(&mut line).await; // reads, never answers
        let _ = lines.read_line(&mut line).await;
    });
    let mut client = Client::in_memory(ours);
    client.send("ana\n").await.unwrap();
    let miss = client.line().await.unwrap_err();
    assert_eq!(miss.kind(), Kind::NoReply);
}

#[tokio::test(start_paused = true)]
async fn in_memory_bytes_sent_slowly_arrive_one_read_each() {
    let (ours, mut theirs) = tokio::io::duplex(64);
    let reads = tokio::spawn(async move {
        let mut sizes = Vec::new();
        let mut buf = [0u8; 16];
        loop {
            match tokio::io::AsyncReadExt::read(&mut theirs, &mut buf).await {
                Ok(0) | Err(_) => return sizes,
                Ok(n) => sizes.push(n),
            }
        }
    });
    let mut client = Client::in_memory(ours);
    client.send_slowly("hello\n", Duration::from_millis(1)).await.unwrap();
    settle().await;
    drop(client);
    assert_eq!(reads.await.unwrap(), vec![1; 6]);
}

/// Runs each request's blocking job inline (on the server's only thread) or on the blocking pool.
async fn hashes(listener: TcpListener, jobs: Jobs, inline: bool) {
    loop {
        let (stream, _) = listener.accept().await.unwrap();
        let jobs = jobs.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stream);
            let mut line = String::new();
            let _ = lines.read_line(&mut line).await;
            let request = line.trim_end().to_owned();
            let reply = if inline {
                jobs.run_blocking(&request)
            } else {
                tokio::task::spawn_blocking(move || jobs.run_blocking(&request)).await.unwrap()
            };
            let _ = lines.get_mut().write_all(format!("{reply}\n").as_bytes()).await;
        });
    }
}

#[tokio::test]
async fn a_blocking_job_on_the_servers_thread_is_seen_at_once() {
    for inline in [true, false] {
        let jobs = Jobs::held();
        let server = {
            let jobs = jobs.clone();
            Server::start(move |listener| hashes(listener, jobs, inline))
        };
        let mut client = server.connect().await.unwrap();
        client.send("hash\n").await.unwrap();
        assert!(jobs.wait_for_started(1, REPLY_WITHIN).await);
        assert_eq!(jobs.blocked_the_server(), inline, "inline: {inline}");
        jobs.release();
        client.expect("done hash").await.unwrap();
    }
}

/// Ignores every stop signal: accepts and holds connections for ever.
async fn never_stops(listener: TcpListener, _stop: watch::Receiver<bool>) {
    let mut kept = Vec::new();
    loop {
        kept.push(listener.accept().await.unwrap());
    }
}

#[tokio::test]
async fn with_a_paused_clock_a_serve_that_cannot_return_is_known_at_once() {
    let (stop_tx, stop_rx) = watch::channel(false);
    let server = Server::start_paused(move |listener| never_stops(listener, stop_rx));
    let _client = server.connect().await.unwrap();
    server.spawn(async move {
        stop_tx.send_replace(true);
        until_idle().await;
    });
    // Given an hour, it answers as soon as the server has nothing left to do (the guard is an hour's guard against
    // a hang, not a measure of speed).
    let waited = tokio::time::timeout(Duration::from_secs(60), server.wait_for_return(Duration::from_secs(3600)));
    assert_eq!(waited.await.expect("wait_for_return waited out its limit instead of seeing the idle server"), None);
}
