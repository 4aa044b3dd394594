//! `tutor watch` end to end: the real binary in a real pseudo-terminal, against temporary packs, saving files the way
//! editors do and reading the screen as a terminal emulator draws it.
//!
//! The tests run one at a time (each compiles and runs exercises, and a two-core machine is shared), and every wait
//! is for something on the screen, never for a fixed time.

mod support;

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use support::Pack;
use support::pty::{Term, children, processes_under, save};

const PASSING: &str = "fn main() {\n    println!(\"all good\");\n}\n";
/// A run exercise (`test = false`) whose program fails with a message that names this version of the file.
fn failing(marker: &str) -> String {
    format!("fn main() {{\n    panic!(\"not done yet [{marker}]\");\n}}\n")
}
const PROGRAM: &str =
    "test = false\nhint = \"Make `main` finish without a panic.\"\nfurther_hints = [\"Delete the `panic!` line.\"]";

static SERIAL: Mutex<()> = Mutex::new(());

/// One watch test at a time.
fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// A pack of `names`, each a failing run exercise marked `NAME-0`.
fn pack(names: &[&str]) -> Pack {
    let mut pack = Pack::new();
    for name in names {
        pack.exercise(name, PROGRAM, &failing(&format!("{name}-0")), PASSING);
    }
    pack
}

#[test]
fn every_way_of_saving_is_checked_exactly_once() {
    let _serial = serial();
    let pack = pack(&["first"]);
    let file = pack.file("first");
    let mut term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["Check #1 of `first`", "[first-0]", "The program stopped with exit code 101"]);

    let patterns: [(&str, SaveBy); 8] = [
        ("writing in place", write_in_place),
        ("truncating, then writing", save),
        ("writing a temporary file and renaming it over the exercise", rename_over),
        ("saving as vim does", like_vim),
        ("saving as JetBrains IDEs do", like_jetbrains),
        ("deleting, then creating", delete_then_create),
        ("a burst of writes", burst),
        ("swap, backup and lock files, then a save", noise_then_save),
    ];
    for (n, (how, save_by)) in patterns.into_iter().enumerate() {
        let version = format!("v{}", n + 1);
        save_by(&file, &failing(&version));
        // Check #1 was the start; this save must be exactly the next one, showing this version.
        let check = format!("Check #{} of `first`", n + 2);
        let marker = format!("[{version}]");
        term.wait_until(&format!("{how} to be checked once, as {check} showing {marker}"), |screen| {
            let text = screen.contents();
            text.contains(&check) && text.contains(&marker)
        });
    }
    // A save checked twice would show up here as a later check number.
    term.press("r");
    term.wait_for(&["Check #10 of `first`", "[v8]"]);
}

/// One way of saving a file: its path and the new text.
type SaveBy = fn(&Path, &str);

fn write_in_place(path: &Path, text: &str) {
    let mut file = OpenOptions::new().write(true).open(path).expect("open the exercise");
    file.write_all(text.as_bytes()).expect("write the exercise");
    file.set_len(text.len() as u64).expect("cut the exercise's old end");
}

/// Most editors' and tools' "atomic save": the whole new text in a temporary file, renamed over the original.
fn rename_over(path: &Path, text: &str) {
    let temp = sibling(path, ".first.rs.tmp");
    fs::write(&temp, text).expect("write the temporary file");
    fs::rename(&temp, path).expect("rename over the exercise");
}

/// vim (`backupcopy=no`): probe the folder with a file named 4913, rename the original to a backup, write the new
/// file, delete the backup.
fn like_vim(path: &Path, text: &str) {
    let probe = sibling(path, "4913");
    fs::write(&probe, "").expect("create vim's probe file");
    fs::remove_file(&probe).expect("delete vim's probe file");
    let backup = sibling(path, "first.rs~");
    fs::rename(path, &backup).expect("rename to the backup");
    fs::write(path, text).expect("write the new file");
    fs::remove_file(&backup).expect("delete the backup");
}

/// JetBrains "safe write": write `NAME___jb_tmp___`, rename the original to `NAME___jb_old___`, rename the new one
/// into place, delete the old one.
fn like_jetbrains(path: &Path, text: &str) {
    let temp = sibling(path, "first.rs___jb_tmp___");
    let old = sibling(path, "first.rs___jb_old___");
    fs::write(&temp, text).expect("write the temporary file");
    fs::rename(path, &old).expect("rename the original away");
    fs::rename(&temp, path).expect("rename the new file into place");
    fs::remove_file(&old).expect("delete the original");
}

fn delete_then_create(path: &Path, text: &str) {
    fs::remove_file(path).expect("delete the exercise");
    fs::write(path, text).expect("create the exercise");
}

/// Several saves in a row, as an editor's auto-save or a formatter on save does: only the last one counts.
fn burst(path: &Path, text: &str) {
    for draft in 0..4 {
        fs::write(path, failing(&format!("draft {draft}"))).expect("save a draft");
    }
    fs::write(path, text).expect("save the exercise");
}

fn noise_then_save(path: &Path, text: &str) {
    for noise in [".first.rs.swp", "first.rs~", ".#first.rs", "#first.rs#", "4913"] {
        fs::write(sibling(path, noise), "not an exercise").expect("write an editor's side file");
    }
    save(path, text);
}

fn sibling(path: &Path, name: &str) -> PathBuf {
    path.with_file_name(name)
}

#[test]
fn passing_moves_on_to_the_next_exercise_and_the_last_shows_the_final_message() {
    let _serial = serial();
    let mut pack = pack(&["first", "second"]);
    pack.final_message("You made it through the test pack.");
    let term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["0/2 done", "Exercise first", "Check #1 of `first`", "[first-0]"]);

    save(&pack.file("first"), PASSING);
    term.wait_for(&[
        "`first` passed and is marked done.",
        "solutions/ch/first.rs",
        "Next: `second`",
        "1/2 done",
        "Exercise second",
        "Check #1 of `second`",
        "[second-0]",
    ]);

    save(&pack.file("second"), PASSING);
    term.wait_for(&["`second` passed and is marked done.", "2/2 done", "Every exercise is done ·", "You made it"]);
    let progress = fs::read_to_string(pack.root().join(".tutor/state.json")).expect("the progress file");
    assert!(progress.contains("\"first\"") && progress.contains("\"second\""), "both recorded as done: {progress}");
}

#[test]
fn saving_another_exercise_checks_it_and_the_current_one_stays() {
    let _serial = serial();
    let pack = pack(&["first", "second"]);
    let term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["Check #1 of `first`"]);

    save(&pack.file("second"), &failing("second-1"));
    term.wait_for(&[
        "You saved `second`, so it was checked: its verdict is below; you are still on `first`.",
        "Check #1 of `second`",
        "[second-1]",
        "Exercise first",
    ]);

    save(&pack.file("second"), PASSING);
    term.wait_for(&[
        "You saved `second`, so it was checked: it passed and is marked done",
        "1/2 done",
        "Exercise first",
    ]);
}

#[test]
fn h_reveals_the_hints_one_press_at_a_time() {
    let _serial = serial();
    let pack = pack(&["first"]);
    let mut term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["Check #1 of `first`"]);

    term.press("h");
    let (screen, _) = term.wait_for(&["Hint 1 of 2:", "Make `main` finish without a panic.", "Press h again"]);
    assert!(!screen.contains("Delete the `panic!` line."), "the second hint waits for the second press:\n{screen}");
    term.press("h");
    let (screen, _) = term.wait_for(&["Hint 2 of 2:", "Delete the `panic!` line."]);
    assert!(!screen.contains("tutor hint"), "the watch's advice is a key, not a command:\n{screen}");
}

#[test]
fn e_explains_the_error_code_in_a_pager() {
    let _serial = serial();
    let mut pack = Pack::new();
    let moved = "fn main() {\n    let name = String::from(\"ferris\");\n    let moved = name;\n    println!(\"{name} {moved}\");\n}\n";
    pack.exercise("first", PROGRAM, moved, PASSING);
    let mut term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["error[E0382]: borrow of moved value: `name`"]);

    term.press("e");
    term.wait_for(&[
        "E0382: borrow of moved value: `name`",
        "A variable was used after its contents have been moved",
        "q/Esc back",
    ]);
    term.press("q");
    term.wait_for(&["Check #1 of `first`", "n/p next/prev"]);
}

#[test]
fn n_p_and_the_list_move_between_exercises_and_reset_keeps_a_backup() {
    let _serial = serial();
    let pack = pack(&["first", "second", "third"]);
    let mut term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["Exercise first", "Check #1 of `first`"]);

    term.press("n");
    term.wait_for(&["Exercise second", "Check #1 of `second`", "[second-0]"]);
    term.press("p");
    term.wait_for(&["Exercise first", "Check #2 of `first`"]);

    term.press("l");
    term.wait_for(&["NAME", "> ", "third", "Enter go to it", "exercises/ch/third.rs"]);
    term.press("jj\r");
    term.wait_for(&["Exercise third", "Check #1 of `third`", "[third-0]"]);

    save(&pack.file("first"), &failing("edited"));
    term.wait_for(&["Check #3 of `first`", "[edited]"]);
    term.press("l");
    term.wait_for(&["Enter go to it"]);
    // `r` does nothing in the list (it used to reset at once); `x` asks first, and only `y` resets.
    term.press("gr");
    term.press("x");
    term.wait_for(&["Reset `first` to the version it was shipped with?", "y yes"]);
    term.press("n");
    term.wait_until("the question to go without a reset", |s| !s.contents().contains("Reset `first` to the version"));
    assert_eq!(fs::read_to_string(pack.file("first")).unwrap(), failing("edited"));
    term.press("xy");
    term.wait_for(&["Restored `exercises/ch/first.rs` as shipped. Your version is saved in `.tutor/backups/first-"]);
    assert_eq!(fs::read_to_string(pack.file("first")).unwrap(), failing("first-0"));
    let backups: Vec<_> = fs::read_dir(pack.root().join(".tutor/backups")).unwrap().collect();
    assert_eq!(backups.len(), 1);
    term.press("\x1b");
    // The reset rewrote the file: that is a save like any other.
    term.wait_for(&["Check #4 of `first`", "[first-0]", "n/p next/prev"]);
}

#[test]
fn the_list_searches_and_filters_and_typing_never_resets() {
    let _serial = serial();
    let pack = pack(&["first", "second", "shared"]);
    let mut term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["Check #1 of `first`"]);
    term.press("l/shar");
    term.wait_for(&["search: shar", "shared", "Esc clear the search"]);
    term.wait_until("only the matching exercise to be listed", |s| !s.contents().contains("second"));
    term.press("\r");
    term.wait_for(&["x reset it"]);
    term.press("f");
    term.wait_for(&["Showing: pending"]);
    // The first Esc clears the search, the second leaves the list.
    term.press("\x1b");
    term.wait_for(&["/ to search"]);
    term.press("\x1b");
    term.wait_for(&["n/p next/prev"]);
    for name in ["first", "second", "shared"] {
        assert_eq!(fs::read_to_string(pack.file(name)).unwrap(), failing(&format!("{name}-0")), "{name} untouched");
    }
    assert!(!pack.root().join(".tutor/backups").exists(), "nothing was reset");
}

#[test]
fn a_done_exercise_can_be_revisited_and_stays_on_screen_when_it_passes() {
    let _serial = serial();
    let pack = pack(&["first", "second"]);
    let mut term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["Check #1 of `first`"]);
    save(&pack.file("first"), PASSING);
    term.wait_for(&["`first` passed and is marked done.", "Exercise second", "Check #1 of `second`"]);
    term.press("p");
    term.wait_for(&[
        "Exercise first",
        "(done: you came back to it)",
        "Check #3 of `first`",
        "Exercise `first` passed.",
    ]);
    term.press("r");
    term.wait_for(&["Check #4 of `first`", "Exercise `first` passed."]);
    term.wait_until("the watch to stay on `first`", |s| s.contents().contains("Exercise first"));
    term.press("n");
    term.wait_for(&["Exercise second", "Check #2 of `second`"]);
}

#[test]
fn a_hint_belongs_to_the_verdict_it_was_asked_for() {
    let _serial = serial();
    let pack = pack(&["first"]);
    let mut term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["Check #1 of `first`"]);
    term.press("h");
    term.wait_for(&["Hint 1 of 2:"]);
    save(&pack.file("first"), &failing("v1"));
    let (screen, _) = term.wait_for(&["Check #2 of `first`", "[v1]"]);
    assert!(!screen.contains("Hint 1 of 2:"), "the hint of the previous verdict is gone:\n{screen}");
}

#[test]
fn the_screen_fits_the_terminal_and_follows_resizes() {
    let _serial = serial();
    let pack = pack(&["first"]);
    let mut term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["Check #1 of `first`"]);
    let status = |term: &Term, rows: u16| term.row(rows - 1);
    assert!(status(&term, support::pty::ROWS).contains("h hint · e explain"), "{}", term.screen());

    for (rows, cols) in [(12u16, 50u16), (30, 100)] {
        term.resize(rows, cols);
        // Until the tutor redraws, the emulator shows the old frame's bottom rows, cut to the new width.
        let redrawn = |screen: &vt100::Screen| {
            let shown: Vec<String> = screen.rows(0, cols).collect();
            shown[0].starts_with("Progress")
                && shown[2] == "─".repeat(usize::from(cols))
                && shown[usize::from(rows) - 1].contains("h hint")
        };
        term.wait_until(&format!("the screen to be redrawn for {rows} rows of {cols} columns"), redrawn);
    }
}

#[test]
fn a_save_during_a_check_cancels_it_and_kills_the_program() {
    let _serial = serial();
    let mut pack = Pack::new();
    let sleeper = "fn main() {\n    std::thread::sleep(std::time::Duration::from_secs(600));\n}\n";
    pack.exercise("first", "test = false\ntime_limit_secs = 600\nhint = \"h\"", sleeper, PASSING);
    // Compiled programs live under the pack's `target/`; the pack's folder holds no other program.
    let programs = pack.root().canonicalize().unwrap();
    let term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["checking `first`…"]);
    // The program runs once it has been compiled; there is nothing on screen to wait for, so look for it.
    let deadline = Instant::now() + support::pty::TIMEOUT;
    while processes_under(&programs).is_empty() {
        assert!(Instant::now() < deadline, "the exercise's program never started");
        std::thread::sleep(Duration::from_millis(20));
    }

    save(&pack.file("first"), &failing("v1"));
    // Without cancelling, this verdict would wait for the first program's ten minutes. The cancelled check was no
    // attempt: this is the first.
    term.wait_for(&["Check #1 of `first`", "[v1]"]);
    assert_eq!(processes_under(&programs), Vec::<u32>::new(), "the cancelled program was killed");
}

#[test]
fn quitting_during_a_check_kills_its_program() {
    let _serial = serial();
    let mut pack = Pack::new();
    let sleeper = "fn main() {\n    std::thread::sleep(std::time::Duration::from_secs(600));\n}\n";
    pack.exercise("first", "test = false\ntime_limit_secs = 600\nhint = \"h\"", sleeper, PASSING);
    let programs = pack.root().canonicalize().unwrap();
    let mut term = Term::tutor(pack.root(), &["watch"]);
    term.wait_for(&["checking `first`…"]);
    let deadline = Instant::now() + support::pty::TIMEOUT;
    while processes_under(&programs).is_empty() {
        assert!(Instant::now() < deadline, "the exercise's program never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    term.press("q");
    assert_eq!(term.exit_code(), 0);
    assert_eq!(processes_under(&programs), Vec::<u32>::new(), "nothing the check started outlives the tutor");
}

#[test]
fn tutor_alone_in_a_terminal_is_the_watch() {
    let _serial = serial();
    let pack = pack(&["first"]);
    let term = Term::tutor(pack.root(), &[]);
    term.wait_for(&["Exercise first", "Check #1 of `first`", "h hint · e explain"]);
}

#[test]
fn poll_mode_notices_saves() {
    let _serial = serial();
    let pack = pack(&["first"]);
    let term = Term::tutor(pack.root(), &["watch", "--poll"]);
    term.wait_for(&["Check #1 of `first`"]);
    save(&pack.file("first"), &failing("polled"));
    term.wait_for(&["Check #2 of `first`", "[polled]"]);
}

/// Runs the tutor, then `stty -a` in the same terminal, to see the modes the tutor left it in.
const THEN_STTY: &str = "\"$0\" watch; echo \"exit=$?\"; stty -a";

#[track_caller]
fn assert_restored(term: &Term, exit: &str) {
    let (screen, _) = term.wait_for(&[exit, "extproc"]);
    let modes: Vec<&str> = screen.split([' ', '\n', ';']).collect();
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            modes.contains(&mode) && !modes.contains(&format!("-{mode}").as_str()),
            "`{mode}` is back on after raw mode:\n{screen}"
        );
    }
    term.with_screen(|s| {
        assert!(!s.alternate_screen(), "back on the main screen");
        assert!(!s.hide_cursor(), "the cursor is visible again");
    });
}

#[test]
fn q_quits_and_restores_the_terminal() {
    let _serial = serial();
    let pack = pack(&["first"]);
    let mut term = Term::shell(pack.root(), THEN_STTY);
    term.wait_for(&["Check #1 of `first`"]);
    assert!(term.with_screen(|s| s.alternate_screen() && s.hide_cursor()));
    term.press("q");
    assert_restored(&term, "exit=0");
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let _serial = serial();
    let pack = pack(&["first"]);
    let mut term = Term::shell(pack.root(), THEN_STTY);
    term.wait_for(&["Check #1 of `first`"]);
    term.press("\x03");
    assert_restored(&term, "exit=0");
}

#[test]
fn sigterm_restores_the_terminal() {
    let _serial = serial();
    let pack = pack(&["first"]);
    let term = Term::shell(pack.root(), THEN_STTY);
    term.wait_for(&["Check #1 of `first`"]);
    let tutor = children(term.pid());
    assert_eq!(tutor.len(), 1, "the shell runs the tutor: {tutor:?}");
    let pid = nix::unistd::Pid::from_raw(i32::try_from(tutor[0]).unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("send SIGTERM");
    assert_restored(&term, "exit=143");
}

#[test]
fn without_a_terminal_it_says_so() {
    let pack = pack(&["first"]);
    let output = std::process::Command::new(support::pty::TUTOR)
        .arg("watch")
        .current_dir(pack.root())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run the tutor");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`tutor watch` needs a terminal"), "{stderr}");
    assert!(stderr.contains("`tutor run`"), "it says what to do instead: {stderr}");
    assert!(output.stdout.is_empty(), "nothing garbled on stdout");
}
