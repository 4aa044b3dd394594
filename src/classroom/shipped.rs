//! The exercise files the instructor's dashboard shows: as the pack shipped them, and only from inside the pack.
//!
//! The server runs in the instructor's own pack folder, where the exercise files may be solved by now; the tutor
//! keeps each exercise as it first saw it in `.tutor/shipped/` (see [`crate::workspace`]), and that copy is what
//! learners started from. A symbolic link in the pack could lead anywhere on the machine, so the file read is the
//! one the path resolves to, and only if that is still under the pack's own (resolved) folder.

use std::io::Read;
use std::path::Path;

use crate::catalogue::Exercise;
use crate::workspace;

/// Exercise files are a few kilobytes; a larger file is cut here rather than read whole into memory.
const MAX_SOURCE: u64 = 256 * 1024;

/// The text of `exercise` as shipped (or as it is, when no shipped copy was kept), or why it cannot be shown.
pub fn source(root: &Path, exercise: &Exercise) -> Result<String, String> {
    let shown = exercise.path();
    let unreadable = |e: std::io::Error| format!("cannot read `{}`: {e}", shown.display());
    let root = root.canonicalize().map_err(unreadable)?;
    let shipped = workspace::shipped_path(&root, exercise);
    let file = if shipped.exists() { shipped } else { root.join(&shown) };
    // Resolves every symbolic link on the way, in the folders too.
    let real = file.canonicalize().map_err(unreadable)?;
    if !real.starts_with(&root) {
        return Err(format!(
            "`{}` leads outside the pack (through a symbolic link); the server shows only files inside the pack",
            shown.display()
        ));
    }
    let mut text = String::new();
    std::fs::File::open(&real).and_then(|file| file.take(MAX_SOURCE).read_to_string(&mut text)).map_err(unreadable)?;
    Ok(text)
}
