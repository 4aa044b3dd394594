//! The learner's progress, as data: which exercises are done, which one is current, and per exercise the attempts, the time
//! spent, the hints seen and the first and last error.
//!
//! Kept in a small JSON file, `.tutor/state.json` at the pack root, always replaced atomically (written to a temporary file in the same
//! folder, flushed, then renamed over the old one), so that a crash or a kill in the middle of a write leaves either
//! the old file or the new one, never half of each.
//!
//! Several tutors may run on one pack at once (a watch, and `tutor hint` in another terminal). So that none of them
//! overwrites what another recorded, changes are kept as a list of operations; saving takes a lock, reads the file
//! again, applies the operations to what it holds, and writes the result.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::files::{self, write_atomically};

const STATE_FILE: &str = "state.json";
const LOCK_FILE: &str = "state.lock";
/// A pause longer than this between two actions on an exercise counts as this long: the learner was away.
const IDLE_CAP_MS: u64 = 10 * 60 * 1000;

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
struct Stored {
    /// The exercise the learner is on; absent when every exercise is done.
    current: Option<String>,
    done: BTreeSet<String>,
    /// How many hints of each exercise the learner has seen (layered hints reveal one more each time).
    hints_seen: BTreeMap<String, usize>,
    /// What happened on each exercise the learner has worked on.
    stats: BTreeMap<String, Stats>,
}

/// The learner's history with one exercise.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Stats {
    /// How many times it was checked (saves in the watch, `tutor run`).
    pub attempts: u32,
    /// Time spent on it, in seconds: the time between actions on it, each pause counted as at most ten minutes.
    pub seconds: u64,
    /// The error of its first failed check: a compiler error code such as E0382, or a word for another failure.
    pub first_error: Option<String>,
    pub last_error: Option<String>,
    /// When the learner first and last acted on it, and when it first passed (milliseconds since the Unix epoch).
    pub first_seen_ms: Option<u64>,
    pub last_active_ms: Option<u64>,
    pub passed_ms: Option<u64>,
}

/// One change to the progress, kept until it is saved.
#[derive(Debug, Clone)]
enum Op {
    SetCurrent(String),
    Done(String),
    Pending(String),
    HintsSeen {
        name: String,
        count: usize,
        at_ms: u64,
    },
    /// The learner arrived at an exercise: its clock starts.
    Opened(String, u64),
    Checked {
        name: String,
        at_ms: u64,
        error: Option<String>,
    },
}

impl Stored {
    fn apply(&mut self, op: &Op, order: &[String]) {
        match op {
            Op::SetCurrent(name) => self.current = Some(name.clone()),
            Op::Done(name) => {
                self.done.insert(name.clone());
                if self.current.as_deref() == Some(name.as_str()) || self.current.is_none() {
                    let index = order.iter().position(|n| n == name).unwrap_or(0);
                    self.current =
                        self.first_pending_from(order, index + 1).or_else(|| self.first_pending_from(order, 0));
                }
            }
            Op::Pending(name) => {
                self.done.remove(name);
                if self.current.is_none() {
                    self.current = Some(name.clone());
                }
            }
            Op::HintsSeen { name, count, at_ms } => {
                let seen = self.hints_seen.entry(name.clone()).or_default();
                *seen = (*seen).max(*count);
                self.stats.entry(name.clone()).or_default().touch(*at_ms);
            }
            Op::Opened(name, at_ms) => self.stats.entry(name.clone()).or_default().seen(*at_ms),
            Op::Checked { name, at_ms, error } => {
                let stats = self.stats.entry(name.clone()).or_default();
                stats.touch(*at_ms);
                stats.attempts += 1;
                match error {
                    Some(error) => {
                        stats.first_error.get_or_insert_with(|| error.clone());
                        stats.last_error = Some(error.clone());
                    }
                    None => {
                        stats.passed_ms.get_or_insert(*at_ms);
                        stats.last_error = None;
                    }
                }
            }
        }
    }

    fn first_pending_from(&self, order: &[String], start: usize) -> Option<String> {
        order.iter().skip(start).find(|n| !self.done.contains(*n)).cloned()
    }
}

impl Stats {
    /// The learner acted on the exercise at `at_ms`: the time since their previous action counts, up to the cap, until
    /// the exercise first passed (going back to a solved exercise later is not time spent solving it).
    fn touch(&mut self, at_ms: u64) {
        if let Some(last) = self.last_active_ms.filter(|_| self.passed_ms.is_none()) {
            self.seconds += at_ms.saturating_sub(last).min(IDLE_CAP_MS) / 1000;
        }
        self.seen(at_ms);
    }

    /// The learner was on the exercise at `at_ms`, without the time before counting (they just arrived).
    fn seen(&mut self, at_ms: u64) {
        self.first_seen_ms.get_or_insert(at_ms);
        self.last_active_ms = Some(self.last_active_ms.map_or(at_ms, |last| last.max(at_ms)));
    }
}

/// Progress through one pack.
#[derive(Debug)]
pub struct Progress {
    path: PathBuf,
    stored: Stored,
    /// Changes made since the last save.
    ops: Vec<Op>,
    /// Exercise names in pack order, to keep `current` meaningful.
    order: Vec<String>,
}

impl Progress {
    /// Reads the progress file of the pack; a missing one means a fresh start, and an unreadable or corrupt one is
    /// reported in `warnings` and started afresh (it is rebuilt on the next write).
    pub(super) fn load(catalogue: &Catalogue, warnings: &mut Vec<String>) -> Progress {
        let path = crate::workspace::dir(&catalogue.root).join(STATE_FILE);
        let order: Vec<String> = catalogue.exercises.iter().map(|e| e.name.clone()).collect();
        let stored = match files::read_optional(&path) {
            Ok(Some(bytes)) => match serde_json::from_slice::<Stored>(&bytes) {
                Ok(stored) => stored,
                Err(e) => {
                    warnings.push(format!(
                        "the progress file `{}` is damaged ({e}); starting from the first exercise that is not done. \
                         Run `tutor verify` to mark every exercise you have already solved as done again.",
                        path.display()
                    ));
                    Stored::default()
                }
            },
            Ok(None) => Stored::default(),
            Err(e) => {
                warnings.push(format!(
                    "the progress file `{}` cannot be read ({e}); progress will be saved anew",
                    path.display()
                ));
                Stored::default()
            }
        };
        let mut progress = Progress { path, stored, ops: Vec::new(), order };
        // Names of exercises that the pack no longer has are forgotten.
        let known: BTreeSet<String> = progress.order.iter().cloned().collect();
        progress.stored.done.retain(|n| known.contains(n));
        progress.stored.hints_seen.retain(|n, _| known.contains(n));
        progress.stored.stats.retain(|n, _| known.contains(n));
        if progress.stored.current.as_ref().is_some_and(|c| !known.contains(c)) || progress.stored.current.is_none() {
            progress.stored.current = progress.stored.first_pending_from(&progress.order, 0);
        }
        progress
    }

    fn change(&mut self, op: Op) {
        self.stored.apply(&op, &self.order);
        self.ops.push(op);
    }

    pub fn is_done(&self, name: &str) -> bool {
        self.stored.done.contains(name)
    }

    pub fn done_count(&self) -> usize {
        self.stored.done.len()
    }

    pub fn total(&self) -> usize {
        self.order.len()
    }

    /// The current exercise's index, or None when every exercise is done.
    pub fn current(&self) -> Option<usize> {
        let name = self.stored.current.as_ref()?;
        self.order.iter().position(|n| n == name)
    }

    pub(super) fn set_current(&mut self, index: usize) {
        if let Some(name) = self.order.get(index).cloned() {
            self.change(Op::SetCurrent(name));
        }
    }

    /// Marks an exercise done. When it was the current one, the learner moves on to the next exercise that is not
    /// done (wrapping around to earlier ones they skipped). Returns the new current exercise.
    pub(super) fn mark_done(&mut self, index: usize) -> Option<usize> {
        self.change(Op::Done(self.order[index].clone()));
        self.current()
    }

    pub(super) fn mark_pending(&mut self, index: usize) {
        self.change(Op::Pending(self.order[index].clone()));
    }

    /// The learner arrived at an exercise (the clock of its time spent starts, if it had not).
    pub(super) fn opened(&mut self, index: usize, at_ms: u64) {
        self.change(Op::Opened(self.order[index].clone(), at_ms));
    }

    /// An exercise was checked: `error` is None when it passed.
    pub(super) fn checked(&mut self, index: usize, at_ms: u64, error: Option<String>) {
        self.change(Op::Checked { name: self.order[index].clone(), at_ms, error });
    }

    /// Every exercise's history, in pack order (exercises never worked on have default stats).
    pub fn stats(&self) -> impl Iterator<Item = (&str, Stats)> {
        self.order.iter().map(|name| (name.as_str(), self.stored.stats.get(name).cloned().unwrap_or_default()))
    }

    /// How many hints of this exercise the learner has seen so far.
    pub fn hints_seen(&self, name: &str) -> usize {
        self.stored.hints_seen.get(name).copied().unwrap_or(0)
    }

    /// The learner was shown hints of an exercise, `count` of its layered hints so far.
    pub(super) fn hints_shown(&mut self, name: &str, count: usize, at_ms: u64) {
        self.change(Op::HintsSeen { name: name.to_owned(), count, at_ms });
    }

    /// Reads the file again, keeping the changes not saved yet: what other tutors saved since becomes visible.
    pub(super) fn refresh(&mut self) -> Result<()> {
        let Some(bytes) = files::read_optional(&self.path)? else { return Ok(()) };
        let Ok(mut on_disk) = serde_json::from_slice::<Stored>(&bytes) else { return Ok(()) };
        for op in &self.ops {
            on_disk.apply(op, &self.order);
        }
        on_disk.done.retain(|n| self.order.contains(n));
        if on_disk.current.as_ref().is_some_and(|c| !self.order.contains(c)) {
            on_disk.current = on_disk.first_pending_from(&self.order, 0);
        }
        self.stored = on_disk;
        Ok(())
    }

    /// Writes the changes made since the last save over what the file holds now (another tutor may have saved in
    /// between), under a lock; afterwards this progress is the merged one.
    pub(super) fn save(&mut self) -> Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        // `.tutor` sits in the pack root; a `.tutor` that is a link out of the pack is refused.
        files::create_dir_inside(dir.parent().unwrap_or(Path::new(".")), dir)?;
        let _lock = files::lock(&dir.join(LOCK_FILE))?;
        // A file that is missing, or cannot be read or parsed (already reported at load), is replaced by this view.
        let merged = match files::read_optional(&self.path)
            .ok()
            .flatten()
            .and_then(|b| serde_json::from_slice::<Stored>(&b).ok())
        {
            Some(mut on_disk) => {
                for op in &self.ops {
                    on_disk.apply(op, &self.order);
                }
                on_disk
            }
            None => self.stored.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&merged)?;
        write_atomically(&self.path, &bytes)?;
        self.stored = merged;
        self.ops.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(names: &[&str], dir: &Path) -> Progress {
        Progress {
            path: dir.join("state.json"),
            stored: Stored { current: Some(names[0].to_owned()), ..Stored::default() },
            ops: Vec::new(),
            order: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn passing_the_current_exercise_moves_on_and_wraps_to_skipped_ones() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = progress(&["a", "b", "c"], dir.path());
        p.set_current(1);
        assert_eq!(p.mark_done(1), Some(2), "b done: on to c");
        assert_eq!(p.mark_done(2), Some(0), "c done: back to the skipped a");
        assert_eq!(p.mark_done(0), None, "all done");
        assert_eq!(p.done_count(), 3);
    }

    #[test]
    fn passing_another_exercise_keeps_the_current_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = progress(&["a", "b", "c"], dir.path());
        assert_eq!(p.mark_done(2), Some(0));
        assert!(p.is_done("c") && !p.is_done("a"));
    }

    #[test]
    fn two_tutors_on_one_pack_keep_each_others_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut watch = progress(&["a", "b"], dir.path());
        let mut other = progress(&["a", "b"], dir.path());
        watch.checked(0, 1_000, Some("E0382".into()));
        watch.save().unwrap();
        other.hints_shown("a", 2, 31_000);
        other.checked(0, 61_000, Some("E0499".into()));
        other.save().unwrap();
        watch.save().unwrap();
        assert_eq!(watch.stored.stats["a"].last_error.as_deref(), Some("E0499"), "the other tutor's check, merged");
        watch.checked(0, 121_000, None);
        watch.mark_done(0);
        watch.save().unwrap();
        let stats = &watch.stored.stats["a"];
        assert_eq!(stats.attempts, 3, "attempts from both tutors");
        assert_eq!(
            (stats.first_error.as_deref(), stats.last_error.as_deref()),
            (Some("E0382"), None),
            "a pass clears it"
        );
        assert_eq!(stats.seconds, 120);
        assert_eq!(stats.passed_ms, Some(121_000));
        assert_eq!(watch.hints_seen("a"), 2, "the other tutor's hint survived the watch's save");
        assert_eq!(watch.current(), Some(1));
    }

    #[test]
    fn time_stops_counting_once_the_exercise_passed() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = progress(&["a"], dir.path());
        p.opened(0, 0);
        p.checked(0, 60_000, None);
        p.checked(0, 120_000, Some("E0308".into()));
        p.hints_shown("a", 1, 180_000);
        let (_, stats) = p.stats().next().unwrap();
        assert_eq!(stats.seconds, 60, "coming back to a solved exercise is not time spent solving it");
        assert_eq!(stats.attempts, 2);
    }

    #[test]
    fn a_long_pause_counts_as_ten_minutes() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = progress(&["a"], dir.path());
        p.opened(0, 0);
        p.checked(0, 30_000, Some("E0308".into()));
        p.checked(0, 30_000 + 3 * 3_600_000, None);
        let (_, stats) = p.stats().next().unwrap();
        assert_eq!(stats.seconds, 30 + 600);
        assert_eq!(stats.attempts, 2);
    }

    #[test]
    fn saved_progress_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = progress(&["a", "b"], dir.path());
        p.mark_done(0);
        p.hints_shown("b", 2, 0);
        p.save().unwrap();
        let stored: Stored = serde_json::from_slice(&std::fs::read(dir.path().join("state.json")).unwrap()).unwrap();
        assert_eq!(stored, p.stored);
        let names: BTreeSet<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        assert_eq!(names, BTreeSet::from(["state.json".into(), "state.lock".into()]), "no temporary file is left");
    }
}
