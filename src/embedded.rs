//! The exercise pack carried inside the binary, so that `tutor init` can write a workspace from any folder after
//! `cargo install`. build.rs makes cargo rebuild the tutor when any of these files changes.

use std::path::Path;

use include_dir::{Dir, include_dir};

/// `exercises/`: the chapter folders with their exercise files and READMEs, and the exercises' Cargo manifest.
static EXERCISES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/exercises");

/// `solutions/`: a workspace made by `tutor init` has none, and gets each one when its exercise passes.
static SOLUTIONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/solutions");

/// The pack's `info.toml`.
pub const INFO: &str = include_str!("../info.toml");

/// The project's lock file: it pins the versions of the exercises' dependencies (loom, tokio) that the pack was
/// checked with. Its entries for the tutor's own dependencies are unused in a workspace, and cargo drops them.
pub const CARGO_LOCK: &str = include_str!("../Cargo.lock");

/// The built-in copy of a file of the pack, by its path from the pack root (`exercises/...` or `solutions/...`).
pub fn file(path: &Path) -> Option<&'static [u8]> {
    if let Ok(inside) = path.strip_prefix("exercises") {
        return EXERCISES.get_file(inside).map(|f| f.contents());
    }
    SOLUTIONS.get_file(path.strip_prefix("solutions").ok()?).map(|f| f.contents())
}

/// Whether the tutor carries a file or a folder at this path of the pack.
pub fn exists(path: &Path) -> bool {
    file(path).is_some()
        || path.strip_prefix("exercises").is_ok_and(|p| EXERCISES.get_dir(p).is_some())
        || path.strip_prefix("solutions").is_ok_and(|p| SOLUTIONS.get_dir(p).is_some())
}

/// The built-in files below a folder of the pack (`exercises/DIR/NAME`), as (path relative to it, contents).
pub fn files_below(path: &Path) -> Vec<(std::path::PathBuf, &'static [u8])> {
    let dir = match (path.strip_prefix("exercises"), path.strip_prefix("solutions")) {
        (Ok(p), _) => EXERCISES.get_dir(p),
        (_, Ok(p)) => SOLUTIONS.get_dir(p),
        _ => None,
    };
    let Some(dir) = dir else { return Vec::new() };
    let mut files = Vec::new();
    let mut pending = vec![dir];
    while let Some(folder) = pending.pop() {
        for file in folder.files() {
            if let Ok(relative) = file.path().strip_prefix(dir.path()) {
                files.push((relative.to_path_buf(), file.contents()));
            }
        }
        pending.extend(folder.dirs());
    }
    files.sort();
    files
}

/// Every file under `exercises/`, as (path relative to `exercises/`, contents), in a stable order.
pub fn exercise_files() -> Vec<(&'static Path, &'static [u8])> {
    let mut files = Vec::new();
    let mut pending = vec![&EXERCISES];
    while let Some(dir) = pending.pop() {
        files.extend(dir.files().map(|file| (file.path(), file.contents())));
        pending.extend(dir.dirs());
    }
    files.sort();
    files
}
