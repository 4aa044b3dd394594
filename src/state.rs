//! The learner's progress: which exercises are done, which one is current, how many hints were shown.
//!
//! Kept in a small JSON file, `.tutor/state.json` at the pack root, always replaced atomically (written to a temporary file in the same
//! folder, flushed, then renamed over the old one), so that a crash or a kill in the middle of a write leaves either
//! the old file or the new one, never half of each.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;

const STATE_FILE: &str = "state.json";

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
struct Stored {
    /// The exercise the learner is on; absent when every exercise is done.
    current: Option<String>,
    done: BTreeSet<String>,
    /// How many hints of each exercise the learner has seen (layered hints reveal one more each time).
    hints_seen: BTreeMap<String, usize>,
}

/// Progress through one pack.
#[derive(Debug)]
pub struct Progress {
    path: PathBuf,
    stored: Stored,
    /// Exercise names in pack order, to keep `current` meaningful.
    order: Vec<String>,
}

impl Progress {
    /// Reads the progress file of the pack; a missing one means a fresh start, and an unreadable or corrupt one is
    /// reported in `warnings` and started afresh (it is rebuilt on the next write).
    pub fn load(catalogue: &Catalogue, warnings: &mut Vec<String>) -> Progress {
        let path = crate::workspace::dir(&catalogue.root).join(STATE_FILE);
        let order: Vec<String> = catalogue.exercises.iter().map(|e| e.name.clone()).collect();
        let stored = match std::fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice::<Stored>(&bytes) {
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
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Stored::default(),
            Err(e) => {
                warnings.push(format!(
                    "the progress file `{}` cannot be read ({e}); progress will be saved anew",
                    path.display()
                ));
                Stored::default()
            }
        };
        let mut progress = Progress { path, stored, order };
        // Names of exercises that the pack no longer has are forgotten.
        let known: BTreeSet<String> = progress.order.iter().cloned().collect();
        progress.stored.done.retain(|n| known.contains(n));
        progress.stored.hints_seen.retain(|n, _| known.contains(n));
        if progress.stored.current.as_ref().is_some_and(|c| !known.contains(c)) || progress.stored.current.is_none() {
            progress.stored.current = progress.first_pending_from(0);
        }
        progress
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

    pub fn set_current(&mut self, index: usize) {
        self.stored.current = self.order.get(index).cloned();
    }

    /// Marks an exercise done. When it was the current one, the learner moves on to the next exercise that is not
    /// done (wrapping around to earlier ones they skipped). Returns the new current exercise.
    pub fn mark_done(&mut self, index: usize) -> Option<usize> {
        let name = self.order[index].clone();
        self.stored.done.insert(name.clone());
        if self.stored.current.as_deref() == Some(name.as_str()) || self.stored.current.is_none() {
            self.stored.current = self.first_pending_from(index + 1).or_else(|| self.first_pending_from(0));
        }
        self.current()
    }

    pub fn mark_pending(&mut self, index: usize) {
        self.stored.done.remove(&self.order[index]);
        if self.stored.current.is_none() {
            self.stored.current = Some(self.order[index].clone());
        }
    }

    fn first_pending_from(&self, start: usize) -> Option<String> {
        self.order.iter().skip(start).find(|n| !self.stored.done.contains(*n)).cloned()
    }

    /// How many hints of this exercise the learner has seen so far.
    pub fn hints_seen(&self, name: &str) -> usize {
        self.stored.hints_seen.get(name).copied().unwrap_or(0)
    }

    pub fn set_hints_seen(&mut self, name: &str, count: usize) {
        self.stored.hints_seen.insert(name.to_owned(), count);
    }

    pub fn save(&self) -> Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
        }
        let bytes = serde_json::to_vec_pretty(&self.stored)?;
        write_atomically(&self.path, &bytes)
    }
}

/// Replaces `path` with `bytes` so that readers see the old content or the new, never a mix: the bytes go to a
/// temporary file in the same folder (a rename is only atomic within one file system), are flushed to disk, and the
/// temporary file is renamed over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| format!("failed to write `{}`", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(names: &[&str], dir: &Path) -> Progress {
        Progress {
            path: dir.join("state.json"),
            stored: Stored { current: Some(names[0].to_owned()), ..Stored::default() },
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
    fn saved_progress_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = progress(&["a", "b"], dir.path());
        p.mark_done(0);
        p.set_hints_seen("b", 2);
        p.save().unwrap();
        let stored: Stored = serde_json::from_slice(&std::fs::read(dir.path().join("state.json")).unwrap()).unwrap();
        assert_eq!(stored, p.stored);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }
}
