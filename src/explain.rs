//! What a failed verdict means, in words: the one paragraph under every failure that says what happened and what to
//! look at. The view shows it; diagnostic hints match their patterns against it ("deadlock"), and `dev check` quotes
//! it, so it is written here once, as plain text, for all three.

use std::fmt::Write as _;
use std::time::Duration;

use crate::process::Hang;
use crate::verdict::{Failure, LoomProblem, Verdict, Wait};

fn seconds(limit: Duration) -> String {
    let secs = limit.as_secs_f64();
    if secs.fract() == 0.0 { format!("{secs:.0} s") } else { format!("{secs:.1} s") }
}

/// One paragraph that says what the failure means and what to look at.
pub fn explain(failure: &Failure, verdict: &Verdict) -> String {
    match failure {
        Failure::Compile => {
            let first = verdict.compiler.errors().next();
            let place =
                first.and_then(|d| d.location.as_ref()).map(|(file, line, col)| format!(" at {file}:{line}:{col}"));
            let code =
                first.and_then(|d| d.code.as_deref()).map(|c| format!(" ({c}; `rustc --explain {c}` tells more)"));
            match (place, code) {
                (None, None) => "It does not compile yet. Read the compiler's message above, top to bottom.".to_owned(),
                (place, code) => format!(
                    "It does not compile yet: the first error is{}{}. Read the compiler's message above, top to bottom.",
                    place.unwrap_or_default(),
                    code.unwrap_or_default()
                ),
            }
        }
        Failure::Clippy { lints } => {
            let mut named: Vec<&str> = lints.iter().map(String::as_str).collect();
            named.dedup();
            let named = named.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ");
            format!(
                "It compiles, but Clippy objects ({named}), and this exercise asks for code that Clippy accepts. Its \
                 message says what to change."
            )
        }
        Failure::Rules(violations) => {
            let mut text = if violations.len() == 1 {
                "It compiles, but it breaks a rule of this exercise:".to_owned()
            } else {
                format!("It compiles, but it breaks {} rules of this exercise:", violations.len())
            };
            for violation in violations {
                let place = match &violation.file {
                    Some(file) => format!("{file}:{}", violation.line),
                    None => format!("line {}", violation.line),
                };
                let _ = write!(text, "\n  {place}: {}", violation.message);
            }
            text
        }
        Failure::Unreadable { message, line, column } => format!(
            "The compiler accepts the file, but the tutor cannot read it as Rust at line {line}, column {column} \
             ({message}), so it cannot tell the pack's tests from your code, and a file it cannot check does not \
             pass. This usually means syntax newer than the tutor knows: write that part another way."
        ),
        Failure::Incomplete { missing, loom } => {
            let names = missing.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            let (what, them) = match (missing.len(), loom) {
                (1, false) => (format!("the test {names}"), "it"),
                (_, false) => (format!("the tests {names}"), "they"),
                (1, true) => (format!("the loom model {names}"), "it"),
                (_, true) => (format!("the loom models {names}"), "they"),
            };
            format!(
                "The program ended with success, but {what} never reported a pass: the run stopped before {them} \
                 finished. Does your code end the program itself (`std::process::exit`, `abort`)? The tests must \
                 run to their end."
            )
        }
        Failure::Tests { message } => match message {
            Some(message) => format!("A test failed: {message}"),
            None => "A test failed; its output is above.".to_owned(),
        },
        Failure::Exit { code, message, main } => {
            let which = if *main { "The tests pass, but the program itself (`main`)" } else { "The program" };
            match message {
                Some(message) => format!("{which} stopped with exit code {code}: {message}"),
                None => format!("{which} stopped with exit code {code}; it must finish with success (exit code 0)."),
            }
        }
        Failure::OutOfMemory { limit_mib } => format!(
            "The program used more than {limit_mib} MiB of memory and was stopped: an allocation failed. Look for a \
             collection that grows without end (a loop that pushes and never stops), or a value copied over and \
             over."
        ),
        Failure::Signal { signal, loom } => {
            let name = nix::sys::signal::Signal::try_from(*signal)
                .map(|s| s.as_str().to_owned())
                .unwrap_or_else(|_| format!("signal {signal}"));
            if *loom {
                format!(
                    "A loom model crashed ({name}). loom aborts when a thread panics while another panic is unwinding, \
                     which usually follows a deadlock or a broken invariant found in some interleaving: look at the \
                     output above for the first panic."
                )
            } else {
                format!(
                    "The program crashed ({name}). A panic while panicking aborts; so does a failed allocation or stack overflow."
                )
            }
        }
        Failure::TimedOut { limit, hang, loom, unfinished } => {
            let limit = seconds(*limit);
            let names = unfinished.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            let which = match (unfinished.len(), *loom) {
                (0, _) => "The program".to_owned(),
                (1, true) => format!("The loom model {names}"),
                (1, false) => format!("The test {names}"),
                (_, _) => format!("The tests {names}"),
            };
            if *loom {
                format!(
                    "{which} did not finish within {limit}. loom explores the model's interleavings: keep it to two \
                     threads and a few operations, and make sure no thread spins forever waiting for another."
                )
            } else {
                match hang {
                    Hang::Busy => format!(
                        "{which} did not finish within {limit} and was stopped. It kept the processor busy the whole \
                         time, so it is most likely stuck in an endless loop: check each loop's exit condition."
                    ),
                    Hang::Blocked => format!(
                        "{which} did not finish within {limit} and was stopped. Its threads were asleep, waiting, so \
                         this is most likely a deadlock: check the order in which locks are taken (always the same \
                         order), a lock taken twice by one thread, a condition variable nobody notifies, or a channel \
                         whose last Sender is never dropped."
                    ),
                }
            }
        }
        Failure::ShouldNotCompile { cfg, expected, why } => {
            let why = why.as_deref().map(|w| format!(" {w}")).unwrap_or_default();
            format!(
                "The code under `#[cfg({cfg})]` compiles, but this lesson needs it to be rejected by the compiler with \
                 {expected}.{why} Change your code (not that section) so that the compiler refuses it."
            )
        }
        Failure::WrongError { cfg, expected, got } => format!(
            "The code under `#[cfg({cfg})]` is rejected, as it should be, but not for the reason this lesson is about: \
             expected {expected}, got: {}.",
            got.join("; ")
        ),
        Failure::Loom { test, problem, schedule } => match problem {
            LoomProblem::Deadlock => deadlock(test, schedule.as_ref().map(|s| s.waits.as_slice()).unwrap_or_default()),
            LoomProblem::DataRace(line) => format!(
                "loom found two threads of `{test}` touching the same memory with nothing ordering the accesses: a data \
                 race ({line}). Protect the data with a lock, or publish it with Release/Acquire."
            ),
            LoomProblem::Assertion(Some(message)) => {
                format!(
                    "loom found an interleaving of `{test}` that breaks it, so a lucky run would hide the bug: {message}"
                )
            }
            LoomProblem::Assertion(None) => {
                format!("loom found an interleaving of `{test}` that breaks it; the output above shows the panic.")
            }
            LoomProblem::TooManyBranches { may_spin: true } => format!(
                "loom could not finish exploring `{test}`: the model has too many branches, which usually means a \
                 thread spins waiting for another. Call `hint::spin_loop()` or `thread::yield_now()` (from the crate \
                 the exercise imports its threads and atomics from) in the waiting loop, or keep the model smaller."
            ),
            LoomProblem::TooManyBranches { may_spin: false } => format!(
                "loom could not finish exploring `{test}`: the model has too many branches, which usually means a \
                 thread loops, checking again and again, while it waits for another. This exercise wants the thread \
                 to block until it is woken instead (a condition variable's `wait`, a channel's `recv`, a `join`), \
                 not to spin or poll."
            ),
        },
    }
}

/// A deadlock in words, by what the blocked threads wait for (as the timeline found it), with what fixes each cause.
fn deadlock(test: &str, waits: &[Wait]) -> String {
    let start = format!("loom found an interleaving of `{test}` in which every thread is blocked and none can go on");
    if waits.is_empty() {
        return format!(
            "{start}: a deadlock. Look for locks taken in different orders or twice by one thread, a condition \
             variable nobody notifies, or a channel whose last Sender is never dropped."
        );
    }
    let causes: Vec<&str> = waits
        .iter()
        .map(|wait| match wait {
            Wait::Lock => {
                "threads wait for locks that others hold: take locks in one fixed order, or hold one at a time"
            }
            Wait::Condvar => {
                "a thread waits on a condition variable that is never notified: notify after changing the state, and \
                 wait in a loop that checks it"
            }
            Wait::Receive => {
                "a thread waits for a message that never comes: a receive ends when a message arrives or when every \
                 Sender is dropped, so drop the Senders that are done"
            }
            Wait::Send => "a thread waits for room on a full channel that nobody receives from",
            Wait::Join => "a thread waits to join a thread that never finishes",
            Wait::Barrier => "threads wait at a barrier for threads that never arrive",
        })
        .collect();
    format!("{start}: {}.", causes.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Outcome;
    use crate::verdict::Schedule;

    fn loom(problem: LoomProblem, waits: Vec<Wait>) -> (Failure, Verdict) {
        let schedule = Some(Schedule { rendered: String::new(), lines: Vec::new(), waits });
        let failure = Failure::Loom { test: "tests::model".into(), problem, schedule };
        (failure.clone(), Verdict::bare(Outcome::Failed(failure)))
    }

    #[test]
    fn a_spin_loop_verdict_never_suggests_what_the_exercise_forbids() {
        let (failure, verdict) = loom(LoomProblem::TooManyBranches { may_spin: true }, Vec::new());
        assert!(explain(&failure, &verdict).contains("hint::spin_loop()"));
        let (failure, verdict) = loom(LoomProblem::TooManyBranches { may_spin: false }, Vec::new());
        let text = explain(&failure, &verdict);
        assert!(!text.contains("spin_loop") && !text.contains("yield_now"), "{text}");
        assert!(text.contains("block until it is woken"), "{text}");
    }

    #[test]
    fn a_deadlock_is_explained_by_what_the_threads_wait_for() {
        let (failure, verdict) = loom(LoomProblem::Deadlock, vec![Wait::Join, Wait::Barrier]);
        let text = explain(&failure, &verdict);
        assert!(text.contains("waits to join") && text.contains("at a barrier"), "{text}");
        assert!(!text.contains("locks"), "{text}");
    }
}
