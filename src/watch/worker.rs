//! Checks run on a worker thread, one at a time, newest wins.
//!
//! A check asked for while another runs cancels it ([`CancelToken::cancel`] kills the compiler or the program with
//! everything it spawned) and starts once the cancelled one has ended, so that two checks never write the same
//! compiled program at once. A learner who saves three times in a second waits for one check: the last.
//!
//! The worker grades through the [`Grade`] trait, so that its cancellation logic is tested against a stand-in.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::grade::{Grader, Target, Verdict};
use crate::process::CancelToken;

/// What grades a check: the real [`Grader`], or a stand-in in tests.
pub trait Grade: Send + Sync + 'static {
    fn grade(&self, target: &Target, cancel: Option<&CancelToken>) -> Result<Verdict>;
}

impl Grade for Grader {
    fn grade(&self, target: &Target, cancel: Option<&CancelToken>) -> Result<Verdict> {
        Grader::grade(self, target, cancel)
    }
}

use super::Event;

/// How long quitting waits for a cancelled check to stop. The process module looks at the token every 20 ms and
/// then kills; the rest is slack for a loaded machine.
const STOP_WAIT: Duration = Duration::from_secs(3);
/// How often quitting looks whether the cancelled check has stopped.
const STOP_POLL: Duration = Duration::from_millis(5);

/// Why a check was asked for, which decides what the screen says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The watch started, or the learner pressed a key (r, n, p, or chose an exercise in the list).
    Asked,
    /// The learner saved the file.
    Saved,
    /// The learner arrived at this exercise without asking: the watch started, or the previous exercise passed.
    /// What the screen says about the arrival (the success banner) stays when the verdict comes.
    Arrived,
}

/// A check that ended.
pub struct Done {
    id: u64,
    pub index: usize,
    pub why: Why,
    pub result: std::result::Result<Verdict, Problem>,
}

/// Why a check has no verdict.
pub enum Problem {
    /// The check could not run (the compiler could not be started, say). Shown; the watch goes on.
    Error(anyhow::Error),
    /// The tutor itself crashed while checking: a bug. The watch ends.
    Crash(String),
}

struct Request {
    index: usize,
    target: Target,
    why: Why,
}

struct Running {
    id: u64,
    index: usize,
    cancel: CancelToken,
    thread: JoinHandle<()>,
    started: Instant,
}

pub struct Worker<G: Grade = Grader> {
    grader: Arc<G>,
    events: Sender<Event>,
    running: Option<Running>,
    queued: Option<Request>,
    started: u64,
}

impl<G: Grade> Worker<G> {
    pub fn new(grader: G, events: Sender<Event>) -> Worker<G> {
        Worker { grader: Arc::new(grader), events, running: None, queued: None, started: 0 }
    }

    /// Checks an exercise: now if nothing runs, or as soon as the running check (cancelled now) has stopped.
    pub fn check(&mut self, index: usize, target: Target, why: Why) -> Result<()> {
        let request = Request { index, target, why };
        match &self.running {
            Some(running) => {
                running.cancel.cancel();
                self.queued = Some(request);
                Ok(())
            }
            None => self.start(request),
        }
    }

    /// The exercise being checked or about to be, if any, and for how long the running check has run.
    pub fn busy(&self) -> Option<(usize, std::time::Duration)> {
        let elapsed = self.running.as_ref().map_or(std::time::Duration::ZERO, |r| r.started.elapsed());
        self.queued.as_ref().map(|q| q.index).or(self.running.as_ref().map(|r| r.index)).map(|index| (index, elapsed))
    }

    fn start(&mut self, request: Request) -> Result<()> {
        self.started += 1;
        let id = self.started;
        let cancel = CancelToken::default();
        let (grader, events, token) = (Arc::clone(&self.grader), self.events.clone(), cancel.clone());
        let Request { index, target, why } = request;
        let thread = std::thread::Builder::new()
            .name(format!("check-{id}"))
            .spawn(move || {
                let result = match catch_unwind(AssertUnwindSafe(|| grader.grade(&target, Some(&token)))) {
                    Ok(Ok(verdict)) => Ok(verdict),
                    Ok(Err(error)) => Err(Problem::Error(error)),
                    Err(panic) => Err(Problem::Crash(panic_message(panic.as_ref()))),
                };
                let _ = events.send(Event::GradeFinished(Box::new(Done { id, index, why, result })));
            })
            .context("failed to start a thread to check the exercise")?;
        self.running = Some(Running { id, index, cancel, thread, started: Instant::now() });
        Ok(())
    }

    /// Takes a check that ended. Returns it when its verdict is wanted; returns None when a newer request replaced
    /// it (that request starts now).
    pub fn finished(&mut self, done: Box<Done>) -> Result<Option<Box<Done>>> {
        if self.running.as_ref().is_none_or(|r| r.id != done.id) {
            return Ok(None);
        }
        self.running = None;
        match self.queued.take() {
            Some(request) => {
                self.start(request)?;
                Ok(None)
            }
            None => Ok(Some(done)),
        }
    }

    /// Cancels whatever runs and waits (a little) for it to stop, so that no compiler or learner's program outlives
    /// the tutor.
    pub fn stop(&mut self) {
        self.queued = None;
        let Some(running) = self.running.take() else { return };
        running.cancel.cancel();
        let deadline = Instant::now() + STOP_WAIT;
        // Only while quitting, for a few milliseconds: a join with a time limit.
        while !running.thread.is_finished() && Instant::now() < deadline {
            std::thread::sleep(STOP_POLL);
        }
    }
}

impl<G: Grade> Drop for Worker<G> {
    /// Also on a panic or an error: the check's processes are killed before the tutor exits.
    fn drop(&mut self) {
        self.stop();
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Outcome;
    use std::sync::Mutex;
    use std::sync::mpsc;

    /// Grades by waiting until cancelled or released, and remembers which exercises it was asked for.
    #[derive(Default)]
    struct StandIn {
        asked: Mutex<Vec<String>>,
        released: std::sync::atomic::AtomicBool,
    }

    impl Grade for StandIn {
        fn grade(&self, target: &Target, cancel: Option<&CancelToken>) -> Result<Verdict> {
            self.asked.lock().unwrap().push(target.exercise.name.clone());
            loop {
                if cancel.is_some_and(CancelToken::is_cancelled) {
                    return Ok(verdict(Outcome::Cancelled));
                }
                if self.released.load(std::sync::atomic::Ordering::Acquire) {
                    return Ok(verdict(Outcome::Passed));
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }

    fn verdict(outcome: Outcome) -> Verdict {
        Verdict::bare(outcome)
    }

    fn exercise(name: &str) -> Target {
        let info = format!("format_version = 1\n[[exercises]]\nname = \"{name}\"\n");
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("exercises")).unwrap();
        std::fs::write(dir.path().join(format!("exercises/{name}.rs")), "fn main() {}").unwrap();
        let catalogue = crate::catalogue::Catalogue::parse(dir.path(), &dir.path().join("info.toml"), &info).unwrap();
        Target::shipped(&catalogue, &catalogue.exercises[0])
    }

    fn next_done(events: &mpsc::Receiver<Event>) -> Box<Done> {
        loop {
            match events.recv_timeout(Duration::from_secs(10)).expect("a check ends") {
                Event::GradeFinished(done) => return done,
                _ => continue,
            }
        }
    }

    #[test]
    fn a_newer_check_cancels_the_running_one_and_only_the_newest_is_reported() {
        let (tx, events) = mpsc::channel();
        let mut worker = Worker::new(StandIn::default(), tx);
        worker.check(0, exercise("a"), Why::Saved).unwrap();
        worker.check(1, exercise("b"), Why::Saved).unwrap();
        worker.check(2, exercise("c"), Why::Saved).unwrap();
        assert_eq!(worker.busy().map(|(i, _)| i), Some(2), "the newest request is what the header names");
        // The first check ends cancelled; its end starts the newest request, and is not reported.
        let first = next_done(&events);
        assert!(worker.finished(first).unwrap().is_none());
        worker.grader.released.store(true, std::sync::atomic::Ordering::Release);
        let last = next_done(&events);
        let last = worker.finished(last).unwrap().expect("the newest check is reported");
        assert_eq!(last.index, 2);
        assert!(matches!(&last.result, Ok(v) if v.outcome == Outcome::Passed));
        assert_eq!(*worker.grader.asked.lock().unwrap(), ["a", "c"], "b was replaced before it started");
        assert!(worker.busy().is_none());
    }

    #[test]
    fn stopping_cancels_what_runs() {
        let (tx, _events) = mpsc::channel();
        let mut worker = Worker::new(StandIn::default(), tx);
        worker.check(0, exercise("a"), Why::Asked).unwrap();
        let started = Instant::now();
        worker.stop();
        assert!(worker.busy().is_none());
        assert!(started.elapsed() < STOP_WAIT, "the stand-in saw the cancellation");
    }
}
