//! "See the race": the interleaving that broke a loom model, told as a short timeline of the learner's code.
//!
//! Exercises that import their concurrency types from the `std_or_loom` shim (`exercises/std_or_loom`) and run
//! their models with `std_or_loom::model` record every operation when `TUTOR_TIMELINE` names a file; when a model
//! panics, the failing execution's record is written there. This module reads that record ([`read`]) and renders it
//! ([`render`]): one labelled column per thread, each step with its `file:line` and values (`load ready -> true`,
//! `compare_exchange(0, 1) on sold: failed, saw 1`, `lock accounts[1]`), only the learner's operations on shared
//! state (plus the test's spawns and joins), and the end: the assertion, the deadlock cycle in words, both accesses of
//! a data race, or a stale read with the ordering that fixes it.
//!
//! How grading uses it: delete the file, run a loom test with `TUTOR_TIMELINE=<file>`, and if the test fails,
//! `read` the file and `render` it after (or instead of) loom's output.

mod dump;
mod labels;
mod memory;
mod render;
mod replay;
mod story;

use std::ops::Range;
use std::path::Path;

use anyhow::Result;

#[cfg(test)]
pub use story::Problem;

/// The failing execution of one loom model, as the shim recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    dump: dump::Dump,
}

/// Reads the record a failing model left at `path`: `Ok(None)` when there is none (the model passed, or the exercise
/// does not use the shim), an error when the file is not a record this tutor can read.
pub fn read(path: &Path) -> Result<Option<Timeline>> {
    Ok(dump::read(path)?.map(|dump| Timeline { dump }))
}

/// What [`render_with`] needs to know about the exercise.
pub struct View<'a> {
    /// The exercise file, relative to `root` (as the compiler was given it, so that it matches the record).
    pub exercise_file: &'a Path,
    /// The pack root.
    pub root: &'a Path,
    /// The lines of the learner's code, as opposed to the tests; by default everything above the file's first test
    /// module. Steps in the tests are shown only when they explain the threads (spawns, joins).
    pub learner_lines: Option<Range<u32>>,
    /// The text that was compiled, when it is not the file at `root/exercise_file` (the tutor grades a copy with the
    /// pack's checks in it, with the learner's line numbers).
    pub source: Option<&'a str>,
    pub color: bool,
}

/// The timeline as the learner reads it; `exercise_file` is relative to `root`.
#[cfg(test)]
pub fn render(timeline: &Timeline, exercise_file: &Path, root: &Path, color: bool) -> String {
    render_with(timeline, &View { exercise_file, root, learner_lines: None, source: None, color })
}

pub fn render_with(timeline: &Timeline, view: &View) -> String {
    let (story, source) = timeline.story(view.exercise_file, view.root, view.learner_lines.clone(), view.source);
    render::render(&story, &source, view.root, view.color)
}

impl Timeline {
    fn story(
        &self,
        exercise_file: &Path,
        root: &Path,
        learner: Option<Range<u32>>,
        given: Option<&str>,
    ) -> (story::Story, labels::Source) {
        // Without the source (moved, unreadable) every line counts as the learner's, and objects go unnamed.
        let text = given.map(str::to_owned).or_else(|| std::fs::read_to_string(root.join(exercise_file)).ok());
        let source = labels::Source::new(text.as_deref().unwrap_or_default());
        let learner = learner.unwrap_or_else(|| if text.is_some() { source.learner_lines() } else { 1..u32::MAX });
        (story::tell(&self.dump, exercise_file, &source, learner), source)
    }

    /// What ended the execution.
    #[cfg(test)]
    pub fn problem(&self) -> Problem {
        story::problem(&self.dump)
    }

    /// The panic's message: the assertion's text, or loom's report.
    #[cfg(test)]
    pub fn message(&self) -> &str {
        &self.dump.panic.message
    }

    /// The lines of the exercise file where the failing execution operated on shared state, for reports that
    /// gather where learners' races run (a classroom view). Without the source at hand it counts the lines above
    /// the model's call, where the learner's code is, and leaves out the operations of the test itself.
    #[cfg(test)]
    pub fn lines_involved(&self) -> Vec<u32> {
        let model = &self.dump.model;
        let lines: std::collections::BTreeSet<u32> = self
            .dump
            .events
            .iter()
            .filter(|e| e.obj.is_some() && !matches!(e.op, dump::Op::New { .. }))
            .filter_map(|e| e.at.as_ref())
            .filter(|at| at.file == model.file && at.line < model.line)
            .map(|at| at.line)
            .collect();
        lines.into_iter().collect()
    }

    /// What the threads still blocked at the end of the execution wait for, once each, in thread order.
    pub fn waits(&self) -> Vec<crate::verdict::Wait> {
        use crate::verdict::Wait;
        let replay = replay::replay(&self.dump.events);
        let mut threads: Vec<(&usize, &replay::Ending)> = replay.endings.iter().collect();
        threads.sort_by_key(|(thread, _)| **thread);
        let mut waits = Vec::new();
        for (_, ending) in threads {
            let Some(at) = ending.blocked_at else { continue };
            let wait = match &self.dump.events[at].op {
                dump::Op::LockWait(_) => Wait::Lock,
                dump::Op::Wait { .. } => Wait::Condvar,
                dump::Op::RecvWait => Wait::Receive,
                dump::Op::SendWait => Wait::Send,
                dump::Op::JoinWait { .. } => Wait::Join,
                dump::Op::BarrierWait => Wait::Barrier,
                _ => continue,
            };
            if !waits.contains(&wait) {
                waits.push(wait);
            }
        }
        waits
    }

    /// Like [`Timeline::lines_involved`], but exactly the learner's lines that [`render_with`] lists, for the given
    /// exercise.
    pub fn lines_shown(&self, view: &View) -> Vec<u32> {
        self.story(view.exercise_file, view.root, view.learner_lines.clone(), view.source).0.lines
    }
}

#[cfg(test)]
mod tests;
