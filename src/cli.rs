//! The command line: clap definitions only. The doc comments are the help text the learner reads.

use clap::{Parser, Subcommand};

/// An interactive Rust tutor for ownership, borrowing and safe concurrency.
///
/// Run it in the folder that holds `info.toml`. Start with `tutor run` to grade the current exercise, edit the file it
/// names, and run it again; `tutor hint` helps when you are stuck.
#[derive(Parser, Debug)]
#[command(version, propagate_version = true)]
pub struct Cli {
    /// Show everything the checks printed, loom's own reports and backtraces included.
    #[arg(long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

static VERBOSE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Remembers `--verbose` for the whole run (it changes what every grading keeps).
pub fn set_verbose(verbose: bool) {
    let _ = VERBOSE.set(verbose);
}

/// Whether `--verbose` was given.
pub fn verbose() -> bool {
    VERBOSE.get().copied().unwrap_or(false)
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Grade one exercise (the current one by default) and print the verdict; exits with 0 only if it passes.
    Run {
        /// The exercise's name, as `tutor list` shows it.
        name: Option<String>,
    },
    /// Show the hint of an exercise (the current one by default). Each call reveals one more hint; hints about the
    /// error the compiler reports right now come first.
    Hint {
        name: Option<String>,
        /// Show every hint at once.
        #[arg(long)]
        all: bool,
    },
    /// Explain the first error code in an exercise's compiler output (what `rustc --explain` says), offline.
    Explain {
        /// An exercise name, or an error code such as E0382. Default: the current exercise.
        what: Option<String>,
    },
    /// List every exercise with its chapter, status (done, current, pending) and file.
    List,
    /// Restore the shipped version of an exercise. Your version is saved to a backup file first, whose path is printed.
    Reset {
        name: String,
        /// Put back only the pack's checks (its tests, loom models and must-not-compile sections) and keep your code.
        #[arg(long)]
        checks: bool,
    },
    /// Grade every exercise in order, record which are done, and stop at the first one that fails.
    Verify,
    /// Keep this open beside your editor: every time you save an exercise, it is checked and the compiler's or the
    /// tests' verdict is shown; when the current exercise passes, you move on to the next one. `tutor` alone runs this
    /// too.
    Watch {
        /// Look for saved files a few times a second instead of waiting for the system's change events. Use it when
        /// saving does not check the exercise again: on network drives and in some WSL or virtual machine set-ups.
        #[arg(long)]
        poll: bool,
        /// Open each exercise in your editor when you arrive at it: the command, to which the file's path is added
        /// (for example `--edit-cmd "code -g"`, `--edit-cmd subl`, `--edit-cmd "emacsclient -n"`).
        #[arg(long, value_name = "COMMAND")]
        edit_cmd: Option<String>,
        #[command(flatten)]
        classroom: ClassroomArgs,
    },
    /// Show your progress per exercise: attempts, time spent, hints used, and the first and last error.
    Progress {
        /// Print it as JSON (one object with an entry per exercise), to keep or to hand in.
        #[arg(long)]
        json: bool,
    },
    /// Write a fresh workspace of exercises into DIR (from the copy built into the tutor) and fetch the exercises'
    /// dependencies, so that everything after it works offline.
    Init {
        /// The folder to create; it must not exist yet, or be empty.
        dir: std::path::PathBuf,
        /// Do not download the exercises' dependencies now (they are then fetched on the first check).
        #[arg(long)]
        no_fetch: bool,
    },
    /// Check this machine for a workshop: the Rust toolchain, Clippy, rust-analyzer, the exercises' dependencies
    /// (offline), file watching and the terminal. Every problem comes with the command that fixes it.
    Doctor,
    /// For instructors: a live view of a room of learners.
    Classroom {
        #[command(subcommand)]
        command: ClassroomCommand,
    },
    /// Tools for authors of exercise packs.
    Dev {
        #[command(subcommand)]
        command: DevCommand,
    },
}

/// Joining a classroom from `tutor watch`.
#[derive(clap::Args, Debug, Default, Clone)]
pub struct ClassroomArgs {
    /// Report your progress to the instructor's classroom server at this address (such as http://10.0.0.5:7878).
    /// Nothing is lost when the server is slow or gone: reports wait on disk and are sent when it is back.
    #[arg(long, value_name = "URL", requires_all = ["join", "name"])]
    pub classroom: Option<String>,
    /// The join code the instructor gave.
    #[arg(long, value_name = "CODE", requires = "classroom")]
    pub join: Option<String>,
    /// Your name as the instructor will see it.
    #[arg(long, value_name = "NAME", requires = "classroom")]
    pub name: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ClassroomCommand {
    /// Start the classroom server: it prints a join code for learners and a dashboard address for you.
    Serve {
        /// The address to listen on. Learners must reach it: use 0.0.0.0:PORT on a workshop network.
        #[arg(long, default_value = "127.0.0.1:7878")]
        addr: String,
        /// The SQLite database that keeps every report; restarting with the same file keeps the room, its join code
        /// and its tokens.
        #[arg(long, default_value = "classroom.sqlite")]
        db: std::path::PathBuf,
    },
    /// Rehearse a workshop: simulated learners join a server and report progress for a while, then the tutor checks
    /// that the server stored every report.
    Simulate {
        /// The server's address.
        url: String,
        /// The join code it printed.
        #[arg(long)]
        join: String,
        /// The instructor token it printed (to count what it stored).
        #[arg(long)]
        token: String,
        /// How many learners.
        #[arg(long, default_value_t = 20)]
        learners: usize,
        /// For how many seconds they report.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

#[derive(Subcommand, Debug)]
pub enum DevCommand {
    /// Check the whole pack: every exercise fails as shipped, every solution passes, every exercise has a hint and a
    /// solution, and the Cargo manifest lists them all. Runs checks in parallel on every core.
    Check {
        /// How many checks run at once (default: the number of cores).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Every exercise must have a solution (as rustlings' `--require-solutions`).
        #[arg(long)]
        require_solutions: bool,
        /// The tutor's stricter checks on top of rustlings': solutions required, every exercise readable as Rust
        /// with its tests, every solution carrying its exercise's checks.
        #[arg(long)]
        strict: bool,
    },
    /// Rewrite the Cargo manifest's binary list from info.toml (for rust-analyzer).
    Update,
    /// Grade another file as if it were an exercise's file, several times: proves that a known-wrong answer is
    /// rejected on every run (and a right one accepted), whatever the scheduler does.
    Grade {
        /// The exercise whose checks apply.
        name: String,
        /// The file to grade in place of the exercise's own.
        file: std::path::PathBuf,
        /// How many times to grade it.
        #[arg(long, default_value_t = 1)]
        runs: usize,
    },
}
