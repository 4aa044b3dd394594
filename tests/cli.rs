//! The everyday commands, run as the real binary against temporary packs.

mod support;

use support::Pack;

const PASSING_TEST: &str = "fn double(x: i32) -> i32 {\n    x * 2\n}\nfn main() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn doubles() {\n        assert_eq!(double(4), 8);\n    }\n}\n";
const FAILING_TEST: &str = "fn double(x: i32) -> i32 {\n    x + 2\n}\nfn main() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn doubles() {\n        assert_eq!(double(4), 8, \"double(4) must be 8\");\n    }\n}\n";
const COMPILE_ERROR: &str = "fn main() {\n    let name = String::from(\"ferris\");\n    let moved = name;\n    println!(\"{name} {moved}\");\n}\n";
const RUN_OK: &str = "fn main() {\n    println!(\"all good\");\n}\n";

fn one(extra: &str, exercise: &str, solution: &str) -> Pack {
    let mut pack = Pack::new();
    pack.exercise("first", extra, exercise, solution);
    pack
}

#[test]
fn compile_error_shows_the_compilers_message_and_location() {
    let pack = one("test = false", COMPILE_ERROR, RUN_OK);
    pack.tutor(&["run"])
        .failure()
        .stdout_has("error[E0382]: borrow of moved value: `name`")
        .stdout_has("exercises/ch/first.rs:4:")
        .stdout_has("It does not compile yet")
        .stdout_has("E0382");
}

#[test]
fn failing_test_reports_the_panic_message() {
    let pack = one("", FAILING_TEST, PASSING_TEST);
    pack.tutor(&["run", "first"])
        .failure()
        .stdout_has("test tests::doubles ... FAILED")
        .stdout_has("A test failed: assertion `left == right` failed: double(4) must be 8");
}

#[test]
fn passing_test_is_recorded_and_the_learner_moves_on() {
    let mut pack = one("", PASSING_TEST, PASSING_TEST);
    pack.exercise("second", "test = false", COMPILE_ERROR, RUN_OK);
    pack.tutor(&["list"]).success().stdout_has("first   ch       current");
    pack.tutor(&["run"])
        .success()
        .stdout_has("Exercise `first` passed.")
        .stdout_has("solutions/ch/first.rs")
        .stdout_has("Next: `second`");
    pack.tutor(&["list"])
        .success()
        .stdout_has("first   ch       done")
        .stdout_has("second  ch       current")
        .stdout_has("1 of 2 done.");
    // `tutor run` with no name now grades the second exercise.
    pack.tutor(&["run"]).failure().stdout_has("Exercise `second`");
}

#[test]
fn run_exercise_passes_when_main_exits_successfully() {
    let pack = one("test = false", RUN_OK, RUN_OK);
    pack.tutor(&["run"])
        .success()
        .stdout_has("all good")
        .stdout_has("passed")
        .stdout_has("Every exercise is done.")
        .stdout_has("All done, well played.");
    let pack = one("test = false", "fn main() {\n    assert!(1 + 1 == 3, \"arithmetic is broken\");\n}\n", RUN_OK);
    pack.tutor(&["run"]).failure().stdout_has("The program stopped with exit code 101: arithmetic is broken");
}

#[test]
fn endless_loop_is_killed_at_the_time_limit() {
    let busy = "fn main() {\n    let mut i = 0u64;\n    loop {\n        i = std::hint::black_box(i.wrapping_add(1));\n    }\n}\n";
    let pack = one("test = false\ntime_limit_secs = 1", busy, RUN_OK);
    pack.tutor(&["run"]).failure().stdout_has("did not finish within 1 s").stdout_has("endless loop");
}

#[test]
fn blocked_program_is_named_a_probable_deadlock() {
    let relock = "use std::sync::Mutex;\nfn main() {\n    let m = Mutex::new(0);\n    let _a = m.lock().unwrap();\n    let _b = m.lock().unwrap();\n}\n";
    let pack = one("test = false\ntime_limit_secs = 1", relock, RUN_OK);
    pack.tutor(&["run"]).failure().stdout_has("did not finish within 1 s").stdout_has("deadlock");
}

#[test]
fn children_of_a_hanging_program_are_killed_too() {
    let spawner = "fn main() {\n    let child = std::process::Command::new(\"sleep\").arg(\"1000\").spawn().unwrap();\n    std::fs::write(\"child.pid\", child.id().to_string()).unwrap();\n    loop {\n        std::thread::sleep(std::time::Duration::from_millis(50));\n    }\n}\n";
    let pack = one("test = false\ntime_limit_secs = 1", spawner, RUN_OK);
    let started = std::time::Instant::now();
    pack.tutor(&["run"]).failure().stdout_has("did not finish within 1 s");
    // The tutor did not wait for the grandchild's hour-long sleep.
    assert!(started.elapsed() < std::time::Duration::from_secs(300));
    let pid = pack.read("child.pid");
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().next()).unwrap_or("gone");
    assert!(state == "gone" || state == "Z", "the grandchild `sleep` (pid {pid}) is still alive in state {state}");
}

#[test]
fn output_flood_is_capped_and_said_so() {
    let flood =
        "fn main() {\n    loop {\n        println!(\"flood flood flood flood flood flood flood flood\");\n    }\n}\n";
    let pack = one("test = false\ntime_limit_secs = 1", flood, RUN_OK);
    let ran = pack.tutor(&["run"]).failure().stdout_has("output cut after 1 MiB");
    assert!(ran.stdout.len() < 2 * 1024 * 1024, "the flood reached the terminal: {} bytes", ran.stdout.len());

    // A program that prints a lot but finishes still passes, with the same note.
    let big = "fn main() {\n    for _ in 0..60_000 {\n        println!(\"0123456789012345678901234567890123456789\");\n    }\n}\n";
    let pack = one("test = false", big, RUN_OK);
    pack.tutor(&["run"]).success().stdout_has("output cut after 1 MiB").stdout_has("passed");
}

#[test]
fn output_that_is_not_utf8_is_shown_lossily() {
    let bytes = "use std::io::Write;\nfn main() {\n    std::io::stdout().write_all(b\"bad \\xff\\xfe bytes\\n\").unwrap();\n}\n";
    let pack = one("test = false", bytes, RUN_OK);
    pack.tutor(&["run"]).success().stdout_has("bad \u{fffd}\u{fffd} bytes");
}

#[test]
fn strict_clippy_exercise_fails_on_a_lint() {
    let lint = "fn main() {\n    let v = vec![1, 2, 3];\n    let n = v.iter().count();\n    println!(\"{n}\");\n}\n";
    let fixed = "fn main() {\n    let v = [1, 2, 3];\n    let n = v.len();\n    println!(\"{n}\");\n}\n";
    let pack = one("test = false\nstrict_clippy = true", lint, fixed);
    pack.tutor(&["run"]).failure().stdout_has("clippy::").stdout_has("Clippy objects");
    pack.write("exercises/ch/first.rs", fixed);
    pack.tutor(&["run"]).success();
}

#[test]
fn hints_are_layered_and_the_hint_about_the_error_comes_after_the_first() {
    let extra = "further_hints = [\"Second layer.\", \"Third layer.\"]\ntest = false\n[[exercises.diagnostic_hints]]\ncode = \"E0382\"\nhint = \"The String moved into `moved`.\"";
    let pack = one(extra, COMPILE_ERROR, RUN_OK);
    // The first hint points at the problem; the one about the error, closer to the fix, comes next.
    pack.tutor(&["hint"]).success().stdout_has("Hint 1 of 3:").stdout_lacks("The String moved into `moved`.");
    pack.tutor(&["hint"])
        .success()
        .stdout_has("About your current error:")
        .stdout_has("The String moved into `moved`.")
        .stdout_lacks("Second layer.");
    pack.tutor(&["hint"]).success().stdout_has("Second layer.").stdout_lacks("Third layer.");
    pack.tutor(&["hint", "--all"]).success().stdout_has("Third layer.");
    // Once the error is gone, its hint is no longer shown.
    pack.write("exercises/ch/first.rs", RUN_OK);
    pack.tutor(&["hint"]).success().stdout_lacks("The String moved");
}

#[test]
fn explain_prints_the_compilers_explanation_offline() {
    let pack = one("test = false", COMPILE_ERROR, RUN_OK);
    pack.tutor(&["explain"])
        .success()
        .stdout_has("E0382: borrow of moved value")
        .stdout_has("A variable was used after its contents have been moved");
}

#[test]
fn unknown_exercise_name_suggests_the_closest() {
    let pack = one("", PASSING_TEST, PASSING_TEST);
    pack.tutor(&["run", "frist"])
        .clean_error()
        .stderr_has("no exercise named `frist`")
        .stderr_has("Did you mean `first`?");
}

#[test]
fn without_info_toml_the_tutor_says_where_to_go() {
    let empty = tempfile::tempdir().unwrap();
    support::run_tutor(empty.path(), &["list"], &[])
        .clean_error()
        .stderr_has("no `info.toml`")
        .stderr_has("tutor watch");
}

#[test]
fn malformed_info_toml_names_file_line_and_column() {
    let pack = Pack::new();
    pack.write("info.toml", "format_version = 1\n[[exercises]\nname = \"a\"\n");
    pack.tutor(&["list"]).clean_error().stderr_has("info.toml:2:").stderr_has("fix the TOML syntax");

    pack.write("info.toml", "format_version = 1\n\n[[exercises]]\nname = \"a\"\nhnt = \"typo\"\n");
    pack.tutor(&["list"])
        .clean_error()
        .stderr_has("info.toml:5:1: unknown field `hnt`")
        .stderr_has("README.md lists every key");

    pack.write("exercises/a.rs", "fn main() {}\n");
    pack.write("info.toml", "format_version = 1\n[[exercises]]\nname = \"a\"\n[[exercises]]\nname = \"a\"\n");
    pack.tutor(&["list"]).clean_error().stderr_has("info.toml:5:8: exercise name `a` is used twice (first on line 3)");

    pack.write("info.toml", "format_version = 1\n[[exercises]]\nname = \"ghost\"\ndir = \"ch\"\n");
    pack.tutor(&["list"]).clean_error().stderr_has("info.toml:3:8").stderr_has("expected `exercises/ch/ghost.rs`");

    pack.write("info.toml", "format_version = 1\n[[exercises]]\nname = \"a\"\n[[exercises.must_not_compile]]\ncfg = \"check\"\nmessage = \"(unclosed\"\n");
    pack.tutor(&["list"]).clean_error().stderr_has("info.toml:6:11: `message` is not a valid regular expression");

    pack.write("info.toml", "format_version = 7\n");
    pack.tutor(&["list"]).clean_error().stderr_has("info.toml:1:18: format_version 7 is not supported");
}

#[test]
fn corrupt_progress_file_is_reported_and_rebuilt() {
    let mut pack = one("", PASSING_TEST, PASSING_TEST);
    pack.exercise("second", "", FAILING_TEST, PASSING_TEST);
    pack.tutor(&["run"]).success();
    pack.write(".tutor/state.json", "{\"current\": \"sec");
    pack.tutor(&["list"])
        .success()
        .stderr_has("is damaged")
        .stderr_has("tutor verify")
        .stdout_has("first   ch       current");
    // The next write replaces the damaged file with a valid one.
    pack.tutor(&["run", "first"]).success();
    let state: serde_json::Value = serde_json::from_str(&pack.read(".tutor/state.json")).expect("valid JSON again");
    assert_eq!(state["current"], "second");
}

#[test]
fn reset_restores_the_shipped_file_and_backs_up_the_learners() {
    let pack = one("", FAILING_TEST, PASSING_TEST);
    pack.tutor(&["list"]).success(); // the tutor sees the pack as shipped
    pack.write("exercises/ch/first.rs", "// my precious work\n");
    let ran = pack.tutor(&["reset", "first"]).success().stdout_has("Your version is saved in `.tutor/backups/first-");
    assert_eq!(pack.read("exercises/ch/first.rs"), FAILING_TEST);
    let backup = ran.stdout.split('`').nth(3).expect("backup path in the message").to_owned();
    assert_eq!(pack.read(&backup), "// my precious work\n");
    // A second reset has nothing to save and says so.
    pack.tutor(&["reset", "first"]).success().stdout_has("already as shipped");
}

#[test]
fn verify_stops_at_the_first_failure() {
    let mut pack = one("", PASSING_TEST, PASSING_TEST);
    pack.exercise("second", "", FAILING_TEST, PASSING_TEST);
    pack.exercise("third", "", PASSING_TEST, PASSING_TEST);
    pack.tutor(&["verify"])
        .failure()
        .stdout_has("Exercise `second`")
        .stdout_has("1 of 3 exercises pass; `second` is next.")
        .stdout_lacks("third");
    pack.write("exercises/ch/second.rs", PASSING_TEST);
    pack.tutor(&["verify"]).success().stdout_has("All 3 exercises pass.");
    pack.tutor(&["list"]).success().stdout_has("3 of 3 done.");
}

#[test]
fn dev_check_finds_every_kind_of_problem() {
    let mut pack = one("", FAILING_TEST, PASSING_TEST);
    pack.exercise("solved", "", PASSING_TEST, PASSING_TEST);
    pack.exercise("broken", "", FAILING_TEST, FAILING_TEST);
    pack.tutor(&["dev", "check"])
        .failure()
        .stdout_has("out of sync")
        .stdout_has("`solved` passes as shipped")
        .stdout_has("the solution of `broken`")
        .stdout_lacks("`first` passes");
    pack.write("Cargo.toml", "# The author's comment.\n[package]\nname = \"pack\"\nedition = \"2024\" # inline too\n");
    pack.tutor(&["dev", "update"]).success().stdout_has("Wrote 6 binaries");
    let manifest = pack.read("Cargo.toml");
    assert!(manifest.contains("name = \"broken_sol\"\npath = \"solutions/ch/broken.rs\""), "{manifest}");
    assert!(manifest.starts_with("# The author's comment.\n") && manifest.contains("# inline too"), "{manifest}");
    assert!(manifest.contains("check-cfg = [\"cfg(loom)\"]"), "{manifest}");
    pack.write("exercises/ch/solved.rs", FAILING_TEST);
    pack.write("solutions/ch/broken.rs", PASSING_TEST);
    pack.tutor(&["dev", "check"]).success().stdout_has("dev check passed: 3 exercises, 6 gradings");
}

/// A hint's pattern whose syntax is right but which is too big to compile is refused when the pack loads, with its
/// place: it would otherwise match nothing.
#[test]
fn a_pattern_too_big_to_compile_is_refused_at_load() {
    let extra = "[[exercises.diagnostic_hints]]\nmessage = '(\\w{1000}){1000}'\nhint = \"Never shown.\"\n";
    let pack = one(extra, FAILING_TEST, PASSING_TEST);
    pack.tutor(&["list"])
        .clean_error()
        .stderr_has("info.toml:")
        .stderr_has("`message` is not a valid regular expression")
        .stderr_has("size limit");
}

/// A pack written for rustlings (its info.toml keys only, its `bin = [...]` manifest) works unchanged.
#[test]
fn rustlings_community_pack_works_unchanged() {
    let pack = Pack::new();
    pack.write(
        "Cargo.toml",
        "bin = [\n  { name = \"intro1\", path = \"exercises/00_intro/intro1.rs\" },\n  { name = \"intro1_sol\", path = \"solutions/00_intro/intro1.rs\" },\n  { name = \"vars1\", path = \"exercises/01_vars/vars1.rs\" },\n  { name = \"vars1_sol\", path = \"solutions/01_vars/vars1.rs\" },\n]\n\n[package]\nname = \"community\"\nedition = \"2024\"\npublish = false\n",
    );
    pack.write(
        "info.toml",
        "format_version = 1\n\nwelcome_message = \"\"\"Hello from a community pack.\"\"\"\nfinal_message = \"Bye.\"\n\n[[exercises]]\nname = \"intro1\"\ndir = \"00_intro\"\ntest = false\nskip_check_unsolved = true\nhint = \"Just run it.\"\n\n[[exercises]]\nname = \"vars1\"\ndir = \"01_vars\"\nstrict_clippy = true\nhint = \"\"\"Look at the test.\"\"\"\n",
    );
    pack.write("exercises/00_intro/intro1.rs", RUN_OK);
    pack.write("solutions/00_intro/intro1.rs", RUN_OK);
    pack.write("exercises/01_vars/vars1.rs", FAILING_TEST);
    pack.write("solutions/01_vars/vars1.rs", PASSING_TEST);
    pack.tutor(&[]).success().stdout_has("Hello from a community pack.").stdout_has("Current exercise: `intro1`");
    pack.tutor(&["run"]).success().stdout_has("all good");
    pack.tutor(&["run"]).failure().stdout_has("Exercise `vars1`");
    pack.tutor(&["dev", "check"]).success().stdout_has("dev check passed: 2 exercises, 3 gradings");
}

#[test]
fn no_color_means_no_escape_codes() {
    let pack = one("test = false", COMPILE_ERROR, RUN_OK);
    let ran = pack.tutor(&["run"]).failure();
    assert!(!ran.stdout.contains('\x1b'), "escape codes with NO_COLOR set:\n{}", ran.stdout);
    let forced = pack.tutor_env(&["run"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]).failure();
    assert!(forced.stdout.contains("\x1b["), "no colour even when forced:\n{}", forced.stdout);
}

#[test]
fn ctrl_c_stops_the_running_program_with_the_tutor() {
    let looper = "fn main() {\n    std::fs::write(\"program.pid\", std::process::id().to_string()).unwrap();\n    let mut i = 0u64;\n    loop {\n        i = std::hint::black_box(i.wrapping_add(1));\n    }\n}\n";
    let pack = one("test = false\ntime_limit_secs = 600", looper, RUN_OK);
    let tutor = std::process::Command::new(env!("CARGO_BIN_EXE_tutor"))
        .arg("run")
        .current_dir(pack.root())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (without a fixed sleep) until the exercise's program runs.
    let started = std::time::Instant::now();
    while !pack.path("program.pid").is_file() || pack.read("program.pid").is_empty() {
        assert!(started.elapsed() < std::time::Duration::from_secs(120), "the program never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let program = pack.read("program.pid");
    // The program is in its own process group: the terminal's Ctrl-C reaches only the tutor.
    let sent = std::process::Command::new("kill").args(["-INT", &tutor.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let out = tutor.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Interrupted"));
    let stat = std::fs::read_to_string(format!("/proc/{program}/stat")).unwrap_or_default();
    let state = stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().next()).unwrap_or("gone");
    assert!(state == "gone" || state == "Z", "the looping program (pid {program}) outlived the tutor: state {state}");
}

#[test]
fn progress_counts_checks_hints_and_errors_per_exercise_and_exports_json() {
    let mut pack = one("further_hints = [\"Second hint.\"]", FAILING_TEST, PASSING_TEST);
    pack.exercise("second", "test = false", COMPILE_ERROR, RUN_OK);
    pack.tutor(&["progress"]).success().stdout_has("0 of 2 exercises done").stdout_has("first");
    // A use after move inside the exercise's code; its tests stay as shipped.
    let moved = PASSING_TEST
        .replace("    x * 2\n", "    let s = String::new();\n    let t = s;\n    drop((s, t));\n    x * 2\n");
    pack.write("exercises/ch/first.rs", &moved);
    pack.tutor(&["run"]).failure();
    pack.tutor(&["hint"]).success();
    pack.write("exercises/ch/first.rs", FAILING_TEST);
    pack.tutor(&["run"]).failure();
    pack.write("exercises/ch/first.rs", PASSING_TEST);
    pack.tutor(&["run"]).success();
    pack.tutor(&["run"]).failure();

    let table = pack.tutor(&["progress"]).success();
    let row = table.stdout.lines().find(|l| l.contains(" first ")).unwrap_or_else(|| panic!("{}", table.stdout));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[1..4], ["first", "done", "3"], "{row}");
    // The pass cleared the last error: an exercise that is done has none.
    assert_eq!(cells[5..], ["1/2", "E0382", "-"], "{row}");
    table.stdout_has("1 of 2 exercises done").stdout_has("second").stdout_has("4 checks · 1 hint");

    let json = pack.tutor(&["progress", "--json"]).success();
    let export: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!((export["done"].as_u64(), export["total"].as_u64()), (Some(1), Some(2)));
    let first = &export["exercises"][0];
    assert_eq!(first["name"], "first");
    assert_eq!(first["status"], "done");
    assert_eq!((first["attempts"].as_u64(), first["hints_used"].as_u64()), (Some(3), Some(1)));
    assert_eq!((first["first_error"].as_str(), first["last_error"].as_str()), (Some("E0382"), None));
    assert!(first["passed_ms"].as_u64().is_some() && first["seconds"].as_u64().is_some());
    let second = &export["exercises"][1];
    assert_eq!((second["status"].as_str(), second["attempts"].as_u64()), (Some("current"), Some(1)));
    assert_eq!(second["last_error"], "E0382");
}

#[test]
fn a_deleted_exercise_is_marked_missing_and_reset_brings_it_back() {
    let mut pack = one("", FAILING_TEST, PASSING_TEST);
    pack.exercise("second", "test = false", COMPILE_ERROR, RUN_OK);
    pack.tutor(&["list"]).success();
    std::fs::remove_file(pack.file("first")).unwrap();
    pack.tutor(&["list"]).success().stdout_has("missing");
    pack.tutor(&["run", "first"]).clean_error().stderr_has("`tutor reset first`");
    // Only that exercise is affected.
    pack.tutor(&["run", "second"]).failure().stdout_has("Exercise `second`");
    pack.tutor(&["reset", "first"]).success();
    assert_eq!(pack.read("exercises/ch/first.rs"), FAILING_TEST);
    // A folder in its place is moved to the backups, with what is in it.
    std::fs::remove_file(pack.file("first")).unwrap();
    std::fs::create_dir_all(pack.path("exercises/ch/first.rs/inside")).unwrap();
    pack.tutor(&["list"]).success().stdout_has("missing");
    pack.tutor(&["reset", "first"]).success().stdout_has(".tutor/backups/first-");
    assert_eq!(pack.read("exercises/ch/first.rs"), FAILING_TEST);
    let kept: Vec<_> = std::fs::read_dir(pack.path(".tutor/backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(kept.iter().any(|p| p.join("inside").is_dir()), "{kept:?}");
}

#[test]
fn a_program_that_leaves_a_process_behind_does_not_hold_the_verdict_up() {
    // `setsid` puts the sleeper in a session of its own, out of the program's process group, with the output pipe.
    let escape = "fn main() {\n    std::process::Command::new(\"setsid\").args([\"sleep\", \"30\"]).spawn().unwrap();\n    std::thread::sleep(std::time::Duration::from_millis(100));\n}\n";
    let pack = one("test = false\ntime_limit_secs = 5", escape, RUN_OK);
    let started = std::time::Instant::now();
    pack.tutor(&["run"]).success().stdout_has("went on running after it ended");
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "waited for the escaped process");
    let left = std::process::Command::new("pgrep").args(["-f", "^sleep 30$"]).output().unwrap();
    assert!(left.stdout.is_empty(), "the escaped process still runs: {}", String::from_utf8_lossy(&left.stdout));
}

#[test]
fn a_program_that_eats_memory_is_stopped_at_its_limit_and_the_verdict_says_so() {
    let hungry = "fn main() {\n    let mut all: Vec<Vec<u8>> = Vec::new();\n    loop {\n        all.push(vec![1u8; 1 << 20]);\n    }\n}\n";
    let pack = one("test = false\nmemory_limit_mib = 128", hungry, RUN_OK);
    pack.tutor(&["run"]).failure().stdout_has("used more than 128 MiB of memory");
    pack.write("info.toml", &pack.read("info.toml").replace("memory_limit_mib = 128", "memory_limit_mib = 5"));
    pack.tutor(&["run"]).clean_error().stderr_has("memory_limit_mib must be between 64 and");
}

#[test]
fn several_tutors_grading_one_pack_at_once_all_give_the_right_verdict() {
    let pack = one("", FAILING_TEST, PASSING_TEST);
    pack.write("exercises/ch/first.rs", PASSING_TEST);
    let verdicts: Vec<Option<i32>> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..4).map(|_| s.spawn(|| pack.tutor(&["run", "first"]).code)).collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert_eq!(verdicts, [Some(0); 4], "every one of four tutors at once passes the correct answer");
}
