//! `tutor init DIR`: a fresh learner workspace from the exercises built into the binary.
//!
//! The workspace is the pack without its solutions: `info.toml`, `exercises/` (whose Cargo manifest loses the
//! solutions' binaries), a Cargo workspace root with the project's lock file so that cargo and rust-analyzer see the
//! exercises with the dependency versions the pack was checked with, a `.gitignore` and a README for the learner.
//! Everything is written into a hidden folder beside DIR and moved into place at the end, so an error never leaves
//! half a workspace behind.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::catalogue::{Catalogue, INFO_FILE};
use crate::embedded;
use crate::toolchain::Toolchain;
use crate::workspace;

/// Where the exercises live in the pack, and the only place their manifest may point to in a learner's workspace.
const EXERCISES: &str = "exercises";
/// The exercises' Cargo manifest, relative to `exercises/`.
const MANIFEST: &str = "Cargo.toml";

const WORKSPACE_MANIFEST: &str = "\
# This folder is a Cargo workspace whose members are `exercises/` and each project exercise. It is here so that cargo
# and rust-analyzer (the engine behind your editor's Rust support) find every exercise, its dependencies and the lock
# file beside this one. The tutor grades the exercises itself; you do not need to build anything here. Leave this
# file as it is.

[workspace]
members = [{MEMBERS}]
# Solutions revealed after a pass are for reading; a project's solution is not built here.
exclude = [\"solutions\"]
resolver = \"3\"
";

const GITIGNORE: &str = "\
# Compiled files (delete them whenever you like) and the tutor's record of your progress.
/target
/.tutor
";

const README: &str = "\
# Rust exercises

This folder was made by `tutor init`. Every file under `exercises/` is a short Rust program that is not finished
yet: it does not compile, a test fails, or it has a bug that only shows when threads interleave badly. Your job is
to fix them, one at a time, in order.

## Getting started

Open this folder in your editor, then run this in a terminal inside it:

```sh
tutor watch
```

Leave it running next to the editor. It names the exercise to work on; open that file, read the comment at the top
and change the code. Every time you save, the tutor grades the file and shows what the compiler or the tests said.
Once the exercise passes you go straight on to the next one.

Keys while `tutor watch` is running:

{KEYS}
## Other commands

- `tutor hint` shows a hint for the current exercise; run it again for a more detailed one.
- `tutor progress` shows how far you are: attempts, time and hints per exercise.
- `tutor list` lists every exercise with its status; `tutor run` grades the current one once.
- `tutor reset NAME` puts an exercise back the way it was, keeping a backup of your version.
- `tutor doctor` checks that this computer has everything the exercises need.
- In a workshop, `tutor watch --classroom URL --join CODE --name NAME` (with what the instructor gives you) also
  shows the instructor where you are, so they can come and help. Your work keeps going if their server is away.

## What is here

- `exercises/`: your work. Each chapter folder has a README that introduces its topic.
- `info.toml`: the list of exercises and their hints. Do not edit it.
- `Cargo.toml` and `Cargo.lock`: let cargo and your editor see the exercises and their dependencies.
- `.tutor/`: your progress and a copy of every exercise as it was shipped.
- `target/`: compiled files. You can delete it at any time.
";

pub fn init(dir: &Path, fetch: bool) -> Result<ExitCode> {
    let existing_empty = check_destination(dir)?;
    // An existing folder by its real path, so that `tutor init .` has a parent to write beside.
    let target = if existing_empty {
        dir.canonicalize().with_context(|| format!("failed to find `{}`", dir.display()))?
    } else {
        dir.to_path_buf()
    };
    let parent = match target.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => parent.to_path_buf(),
        None => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("failed to create the folder `{}`", parent.display()))?;
    let staging = staging_folder(&target, &parent)?;
    let written = write_workspace(&staging).and_then(|count| {
        if existing_empty { move_contents(&staging, &target) } else { move_folder(&staging, &target) }?;
        Ok(count)
    });
    let _ = std::fs::remove_dir_all(&staging);
    let exercise_count = written?;

    let root = target.canonicalize().with_context(|| format!("failed to find `{}` after writing it", dir.display()))?;
    if fetch {
        fetch_dependencies(&root, dir)?;
    }
    let here = std::env::current_dir().ok().and_then(|cwd| cwd.canonicalize().ok());
    let in_place = here.as_deref() == Some(root.as_path());
    let shown = if in_place { root.display() } else { dir.display() };
    println!("\nCreated a workspace with {exercise_count} exercises in `{shown}`.");
    if !fetch {
        println!(
            "Its dependencies are not downloaded yet: the first check downloads them, and needs the network then \
             (or run `cargo fetch` inside it now)."
        );
    }
    println!("\nNext:");
    if !in_place {
        println!("  cd {}", shell_word(&dir.display().to_string()));
    }
    println!("  tutor doctor    # checks that this computer is ready");
    println!("  tutor watch     # starts the first exercise; keep it open beside your editor");
    Ok(ExitCode::SUCCESS)
}

/// Whether `dir` exists (and is an empty folder); an error that says how to go on if it cannot be used.
fn check_destination(dir: &Path) -> Result<bool> {
    let metadata = match std::fs::metadata(dir) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e).with_context(|| format!("failed to look at `{}`", dir.display())),
    };
    if !metadata.is_dir() {
        bail!(
            "`{}` already exists and is a file, so no workspace can be created there. Pick another name, for example \
             `tutor init rust-exercises`.",
            dir.display()
        );
    }
    let mut entries =
        std::fs::read_dir(dir).with_context(|| format!("failed to read the folder `{}`", dir.display()))?;
    if entries.next().is_some() {
        bail!(
            "`{}` already exists and is not empty, and `tutor init` never writes over files. Pick a folder that does \
             not exist yet (for example `tutor init rust-exercises`), or move away or delete what is in `{}` and run \
             the command again.",
            dir.display(),
            dir.display()
        );
    }
    Ok(true)
}

/// A new hidden folder beside `dir` (on the same file system, so that moving it into place is a rename).
fn staging_folder(dir: &Path, parent: &Path) -> Result<PathBuf> {
    let name = dir.file_name().map_or_else(|| "workspace".into(), |n| n.to_string_lossy().into_owned());
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let staging = parent.join(format!(".{name}.tutor-init-{}-{nanos}", std::process::id()));
    std::fs::create_dir(&staging)
        .with_context(|| format!("failed to create a temporary folder in `{}`; is it writable?", parent.display()))?;
    Ok(staging)
}

/// Writes the whole workspace into `root` and checks that the tutor can read it; returns the number of exercises.
fn write_workspace(root: &Path) -> Result<usize> {
    let write = |relative: &Path, bytes: &[u8]| -> Result<()> {
        let path = root.join(relative);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).with_context(|| format!("failed to create `{}`", folder.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("failed to write `{}`", path.display()))
    };
    let mut manifest_found = false;
    for (relative, bytes) in embedded::exercise_files() {
        if relative == Path::new(MANIFEST) {
            let text = std::str::from_utf8(bytes).context("the built-in exercises' Cargo manifest is not UTF-8")?;
            let (learner, _) = learner_manifest(text)?;
            write(&Path::new(EXERCISES).join(relative), learner.as_bytes())?;
            manifest_found = true;
        } else {
            write(&Path::new(EXERCISES).join(relative), bytes)?;
        }
    }
    if !manifest_found {
        bail!(
            "the exercises built into this tutor have no `{EXERCISES}/{MANIFEST}`; rebuild the tutor from its repository"
        );
    }
    write(Path::new(INFO_FILE), embedded::INFO.as_bytes())?;
    write(Path::new("Cargo.lock"), embedded::CARGO_LOCK.as_bytes())?;
    write(Path::new(".gitignore"), GITIGNORE.as_bytes())?;
    write(Path::new("README.md"), README.replace("{KEYS}", &crate::watch::help_table()).as_bytes())?;

    let catalogue = Catalogue::load(root).context("the exercises built into this tutor do not form a valid pack")?;
    let members: Vec<String> = std::iter::once(EXERCISES.to_owned())
        .chain(catalogue.exercises.iter().filter(|e| e.project).map(|e| e.path().display().to_string()))
        .map(|m| format!("{m:?}"))
        .collect();
    write(Path::new("Cargo.toml"), WORKSPACE_MANIFEST.replace("{MEMBERS}", &members.join(", ")).as_bytes())?;
    if catalogue.cargo_manifest != root.join(EXERCISES).join(MANIFEST) {
        bail!(
            "the pack built into this tutor names `{}` as its Cargo manifest; `tutor init` needs `{EXERCISES}/{MANIFEST}`",
            catalogue.cargo_manifest.display()
        );
    }
    // The pristine copies that `tutor reset` restores, straight from the binary.
    workspace::remember_shipped(&catalogue)?;
    Ok(catalogue.exercises.len())
}

/// Moves the finished workspace to `dir`, which does not exist: one rename, so `dir` appears complete or not at all.
fn move_folder(staging: &Path, dir: &Path) -> Result<()> {
    std::fs::rename(staging, dir).with_context(|| format!("failed to move the new workspace to `{}`", dir.display()))
}

/// Moves the contents of the finished workspace into `dir`, an empty folder that may be someone's current folder
/// (`tutor init .`), so it is kept rather than replaced. `info.toml` goes last: until it is there, the folder is not
/// a pack. Should a move fail, what was moved goes back, and `dir` is left as it was.
fn move_contents(staging: &Path, dir: &Path) -> Result<()> {
    let mut names: Vec<_> = std::fs::read_dir(staging)
        .and_then(|entries| entries.map(|e| e.map(|e| e.file_name())).collect::<std::io::Result<Vec<_>>>())
        .with_context(|| format!("failed to read `{}`", staging.display()))?;
    names.sort_by_key(|name| (name == INFO_FILE, name.clone()));
    let mut moved = Vec::new();
    for name in names {
        let target = dir.join(&name);
        // A rename replaces an existing file without a word: never let it.
        let result = if target.symlink_metadata().is_ok() {
            Err(anyhow::anyhow!(
                "`{}` appeared while the workspace was being written; nothing in `{}` was changed",
                target.display(),
                dir.display()
            ))
        } else {
            std::fs::rename(staging.join(&name), &target)
                .with_context(|| format!("failed to move the new workspace into `{}`", dir.display()))
        };
        if let Err(error) = result {
            for name in moved.iter().rev() {
                let _ = std::fs::rename(dir.join(name), staging.join(name));
            }
            return Err(error);
        }
        moved.push(name);
    }
    Ok(())
}

/// Downloads the exercises' dependencies and builds them once, as the first check would, so that everything after
/// this works offline and the first check is quick.
fn fetch_dependencies(root: &Path, shown: &Path) -> Result<()> {
    let cd = format!("cd {}", shell_word(&shown.display().to_string()));
    println!("Downloading the exercises' dependencies with `cargo fetch`...");
    if let Err(error) = crate::cargo::fetch(root) {
        bail!(
            "the workspace is written in `{}`, but the exercises' dependencies could not be downloaded ({error:#}). \
             Once you are online, run `{cd} && cargo fetch`; after that the tutor works offline.",
            shown.display()
        );
    }
    let catalogue = Catalogue::load(root)?;
    if let Err(error) = Toolchain::prepare(&catalogue.root, &catalogue.cargo_manifest) {
        bail!(
            "the workspace is written in `{}` and its dependencies are downloaded, but building them failed: \
             {error:#}\nRun `{cd} && tutor run` to try again.",
            shown.display()
        );
    }
    Ok(())
}

/// The exercises' manifest as a learner's workspace needs it: without the `[[bin]]` entries whose file lies outside
/// the manifest's own folder (the solutions, which the workspace does not have: cargo and rust-analyzer would
/// complain about the missing files). Every other line and comment stays. Returns the text and the dropped names.
fn learner_manifest(text: &str) -> Result<(String, Vec<String>)> {
    let mut manifest: toml_edit::DocumentMut =
        text.parse().context("the built-in exercises' Cargo manifest is not valid TOML")?;
    let mut dropped = Vec::new();
    let mut keep = |name: Option<&str>, path: Option<&str>| {
        let inside = path.is_none_or(|p| stays_inside(Path::new(p)));
        if !inside {
            dropped.push(name.unwrap_or_default().to_owned());
        }
        inside
    };
    match manifest.get_mut("bin") {
        Some(toml_edit::Item::ArrayOfTables(bins)) => {
            bins.retain(|bin| keep(bin.get("name").and_then(|n| n.as_str()), bin.get("path").and_then(|p| p.as_str())))
        }
        // `bin = [{ name = "...", path = "..." }, ...]`, as rustlings packs write it.
        Some(toml_edit::Item::Value(toml_edit::Value::Array(bins))) => bins.retain(|bin| {
            let table = bin.as_inline_table();
            keep(
                table.and_then(|t| t.get("name")).and_then(|n| n.as_str()),
                table.and_then(|t| t.get("path")).and_then(|p| p.as_str()),
            )
        }),
        _ => {}
    }
    Ok((manifest.to_string(), dropped))
}

/// Whether a path relative to a folder stays inside that folder, judged by its text alone (`a/../b.rs` does,
/// `../solutions/b.rs` and `a/../../b.rs` do not; an absolute path does not).
fn stays_inside(path: &Path) -> bool {
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// `text` as one word for a POSIX shell: as it is when that is safe, in single quotes otherwise.
pub fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c)) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST_TEXT: &str = r#"# The exercises and their solutions.
# Kept in step with info.toml.

[package]
name = "exercises"
edition = "2024"

[lints.rust]
# Exercise files are small libraries.
dead_code = "allow"

[[bin]]
name = "one"
path = "01_intro/one.rs"

[[bin]]
name = "one_sol"
path = "../solutions/01_intro/one.rs"

[[bin]]
name = "two"
path = "./01_intro/../02_more/two.rs"

[[bin]]
name = "sneaky"
path = "01_intro/../../solutions/two.rs"

[[bin]]
name = "absolute"
path = "/etc/passwd.rs"

[[bin]]
name = "default_path"
"#;

    #[test]
    fn the_learners_manifest_drops_exactly_the_bins_outside_the_exercises() {
        let (text, dropped) = learner_manifest(MANIFEST_TEXT).unwrap();
        assert_eq!(dropped, ["one_sol", "sneaky", "absolute"]);
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        let names: Vec<&str> = parsed["bin"].as_array().unwrap().iter().map(|b| b["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["one", "two", "default_path"]);
        for comment in ["# The exercises and their solutions.", "# Kept in step with info.toml.", "# Exercise files"] {
            assert!(text.contains(comment), "lost {comment:?}:\n{text}");
        }
        assert!(!text.contains("solutions/"), "{text}");
        // Everything before the first binary is untouched.
        let head = MANIFEST_TEXT.split("[[bin]]").next().unwrap();
        assert!(text.starts_with(head), "{text}");
    }

    #[test]
    fn inline_bin_arrays_are_filtered_too() {
        let text =
            "bin = [\n  { name = \"a\", path = \"a.rs\" },\n  { name = \"a_sol\", path = \"../solutions/a.rs\" },\n]\n";
        let (text, dropped) = learner_manifest(text).unwrap();
        assert_eq!(dropped, ["a_sol"]);
        assert!(text.contains("\"a.rs\"") && !text.contains("solutions"), "{text}");
    }

    #[test]
    fn the_built_in_pack_has_the_layout_init_needs() {
        let info: toml::Table = toml::from_str(embedded::INFO).unwrap();
        assert_eq!(info["cargo_manifest"].as_str(), Some("exercises/Cargo.toml"));
        let files = embedded::exercise_files();
        let manifest = files.iter().find(|(path, _)| *path == Path::new(MANIFEST)).expect("the exercises' manifest");
        let (text, dropped) = learner_manifest(std::str::from_utf8(manifest.1).unwrap()).unwrap();
        assert!(!dropped.is_empty() && dropped.iter().all(|name| name.ends_with("_sol")), "{dropped:?}");
        assert!(!text.contains("../"), "{text}");
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("ws"), "ws");
        assert_eq!(shell_word("/tmp/my ws"), "'/tmp/my ws'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }
}
