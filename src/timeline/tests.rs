//! Each failure kind, rendered from the dump that a real loom model wrote against the shim (the models are the
//! `.rs` files in src/testdata/timeline; `capture.sh` there rebuilds the `.jsonl` dumps).

use std::path::PathBuf;

use super::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> (Timeline, PathBuf) {
    let file = PathBuf::from(format!("src/testdata/timeline/{name}.rs"));
    let dump = root().join(format!("src/testdata/timeline/{name}.jsonl"));
    (read(&dump).unwrap().expect("a captured dump"), file)
}

/// The timeline without colour, each line with its runs of spaces squeezed (the columns' padding is not the point).
fn plain(name: &str) -> (String, Vec<String>) {
    let (timeline, file) = fixture(name);
    let out = render(&timeline, &file, &root(), false);
    let lines = out.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    (out, lines)
}

/// Asserts that `expected` lines appear in this order (others may come between).
#[track_caller]
fn assert_in_order(name: &str, expected: &[&str]) {
    let (out, lines) = plain(name);
    let mut from = 0;
    for want in expected {
        match lines[from..].iter().position(|line| line == want) {
            Some(found) => from += found + 1,
            None => panic!("`{want}` is missing (or out of order) in the timeline of {name}:\n{out}"),
        }
    }
}

#[test]
fn a_lost_update_shows_both_threads_reading_the_same_value() {
    assert_in_order(
        "lost_update",
        &[
            "The first interleaving loom tried fails (src/testdata/timeline/lost_update.rs):",
            "main lost_update.rs:34 spawn thread 1",
            "lost_update.rs:16 load `next_seat` -> 7 (SeqCst)",
            "thread 1 lost_update.rs:16 load `next_seat` -> 7 (SeqCst)",
            "main lost_update.rs:17 store `next_seat` = 8 (SeqCst)",
            "thread 1 lost_update.rs:17 store `next_seat` = 8 (SeqCst)",
            "main lost_update.rs:36 join thread 1",
            "✗ main panicked at lost_update.rs:37: assertion `left != right` failed: two buyers got seat 7",
            "left: 7",
            "right: 7",
            "Your lines in this interleaving:",
            "16 │ let seat = self.next_seat.load(Ordering::SeqCst);",
            "17 │ self.next_seat.store(seat + 1, Ordering::SeqCst);",
        ],
    );
    let (out, _) = plain("lost_update");
    assert!(!out.contains("older value"), "an order without stale loads tells a lost update:\n{out}");
    let (timeline, file) = fixture("lost_update");
    assert_eq!(timeline.problem(), Problem::Panic);
    assert_eq!(timeline.lines_involved(), [16, 17]);
    assert_eq!(
        timeline.lines_shown(&View {
            exercise_file: &file,
            root: &root(),
            learner_lines: None,
            source: None,
            color: false
        }),
        [16, 17]
    );
}

#[test]
fn a_check_then_act_shows_what_each_lock_saw_and_left() {
    assert_in_order(
        "check_then_act",
        &[
            "loom tried 1 interleaving that passes, then this one fails (src/testdata/timeline/check_then_act.rs):",
            "check_then_act.rs:16 lock `cents` (sees 100), unlock (leaves 100)",
            "thread 1 check_then_act.rs:16 lock `cents` (sees 100), unlock (leaves 100)",
            "check_then_act.rs:20 lock `cents` (sees 100), unlock (leaves 20)",
            "main check_then_act.rs:20 lock `cents` (sees 20), unlock (leaves -60)",
            "check_then_act.rs:43 join thread 1",
            "✗ main panicked at check_then_act.rs:44: both withdrawals of 80 went through: the balance is -60",
            "16 │ let balance = *self.cents.lock().unwrap();",
            "20 │ *self.cents.lock().unwrap() -= amount;",
        ],
    );
}

#[test]
fn a_compare_exchange_that_gives_up_shows_what_it_saw() {
    assert_in_order(
        "cas_gives_up",
        &[
            "cas_gives_up.rs:17 load `sold` -> 0 (Relaxed)",
            "thread 1 cas_gives_up.rs:17 load `sold` -> 0 (Relaxed)",
            "main cas_gives_up.rs:21 compare_exchange(0, 1) on `sold`: 0 -> 1 (AcqRel)",
            "thread 1 cas_gives_up.rs:21 compare_exchange(0, 1) on `sold`: failed, saw 1 (AcqRel)",
            "✗ main panicked at cas_gives_up.rs:40: two tickets were left, but a buyer was turned away",
        ],
    );
}

#[test]
fn a_relaxed_publish_reads_as_a_memory_ordering_bug_with_its_fix() {
    assert_in_order(
        "stale_read",
        &[
            "thread 1 stale_read.rs:17 store `reading` = 1234 (Relaxed)",
            "stale_read.rs:18 store `ready` = true (Relaxed)",
            "main stale_read.rs:23 load `ready` -> true (Relaxed)",
            "stale_read.rs:23 load `reading` -> 0 (Relaxed): an older value, thread 1 had stored 1234 at line 17",
            "✗ main panicked at stale_read.rs:41: assertion `left == right` failed: the flag was up but the display read \
         a stale value",
            "left: 0",
            "right: 1234",
            "Why: main saw `ready == true` (line 23) but then read `reading == 0` (line 23): nothing made the write of \
         `reading` (line 17) visible before `ready`. Make the store to `ready` at line 18 `Ordering::Release` and its \
         load at line 23 `Ordering::Acquire`: an Acquire load that reads a Release store sees everything written \
         before that store.",
            "17 │ self.reading.store(value, Ordering::Relaxed);",
            "18 │ self.ready.store(true, Ordering::Relaxed);",
        ],
    );
}

#[test]
fn a_lock_order_deadlock_is_told_as_a_cycle() {
    assert_in_order(
        "deadlock",
        &[
            "deadlock.rs:15 lock `accounts[1]` (sees 100)",
            "deadlock.rs:16 lock `accounts[0]`: waits",
            "thread 1 deadlock.rs:15 lock `accounts[0]` (sees 100)",
            "deadlock.rs:16 lock `accounts[1]`: waits, main holds it",
            "✗ Deadlock: main holds `accounts[1]` (line 15) and waits for `accounts[0]` (line 16); thread 1 holds \
         `accounts[0]` (line 15) and waits for `accounts[1]` (line 16). Each waits for a lock that another one holds, \
         so none of them can go on.",
            "15 │ let mut source = self.accounts[from].lock().unwrap();",
            "16 │ let mut target = self.accounts[to].lock().unwrap();",
        ],
    );
    let (timeline, _) = fixture("deadlock");
    assert_eq!(timeline.problem(), Problem::Deadlock);
    assert!(timeline.message().starts_with("deadlock; threads"), "{}", timeline.message());
}

#[test]
fn locks_that_share_a_name_are_numbered_and_explained() {
    // races3's accounts: both threads call their first account `a` and lock `a.cents` first.
    assert_in_order(
        "lock_order",
        &[
            "lock_order.rs:22 lock `cents #2` (sees 100)",
            "thread 1 lock_order.rs:22 lock `cents #1` (sees 100)",
            "lock_order.rs:23 lock `cents #2`: waits, main holds it",
            "✗ Deadlock: main holds `cents #2` (line 22) and waits for `cents #1` (line 23); thread 1 holds `cents #1` \
         (line 22) and waits for `cents #2` (line 23). Each waits for a lock that another one holds, so none of them \
         can go on.",
            "(`cents #1` and `cents #2` are different objects, each called `cents` where it was made at line 12, numbered \
         in the order they were made.)",
        ],
    );
}

#[test]
fn a_condvar_checked_with_if_shows_the_wake_up_to_an_empty_queue() {
    assert_in_order(
        "condvar_if",
        &[
            "main condvar_if.rs:42 spawn thread 1, spawn thread 2",
            "condvar_if.rs:17 lock `jobs`, unlock",
            "thread 1 condvar_if.rs:23 lock `jobs`, unlock",
            "thread 2 condvar_if.rs:23 lock `jobs`",
            "condvar_if.rs:25 wait on `job_ready` (releases `jobs`)",
            "main condvar_if.rs:18 notify_one `job_ready`: wakes thread 2",
            "thread 2 condvar_if.rs:25 woken on `job_ready`, has `jobs` again",
            "✗ thread 2 panicked at condvar_if.rs:27: a printer woke up to an empty queue",
        ],
    );
}

#[test]
fn a_notification_before_the_wait_is_named_as_lost() {
    assert_in_order(
        "lost_wakeup",
        &[
            "thread 1 lost_wakeup.rs:23 load `open` -> false (Acquire)",
            "main lost_wakeup.rs:18 store `open` = true (Release)",
            "lost_wakeup.rs:19 notify_one `opened`: nobody is waiting",
            "lost_wakeup.rs:44 waits for thread 1 to finish",
            "thread 1 lost_wakeup.rs:24 lock `lock`",
            "lost_wakeup.rs:25 wait on `opened` (releases `lock`)",
            "✗ Deadlock: main waits for thread 1 to finish (line 44); thread 1 waits on `opened` (line 25) for a \
         notification that never comes: the `notify_one` at line 19 (main) came before it began to wait, and a \
         notification wakes only the threads that are already waiting. None of them can go on.",
        ],
    );
}

#[test]
fn an_unsafe_cell_race_names_both_accesses() {
    assert_in_order(
        "cell_race",
        &[
            "cell_race.rs:19 write `next`: 0 -> 1",
            "thread 1 cell_race.rs:19 write `next`",
            "✗ Data race on `next`: thread 1 writes it (line 19) while main's write of it (line 19, 0 -> 1) is not \
         ordered before it: no lock, no join and no Release/Acquire pair stands between the two accesses.",
            "19 │ self.next.with_mut(|p| unsafe {",
        ],
    );
    assert_eq!(fixture("cell_race").0.problem(), Problem::DataRace);
}

#[test]
fn a_receive_that_never_ends_names_the_sender_still_alive() {
    assert_in_order(
        "channel_never_closed",
        &[
            "main channel_never_closed.rs:12 clone a Sender (2 alive)",
            "channel_never_closed.rs:14 send on `tx`",
            "thread 1 channel_never_closed.rs:13 send on `worker_tx`, drop a Sender (1 alive)",
            "main channel_never_closed.rs:7 recv on `rx`, recv on `rx`: waits for a message",
            "✗ Deadlock: main waits for a message on `rx` (line 7), but nobody sends one and the channel stays open: 1 \
         Sender is still alive, and a receive ends only when every Sender is dropped. Nothing will ever wake it.",
        ],
    );
}

#[test]
fn colour_brings_styles_and_links_and_no_colour_none() {
    let (timeline, file) = fixture("stale_read");
    let colored = render(&timeline, &file, &root(), true);
    assert!(colored.contains("\x1b]8;;file://"), "file:line are OSC 8 links:\n{colored}");
    assert!(colored.contains("stale_read.rs:17\x1b]8;;\x1b\\"), "{colored:?}");
    assert!(colored.contains("\x1b[1m"), "values and names are bold");
    for name in ["lost_update", "deadlock", "lock_order", "cell_race", "channel_never_closed"] {
        let (out, _) = plain(name);
        assert!(!out.contains('\x1b'), "NO_COLOR means no escape code at all:\n{out:?}");
    }
}

#[test]
fn the_learner_s_lines_can_be_given() {
    let (timeline, file) = fixture("lost_update");
    // As if line 17 belonged to the tests: its stores are then left out, and so is the line.
    let view = View { exercise_file: &file, root: &root(), learner_lines: Some(1..17), source: None, color: false };
    let out = render_with(&timeline, &view);
    assert!(out.contains("load `next_seat` -> 7") && !out.contains("store `next_seat`"), "{out}");
    assert_eq!(timeline.lines_shown(&view), [16]);
}

#[test]
fn a_missing_source_still_tells_the_steps() {
    let (timeline, _) = fixture("lost_update");
    let out = render(&timeline, Path::new("src/testdata/timeline/lost_update.rs"), Path::new("/nonexistent"), false);
    assert!(out.contains("load `object 1` -> 7"), "{out}");
}

/// A synthetic record of a spin loop: the same step many times, and more rows than a timeline shows.
fn spinning(spins: usize, threads: usize) -> String {
    let mut text = String::from(r#"{"kind":"model","version":1,"loc":"x.rs:90:9","execution":4}"#);
    text.push('\n');
    text.push_str(
        r#"{"kind":"op","seq":0,"thread":0,"op":"new","obj":1,"loc":"x.rs:3:5","type":"AtomicBool","val":"false"}"#,
    );
    text.push('\n');
    let mut seq = 1;
    for round in 0..threads {
        for _ in 0..spins {
            text.push_str(&format!(
                r#"{{"kind":"op","seq":{seq},"thread":{},"op":"load","obj":1,"loc":"x.rs:{}:9","order":"Acquire","val":"false"}}"#,
                round % 2,
                10 + round
            ));
            text.push('\n');
            seq += 1;
        }
    }
    text.push_str(r#"{"kind":"panic","thread":null,"loc":"/l/loom-0.7.3/src/rt/path.rs:1:1","message":"Model exceeded maximum number of branches. This is often caused"}"#);
    text
}

#[test]
fn spins_are_counted_and_long_timelines_keep_their_end() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("spin.jsonl");
    std::fs::write(&dump, spinning(5, 1)).unwrap();
    let timeline = read(&dump).unwrap().unwrap();
    let out = render(&timeline, Path::new("x.rs"), dir.path(), false);
    assert!(out.contains("x.rs:10  load `object 1` -> false (Acquire) ×5"), "{out}");
    assert!(out.contains("✗ loom stopped the model: Model exceeded maximum number of branches."), "{out}");
    assert_eq!(timeline.problem(), Problem::Loom);

    std::fs::write(&dump, spinning(1, story::MAX_ROWS + 6)).unwrap();
    let timeline = read(&dump).unwrap().unwrap();
    let out = render(&timeline, Path::new("x.rs"), dir.path(), false);
    let rows = out.lines().filter(|l| l.contains("load `object 1`")).count();
    assert_eq!(rows, story::MAX_ROWS, "{out}");
    assert!(out.contains("… 6 earlier steps"), "{out}");
    assert!(out.contains(&format!("x.rs:{}", 10 + story::MAX_ROWS + 5)), "the last step is kept:\n{out}");
}

/// Renders any dump, for looking at a real exercise's timeline:
/// `TIMELINE_DUMP=dump.jsonl TIMELINE_FILE=exercises/x/y.rs TIMELINE_ROOT=pack cargo test --bin tutor
/// render_a_dump -- --ignored --nocapture` (the file relative to the root, as the compiler was given it).
#[test]
#[ignore = "a tool: renders the dump that TIMELINE_DUMP names"]
fn render_a_dump() {
    let dump = std::env::var_os("TIMELINE_DUMP").expect("TIMELINE_DUMP names a dump");
    let file = PathBuf::from(std::env::var_os("TIMELINE_FILE").expect("TIMELINE_FILE names the exercise file"));
    let root = std::env::var_os("TIMELINE_ROOT").map_or_else(root, PathBuf::from);
    let timeline = read(Path::new(&dump)).unwrap().expect("a dump");
    println!("{}", render(&timeline, &file, &root, std::env::var_os("NO_COLOR").is_none()));
}

#[test]
fn a_panic_is_told_by_where_it_was_raised() {
    let dump = |panic: &str| {
        let text = format!("{}\n{}\n", r#"{"kind":"model","version":1,"loc":"x.rs:9:9","execution":1}"#, panic);
        Timeline { dump: dump::parse(&text).unwrap() }
    };
    // A learner's panic inside a `fetch_update` closure: the shim cannot name the thread, but it is no loom report.
    let closure = dump(r#"{"kind":"panic","thread":null,"loc":"x.rs:3:20","message":"deadlock in my head"}"#);
    assert_eq!(closure.problem(), Problem::Panic);
    let out = render(&closure, Path::new("x.rs"), Path::new("/nonexistent"), false);
    assert!(out.contains("✗ a thread panicked at x.rs:3: deadlock in my head"), "{out}");
    let report = r#"{"kind":"panic","thread":null,"loc":"/r/loom-0.7.3/src/rt/execution.rs:215:13","message":"deadlock; threads = []"}"#;
    assert_eq!(dump(report).problem(), Problem::Deadlock);
    let race = r#"{"kind":"panic","thread":null,"loc":"/r/loom-0.7.3/src/rt/location.rs:115:9","message":"Causality violation: x"}"#;
    assert_eq!(dump(race).problem(), Problem::DataRace);
}
