//! A pack opened for the learner: its catalogue, their progress through it, and their reports to a classroom.
//!
//! The one way to change progress. Every command and the watch go through the mutators here, which save at once (under
//! the progress file's lock, merged with what other tutors on the pack saved) and queue the classroom report, and
//! which say what happened ([`Recorded`]) so that no caller has to work it out. The progress itself
//! ([`progress::Progress`]) can only be read from outside this module.

mod progress;

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::catalogue::{Catalogue, Exercise};
use crate::classroom::client::{Courier, Outbox};
use crate::classroom::wire::{self, Kind};
use crate::grade::{Grader, Verdict};
use crate::workspace;

pub use progress::Progress;

/// What recording a verdict did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The current exercise passed: the learner moves on to `next` (None once every exercise is done).
    Passed {
        next: Option<usize>,
    },
    /// An exercise other than the current one passed (it is marked done; the current one stays).
    PassedOther,
    Failed,
}

pub struct Session {
    pub catalogue: Catalogue,
    progress: Progress,
    pub color: bool,
    /// Where the learner's reports to a classroom wait, once they have joined one from this pack.
    outbox: Option<Outbox>,
    /// The watch's courier, told when a report is queued.
    courier: Option<Courier>,
}

impl Session {
    /// Opens the pack around the current folder; what the learner should be told (a damaged progress file) is
    /// added to `warnings`. `color`: whether the compiler's messages are rendered in colour.
    pub fn open(color: bool, warnings: &mut Vec<String>) -> Result<Session> {
        let cwd = std::env::current_dir().context("failed to read the current folder")?;
        let catalogue = Catalogue::discover(&cwd)?;
        let progress = Progress::load(&catalogue, warnings);
        workspace::remember_shipped(&catalogue)?;
        let outbox = Outbox::of_pack(&catalogue.root);
        Ok(Session { catalogue, progress, color, outbox, courier: None })
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The current exercise's index, or None when every exercise is done.
    pub fn current(&self) -> Option<usize> {
        self.progress.current()
    }

    /// The named exercise, or the current one.
    pub fn pick(&self, name: Option<&str>) -> Result<Option<(usize, &Exercise)>> {
        match name {
            Some(name) => self.catalogue.get(name).map(Some),
            None => Ok(self.progress.current().map(|i| (i, &self.catalogue.exercises[i]))),
        }
    }

    pub fn grader(&self) -> Result<Grader> {
        Grader::new(&self.catalogue, self.color)
    }

    /// Joins a classroom: reports go to `url` from now on (and from later watches of this pack).
    pub fn join_classroom(&mut self, url: &str, code: &str, name: &str) -> Result<()> {
        self.outbox = Some(Outbox::link(&self.catalogue.root, url, code, name)?);
        Ok(())
    }

    /// The classroom outbox, when the learner has joined one from this pack.
    pub fn outbox(&self) -> Option<&Outbox> {
        self.outbox.as_ref()
    }

    /// The watch's courier, which delivers queued reports and is nudged when one is queued.
    pub fn set_courier(&mut self, courier: Courier) {
        self.courier = Some(courier);
    }

    /// Reads again what other tutors on this pack saved (a `tutor verify` in another terminal, say).
    pub fn reload(&mut self) -> Result<()> {
        self.progress.refresh()
    }

    /// Records a verdict: an attempt with its error; a pass marks the exercise done and, when it was the current one,
    /// moves the learner on.
    pub fn record(&mut self, index: usize, verdict: &Verdict) -> Result<Recorded> {
        let error = verdict.error_code();
        let was_current = self.progress.current() == Some(index);
        self.progress.checked(index, wire::now_ms(), error.clone());
        let (recorded, kind) = if verdict.outcome.passed() {
            // Failing to write the solution costs the learner nothing they had: the pass is recorded regardless.
            let _ = workspace::reveal_solution(&self.catalogue, &self.catalogue.exercises[index]);
            let next = self.progress.mark_done(index);
            (if was_current { Recorded::Passed { next } } else { Recorded::PassedOther }, Kind::Pass)
        } else {
            (Recorded::Failed, Kind::Attempt)
        };
        self.progress.save()?;
        self.report(kind, index, error, verdict.interleaving_lines())?;
        Ok(recorded)
    }

    /// Records that the learner saw `count` layered hints of an exercise (one more, or all of them).
    pub fn record_hint(&mut self, index: usize, count: usize) -> Result<()> {
        let name = self.catalogue.exercises[index].name.clone();
        self.progress.hints_shown(&name, count, wire::now_ms());
        self.progress.save()?;
        self.report(Kind::Hint, index, None, Vec::new())
    }

    /// Records that the learner arrived at an exercise (the watch started there, or they moved on to it).
    pub fn record_open(&mut self, index: usize) -> Result<()> {
        self.progress.opened(index, wire::now_ms());
        self.progress.save()?;
        self.report(Kind::Open, index, None, Vec::new())
    }

    /// The learner chose to work on an exercise: it becomes the current one.
    pub fn go_to(&mut self, index: usize) -> Result<()> {
        self.progress.set_current(index);
        self.record_open(index)
    }

    /// Restores an exercise as shipped (the learner's version goes to a backup first) and marks it pending again.
    /// Returns the backup's path, or None when the file was already as shipped.
    pub fn reset(&mut self, index: usize) -> Result<Option<PathBuf>> {
        let exercise = self.catalogue.exercises[index].clone();
        let backup = workspace::reset(&self.catalogue, &exercise)?;
        self.progress.mark_pending(index);
        self.progress.save()?;
        Ok(backup)
    }

    /// "Every exercise is done", with the pack's final message.
    pub fn all_done_message(&self) -> String {
        let mut text = String::from("Every exercise is done.");
        if let Some(message) = &self.catalogue.final_message {
            text = format!("{text}\n\n{}", message.trim());
        }
        text
    }

    /// Queues a report for the classroom, when the learner joined one.
    fn report(&self, kind: Kind, index: usize, error: Option<String>, lines: Vec<u32>) -> Result<()> {
        let Some(outbox) = &self.outbox else { return Ok(()) };
        let event = wire::Event { lines, ..wire::Event::new(kind, &self.catalogue.exercises[index].name, error) };
        outbox.push(&event).context("your progress is saved, but the report for the classroom could not be queued")?;
        if let Some(courier) = &self.courier {
            courier.nudge();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::{Failure, Outcome};

    /// A session on a two-exercise pack in a temporary folder.
    fn session(dir: &std::path::Path) -> Session {
        std::fs::create_dir_all(dir.join("exercises")).unwrap();
        for name in ["a", "b"] {
            std::fs::write(dir.join(format!("exercises/{name}.rs")), "fn main() {}\n").unwrap();
        }
        std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"p\"\n").unwrap();
        let info = "format_version = 1\n[[exercises]]\nname = \"a\"\n[[exercises]]\nname = \"b\"\n";
        std::fs::write(dir.join("info.toml"), info).unwrap();
        let catalogue = Catalogue::load(dir).unwrap();
        let progress = Progress::load(&catalogue, &mut Vec::new());
        Session { catalogue, progress, color: false, outbox: None, courier: None }
    }

    fn verdict(outcome: Outcome) -> Verdict {
        Verdict::bare(outcome)
    }

    #[test]
    fn recording_says_whether_the_learner_moves_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session(dir.path());
        let failed = verdict(Outcome::Failed(Failure::Tests { message: None }));
        assert_eq!(s.record(0, &failed).unwrap(), Recorded::Failed);
        assert_eq!(s.record(1, &verdict(Outcome::Passed)).unwrap(), Recorded::PassedOther);
        assert_eq!(s.current(), Some(0), "passing another exercise keeps the current one");
        assert_eq!(s.record(0, &verdict(Outcome::Passed)).unwrap(), Recorded::Passed { next: None });
        // Saved: a new session on the pack sees it, with the attempts.
        let again = session(dir.path());
        assert_eq!(again.progress().done_count(), 2);
        let (_, stats) = again.progress().stats().next().unwrap();
        assert_eq!(stats.attempts, 2);
        assert_eq!(stats.last_error, None, "a pass clears the last error");
    }

    #[test]
    fn a_loom_failure_reports_the_lines_of_its_interleaving_to_the_classroom() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session(dir.path());
        s.outbox = Some(Outbox::link(dir.path(), "http://127.0.0.1:9", "ABCD-EFGH", "ana").unwrap());
        let schedule = crate::verdict::Schedule { rendered: String::new(), lines: vec![36, 37], waits: Vec::new() };
        let problem = crate::verdict::LoomProblem::Assertion(None);
        let raced = verdict(Outcome::Failed(Failure::Loom { test: "t".into(), problem, schedule: Some(schedule) }));
        s.record(0, &raced).unwrap();
        s.record(0, &verdict(Outcome::Failed(Failure::Tests { message: None }))).unwrap();
        let outbox = std::fs::read_to_string(dir.path().join(".tutor/classroom/outbox.jsonl")).unwrap();
        let events: Vec<wire::Event> = outbox.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(events.iter().map(|e| e.lines.clone()).collect::<Vec<_>>(), [vec![36, 37], vec![]]);
    }

    #[test]
    fn verify_records_each_verdict_and_goes_to_the_first_failure() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session(dir.path());
        // What `tutor verify` does: every verdict recorded, then the first failure made current.
        assert_eq!(s.record(0, &verdict(Outcome::Passed)).unwrap(), Recorded::Passed { next: Some(1) });
        let failed = verdict(Outcome::Failed(Failure::Tests { message: None }));
        assert_eq!(s.record(1, &failed).unwrap(), Recorded::Failed);
        s.go_to(1).unwrap();
        let again = session(dir.path());
        assert!(again.progress().is_done("a"));
        assert_eq!(again.current(), Some(1));
        let stats: Vec<_> = again.progress().stats().map(|(_, s)| s).collect();
        assert_eq!((stats[0].attempts, stats[1].attempts), (1, 1), "verify's checks are attempts");
        assert!(stats[0].passed_ms.is_some(), "and its pass has a time");
    }

    #[test]
    fn another_tutors_change_is_seen_after_a_reload() {
        let dir = tempfile::tempdir().unwrap();
        let mut watch = session(dir.path());
        let mut other = session(dir.path());
        other.record(0, &verdict(Outcome::Passed)).unwrap();
        assert_eq!(watch.current(), Some(0));
        watch.reload().unwrap();
        assert_eq!(watch.current(), Some(1));
    }
}
