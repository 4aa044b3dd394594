//! What the watch path costs: `cargo bench --bench watch` prints, from one run,
//! 1. the time from saving an exercise to its verdict on the screen of `tutor watch` (running in a real
//!    pseudo-terminal), against the time of `tutor run` on the same file in a twin pack (so that the watcher does not
//!    see those saves), and against the floor (the same file compiled by `rustc --test` and run): medians of
//!    interleaved rounds, and the differences. Target: the verdict on screen within the floor + 10 ms.
//!    Also the watch's own share: save -> screen minus the grading time that the screen reports for that check.
//! 2. the processor time an idle watcher uses over 30 s, from `/proc/PID/stat`, with change events and with
//!    `--poll`. Target: under 0.5 % with change events.
//!
//! Every round saves a new version of the file, so neither side replays a cached compile.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::Pack;
use support::pty::{TUTOR, Term, cpu_ticks, save};

const ROUNDS: usize = 15;
const IDLE: Duration = Duration::from_secs(30);
const OVERHEAD_TARGET_MS: f64 = 10.0;
const IDLE_TARGET_PERCENT: f64 = 0.5;

/// A test exercise of the usual size whose test fails with a message that names the round. The round's name is in the
/// learner's code, not in the tests: the tests are the pack's, and a changed test would be graded as shipped.
fn exercise(marker: &str) -> String {
    format!(
        r#"// A small exercise of the usual size: a type, two functions, three tests.
#[derive(Debug, Clone, PartialEq)]
struct Ticket {{
    id: u32,
    seats: Vec<String>,
}}

fn book(ticket: &mut Ticket, seat: &str) -> bool {{
    if ticket.seats.iter().any(|s| s == seat) {{
        return false;
    }}
    ticket.seats.push(seat.to_owned());
    true
}}

fn total(tickets: &[Ticket]) -> usize {{
    tickets.iter().map(|t| t.seats.len()).sum()
}}

const ROUND: &str = "{marker}";

fn main() {{}}

#[cfg(test)]
mod tests {{
    use super::*;

    #[test]
    fn books_a_free_seat() {{
        let mut ticket = Ticket {{ id: 1, seats: vec![] }};
        assert!(book(&mut ticket, "12A"));
        assert_eq!(ticket.seats, ["12A"]);
    }}

    #[test]
    fn refuses_a_taken_seat() {{
        let mut ticket = Ticket {{ id: 2, seats: vec!["3C".to_owned()] }};
        assert!(!book(&mut ticket, "3C"));
    }}

    #[test]
    fn counts_every_seat() {{
        let tickets = [Ticket {{ id: 1, seats: vec!["1A".into()] }}, Ticket {{ id: 2, seats: vec!["1B".into()] }}];
        assert_eq!(total(&tickets), 3, "not done yet [{{}}]", ROUND);
    }}
}}
"#
    )
}

fn twin_pack() -> Pack {
    let mut pack = Pack::new();
    pack.exercise("tickets", "hint = \"Count again.\"", &exercise("start"), &exercise("solution"));
    pack
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Save -> verdict on the watch screen, and the grading time the screen reports (`Check #N of `x` (T ms)`).
fn watch_round(term: &Term, file: &Path, round: usize) -> (f64, f64) {
    let marker = format!("w{round}");
    let saved = Instant::now();
    save(file, &exercise(&marker));
    let (screen, shown) = term.wait_for(&[&format!("[{marker}]"), "A test failed"]);
    let grading = screen
        .split("of `tickets` (")
        .nth(1)
        .and_then(|rest| rest.split(" ms)").next()?.parse::<f64>().ok())
        .expect("the check's heading reports its grading time");
    (ms(shown - saved), grading)
}

/// Save -> `tutor run` has printed its verdict and exited.
fn run_round(pack: &Pack, round: usize) -> f64 {
    let marker = format!("r{round}");
    save(&pack.file("tickets"), &exercise(&marker));
    let started = Instant::now();
    let output = Command::new(TUTOR)
        .arg("run")
        .current_dir(pack.root())
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .expect("run the tutor");
    let elapsed = ms(started.elapsed());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(&format!("[{marker}]")), "`tutor run` graded this round's file:\n{stdout}");
    elapsed
}

/// Save -> the floor: `rustc --test` of the same file, then its tests run (failing, as the exercise does).
fn floor_round(pack: &Pack, round: usize) -> f64 {
    let file = pack.file("tickets");
    save(&file, &exercise(&format!("f{round}")));
    let program = pack.path("floor-program");
    let started = Instant::now();
    let built = Command::new("rustc")
        .args(["--edition", "2024", "--test"])
        .arg(&file)
        .arg("-o")
        .arg(&program)
        .status()
        .expect("run rustc");
    assert!(built.success(), "the floor's compile failed");
    let ran = Command::new(&program).output().expect("run the floor's tests");
    assert!(String::from_utf8_lossy(&ran.stdout).contains(&format!("f{round}")), "the floor ran this round's file");
    ms(started.elapsed())
}

/// Processor time of an idle watcher over [`IDLE`], in percent of one core.
fn idle_cpu(args: &[&str]) -> f64 {
    let pack = twin_pack();
    let term = Term::tutor(pack.root(), args);
    term.wait_for(&["Check #1 of `tickets`", "A test failed"]);
    let pid = term.pid();
    let before = cpu_ticks(pid);
    std::thread::sleep(IDLE);
    let ticks = cpu_ticks(pid) - before;
    let hz = nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK).ok().flatten().map_or(100.0, |v| v as f64);
    ticks as f64 / hz / IDLE.as_secs_f64() * 100.0
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

/// A watch that reports to a classroom whose server is gone (nothing listens on port 9): its courier retries all the
/// time, the worst case for the learner's watch.
const CLASSROOM: &[&str] = &["watch", "--classroom", "http://127.0.0.1:9", "--join", "ABCD-EFGH", "--name", "bench"];

fn main() {
    let watched = twin_pack();
    let twin = twin_pack();
    let reporting = twin_pack();
    let term = Term::tutor(watched.root(), &["watch"]);
    term.wait_for(&["Check #1 of `tickets`", "A test failed"]);
    let classroom_term = Term::tutor(reporting.root(), CLASSROOM);
    classroom_term.wait_for(&["Check #1 of `tickets`", "A test failed", "classroom: "]);
    // One `tutor run` first so that both packs have their toolchain facts cached.
    run_round(&twin, 0);
    let floor_pack = twin_pack();
    floor_round(&floor_pack, 0);

    let file = watched.file("tickets");
    let (mut watch, mut run, mut own, mut classroom) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut floor = Vec::new();
    for round in 1..=ROUNDS {
        // Interleaved, alternating which goes first, so that a busy moment of the machine hits both alike.
        let run_first = !round.is_multiple_of(2);
        if run_first {
            run.push(run_round(&twin, round));
            floor.push(floor_round(&floor_pack, round));
        }
        let (total, grading) = watch_round(&term, &file, round);
        watch.push(total);
        own.push(total - grading);
        classroom.push(watch_round(&classroom_term, &reporting.file("tickets"), round).0);
        if !run_first {
            floor.push(floor_round(&floor_pack, round));
            run.push(run_round(&twin, round));
        }
    }
    let (watch_ms, run_ms, floor_ms) = (median(&mut watch), median(&mut run), median(&mut floor));
    let overhead = watch_ms - floor_ms;
    println!("{ROUNDS} rounds, medians:");
    println!(
        "  tutor watch: save -> verdict on screen   {watch_ms:8.1} ms  (min {:.1}, max {:.1})",
        watch[0],
        watch[ROUNDS - 1]
    );
    println!(
        "  tutor run:   same file, start to exit    {run_ms:8.1} ms  (min {:.1}, max {:.1})",
        run[0],
        run[ROUNDS - 1]
    );
    println!(
        "  floor: rustc --test + run, same file    {floor_ms:8.1} ms  (min {:.1}, max {:.1})",
        floor[0],
        floor[ROUNDS - 1]
    );
    println!("  the watch path against tutor run        {:8.1} ms", watch_ms - run_ms);
    println!(
        "  watch against the floor                 {overhead:8.1} ms  (target <= +{OVERHEAD_TARGET_MS} ms: {})",
        verdict(overhead <= OVERHEAD_TARGET_MS)
    );
    println!("  of which the watch itself (save -> screen minus its grading time): {:.1} ms", median(&mut own));
    let classroom_ms = median(&mut classroom);
    println!(
        "  tutor watch --classroom, server gone:    {classroom_ms:8.1} ms  ({:.2}x the plain watch; {} reports queued)",
        classroom_ms / watch_ms,
        std::fs::read_to_string(reporting.path(".tutor/classroom/outbox.jsonl")).map_or(0, |t| t.lines().count())
    );
    drop(term);
    drop(classroom_term);

    let events = idle_cpu(&["watch"]);
    println!(
        "Idle watcher over {} s, change events: {events:.3} % of a core  (target < {IDLE_TARGET_PERCENT} %: {})",
        IDLE.as_secs(),
        verdict(events < IDLE_TARGET_PERCENT)
    );
    let polling = idle_cpu(&["watch", "--poll"]);
    println!("Idle watcher over {} s, --poll:        {polling:.3} % of a core", IDLE.as_secs());
    let reporting = idle_cpu(CLASSROOM);
    println!("Idle watcher over {} s, --classroom with the server gone: {reporting:.3} % of a core", IDLE.as_secs());
}
