//! How long grading takes, against the floor measured in the same run.
//!
//! `cargo bench --bench grading` prints:
//! 1. `tutor run` on a solved test exercise that was just saved (its file changes before every run, so nothing is
//!    replayed from the compile cache) against the floor: the same file compiled by `rustc --test` and executed.
//!    Then the same for a compile error (a type error added to the file): the floor is `rustc --test` reporting it.
//! 2. Each grading kind of the bundled pack (test, run, must-not-compile, Clippy, loom), graded with `tutor dev grade`
//!    on a freshly saved copy of its solution.
//!
//! 3. What the timeline of a failing loom model costs: a failing verdict (`atomics3`, a check-then-act), the failing
//!    model run alone, and the same run recording the interleaving (what the timeline adds), against a passing loom
//!    exercise graded in the same run.
//! 4. The networking chapter and the capstone: each exercise graded as shipped and as solved, from a freshly saved
//!    copy (target: a verdict within 3 s for any of them).
//!
//! Figures are medians of interleaved runs; the ratio is what to compare across machines, not the milliseconds.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TUTOR: &str = env!("CARGO_BIN_EXE_tutor");
const ROUNDS: usize = 15;

const EXERCISE: &str = r#"// A small solved exercise of the usual size: a type, two functions, four tests.
#[derive(Debug, Clone, PartialEq)]
struct Ticket {
    id: u32,
    seats: Vec<String>,
}

fn book(ticket: &mut Ticket, seat: &str) -> bool {
    if ticket.seats.iter().any(|s| s == seat) {
        return false;
    }
    ticket.seats.push(seat.to_owned());
    true
}

fn total(tickets: &[Ticket]) -> usize {
    tickets.iter().map(|t| t.seats.len()).sum()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn books_a_free_seat() {
        let mut t = Ticket { id: 1, seats: vec![] };
        assert!(book(&mut t, "A1"));
    }

    #[test]
    fn refuses_a_taken_seat() {
        let mut t = Ticket { id: 2, seats: vec!["A1".into()] };
        assert!(!book(&mut t, "A1"));
    }

    #[test]
    fn counts_every_seat() {
        let tickets = vec![Ticket { id: 1, seats: vec!["A1".into()] }, Ticket { id: 2, seats: vec!["B1".into(), "B2".into()] }];
        assert_eq!(total(&tickets), 3);
    }

    #[test]
    fn clones_are_equal() {
        let t = Ticket { id: 3, seats: vec!["C3".into()] };
        assert_eq!(t.clone(), t);
    }
}
"#;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn timed(cmd: &mut Command) -> (Duration, bool) {
    let start = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).stdin(Stdio::null()).status().expect("command runs");
    (start.elapsed(), status.success())
}

/// Writes the file anew, as an editor's save does, with a changed last line so no cache can answer.
fn save(path: &Path, text: &str, round: usize) {
    std::fs::write(path, format!("{text}// save {round}\n")).expect("write exercise");
}

fn run_against_floor() {
    let pack = tempfile::tempdir().expect("temporary folder");
    let root = pack.path();
    std::fs::create_dir_all(root.join("exercises/ch")).unwrap();
    std::fs::create_dir_all(root.join("solutions/ch")).unwrap();
    std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"bench\"\nversion = \"0.0.0\"\nedition = \"2024\"\n")
        .unwrap();
    std::fs::write(
        root.join("info.toml"),
        "format_version = 1\n[[exercises]]\nname = \"tickets\"\ndir = \"ch\"\nhint = \"\"\n",
    )
    .unwrap();
    let file = root.join("exercises/ch/tickets.rs");
    std::fs::write(root.join("solutions/ch/tickets.rs"), EXERCISE).unwrap();
    let floor_bin = root.join("floor");
    let sysroot =
        String::from_utf8(Command::new("rustc").args(["--print", "sysroot"]).output().unwrap().stdout).unwrap();
    let direct_rustc = PathBuf::from(sysroot.trim()).join("bin/rustc");

    let floor = |rustc: &Path| {
        let (compile, ok) =
            timed(Command::new(rustc).args(["--edition", "2024", "--test"]).arg(&file).arg("-o").arg(&floor_bin));
        assert!(ok, "the floor's compile failed");
        let (run, ok) = timed(&mut Command::new(&floor_bin));
        assert!(ok, "the floor's test run failed");
        compile + run
    };
    let tutor = || {
        let (took, ok) = timed(Command::new(TUTOR).args(["run", "tickets"]).current_dir(root).env("NO_COLOR", "1"));
        assert!(ok, "tutor run failed on a solved exercise");
        took
    };

    // Warm-up: the toolchain cache, the page cache, the linker.
    save(&file, EXERCISE, 0);
    tutor();
    floor(Path::new("rustc"));

    let (mut t, mut f, mut fd) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=ROUNDS {
        save(&file, EXERCISE, round);
        f.push(floor(Path::new("rustc")));
        save(&file, EXERCISE, round + 1000);
        fd.push(floor(&direct_rustc));
        save(&file, EXERCISE, round + 2000);
        t.push(tutor());
        // `tutor run` marks the exercise done; the next round grades it again by name anyway.
    }
    let (t, f, fd) = (median(t), median(f), median(fd));
    println!("== tutor run vs the floor ({ROUNDS} interleaved rounds, file saved anew before each) ==");
    println!("floor: `rustc --test` + run          median {}", ms(f));
    println!("floor without the rustup proxy       median {}", ms(fd));
    println!("tutor run                            median {}", ms(t));
    println!("ratio tutor / floor                  {:.2}x (target <= 0.8x)", t.as_secs_f64() / f.as_secs_f64());
    println!("ratio tutor / floor without proxy    {:.2}x", t.as_secs_f64() / fd.as_secs_f64());

    // A compile error: the verdict is the compiler's error, so the floor is `rustc` reporting it.
    let broken = format!("{EXERCISE}\nfn broken() -> u32 {{ \"not a number\" }}\n");
    let (mut t, mut f) = (Vec::new(), Vec::new());
    for round in 1..=ROUNDS {
        save(&file, &broken, round);
        let (took, ok) =
            timed(Command::new("rustc").args(["--edition", "2024", "--test"]).arg(&file).arg("-o").arg(&floor_bin));
        assert!(!ok, "the broken file compiled");
        f.push(took);
        save(&file, &broken, round + 1000);
        let (took, ok) = timed(Command::new(TUTOR).args(["run", "tickets"]).current_dir(root).env("NO_COLOR", "1"));
        assert!(!ok, "tutor run passed a file that does not compile");
        t.push(took);
    }
    let (t, f) = (median(t), median(f));
    println!("\n== a compile error ({ROUNDS} interleaved rounds) ==");
    println!("floor: `rustc --test` reporting it   median {}", ms(f));
    println!("tutor run                            median {}", ms(t));
    println!("ratio tutor / floor                  {:.2}x (target <= 1.0x)", t.as_secs_f64() / f.as_secs_f64());
}

/// The first exercise of the bundled pack that `pick` accepts.
fn first(exercises: &[toml::Value], pick: impl Fn(&toml::Value) -> bool) -> Option<(String, String)> {
    let e = exercises.iter().find(|e| pick(e))?;
    let name = e.get("name")?.as_str()?.to_owned();
    let dir = e.get("dir").and_then(|d| d.as_str()).unwrap_or("");
    Some((name.clone(), format!("solutions/{dir}/{name}.rs")))
}

fn kinds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let info: toml::Table = toml::from_str(&std::fs::read_to_string(root.join("info.toml")).unwrap()).unwrap();
    let exercises = info["exercises"].as_array().unwrap().clone();
    let flag = |e: &toml::Value, key: &str| e.get(key).and_then(|v| v.as_bool()).unwrap_or(false);
    let has = |e: &toml::Value, key: &str| e.get(key).is_some();
    let plain = |e: &toml::Value| {
        !flag(e, "loom") && !flag(e, "strict_clippy") && !has(e, "must_not_compile") && !has(e, "clippy_lints")
    };
    let kinds: Vec<(&str, Option<(String, String)>)> = vec![
        ("test", first(&exercises, |e| plain(e) && e.get("test").and_then(|v| v.as_bool()).unwrap_or(true))),
        (
            "run (test = false)",
            first(&exercises, |e| plain(e) && e.get("test").and_then(|v| v.as_bool()) == Some(false)),
        ),
        ("must_not_compile", first(&exercises, |e| has(e, "must_not_compile") && !flag(e, "loom"))),
        ("strict_clippy", first(&exercises, |e| flag(e, "strict_clippy"))),
        ("clippy_lints", first(&exercises, |e| has(e, "clippy_lints"))),
        ("loom", first(&exercises, |e| flag(e, "loom"))),
    ];
    let scratch = tempfile::tempdir().unwrap();
    // The bundled pack's dependencies are built once, before anything is timed.
    let _ = Command::new(TUTOR)
        .args(["dev", "grade", "ownership1", "solutions/01_ownership/ownership1.rs"])
        .current_dir(root)
        .output();
    println!("\n== grading kinds on the bundled pack (warm, file saved anew before each run; median of 5) ==");
    for (kind, found) in kinds {
        let Some((name, solution)) = found else {
            println!("{kind:<22} (no exercise of this kind in the pack)");
            continue;
        };
        let text = std::fs::read_to_string(root.join(&solution)).unwrap();
        let copy = scratch.path().join(format!("{name}.rs"));
        let mut samples = Vec::new();
        for round in 0..6 {
            save(&copy, &text, round);
            let (took, ok) = timed(Command::new(TUTOR).args(["dev", "grade", &name]).arg(&copy).current_dir(root));
            assert!(ok, "the solution of {name} did not pass");
            if round > 0 {
                samples.push(took);
            }
        }
        println!("{kind:<22} {name:<20} median {}", ms(median(samples)));
    }
}

/// Copies an exercise (a file, or a project's folder) to `to`, saved anew: a changed last line in its first file.
fn fresh_copy(from: &Path, to: &Path, round: usize) {
    if from.is_file() {
        save(to, &std::fs::read_to_string(from).unwrap(), round);
        return;
    }
    let _ = std::fs::remove_dir_all(to);
    for entry in walk(from) {
        let target = to.join(entry.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    let lib = to.join("src/lib.rs");
    save(&lib, &std::fs::read_to_string(&lib).unwrap(), round);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

fn networking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let info: toml::Table = toml::from_str(&std::fs::read_to_string(root.join("info.toml")).unwrap()).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    println!("\n== the networking chapter and the capstone (warm, saved anew; median of 3; target < 3 s) ==");
    let mut slowest = (0.0f64, String::new());
    for e in info["exercises"].as_array().unwrap() {
        let dir = e.get("dir").and_then(|d| d.as_str()).unwrap_or("");
        if dir != "13_networking" && dir != "14_capstone" {
            continue;
        }
        let name = e["name"].as_str().unwrap();
        let project = e.get("project").and_then(|p| p.as_bool()).unwrap_or(false);
        let file = if project { name.to_owned() } else { format!("{name}.rs") };
        let mut line = format!("{name:<12}");
        for (side, from) in [("shipped", "exercises"), ("solved", "solutions")] {
            let copy = scratch.path().join(format!("{side}-{file}"));
            let mut samples = Vec::new();
            for round in 0..4 {
                fresh_copy(&root.join(from).join(dir).join(&file), &copy, round);
                let (took, ok) = timed(Command::new(TUTOR).args(["dev", "grade", name]).arg(&copy).current_dir(root));
                assert_eq!(ok, side == "solved", "{name} {side}: unexpected verdict");
                if round > 0 {
                    samples.push(took);
                }
            }
            let median = median(samples);
            if median.as_secs_f64() > slowest.0 {
                slowest = (median.as_secs_f64(), format!("{name} {side}"));
            }
            line.push_str(&format!("  {side} {:>9}", ms(median)));
        }
        println!("{line}");
    }
    println!("slowest: {} at {:.2} s (target < 3 s)", slowest.1, slowest.0);
}

fn timeline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap();
    let wrong = std::fs::read_to_string(root.join("tests/known_wrong/07_atomics/atomics3.check_then_add.rs")).unwrap();
    let right = std::fs::read_to_string(root.join("solutions/07_atomics/atomics3.rs")).unwrap();
    // Two files (so two programs in the tutor's build folder): the wrong answer's program stays for the runs below.
    let grade = |text: &str, round: usize| {
        let copy = scratch.path().join(if text == wrong { "wrong/atomics3.rs" } else { "right/atomics3.rs" });
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        save(&copy, text, round);
        let started = Instant::now();
        let out = Command::new(TUTOR).args(["dev", "grade", "atomics3"]).arg(&copy).current_dir(root).output().unwrap();
        (started.elapsed(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (mut failing, mut passing) = (Vec::new(), Vec::new());
    let mut verdict = String::new();
    for round in 0..6 {
        let (took, text) = grade(&wrong, round);
        assert!(text.contains("passed 0 of 1 runs"), "the wrong answer passed:\n{text}");
        let (ok_took, ok_text) = grade(&right, round + 100);
        assert!(ok_text.contains("passed 1 of 1 runs"), "the solution failed:\n{ok_text}");
        if round > 0 {
            failing.push(took);
            passing.push(ok_took);
        }
        verdict = text;
    }
    // The wrong answer once more, last, so that its program is the newest.
    grade(&wrong, 99);
    // The failing model's program, as the last failing grading left it, run alone and recording.
    let test = verdict.split("interleaving of `").nth(1).and_then(|rest| rest.split('`').next()).unwrap().to_owned();
    let programs = walk(&root.join("target/tutor"));
    let program = programs
        .iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("atomics3_try_"))
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with("-loom"))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .expect("the loom program of the last grading");
    let record = scratch.path().join("timeline.jsonl");
    let run = |recording: bool| {
        let mut cmd = Command::new(program);
        cmd.args(["--exact", &test, "--test-threads=1"]).env("LOOM_MAX_PREEMPTIONS", "2").env("RUST_BACKTRACE", "0");
        if recording {
            cmd.env("TUTOR_TIMELINE", &record);
        }
        timed(&mut cmd).0
    };
    let (mut alone, mut recorded) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        alone.push(run(false));
        recorded.push(run(true));
    }
    assert!(record.is_file(), "the recording run wrote no timeline");
    let (failing, passing, alone, recorded) = (median(failing), median(passing), median(alone), median(recorded));
    println!("\n== the timeline of a failing loom model (atomics3, check-then-act; median of 5) ==");
    println!("failing verdict, with its timeline   median {}", ms(failing));
    println!("the failing model run alone          median {}", ms(alone));
    println!("the same run, recording              median {}", ms(recorded));
    println!(
        "the timeline adds                    {} ({:.0} % of the failing verdict)",
        ms(recorded),
        recorded.as_secs_f64() / failing.as_secs_f64() * 100.0
    );
    println!("passing loom exercise (the solution) median {} (no timeline is recorded)", ms(passing));
}

fn main() -> std::process::ExitCode {
    // `cargo bench` passes `--bench`; other arguments name the sections to run (`cargo bench --bench grading --
    // networking`), all of them when there is none.
    let sections: [(&str, fn()); 4] =
        [("floor", run_against_floor), ("kinds", kinds), ("timeline", timeline), ("networking", networking)];
    let wanted: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if let Some(unknown) = wanted.iter().find(|w| !sections.iter().any(|(name, _)| name == w)) {
        eprintln!("no section `{unknown}`; the sections are floor, kinds, timeline and networking");
        return std::process::ExitCode::from(2);
    }
    for (name, section) in sections {
        if wanted.is_empty() || wanted.iter().any(|w| w == name) {
            section();
        }
    }
    std::process::ExitCode::SUCCESS
}
