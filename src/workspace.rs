//! The learner's own files beside the pack: `.tutor/` holds their progress, a copy of every exercise as shipped, and
//! the backups that `reset` makes. Nothing here is ever deleted by the tutor.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};

use crate::catalogue::{Catalogue, Exercise};
use crate::state::write_atomically;

pub const DIR: &str = ".tutor";

pub fn dir(root: &Path) -> PathBuf {
    root.join(DIR)
}

/// Where the copy of `exercise` as shipped is kept (the classroom server shows it to the instructor).
pub fn shipped_path(root: &Path, exercise: &Exercise) -> PathBuf {
    dir(root).join("shipped").join(exercise.path())
}

/// Keeps a copy of each exercise as it is the first time the tutor sees it (a fresh pack: as shipped), so that
/// `reset` can restore it later. Exercises already copied are left alone; it costs one `stat` per exercise.
pub fn remember_shipped(catalogue: &Catalogue) -> Result<()> {
    for exercise in &catalogue.exercises {
        let copy = shipped_path(&catalogue.root, exercise);
        if copy.is_file() {
            continue;
        }
        let original = catalogue.root.join(exercise.path());
        let Ok(bytes) = std::fs::read(&original) else {
            continue;
        };
        if let Some(parent) = copy.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        }
        write_atomically(&copy, &bytes)?;
    }
    Ok(())
}

/// Restores the shipped version of an exercise after saving the learner's version to a backup. Returns the backup's
/// path, or None when the file was already as shipped (nothing to back up).
pub fn reset(catalogue: &Catalogue, exercise: &Exercise) -> Result<Option<PathBuf>> {
    let root = &catalogue.root;
    let shipped = std::fs::read(shipped_path(root, exercise)).with_context(|| {
        format!(
            "the shipped version of `{}` was not recorded, so it cannot be restored; if the pack is a git repository, \
             `git checkout -- {}` restores the committed version",
            exercise.name,
            exercise.path().display()
        )
    })?;
    let file = root.join(exercise.path());
    let current = match std::fs::read(&file) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("failed to read `{}`", file.display())),
    };
    let backup = match &current {
        Some(bytes) if *bytes != shipped => {
            let backups = dir(root).join("backups");
            std::fs::create_dir_all(&backups).with_context(|| format!("failed to create `{}`", backups.display()))?;
            let backup = unique_backup(&backups, &exercise.name);
            // The backup is written (and flushed) before the exercise is touched: if anything fails here, the
            // learner's file is still as they left it.
            write_atomically(&backup, bytes)?;
            Some(backup)
        }
        _ => None,
    };
    write_atomically(&file, &shipped)?;
    Ok(backup.map(|b| b.strip_prefix(root).map(Path::to_path_buf).unwrap_or(b)))
}

fn unique_backup(backups: &Path, name: &str) -> PathBuf {
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let mut n = 0;
    loop {
        let suffix = if n == 0 { String::new() } else { format!("-{n}") };
        let candidate = backups.join(format!("{name}-{stamp}{suffix}.rs"));
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}
