//! A bounded load test on loopback: 200 simulated learners (each with the outbox and courier a learner's watch uses)
//! report for 60 seconds while the server is killed and restarted in the middle; afterwards the server must hold
//! every event that was sent. It prints its figures; it asserts no timing (the machine is shared).

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::classroom::Server;

const LEARNERS: &str = "200";
const SECONDS: u64 = 60;

#[test]
fn two_hundred_learners_for_a_minute_through_a_server_restart_lose_no_event() {
    let dir = tempfile::Builder::new().prefix("tutor-load-").tempdir().unwrap();
    let mut server = Server::start(dir.path());
    let addr = server.url.trim_start_matches("http://").to_owned();
    let started = Instant::now();
    let simulation = Command::new(env!("CARGO_BIN_EXE_tutor"))
        .args(["classroom", "simulate", &server.url, "--join", &server.join_code, "--token", &server.instructor_token])
        .args(["--learners", LEARNERS, "--seconds", &SECONDS.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // A third of the way in, the server dies without warning and is gone for five seconds.
    std::thread::sleep(Duration::from_secs(SECONDS / 3));
    server.kill();
    let killed_at = started.elapsed();
    std::thread::sleep(Duration::from_secs(5));
    let server = Server::start_at(dir.path(), &addr);
    let restarted_at = started.elapsed();

    let output = simulation.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}{stderr}");
    println!("server killed at {:.1} s, back at {:.1} s", killed_at.as_secs_f64(), restarted_at.as_secs_f64());
    assert!(output.status.success(), "the simulation failed:\n{stdout}\n{stderr}");

    let figure = |label: &str| -> u64 {
        let line =
            stdout.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("no `{label}` in:\n{stdout}"));
        line[label.len()..].split_whitespace().next().unwrap().parse().unwrap()
    };
    let sent = figure("events sent:");
    assert!(sent > 200 * (SECONDS / 2), "the learners sent far fewer events than planned: {sent}");
    assert_eq!(figure("lost:"), 0);
    // The server's own count, read here too: every event sent is stored, once.
    let room = server.room();
    assert_eq!(room["events"].as_u64(), Some(sent), "stored events");
    assert_eq!(room["learners"].as_array().unwrap().len(), 200);
}
