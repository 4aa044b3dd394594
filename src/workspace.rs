//! The learner's own files beside the pack: `.tutor/` holds their progress, a copy of every exercise as shipped, and
//! the backups that `reset` makes. Nothing here is ever deleted by the tutor.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};

use crate::catalogue::{Catalogue, Exercise};
use crate::files::{self, within, write_atomically};

pub const DIR: &str = ".tutor";

pub fn dir(root: &Path) -> PathBuf {
    root.join(DIR)
}

/// Where the copy of an exercise as the tutor first saw it is kept: the pack's checks come from it, and the classroom
/// server shows it to the instructor.
pub fn shipped_path(root: &Path, exercise: &Exercise) -> PathBuf {
    dir(root).join("shipped").join(exercise.path())
}

/// The files an exercise is made of now: (path relative to its `path()`, empty for a file exercise; contents).
fn current_files(root: &Path, exercise: &Exercise) -> Vec<(PathBuf, Vec<u8>)> {
    let path = root.join(exercise.path());
    if !exercise.project {
        return std::fs::read(&path).map(|bytes| vec![(PathBuf::new(), bytes)]).unwrap_or_default();
    }
    files::files_below(&path)
        .into_iter()
        .filter_map(|f| std::fs::read(path.join(&f)).ok().map(|bytes| (f, bytes)))
        .collect()
}

/// Keeps a copy of each exercise as it is the first time the tutor sees it (a fresh pack: as shipped), so that
/// `reset` can restore it later. Exercises already copied are left alone; it costs one `stat` per exercise.
pub fn remember_shipped(catalogue: &Catalogue) -> Result<()> {
    for exercise in &catalogue.exercises {
        let copy = shipped_path(&catalogue.root, exercise);
        if copy.exists() {
            continue;
        }
        for (relative, bytes) in current_files(&catalogue.root, exercise) {
            let file = copy.join(&relative);
            let file = if relative.as_os_str().is_empty() { copy.clone() } else { file };
            if let Some(parent) = file.parent() {
                files::create_dir_inside(&catalogue.root, parent)?;
            }
            write_atomically(&file, &bytes)?;
        }
    }
    Ok(())
}

/// The exercise as shipped: the copy built into the tutor for its own pack (so that a pack updated under the learner
/// keeps its checks right), else the copy the tutor took when it first saw the pack. None when there is neither.
pub fn shipped(catalogue: &Catalogue, exercise: &Exercise) -> Option<Vec<u8>> {
    shipped_file(catalogue, exercise, Path::new(""))
}

/// One file of an exercise as shipped: `relative` to its `path()` (empty for a file exercise).
pub fn shipped_file(catalogue: &Catalogue, exercise: &Exercise, relative: &Path) -> Option<Vec<u8>> {
    if catalogue.bundled
        && let Some(bytes) = crate::embedded::file(&within(&exercise.path(), relative))
    {
        return Some(bytes.to_vec());
    }
    std::fs::read(within(&shipped_path(&catalogue.root, exercise), relative)).ok()
}

/// Every file of an exercise as shipped, as [`current_files`] lists them now.
pub fn shipped_files(catalogue: &Catalogue, exercise: &Exercise) -> Vec<(PathBuf, Vec<u8>)> {
    if !exercise.project {
        return shipped(catalogue, exercise).map(|bytes| vec![(PathBuf::new(), bytes)]).unwrap_or_default();
    }
    if catalogue.bundled {
        let built_in = crate::embedded::files_below(&exercise.path());
        if !built_in.is_empty() {
            return built_in.into_iter().map(|(f, bytes)| (f, bytes.to_vec())).collect();
        }
    }
    let copy = shipped_path(&catalogue.root, exercise);
    files::files_below(&copy)
        .into_iter()
        .filter_map(|f| std::fs::read(copy.join(&f)).ok().map(|bytes| (f, bytes)))
        .collect()
}

/// Once an exercise passes, its reference solution is the learner's to compare with: a workspace made by `tutor init`
/// has no `solutions/` folder, so the solution built into the tutor is written there (for the tutor's own pack, and
/// only where no file is). Returns whether one was written.
pub fn reveal_solution(catalogue: &Catalogue, exercise: &Exercise) -> Result<bool> {
    let path = catalogue.root.join(exercise.solution_path());
    if !catalogue.bundled || path.symlink_metadata().is_ok() {
        return Ok(false);
    }
    let files: Vec<(PathBuf, &[u8])> = if exercise.project {
        crate::embedded::files_below(&exercise.solution_path())
    } else {
        crate::embedded::file(&exercise.solution_path()).map(|bytes| vec![(PathBuf::new(), bytes)]).unwrap_or_default()
    };
    for (relative, bytes) in &files {
        let file = within(&path, relative);
        if let Some(parent) = file.parent() {
            files::create_dir_inside(&catalogue.root, parent)?;
        }
        write_atomically(&file, bytes)?;
    }
    Ok(!files.is_empty())
}

/// Restores the shipped version of an exercise after saving the learner's version to a backup. Returns the backup's
/// path, or None when the exercise was already as shipped (nothing to back up).
pub fn reset(catalogue: &Catalogue, exercise: &Exercise) -> Result<Option<PathBuf>> {
    if exercise.project {
        return reset_project(catalogue, exercise);
    }
    let root = &catalogue.root;
    let shipped = shipped(catalogue, exercise).with_context(|| not_recorded(exercise))?;
    let file = root.join(exercise.path());
    // A folder where the file should be is moved to the backups, with whatever is in it.
    let mut moved = None;
    if file.is_dir() {
        let backups = files::create_dir_inside(root, &dir(root).join("backups"))?;
        let aside = unique_backup(&backups, &exercise.name, ".folder");
        std::fs::rename(&file, &aside)
            .with_context(|| format!("failed to move the folder `{}` out of the way", file.display()))?;
        moved = Some(aside);
    }
    let current = match std::fs::read(&file) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("failed to read `{}`", file.display())),
    };
    // The backup is written (and flushed) before the exercise is touched: if anything fails here, the learner's file
    // is still as they left it.
    let backup = match current {
        Some(bytes) if bytes != shipped => back_up(root, exercise, &[(PathBuf::new(), bytes)])?,
        _ => None,
    };
    write_exercise(root, &file, &shipped)?;
    Ok(backup.or(moved).map(|b| shown(root, b)))
}

fn not_recorded(exercise: &Exercise) -> String {
    format!(
        "the shipped version of `{}` was not recorded, so it cannot be restored; if the pack is a git repository, \
         `git checkout -- {}` restores the committed version",
        exercise.name,
        exercise.path().display()
    )
}

/// A project exercise as shipped: the whole package is copied to a backup folder first (when it differs), then every
/// shipped file is written back; files the learner added stay where they are.
fn reset_project(catalogue: &Catalogue, exercise: &Exercise) -> Result<Option<PathBuf>> {
    let root = &catalogue.root;
    let shipped = shipped_files(catalogue, exercise);
    if shipped.is_empty() {
        anyhow::bail!(not_recorded(exercise));
    }
    let current = current_files(root, exercise);
    let unchanged = shipped.iter().all(|(f, bytes)| current.iter().any(|(g, now)| g == f && now == bytes));
    let backup = if unchanged { None } else { back_up(root, exercise, &current)? };
    let base = root.join(exercise.path());
    for (relative, bytes) in &shipped {
        write_exercise(root, &base.join(relative), bytes)?;
    }
    Ok(backup.map(|b| shown(root, b)))
}

/// Puts the pack's checks back into the learner's file and keeps their code (the file as it was goes to a backup
/// first). Returns the backup's path, or None when the checks were already the pack's. For a project, every file's
/// check items are put back and its test files (`src/tests.rs`, `tests/`) are written as shipped.
pub fn restore_checks(catalogue: &Catalogue, exercise: &Exercise) -> Result<Option<PathBuf>> {
    let root = &catalogue.root;
    let base = root.join(exercise.path());
    let current = current_files(root, exercise);
    let shipped = shipped_files(catalogue, exercise);
    if shipped.is_empty() {
        anyhow::bail!("the shipped version of `{}` was not recorded, so its checks cannot be restored", exercise.name);
    }
    let sections = exercise.section_names();
    let names = crate::canonical::CheckNames { sections: &sections };
    // (path relative to the exercise, the text it must have)
    let mut changes: Vec<(PathBuf, String)> = Vec::new();
    for (relative, shipped) in &shipped {
        let Ok(shipped) = std::str::from_utf8(shipped) else { continue };
        let learner = current.iter().find(|(f, _)| f == relative).map(|(_, bytes)| String::from_utf8_lossy(bytes));
        let wanted = if exercise.project && crate::catalogue::is_check_file(relative) {
            shipped.to_owned()
        } else if relative.extension().is_some_and(|e| e == "rs") || !exercise.project {
            let Some(learner) = &learner else { continue };
            crate::canonical::restore_checks(learner, shipped, &names).map_err(|e| {
                anyhow::anyhow!(
                    "{}:{}:{}: the file is not valid Rust here ({}), so the tutor cannot tell its checks from your \
                     code; fix that first, or run `tutor reset {}` to restore the whole exercise",
                    within(&exercise.path(), relative).display(),
                    e.line,
                    e.column,
                    e.message,
                    exercise.name
                )
            })?
        } else {
            continue;
        };
        if learner.as_deref() != Some(wanted.as_str()) {
            changes.push((relative.clone(), wanted));
        }
    }
    if changes.is_empty() {
        return Ok(None);
    }
    let backup = back_up(root, exercise, &current)?;
    for (relative, text) in changes {
        write_exercise(root, &within(&base, &relative), text.as_bytes())?;
    }
    Ok(backup.map(|b| shown(root, b)))
}

/// Copies the exercise as it is now into the backups: its file, or a project's whole folder. None when there is
/// nothing to copy.
fn back_up(root: &Path, exercise: &Exercise, current: &[(PathBuf, Vec<u8>)]) -> Result<Option<PathBuf>> {
    if current.is_empty() {
        return Ok(None);
    }
    let backups = files::create_dir_inside(root, &dir(root).join("backups"))?;
    let backup = unique_backup(&backups, &exercise.name, if exercise.project { "" } else { ".rs" });
    for (relative, bytes) in current {
        let file = within(&backup, relative);
        if let Some(parent) = file.parent() {
            files::create_dir_inside(root, parent)?;
        }
        write_atomically(&file, bytes)?;
    }
    Ok(Some(backup))
}

/// Writes an exercise file, in a folder that must lie inside the pack (a chapter folder that is a link elsewhere is
/// refused: `reset` must not write outside the pack).
fn write_exercise(root: &Path, file: &Path, bytes: &[u8]) -> Result<()> {
    let folder = file.parent().unwrap_or(root);
    files::create_dir_inside(root, folder)?;
    write_atomically(file, bytes)
}

/// A path as the learner is shown it: relative to the pack root when it is inside.
fn shown(root: &Path, path: PathBuf) -> PathBuf {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    path.strip_prefix(root).or_else(|_| path.strip_prefix(&real_root)).map(Path::to_path_buf).unwrap_or(path)
}

/// `2026-12-01-2342`: when a backup was made, in UTC, in a name that sorts by time.
fn stamp(seconds: u64) -> String {
    // Days since 1970-01-01 to a civil date (the proleptic Gregorian calendar), after Howard Hinnant's algorithm.
    let days = (seconds / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let minutes = seconds % 86_400 / 60;
    format!("{year:04}-{month:02}-{day:02}-{:02}{:02}", minutes / 60, minutes % 60)
}

/// A backup's name that no backup has yet: `NAME-STAMP.rs` (`extension` ".rs"), or a folder's `NAME-STAMP`.
fn unique_backup(backups: &Path, name: &str, extension: &str) -> PathBuf {
    let stamp = stamp(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0));
    let mut n = 0;
    loop {
        let suffix = if n == 0 { String::new() } else { format!("-{n}") };
        let candidate = backups.join(format!("{name}-{stamp}{suffix}{extension}"));
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_say_when_in_words_that_sort() {
        assert_eq!(stamp(0), "1970-01-01-0000");
        assert_eq!(stamp(951_782_400), "2000-02-29-0000");
        assert_eq!(stamp(1_796_168_520), "2026-12-01-2342");
    }
}
