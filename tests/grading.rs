//! The grading mechanisms for the hard topics, each on a fixture exercise with a right and a wrong answer:
//! must-not-compile checks, Clippy lints, loom models, hints tied to diagnostics.

mod support;

use std::path::Path;

use support::Pack;

/// A fixture pack whose exercises may use loom. Its dependencies build into one target folder shared by every such
/// pack of the test suite, with the project's own lock file, so loom is compiled once.
fn loom_pack() -> Pack {
    let pack = Pack::new();
    pack.write(
        "Cargo.toml",
        "[package]\nname = \"exercises\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nloom = \"0.7\"\ntokio = { version = \"1\", features = [\"rt\", \"rt-multi-thread\", \"macros\", \"sync\", \"time\"] }\n\n[[bin]]\nname = \"prepare\"\npath = \"prepare.rs\"\n",
    );
    pack.write("prepare.rs", "fn main() {}\n");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("Cargo.lock"), pack.path("Cargo.lock")).expect("copy the lock file");
    pack
}

fn shared_target() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fixture-deps").display().to_string()
}

const NOT_SEND: &str = r#"// Make `Handle` neither Send nor Sync, without changing `check_not_send`.
use std::marker::PhantomData;
pub struct Handle { id: u32, _not_send: PhantomData<()> }
fn main() { let h = Handle { id: 1, _not_send: PhantomData }; assert_eq!(h.id, 1); }
#[cfg(check_not_send)]
fn check_not_send() { fn needs_send<T: Send>() {} needs_send::<Handle>(); }
"#;

#[test]
fn must_not_compile_requires_the_expected_error() {
    let mut pack = Pack::new();
    let solved = NOT_SEND.replace("PhantomData<()>", "PhantomData<*const ()>");
    let extra = "test = false\n[[exercises.must_not_compile]]\ncfg = \"check_not_send\"\ncode = \"E0277\"\nwhy = \"A Handle is tied to the thread that opened it.\"";
    pack.exercise("handle", extra, NOT_SEND, &solved);
    // As shipped, the section compiles: rejected, with the lesson's reason.
    pack.tutor(&["run"])
        .failure()
        .stdout_has("The code under `#[cfg(check_not_send)]` compiles")
        .stdout_has("error E0277")
        .stdout_has("A Handle is tied to the thread that opened it.");
    // Removing the check instead of fixing the type does not help: the section is compiled on its own.
    pack.write("exercises/ch/handle.rs", &NOT_SEND.replace("needs_send::<Handle>();", ""));
    pack.tutor(&["run"]).failure().stdout_has("compiles, but this lesson needs it to be rejected");
    // A different error in the section is named as such.
    pack.write(
        "exercises/ch/handle.rs",
        &NOT_SEND.replace("needs_send::<Handle>();", "needs_send::<Handle>(); let x: u8 = \"no\";"),
    );
    pack.tutor(&["run"]).failure().stdout_has("not for the reason this lesson is about").stdout_has("E0308");
    pack.write("exercises/ch/handle.rs", &solved);
    pack.tutor(&["run"]).success();
    pack.tutor(&["dev", "check"]).stdout_lacks("the solution of");
}

#[test]
fn must_not_compile_can_match_a_message_instead_of_a_code() {
    let mut pack = Pack::new();
    let shipped = "use std::sync::Arc;\nfn main() {}\n#[cfg(check_rc)]\nfn check_rc() { let v = Arc::new(5); std::thread::spawn(move || drop(v)); }\n";
    let solved = shipped.replace("Arc", "std::rc::Rc").replace("use std::sync::std::rc::Rc;\n", "");
    let extra = "test = false\n[[exercises.must_not_compile]]\ncfg = \"check_rc\"\nmessage = \"cannot be sent between threads safely\"";
    pack.exercise("rcsend", extra, shipped, &solved);
    pack.tutor(&["run"]).failure().stdout_has("an error matching `cannot be sent between threads safely`");
    pack.write("exercises/ch/rcsend.rs", &solved);
    pack.tutor(&["run"]).success();
}

#[test]
fn required_clippy_lints_must_be_clean() {
    let mut pack = Pack::new();
    let shipped = "fn first(v: &[u32]) -> u32 { *v.first().unwrap() }\nfn main() { assert_eq!(first(&[3]), 3); }\n";
    let solved =
        "fn first(v: &[u32]) -> u32 { v.first().copied().unwrap_or(0) }\nfn main() { assert_eq!(first(&[3]), 3); }\n";
    pack.exercise("lint", "test = false\nclippy_lints = [\"clippy::unwrap_used\"]", shipped, solved);
    pack.tutor(&["run"]).failure().stdout_has("clippy::unwrap_used").stdout_has("Clippy objects");
    pack.write("exercises/ch/lint.rs", solved);
    pack.tutor(&["run"]).success();
}

#[test]
fn diagnostic_hints_also_answer_what_the_tests_printed() {
    let mut pack = Pack::new();
    let shipped = "fn main() {}\n#[test]\nfn sold_once() { assert!(false, \"seat 7 was sold twice\"); }\n";
    let extra = "[[exercises.diagnostic_hints]]\nmessage = \"sold twice\"\nhint = \"Two buyers saw the seat free.\"";
    pack.exercise("seats", extra, shipped, "fn main() {}\n");
    pack.tutor(&["hint"]).success().stdout_has("Two buyers saw the seat free.");
    pack.write("exercises/ch/seats.rs", "fn main() {}\n#[test]\nfn sold_once() {}\n");
    pack.tutor(&["hint"]).success().stdout_lacks("Two buyers");
}

const COUNTER: &str = r#"#[cfg(loom)]
use loom::{sync::Arc, sync::atomic::{AtomicUsize, Ordering}, thread};
#[cfg(not(loom))]
use std::{sync::Arc, sync::atomic::{AtomicUsize, Ordering}, thread};

pub fn bump(counter: &AtomicUsize) {
    let seen = counter.load(Ordering::Relaxed);
    counter.store(seen + 1, Ordering::Relaxed);
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    fn two_bumps() {
        let counter = Arc::new(AtomicUsize::new(0));
        let other = Arc::clone(&counter);
        let t = thread::spawn(move || bump(&other));
        bump(&counter);
        t.join().unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 2, "two threads read the same value: one update was lost");
    }
    #[test]
    fn no_lost_update() {
        #[cfg(loom)]
        loom::model(two_bumps);
        #[cfg(not(loom))]
        two_bumps();
    }
}
"#;

const DEADLOCK: &str = r#"#[cfg(loom)]
use loom::{sync::{Arc, Mutex}, thread};
#[cfg(not(loom))]
use std::{sync::{Arc, Mutex}, thread};

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    fn transfer() {
        let a = Arc::new(Mutex::new(10));
        let b = Arc::new(Mutex::new(10));
        let (a2, b2) = (Arc::clone(&a), Arc::clone(&b));
        let t = thread::spawn(move || {
            let _x = b2.lock().unwrap();
            let _y = a2.lock().unwrap();
        });
        {
            let _x = a.lock().unwrap();
            let _y = b.lock().unwrap();
        }
        t.join().unwrap();
    }
    #[test]
    fn both_transfers_finish() {
        #[cfg(loom)]
        loom::model(transfer);
        #[cfg(not(loom))]
        transfer();
    }
}
"#;

const RACE: &str = r#"#[cfg(loom)]
use loom::{cell::UnsafeCell, sync::Arc, thread};

fn main() {}

#[cfg(all(test, loom))]
mod tests {
    use super::*;
    struct Shared(UnsafeCell<u32>);
    unsafe impl Sync for Shared {}
    #[test]
    fn writes_in_turn() {
        loom::model(|| {
            let s = Arc::new(Shared(UnsafeCell::new(0)));
            let s2 = Arc::clone(&s);
            let t = thread::spawn(move || s2.0.with_mut(|p| unsafe { *p += 1 }));
            s.0.with_mut(|p| unsafe { *p += 1 });
            t.join().unwrap();
        });
    }
}
"#;

/// One loom exercise per failure kind, each graded 20 times: the wrong answers are rejected every time and the right
/// one accepted every time.
#[test]
fn loom_rejects_wrong_answers_every_time_and_accepts_right_ones() {
    let mut pack = loom_pack();
    let right = COUNTER.replace(
        "let seen = counter.load(Ordering::Relaxed);\n    counter.store(seen + 1, Ordering::Relaxed);",
        "counter.fetch_add(1, Ordering::Relaxed);",
    );
    pack.exercise("counter", "loom = true", COUNTER, &right);
    pack.exercise("deadlock", "loom = true\ntime_limit_secs = 20", DEADLOCK, DEADLOCK);
    pack.exercise("race", "loom = true", RACE, RACE);
    let env = [("CARGO_TARGET_DIR", shared_target())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let grade = |name: &str, file: &str| pack.tutor_env(&["dev", "grade", name, file, "--runs", "20"], &env);

    grade("counter", "exercises/ch/counter.rs")
        .failure()
        .stdout_has("passed 0 of 20 runs")
        .stdout_has("loom found an interleaving of `tests::no_lost_update` that breaks it")
        .stdout_has("one update was lost");
    grade("counter", "solutions/ch/counter.rs").success().stdout_has("passed 20 of 20 runs");
    grade("deadlock", "exercises/ch/deadlock.rs")
        .failure()
        .stdout_has("passed 0 of 20 runs")
        .stdout_has("every thread waits for another: a deadlock");
    grade("race", "exercises/ch/race.rs").failure().stdout_has("passed 0 of 20 runs").stdout_has("a data race");
    // `tutor run` gives the same verdict, from loom, before the ordinary build (which a lucky schedule would pass).
    pack.tutor_env(&["run", "counter"], &env).failure().stdout_has("loom found an interleaving");
}

#[test]
fn known_wrong_answers_name_their_reason() {
    for dir in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/known_wrong")).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.starts_with("// known wrong: "), "{} must start with `// known wrong: <why>`", path.display());
        }
    }
}
