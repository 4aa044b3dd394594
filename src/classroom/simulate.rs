//! `tutor classroom simulate`: a rehearsal of a workshop against a running server. Each simulated learner has its
//! own outbox and courier, the same code a learner's watch uses, and reports about one event a second; at the end the
//! tutor waits for every outbox to empty and compares what the server counts with what was sent.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::client::{Courier, Outbox, Status};
use super::wire::{self, Event, Kind};

/// How long the learners may take, after they stop, to deliver what waits in their outboxes.
const DRAIN_LIMIT: Duration = Duration::from_secs(120);
const ERRORS: &[&str] = &["E0382", "E0499", "E0502", "E0505", "E0597", "E0277", "test-failed", "loom-data-race"];

pub fn simulate(url: &str, join: &str, token: &str, learners: usize, seconds: u64) -> Result<ExitCode> {
    let url = url.trim_end_matches('/');
    let before = stored_events(url, token).context("cannot read the room before starting")?;
    let scratch = tempfile_dir()?;
    let sent = Arc::new(AtomicU64::new(0));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    println!("{learners} simulated learners report to {url} for {seconds} s…");

    let mut outboxes = Vec::new();
    let mut threads = Vec::new();
    let mut couriers = Vec::new();
    for n in 0..learners {
        let root = scratch.join(format!("learner-{n:03}"));
        let name = format!("sim-{}-{n:03}", wire::random_hex(3));
        let outbox = Outbox::link(&root, url, join, &name)?;
        let latencies = Arc::clone(&latencies);
        let courier = Courier::start(outbox.clone(), move |status| match status {
            Status::Delivered { took, .. } => latencies.lock().unwrap_or_else(|e| e.into_inner()).push(took),
            Status::Refused(why) => eprintln!("{name} was refused: {why}"),
            Status::Waiting { .. } => {}
        })?;
        let learner = Learner { outbox: outbox.clone(), sent: Arc::clone(&sent), seed: n as u64 };
        let nudge = courier.nudger();
        threads
            .push(std::thread::Builder::new().name(format!("sim-{n}")).spawn(move || learner.work(deadline, &nudge))?);
        couriers.push(courier);
        outboxes.push(outbox);
    }
    for thread in threads {
        thread.join().map_err(|_| anyhow::anyhow!("a simulated learner panicked"))??;
    }
    let sent = sent.load(Ordering::SeqCst);
    let stopped = Instant::now();
    while outboxes.iter().map(|o| o.backlog().unwrap_or(usize::MAX)).any(|n| n > 0) {
        if stopped.elapsed() > DRAIN_LIMIT {
            bail!("the learners' outboxes did not empty within {} s of the end", DRAIN_LIMIT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let drained = stopped.elapsed();
    drop(couriers);
    let after = stored_events(url, token).context("cannot read the room at the end")?;
    let stored = after.saturating_sub(before);
    let mut latencies = latencies.lock().unwrap_or_else(|e| e.into_inner()).clone();
    latencies.sort();
    let percentile = |p: usize| latencies.get(latencies.len().saturating_sub(1) * p / 100).copied().unwrap_or_default();
    println!("events sent:     {sent} ({:.0} per second)", sent as f64 / seconds.max(1) as f64);
    println!("events stored:   {stored} (the server's count went from {before} to {after})");
    println!("lost:            {}", sent.saturating_sub(stored));
    println!("outboxes empty:  {} ms after the learners stopped", drained.as_millis());
    println!(
        "request time:    median {} ms, 99th percentile {} ms, slowest {} ms ({} deliveries timed)",
        percentile(50).as_millis(),
        percentile(99).as_millis(),
        latencies.last().copied().unwrap_or_default().as_millis(),
        latencies.len()
    );
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(if stored == sent { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

struct Learner {
    outbox: Outbox,
    sent: Arc<AtomicU64>,
    seed: u64,
}

impl Learner {
    /// Works through exercises until the deadline: opens one, fails a few checks, asks a hint, passes.
    fn work(mut self, deadline: Instant, nudge: &dyn Fn()) -> Result<()> {
        let mut exercise = 0;
        while Instant::now() < deadline {
            let name = format!("exercise{exercise}");
            let roll = self.next() % 10;
            let event = match roll {
                0 => Event::new(Kind::Open, &name, None),
                1 => Event::new(Kind::Hint, &name, None),
                2 => {
                    exercise += 1;
                    Event::new(Kind::Pass, &name, None)
                }
                _ => Event::new(Kind::Attempt, &name, Some(ERRORS[(self.next() as usize) % ERRORS.len()].into())),
            };
            self.outbox.push(&event)?;
            self.sent.fetch_add(1, Ordering::SeqCst);
            nudge();
            // About one event a second, at uneven times, as real saves are.
            std::thread::sleep(Duration::from_millis(300 + self.next() % 1400));
        }
        Ok(())
    }

    /// A small pseudo-random sequence (xorshift), different for each learner.
    fn next(&mut self) -> u64 {
        self.seed = self.seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut x = self.seed;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51afd7ed558ccd);
        x ^ (x >> 33)
    }
}

/// How many events the server has stored, from the room's dashboard data.
fn stored_events(url: &str, token: &str) -> Result<u64> {
    let started = Instant::now();
    loop {
        let answer = minreq::get(format!("{url}/api/room"))
            .with_header("Authorization", format!("Bearer {token}"))
            .with_timeout(10)
            .send();
        match answer {
            Ok(response) if response.status_code == 200 => {
                let room: serde_json::Value = serde_json::from_str(response.as_str()?)?;
                return room["events"].as_u64().context("the room has no event count");
            }
            Ok(response) => {
                bail!("the server answered {}: {}", response.status_code, response.as_str().unwrap_or_default())
            }
            // The server may be restarting: give it a while.
            Err(error) if started.elapsed() < Duration::from_secs(30) => {
                let _ = error;
                std::thread::sleep(Duration::from_millis(500));
            }
            Err(error) => bail!("cannot reach {url}: {error}"),
        }
    }
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("tutor-simulate-{}", wire::random_hex(4)));
    std::fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    Ok(dir)
}
