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
    // Removing the check instead of fixing the type does not help: the section is the pack's.
    pack.write("exercises/ch/handle.rs", &NOT_SEND.replace("needs_send::<Handle>();", ""));
    pack.tutor(&["run"]).failure().stdout_has("compiles, but this lesson needs it to be rejected");
    // A change that makes the section fail for another reason (here the type it names is gone) is named as such.
    pack.write(
        "exercises/ch/handle.rs",
        &NOT_SEND.replace("Handle {", "Handel {").replace("struct Handle", "struct Handel"),
    );
    pack.tutor(&["run"]).failure().stdout_has("not for the reason this lesson is about").stdout_has("E0425");
    pack.write("exercises/ch/handle.rs", &solved);
    pack.tutor(&["run"]).success();
    pack.tutor(&["dev", "check"]).stdout_lacks("the solution of");
}

#[test]
fn must_not_compile_can_match_a_message_instead_of_a_code() {
    let mut pack = Pack::new();
    let shipped = "type Shared = std::sync::Arc<u32>;\nfn main() {}\n#[cfg(check_rc)]\nfn check_rc() { let v = Shared::new(5); std::thread::spawn(move || drop(v)); }\n";
    let solved = shipped.replace("std::sync::Arc<u32>", "std::rc::Rc<u32>");
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
    let shipped = "fn sold_once() -> bool { false }\nfn main() {}\n#[test]\nfn seat_sold_once() { assert!(sold_once(), \"seat 7 was sold twice\"); }\n";
    let solved = shipped.replace("{ false }", "{ true }");
    let extra = "[[exercises.diagnostic_hints]]\nmessage = \"sold twice\"\nhint = \"Two buyers saw the seat free.\"";
    pack.exercise("seats", extra, shipped, &solved);
    // The first hint first; the one about the error the tests printed on the next press.
    pack.tutor(&["hint"]).success().stdout_lacks("Two buyers saw the seat free.");
    pack.tutor(&["hint"]).success().stdout_has("Two buyers saw the seat free.");
    pack.write("exercises/ch/seats.rs", &solved);
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
        .stdout_has("every thread is blocked and none can go on: a deadlock");
    grade("race", "exercises/ch/race.rs").failure().stdout_has("passed 0 of 20 runs").stdout_has("a data race");
    // `tutor run` gives the same verdict, from loom, before the ordinary build (which a lucky schedule would pass).
    pack.tutor_env(&["run", "counter"], &env).failure().stdout_has("loom found an interleaving");
}

#[test]
fn known_answers_name_their_reason() {
    for (kind, head) in [("known_wrong", "// known wrong: "), ("known_right", "// known right: ")] {
        for dir in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(kind)).unwrap() {
            for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
                let mut path = file.unwrap().path();
                // A project's answer is a package folder: its reason heads the crate root.
                if path.is_dir() {
                    path = ["src/lib.rs", "src/main.rs"].iter().map(|f| path.join(f)).find(|f| f.is_file()).unwrap();
                }
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(text.starts_with(head), "{} must start with `{head}<why>`", path.display());
            }
        }
    }
}

/// A test exercise whose tests, loom-free, check `words`; `keep`, `forbidden` and a must-not-compile section make the
/// rules of the lesson.
const FLYER: &str = r#"#[derive(Clone, Debug)]
pub struct Passport {
    stamps: Vec<String>,
}

fn stamp(mut passport: Passport, country: &str) -> Passport {
    passport.stamps.push(country.to_owned());
    passport
}

fn words(text: &str) -> usize {
    text.split_whitespace().count() + 1
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words() {
        assert_eq!(words("two words"), 2);
    }

    #[test]
    fn stamps_once() {
        let passport = stamp(Passport { stamps: Vec::new() }, "NO");
        assert_eq!(passport.clone().stamps.len(), 1, "tests may copy what they like");
    }
}

#[cfg(check_moved)]
fn check_moved() {
    let passport = Passport { stamps: Vec::new() };
    let stamped = stamp(passport, "SE");
    drop(stamped);
    let _again = stamp(passport, "DK");
}
"#;

const FLYER_RULES: &str = r#"[[exercises.forbidden]]
method = "std::clone::Clone::clone"
why = "Hand the passport over instead of copying it."
[[exercises.forbidden]]
syntax = "'static"
why = "A `'static` borrow would dodge the lesson."
[[exercises.keep]]
item = "stamp"
part = "signature"
why = "`stamp` takes the passport by value: that is the move this lesson is about."
[[exercises.must_not_compile]]
cfg = "check_moved"
code = "E0382"
why = "A stamped passport was moved away."
"#;

fn flyer_pack() -> (Pack, String) {
    let mut pack = Pack::new();
    let solved = FLYER.replace("count() + 1", "count()");
    pack.exercise("flyer", FLYER_RULES, FLYER, &solved);
    pack.tutor(&["run"]).failure().stdout_has("left: 3");
    (pack, solved)
}

#[test]
fn editing_deleting_or_disabling_the_checks_cannot_make_a_wrong_answer_pass() {
    let (pack, solved) = flyer_pack();
    let wrong_code = |file: &str| file.replace("count()\n", "count() + 7\n");
    let tests_start = FLYER.find("#[cfg(test)]").unwrap();
    let section_start = FLYER.find("#[cfg(check_moved)]").unwrap();
    // Tests deleted: the pack's come back, and they fail.
    pack.write("exercises/ch/flyer.rs", &wrong_code(&solved[..solved.find("#[cfg(test)]").unwrap()]));
    pack.tutor(&["run"])
        .failure()
        .stdout_has("`mod tests` is missing from your file: it was graded with the pack's version.")
        .stdout_has("`tutor reset flyer --checks`")
        .stdout_has("left: 9");
    // Tests switched off or rewritten to pass: graded with the pack's.
    let disabled = wrong_code(&solved).replace("#[cfg(test)]", "#[cfg(all(test, any()))]");
    pack.write("exercises/ch/flyer.rs", &disabled);
    pack.tutor(&["run"]).failure().stdout_has("`mod tests` (line 17) differs from the pack's").stdout_has("left: 9");
    let rewritten = wrong_code(&solved).replace("assert_eq!(words(\"two words\"), 2);", "");
    pack.write("exercises/ch/flyer.rs", &rewritten);
    pack.tutor(&["run"]).failure().stdout_has("left: 9");
    // `tutor reset --checks` puts the pack's checks back and keeps the learner's code.
    pack.write("exercises/ch/flyer.rs", &disabled);
    pack.tutor(&["reset", "flyer", "--checks"]).success().stdout_has("your code is unchanged");
    let restored = pack.read("exercises/ch/flyer.rs");
    assert!(restored.contains("count() + 7") && restored.contains("\n#[cfg(test)]\nmod tests"), "{restored}");
    assert_eq!(&restored[tests_start..section_start], &FLYER[tests_start..section_start]);
    pack.tutor(&["reset", "flyer", "--checks"]).success().stdout_has("already has the pack's checks");
    // A section of the learner's own, under the lesson's cfg name, is left out: only the pack's section counts.
    let fake = solved.replace(
        "fn stamp(mut passport: Passport, country: &str) -> Passport {",
        "#[cfg(check_moved)]\nfn fake() { let s = String::new(); drop(s); drop(s); }\n\nfn stamp(mut passport: Passport, country: &str) -> Passport {",
    );
    pack.write("exercises/ch/flyer.rs", &fake);
    pack.tutor(&["run"]).success().stdout_has("Your `fn fake` (line 6) is not part of the pack's checks");
}

#[test]
fn a_run_that_ends_before_every_test_passed_is_not_a_pass() {
    let (pack, solved) = flyer_pack();
    pack.write("exercises/ch/flyer.rs", &solved.replace("text.split_whitespace().count()", "std::process::exit(0)"));
    pack.tutor(&["run"])
        .failure()
        .stdout_has("never reported a pass")
        .stdout_has("`tests::counts_words`")
        .stdout_has("std::process::exit");
}

#[test]
fn forbidden_methods_are_refused_in_the_learners_code_however_written_and_only_there() {
    let (pack, solved) = flyer_pack();
    let with_main = |main: &str| solved.replace("fn main() {}", main);
    for (main, line) in [
        ("fn main() {\n    let p = Passport { stamps: Vec::new() };\n    let q = p.clone();\n    drop((p, q));\n}", 17),
        ("fn main() {\n    let p = Passport { stamps: Vec::new() };\n    drop(Clone::clone(&p));\n}", 17),
        (
            "#[allow(clippy::all)]\nfn main() {\n    let p = Passport { stamps: Vec::new() };\n    drop(p.clone());\n}",
            18,
        ),
    ] {
        pack.write("exercises/ch/flyer.rs", &with_main(main));
        pack.tutor(&["run"])
            .failure()
            .stdout_has(&format!("line {line}: This exercise does not allow the function `std::clone::Clone::clone`"))
            .stdout_has("Hand the passport over instead of copying it.");
    }
    pack.write("exercises/ch/flyer.rs", &with_main("fn main() {\n    let _p: &'static str = \"x\";\n}"));
    pack.tutor(&["run"]).failure().stdout_has("does not allow `'static` here");
    // `#[derive(Clone)]` and the tests' own `.clone()` are not the learner's copies.
    pack.write("exercises/ch/flyer.rs", &solved);
    pack.tutor(&["run"]).success();
}

#[test]
fn kept_signatures_and_the_tutors_cfg_names_are_enforced() {
    let (pack, solved) = flyer_pack();
    // Renaming or rebinding a parameter is the body's business; its type is the signature's.
    let rebound = solved.replace(
        "fn stamp(mut passport: Passport, country: &str) -> Passport {",
        "fn stamp(p: Passport, country: &str) -> Passport {\n    let mut passport = p;",
    );
    pack.write("exercises/ch/flyer.rs", &rebound);
    pack.tutor(&["run", "flyer"]).success();
    let generic = solved.replace(
        "fn stamp(mut passport: Passport, country: &str) -> Passport {\n    passport.stamps.push(country.to_owned());",
        "fn stamp(mut passport: Passport, country: impl AsRef<str>) -> Passport {\n    passport.stamps.push(country.as_ref().to_owned());",
    );
    assert_ne!(generic, solved);
    pack.write("exercises/ch/flyer.rs", &generic);
    pack.tutor(&["run", "flyer"])
        .failure()
        .stdout_has("You changed the signature of `stamp`")
        .stdout_has("`fn stamp(mut passport: Passport, country: &str) -> Passport`");
    let cheat = solved.replace("text.split_whitespace().count()", "if cfg!(test) { 2 } else { text.len() }");
    pack.write("exercises/ch/flyer.rs", &cheat);
    pack.tutor(&["run", "flyer"])
        .failure()
        .stdout_has("`cfg!(test)` makes the tests see other code than your program runs");
    let nested = solved.replace(
        "text.split_whitespace().count()",
        "#[cfg(not(check_moved))]\n    let n = text.split_whitespace().count();\n    n",
    );
    pack.write("exercises/ch/flyer.rs", &nested);
    pack.tutor(&["run", "flyer"]).failure().stdout_has("`#[cfg(not(check_moved))]` makes the tests see other code");
}

#[test]
fn required_lints_cannot_be_allowed_away_and_unsafe_stays_out() {
    let mut pack = Pack::new();
    pack.info_key("forbid_unsafe = true");
    let shipped =
        "fn first(v: &[u32]) -> u32 {\n    return v[0];\n}\nfn main() {\n    assert_eq!(first(&[3]), 3);\n}\n";
    let solved = shipped.replace("return v[0];", "v[0]");
    pack.exercise("strict", "test = false\nstrict_clippy = true", shipped, &solved);
    pack.tutor(&["run"]).failure().stdout_has("clippy::needless_return");
    pack.write("exercises/ch/strict.rs", &format!("#![allow(clippy::all)]\n{shipped}"));
    pack.tutor(&["run"])
        .failure()
        .stdout_has("`#![allow(clippy::all)]` (line 1) was set aside")
        .stdout_has("clippy::needless_return");
    pack.write("exercises/ch/strict.rs", &solved.replace("v[0]", "unsafe { *v.get_unchecked(0) }"));
    pack.tutor(&["run"]).failure().stdout_has("unsafe_code");
    pack.write("exercises/ch/strict.rs", &solved);
    pack.tutor(&["run"]).success();
}

#[test]
fn std_synchronisation_in_the_loom_build_is_refused_because_loom_cannot_see_it() {
    let mut pack = loom_pack();
    let right = COUNTER.replace(
        "let seen = counter.load(Ordering::Relaxed);\n    counter.store(seen + 1, Ordering::Relaxed);",
        "counter.fetch_add(1, Ordering::Relaxed);",
    );
    pack.exercise("counter", "loom = true", COUNTER, &right);
    let env = [("CARGO_TARGET_DIR", shared_target())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // Racy, with std's atomics in both builds: loom would run it unmodelled and pass it on most runs.
    let blind = COUNTER.replace(
        "#[cfg(loom)]\nuse loom::{sync::Arc, sync::atomic::{AtomicUsize, Ordering}, thread};\n#[cfg(not(loom))]\n",
        "",
    );
    pack.write("exercises/ch/counter.rs", &blind);
    pack.tutor_env(&["run", "counter"], &env)
        .failure()
        .stdout_has("does not allow the type `std::sync::atomic::AtomicUsize`")
        .stdout_has("loom cannot see");
    // tokio's locks are as invisible to loom as std's.
    let tokio_lock = COUNTER.replace(
        "let seen = counter.load(Ordering::Relaxed);",
        "let lock = tokio::sync::Mutex::new(());\n    let _held = lock.blocking_lock();\n    let seen = counter.load(Ordering::Relaxed);",
    );
    pack.write("exercises/ch/counter.rs", &tokio_lock);
    pack.tutor_env(&["run", "counter"], &env)
        .failure()
        .stdout_has("does not allow the type `tokio::sync::Mutex`")
        .stdout_has("loom cannot see");
    pack.write("exercises/ch/counter.rs", &right);
    pack.tutor_env(&["run", "counter"], &env).success();
}

#[test]
fn grading_writes_nothing_into_the_pack() {
    let mut pack = Pack::new();
    // A type error whose type is too long to print: rustc writes it to a `*.long-type-*.txt` file.
    let long = "fn main() {\n    let x: () = std::iter::repeat(1u8)".to_owned() + &".map(|v| v)".repeat(40) + ";\n}\n";
    pack.exercise("long", "test = false", &long, "fn main() {}\n");
    pack.tutor(&["run"]).failure().stdout_has("E0308");
    let mut files: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(pack.root()).unwrap() {
        files.push(entry.unwrap().file_name().to_string_lossy().into_owned());
    }
    files.sort();
    assert_eq!(files, [".tutor", "Cargo.toml", "exercises", "info.toml", "solutions", "target"], "{files:?}");
}

/// Graded as rustlings grades: it builds, its tests pass, Clippy passes at its default levels, and its program runs.
#[test]
fn a_default_deny_clippy_lint_and_a_failing_main_fail_as_rustlings_says() {
    let mut pack = Pack::new();
    let pi = "fn area(r: f64) -> f64 {\n    3.14 * r * r\n}\nfn main() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn unit_circle() {\n        assert!(area(1.0) > 3.0);\n    }\n}\n";
    let solved = pi.replace("3.14 * r * r", "std::f64::consts::PI * r * r");
    pack.exercise("circle", "", pi, &solved);
    pack.tutor(&["run"]).failure().stdout_has("clippy::approx_constant").stdout_has("Clippy objects");
    // The tests pass, but the program itself must run too.
    pack.write("exercises/ch/circle.rs", &solved.replace("fn main() {}", "fn main() {\n    todo!()\n}"));
    pack.tutor(&["run"]).failure().stdout_has("The tests pass, but the program itself (`main`) stopped with exit code");
    pack.write("exercises/ch/circle.rs", &solved);
    pack.tutor(&["run"]).success();
}

/// rustlings' own pack has the learner complete code inside the tests, and allows `dead_code` in its `[lints]`: a pack
/// in rustlings' format is graded as it is, as rustlings grades it.
#[test]
fn a_rustlings_pack_grades_the_learners_tests_and_honours_its_lints() {
    let mut pack = Pack::new();
    pack.rustlings_format();
    pack.write(
        "Cargo.toml",
        "[package]\nname = \"exercises\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[lints.rust]\ndead_code = \"allow\"\n",
    );
    let shipped = "struct Point {\n    x: u64,\n    y: u64,\n}\nfn main() {}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn slice() {\n        let a = [1, 2, 3, 4, 5];\n        // TODO: take the middle three.\n        let middle = ???;\n        assert_eq!([2, 3, 4], middle);\n    }\n}\n";
    let solved = shipped.replace("???", "&a[1..4]");
    pack.exercise("slices", "", shipped, &solved);
    pack.tutor(&["dev", "update"]).success();
    pack.tutor(&["run", "slices"]).failure().stdout_has("does not compile");
    pack.write("exercises/ch/slices.rs", &solved);
    // The unread fields of `Point` are allowed by the pack's lints, even where every warning counts (dev check).
    pack.tutor(&["run", "slices"]).success();
    pack.write("exercises/ch/slices.rs", shipped);
    pack.tutor(&["dev", "check"]).success().stdout_has("dev check passed");
}

#[test]
fn exercise_names_may_start_with_a_digit_and_errors_in_macros_point_at_the_learners_line() {
    let mut pack = Pack::new();
    let shipped = "fn main() {\n    let n: u8 = 300;\n    assert_eq!(n, 44u16);\n}\n";
    pack.exercise("1_integer_types", "test = false", shipped, "fn main() {}\n");
    let ran = pack.tutor(&["run"]).failure();
    // The mismatched types inside `assert_eq!` are reported at the call in the exercise, not in core's macro.
    let verdict = ran.stdout.lines().find(|l| l.contains("the first error is")).unwrap_or_default();
    assert!(verdict.contains("exercises/ch/1_integer_types.rs:"), "{}", ran.stdout);
    assert!(!verdict.contains("library/core"), "{}", ran.stdout);
}

#[test]
fn a_pack_library_and_dev_dependencies_are_passed_as_cargo_passes_them() {
    let mut pack = loom_pack();
    pack.write(
        "Cargo.toml",
        "[package]\nname = \"exercises\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dev-dependencies]\nloom = \"0.7\"\n\n[[bin]]\nname = \"prepare\"\npath = \"prepare.rs\"\n",
    );
    pack.write("src/lib.rs", "/// A helper every exercise of the pack may use.\npub fn greeting(name: &str) -> String {\n    format!(\"hello, {name}\")\n}\n");
    let shipped = "fn greet() -> String {\n    exercises::greeting(\"ana\")\n}\nfn main() {}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn greets() {\n        assert_eq!(super::greet(), \"hello, bob\");\n        let _ = loom::MAX_THREADS;\n    }\n}\n";
    pack.exercise("greet", "", shipped, &shipped.replace("\"ana\"", "\"bob\""));
    let env = [("CARGO_TARGET_DIR", shared_target())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    pack.tutor_env(&["run"], &env).failure().stdout_has("hello, ana");
    pack.write("exercises/ch/greet.rs", &shipped.replace("\"ana\"", "\"bob\""));
    pack.tutor_env(&["run"], &env).success();
}

/// A pack whose exercises import from the pack's `std_or_loom` crate (copied from the bundled pack), so that a failing
/// loom model comes with the timeline of the interleaving that broke it.
fn timeline_pack() -> Pack {
    let pack = loom_pack();
    pack.write(
        "Cargo.toml",
        "[package]\nname = \"exercises\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nloom = \"0.7\"\nstd_or_loom = { path = \"std_or_loom\" }\n\n[[bin]]\nname = \"prepare\"\npath = \"prepare.rs\"\n",
    );
    let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises/std_or_loom");
    for file in
        ["Cargo.toml", "src/lib.rs", "src/cell.rs", "src/dump.rs", "src/hint.rs", "src/peek.rs", "src/record.rs"]
    {
        pack.write(&format!("std_or_loom/{file}"), &std::fs::read_to_string(shim.join(file)).unwrap());
    }
    for dir in ["src/sync", "src/thread"] {
        let Ok(entries) = std::fs::read_dir(shim.join(dir)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            pack.write(&format!("std_or_loom/{dir}/{name}"), &std::fs::read_to_string(&path).unwrap());
        }
    }
    pack
}

/// What `tutor run` shows for a failing model, rendered without colour.
fn timeline_of(pack: &mut Pack, fixture: &str) -> String {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/testdata/timeline/{fixture}.rs")),
    )
    .unwrap();
    pack.exercise(fixture, "loom = true", &source, &source);
    let env = [("CARGO_TARGET_DIR", shared_target())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    pack.tutor_env(&["run", fixture], &env).failure().stdout
}

#[test]
fn a_failing_loom_model_shows_the_interleaving_that_broke_it() {
    let mut pack = timeline_pack();
    // Each bug class, and what its verdict must name: the steps of the interleaving and the conclusion drawn from it.
    let expected: [(&str, &[&str]); 8] = [
        (
            "lost_update",
            &[
                "load `next_seat` -> 7",
                "store `next_seat` = 8",
                "two buyers got seat 7",
                "Your lines in this interleaving:",
            ],
        ),
        ("check_then_act", &["(leaves -60)"]),
        ("cas_gives_up", &["compare_exchange(0, 1) on `sold`: failed, saw 1"]),
        ("stale_read", &["Why: main saw `ready == true` (line 23) but then read `reading == 0`"]),
        (
            "lock_order",
            &[
                "Deadlock: main holds `cents #2` (line 22) and waits for `cents #1` (line 23)",
                "threads wait for locks that others hold: take locks in one fixed order",
            ],
        ),
        // A hang on a channel is worded by its cause, not as a lock-order deadlock.
        ("channel_never_closed", &["a thread waits for a message that never comes", "drop the Senders that are done"]),
        ("lost_wakeup", &["the `notify_one` at line 19 (main) came before it began to wait"]),
        ("cell_race", &["Data race on `next`: thread 1 writes it (line 19)"]),
    ];
    for (fixture, needles) in expected {
        let shown = timeline_of(&mut pack, fixture);
        for needle in needles {
            assert!(shown.contains(needle), "{fixture}: expected {needle:?} in\n{shown}");
        }
        // loom's own panic text is noise to a learner: only `--verbose` shows it.
        assert!(!shown.contains("RUST_BACKTRACE"), "{fixture}: loom's raw output shown\n{shown}");
    }
}

const SHELF_LIB: &str = "//! A shelf of books, in a package of its own.\npub mod store;\npub use store::Shelf;\n\n#[cfg(test)]\nmod tests;\n";
const SHELF_STORE: &str = "#[derive(Default)]\npub struct Shelf {\n    books: Vec<String>,\n}\n\nimpl Shelf {\n    pub fn new() -> Shelf {\n        Shelf { books: Vec::new() }\n    }\n\n    pub fn add(&mut self, title: &str) {\n        self.books.push(title.to_owned());\n    }\n\n    // Fix me: the shelf counts one book too many.\n    pub fn count(&self) -> usize {\n        self.books.len() + 1\n    }\n}\n";
const SHELF_TESTS: &str = "use super::*;\n\n#[test]\nfn counts_the_books_on_the_shelf() {\n    let mut shelf = Shelf::new();\n    shelf.add(\"Dune\");\n    shelf.add(\"Emma\");\n    assert_eq!(shelf.count(), 2);\n}\n";

/// A project exercise: a package of several files whose `src/tests.rs` is the pack's.
fn shelf_pack() -> Pack {
    let mut pack = Pack::new();
    pack.exercise(
        "shelf",
        "project = true\n[[exercises.forbidden]]\nmethod = \"std::clone::Clone::clone\"\nwhy = \"Count the books you have, not a copy.\"\n[[exercises.keep]]\nitem = \"Shelf::new\"\npart = \"signature\"\nwhy = \"The tests make a shelf with `Shelf::new()`.\"\n",
        "",
        "",
    );
    std::fs::remove_file(pack.path("exercises/ch/shelf.rs")).unwrap();
    std::fs::remove_file(pack.path("solutions/ch/shelf.rs")).unwrap();
    let manifest = "[package]\nname = \"shelf\"\nversion = \"0.0.0\"\nedition = \"2024\"\n";
    for folder in ["exercises", "solutions"] {
        pack.write(&format!("{folder}/ch/shelf/Cargo.toml"), manifest);
        pack.write(&format!("{folder}/ch/shelf/src/lib.rs"), SHELF_LIB);
        pack.write(&format!("{folder}/ch/shelf/src/tests.rs"), SHELF_TESTS);
    }
    pack.write("exercises/ch/shelf/src/store.rs", SHELF_STORE);
    pack.write("solutions/ch/shelf/src/store.rs", &SHELF_STORE.replace("self.books.len() + 1", "self.books.len()"));
    pack
}

#[test]
fn a_project_exercise_is_graded_across_its_files_with_the_packs_tests() {
    let pack = shelf_pack();
    let store = "exercises/ch/shelf/src/store.rs";
    pack.tutor(&["run", "shelf"]).failure().stdout_has("left: 3").stdout_has("counts_the_books_on_the_shelf");
    pack.tutor(&["dev", "check"]).success();
    // The learner's own test file is not graded: the pack's is, even when theirs is rewritten, deleted or unplugged.
    pack.write("exercises/ch/shelf/src/tests.rs", "#[test]\nfn fine() {}\n");
    pack.tutor(&["run", "shelf"])
        .failure()
        .stdout_has("left: 3")
        .stdout_has("src/tests.rs: this file of tests differs from the pack's");
    std::fs::remove_file(pack.path("exercises/ch/shelf/src/tests.rs")).unwrap();
    pack.tutor(&["run", "shelf"]).failure().stdout_has("left: 3");
    pack.write("exercises/ch/shelf/src/lib.rs", &SHELF_LIB.replace("#[cfg(test)]\nmod tests;\n", ""));
    pack.tutor(&["run", "shelf"]).failure().stdout_has("left: 3");
    // `reset --checks` writes the pack's test file and module back, and keeps the learner's code.
    pack.write(store, &SHELF_STORE.replace("+ 1", "+ 2"));
    pack.tutor(&["reset", "shelf", "--checks"]).success();
    assert_eq!(pack.read("exercises/ch/shelf/src/tests.rs"), SHELF_TESTS);
    assert_eq!(pack.read("exercises/ch/shelf/src/lib.rs"), SHELF_LIB);
    assert!(pack.read(store).contains("+ 2"));
    // A rule is enforced in every file of the project, and the message names the file.
    pack.write(store, &SHELF_STORE.replace("self.books.len() + 1", "self.books.clone().len()"));
    pack.tutor(&["run", "shelf"])
        .failure()
        .stdout_has("exercises/ch/shelf/src/store.rs:17")
        .stdout_has("std::clone::Clone::clone");
    // A module of the learner's own is compiled from its file, and a deleted one is gone from the grading too.
    pack.write(store, &SHELF_STORE.replace("self.books.len() + 1", "crate::tally::tally(&self.books)"));
    pack.write("exercises/ch/shelf/src/lib.rs", &SHELF_LIB.replace("pub mod store;", "pub mod store;\nmod tally;"));
    pack.write("exercises/ch/shelf/src/tally.rs", "pub fn tally(books: &[String]) -> usize {\n    books.len()\n}\n");
    pack.tutor(&["run", "shelf"]).success();
    std::fs::remove_file(pack.path("exercises/ch/shelf/src/tally.rs")).unwrap();
    pack.tutor(&["run", "shelf"]).failure().stdout_has("E0583");
    // `reset` puts the whole package back as shipped and keeps the learner's in a backup folder.
    let reset = pack.tutor(&["reset", "shelf"]).success();
    assert_eq!(pack.read(store), SHELF_STORE);
    assert_eq!(pack.read("exercises/ch/shelf/src/lib.rs"), SHELF_LIB);
    // The backup the reset names (an earlier `reset --checks` made one too).
    let named = reset.stdout.split('`').find(|p| p.starts_with(".tutor/backups/")).expect("the backup named");
    let folder = pack.path(named);
    assert!(folder.is_dir(), "{}", reset.stdout);
    assert!(std::fs::read_to_string(folder.join("src/store.rs")).unwrap().contains("crate::tally::tally"));
    assert!(std::fs::read_to_string(folder.join("src/lib.rs")).unwrap().contains("mod tally;"));
    // A kept item is owed by its file even when the learner deletes that file and writes the code elsewhere.
    let inline = SHELF_LIB.replace(
        "pub mod store;\npub use store::Shelf;\n",
        &SHELF_STORE.replace("pub fn new() -> Shelf", "pub fn new() -> Self"),
    );
    pack.write("exercises/ch/shelf/src/lib.rs", &inline);
    std::fs::remove_file(pack.path(store)).unwrap();
    pack.tutor(&["run", "shelf"])
        .failure()
        .stdout_has("exercises/ch/shelf/src/store.rs")
        .stdout_has("`Shelf::new` is missing");
    pack.tutor(&["reset", "shelf"]).success();
    // `tutor dev grade` grades a folder that holds a package as a project's answer, and says what it needs otherwise.
    pack.tutor(&["dev", "grade", "shelf", "solutions/ch/shelf"]).success().stdout_has("passed 1 of 1 runs");
    pack.tutor(&["dev", "grade", "shelf", "solutions/ch/shelf/src/lib.rs"])
        .failure()
        .stderr_has("is not a package folder");
    // A project may depend only on what the exercises' package gives it; dev check names every other dependency.
    let needs_more = "[package]\nname = \"shelf\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nrand = \"0.8\"\n\n[dev-dependencies]\nloom = \"0.7\"\n";
    pack.write("exercises/ch/shelf/Cargo.toml", needs_more);
    pack.tutor(&["dev", "check"]).failure().stdout_has("depends on `loom`, `rand`, which the exercises' package");
}
