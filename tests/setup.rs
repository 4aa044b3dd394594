//! Setting up for a workshop: `tutor init DIR` writes a learner's workspace from the exercises built into the binary,
//! and `tutor doctor` checks the machine and the workspace. Both run as the real binary.

mod support;

use std::path::{Path, PathBuf};

use support::run_tutor;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The target folder that every workspace of this suite builds the exercises' dependencies (loom, tokio) into, so
/// that they are compiled once for the whole suite, as tests/grading.rs does with `target/fixture-deps`.
fn shared_target() -> String {
    repo().join("target/init-deps").display().to_string()
}

fn temp() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("tutor-setup-").tempdir().expect("temporary folder")
}

/// Every file below `dir`, relative to it, sorted.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    files_below(dir).into_iter().filter(|f| f.extension().is_some_and(|e| e == "rs")).collect()
}

/// The version of `package` in the lock file `lock`.
fn locked_version(lock: &Path, package: &str) -> String {
    let lock: toml::Table = toml::from_str(&std::fs::read_to_string(lock).unwrap()).unwrap();
    let versions: Vec<&str> = lock["package"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"].as_str() == Some(package))
        .map(|p| p["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions.len(), 1, "{package} is locked once: {versions:?}");
    versions[0].to_owned()
}

fn exercise_names() -> Vec<String> {
    let info: toml::Table = toml::from_str(&std::fs::read_to_string(repo().join("info.toml")).unwrap()).unwrap();
    info["exercises"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_owned()).collect()
}

/// Writes a workspace into `parent/name` with its dependencies fetched and built (into the suite's shared target).
fn init_fetched(parent: &Path, name: &str) -> PathBuf {
    run_tutor(parent, &["init", name], &[("CARGO_TARGET_DIR", &shared_target())])
        .success()
        .stdout_has("Created a workspace with")
        .stdout_has(&format!("cd {name}"))
        .stdout_has("tutor doctor")
        .stdout_has("tutor watch");
    parent.join(name)
}

#[test]
fn init_writes_a_workspace_that_works_offline() {
    let temp = temp();
    let ws = init_fetched(temp.path(), "ws");

    // The exercises as shipped, every file byte for byte, except the manifest, which loses the solutions.
    let repo_exercises = repo().join("exercises");
    assert_eq!(rust_files(&ws.join("exercises")).len(), rust_files(&repo_exercises).len());
    assert_eq!(files_below(&ws.join("exercises")), files_below(&repo_exercises));
    for file in files_below(&repo_exercises).iter().filter(|f| *f != Path::new("Cargo.toml")) {
        assert!(
            std::fs::read(ws.join("exercises").join(file)).unwrap()
                == std::fs::read(repo_exercises.join(file)).unwrap(),
            "`exercises/{}` differs from the repository's",
            file.display()
        );
    }
    let manifest = std::fs::read_to_string(ws.join("exercises/Cargo.toml")).unwrap();
    // (Its opening comment still speaks of solutions; no path or binary name refers to them.)
    assert!(!manifest.contains("solutions/") && !manifest.contains("_sol\""), "{manifest}");
    assert!(manifest.contains("[dependencies]") && manifest.contains("name = \"ownership1\""), "{manifest}");
    assert_eq!(
        std::fs::read(ws.join("info.toml")).unwrap(),
        std::fs::read(repo().join("info.toml")).unwrap(),
        "info.toml is copied verbatim"
    );
    let root_manifest = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap();
    // The exercises package and every project exercise, each a package of its own, are the workspace's members.
    assert!(root_manifest.contains("[workspace]"), "{root_manifest}");
    assert!(
        root_manifest.contains("members = [\"exercises\", \"exercises/14_capstone/kv_server\"]"),
        "{root_manifest}"
    );
    assert!(ws.join("exercises/14_capstone/kv_server/src/tests.rs").is_file());
    let gitignore = std::fs::read_to_string(ws.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "/target") && gitignore.lines().any(|l| l == "/.tutor"), "{gitignore}");
    assert!(std::fs::read_to_string(ws.join("README.md")).unwrap().contains("tutor watch"));
    // `cargo fetch` kept the versions the pack was checked with.
    for package in ["loom", "tokio"] {
        assert_eq!(
            locked_version(&ws.join("Cargo.lock"), package),
            locked_version(&repo().join("Cargo.lock"), package),
            "{package} keeps its locked version"
        );
    }
    // Nothing was left beside it.
    let beside: Vec<_> = std::fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["ws"]);

    let names = exercise_names();
    let list = run_tutor(&ws, &["list"], &[]).success().stdout_has(&format!("0 of {} done.", names.len()));
    for name in &names {
        assert!(list.stdout.contains(&format!(" {name} ")), "`tutor list` lacks {name}\n{}", list.stdout);
    }
    // Offline, the first exercise is graded, and fails as shipped.
    let target = shared_target();
    let offline = [("CARGO_NET_OFFLINE", "true"), ("CARGO_TARGET_DIR", target.as_str())];
    run_tutor(&ws, &["run"], &offline)
        .failure()
        .stdout_has(&format!("Exercise `{}`", names[0]))
        .stdout_has("does not pass yet");
    // Once it passes, its reference solution appears in the workspace, and the verdict names it.
    let info: toml::Table = toml::from_str(&std::fs::read_to_string(repo().join("info.toml")).unwrap()).unwrap();
    let dir = info["exercises"][0]["dir"].as_str().unwrap();
    let solution = format!("solutions/{dir}/{}.rs", names[0]);
    assert!(!ws.join("solutions").exists(), "a new workspace has no solutions");
    std::fs::copy(repo().join(&solution), ws.join(format!("exercises/{dir}/{}.rs", names[0]))).unwrap();
    run_tutor(&ws, &["run"], &offline).success().stdout_has(&solution);
    assert_eq!(std::fs::read(ws.join(&solution)).unwrap(), std::fs::read(repo().join(&solution)).unwrap());
    assert!(!ws.join(format!("solutions/{dir}/{}.rs", names[1])).exists(), "only the solved one");
}

#[test]
fn init_never_writes_over_a_folder_that_has_files() {
    let temp = temp();
    let full = temp.path().join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("notes.txt"), "my notes\n").unwrap();
    run_tutor(temp.path(), &["init", "full", "--no-fetch"], &[])
        .clean_error()
        .stderr_has("`full` already exists and is not empty")
        .stderr_has("Pick a folder that does not exist yet");
    assert_eq!(files_below(&full), [PathBuf::from("notes.txt")]);
    assert_eq!(std::fs::read_to_string(full.join("notes.txt")).unwrap(), "my notes\n");

    // A file where the folder should be is refused too.
    std::fs::write(temp.path().join("taken"), "x").unwrap();
    run_tutor(temp.path(), &["init", "taken", "--no-fetch"], &[]).clean_error().stderr_has("is a file");

    // An empty folder is fine: the workspace is written inside it.
    let empty = temp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    run_tutor(temp.path(), &["init", "empty", "--no-fetch"], &[])
        .success()
        .stdout_has("Its dependencies are not downloaded yet");
    assert!(empty.join("info.toml").is_file() && empty.join("exercises/Cargo.toml").is_file());
    run_tutor(&empty, &["list"], &[]).success().stdout_has(&exercise_names()[0]);

    // So is the current folder, when it is empty; the learner's shell stays in it.
    let here = temp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    run_tutor(&here, &["init", ".", "--no-fetch"], &[]).success().stdout_lacks("cd ");
    assert!(here.join("info.toml").is_file());

    let mut beside: Vec<_> = std::fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    beside.sort();
    assert_eq!(beside, ["empty", "full", "here", "taken"], "no temporary folder is left behind");
}

#[test]
fn doctor_finds_a_fresh_workspace_ready() {
    let temp = temp();
    let ws = init_fetched(temp.path(), "ws");
    let doctor = run_tutor(&ws, &["doctor"], &[]).success();
    for line in ["✓ rustc", "✓ cargo", "✓ clippy", "✓ exercises", "✓ dependencies", "✓ file watching"] {
        assert!(doctor.stdout.lines().any(|l| l.starts_with(line)), "no line starts with {line:?}\n{}", doctor.stdout);
    }
    // Without a terminal: a warning that names `tutor watch`, not a problem.
    doctor.stdout_has("! terminal").stdout_has("`tutor watch` needs a terminal").stdout_lacks("✗");
    // The scratch file of the file-watching check is gone.
    assert!(!files_below(&ws.join("exercises")).iter().any(|f| f.to_string_lossy().contains("doctor")));
}

#[test]
fn doctor_names_missing_dependencies_and_the_command_that_fetches_them() {
    let temp = temp();
    run_tutor(temp.path(), &["init", "ws", "--no-fetch"], &[]).success();
    let ws = temp.path().join("ws");
    // A cargo home with nothing downloaded, and no network.
    let cargo_home = temp.path().join("cargo-home");
    std::fs::create_dir(&cargo_home).unwrap();
    let cargo_home = cargo_home.display().to_string();
    let doctor = run_tutor(&ws, &["doctor"], &[("CARGO_HOME", &cargo_home), ("CARGO_NET_OFFLINE", "true")])
        .failure()
        .stdout_has("✓ rustc")
        .stdout_has("✗ dependencies");
    let fix = doctor.stdout.lines().skip_while(|l| !l.starts_with("✗ dependencies")).nth(1).unwrap_or_default();
    assert!(
        fix.contains("fix: cd ") && fix.contains("&& cargo fetch"),
        "the fix follows the problem\n{}",
        doctor.stdout
    );
    doctor.stdout_has("1 problem");
}

#[test]
fn doctor_outside_a_pack_skips_the_dependencies_and_suggests_init() {
    let temp = temp();
    run_tutor(temp.path(), &["doctor"], &[])
        .success()
        .stdout_has("no exercise pack in this folder")
        .stdout_has("! dependencies")
        .stdout_has("tutor init DIR")
        .stdout_has("✓ file watching");
}

#[test]
fn doctor_writes_no_escape_codes_under_no_color() {
    let temp = temp();
    // Colours forced on: the marks are coloured (so the next assertion can fail)...
    let colored = run_tutor(temp.path(), &["doctor"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]);
    assert!(colored.stdout.contains('\x1b'), "expected colours\n{}", colored.stdout);
    // ...and NO_COLOR wins over that, and says colours are off.
    let plain = run_tutor(temp.path(), &["doctor"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!plain.stdout.contains('\x1b') && !plain.stderr.contains('\x1b'), "escape codes\n{}", plain.stdout);
    plain.success().stdout_has("NO_COLOR is set");
}
