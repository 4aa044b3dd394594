//! The compiler, called directly: one `rustc` or `clippy-driver` process per build of a check, with the flags and
//! `--extern` paths of the dependencies that cargo worked out once (`toolchain.rs`), replayed from a record when the
//! source and the command are unchanged.
//!
//! Every build compiles the graded source (`canonical.rs`), written under the tutor's folder and named in messages by
//! the learner's path (`--remap-path-prefix`), with the compiler running in the tutor's folder so that nothing it
//! writes (`*.long-type-*.txt`) lands in the pack. Clippy reads a configuration the tutor writes for each build (the
//! exercise's forbidden methods, types and macros; in the loom build also std's synchronisation types, which loom
//! cannot see), never a `clippy.toml` it finds in the pack.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::catalogue::{Exercise, Forbid, Mode};
use crate::diagnostics::CompilerOutput;
use crate::process::{self, CancelToken, Exit, Finished};
use crate::toolchain::Toolchain;

/// The compiler is given a generous limit of its own: it does not hang, but a huge constant evaluation can be slow,
/// and a learner's time limit (made for their program) must not cut a cold compile short.
const COMPILE_LIMIT: Duration = Duration::from_secs(120);

/// Why no exercise can be graded without Clippy.
const NO_CLIPPY: &str = "Clippy is not installed, and it grades every exercise (as rustlings does: a lint the \
    compiler's defaults deny is a failure). Install it with `rustup component add clippy`, then check again.";

/// Clippy's lints for the three kinds of forbidden paths.
pub const DISALLOWED: [&str; 3] =
    ["clippy::disallowed_methods", "clippy::disallowed_types", "clippy::disallowed_macros"];

/// std's synchronisation, which a loom model cannot see: in the loom build, learner code that uses it would run
/// unmodelled and pass or fail by the real scheduler's luck. (`Once`, `OnceLock` and `LazyLock` are left alone:
/// loom has no model of them, and using them is never the bug a lesson is about.)
const LOOM_BLIND_TYPES: &[&str] = &[
    "std::sync::Mutex",
    "std::sync::MutexGuard",
    "std::sync::RwLock",
    "std::sync::Condvar",
    "std::sync::Barrier",
    "std::sync::Arc",
    "std::sync::mpsc::Sender",
    "std::sync::mpsc::SyncSender",
    "std::sync::mpsc::Receiver",
    "std::sync::atomic::AtomicBool",
    "std::sync::atomic::AtomicI8",
    "std::sync::atomic::AtomicI16",
    "std::sync::atomic::AtomicI32",
    "std::sync::atomic::AtomicI64",
    "std::sync::atomic::AtomicIsize",
    "std::sync::atomic::AtomicU8",
    "std::sync::atomic::AtomicU16",
    "std::sync::atomic::AtomicU32",
    "std::sync::atomic::AtomicU64",
    "std::sync::atomic::AtomicUsize",
    "std::sync::atomic::AtomicPtr",
    "std::cell::UnsafeCell",
];
const LOOM_BLIND_FUNCTIONS: &[&str] = &[
    "std::thread::spawn",
    "std::thread::scope",
    "std::thread::Builder::spawn",
    "std::thread::Builder::spawn_scoped",
    "std::thread::yield_now",
    "std::thread::park",
    "std::thread::sleep",
    "std::sync::mpsc::channel",
    "std::sync::mpsc::sync_channel",
    "std::hint::spin_loop",
    "std::sync::atomic::fence",
];
/// tokio's synchronisation, as blind to loom as std's; refused in the loom build when the exercises have tokio's
/// `sync` module (otherwise Clippy could not resolve the paths).
const LOOM_BLIND_TOKIO_TYPES: &[&str] = &[
    "tokio::sync::Mutex",
    "tokio::sync::RwLock",
    "tokio::sync::Notify",
    "tokio::sync::Semaphore",
    "tokio::sync::Barrier",
    "tokio::sync::OnceCell",
    "tokio::sync::mpsc::Sender",
    "tokio::sync::mpsc::Receiver",
    "tokio::sync::mpsc::UnboundedSender",
    "tokio::sync::mpsc::UnboundedReceiver",
    "tokio::sync::oneshot::Sender",
    "tokio::sync::oneshot::Receiver",
    "tokio::sync::watch::Sender",
    "tokio::sync::watch::Receiver",
    "tokio::sync::broadcast::Sender",
    "tokio::sync::broadcast::Receiver",
];
const LOOM_BLIND_TOKIO_FUNCTIONS: &[&str] = &[
    "tokio::sync::mpsc::channel",
    "tokio::sync::mpsc::unbounded_channel",
    "tokio::sync::oneshot::channel",
    "tokio::sync::watch::channel",
    "tokio::sync::broadcast::channel",
];
/// The reason Clippy prints under each of them, and the heart of the verdict's sentence.
pub const LOOM_BLIND_WHY: &str = "in the loom build this is std's (or tokio's) real synchronisation, which loom \
    cannot see, so the model would not explore it; import it from `std_or_loom` (or from `loom` under `#[cfg(loom)]`) \
    as the exercise does";

/// Which build of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The exercise as the learner runs it (tests or program), with the lints it requires.
    Main,
    /// A must-not-compile section, with its cfg name: metadata only, no lints.
    Section(String),
    /// The tests built with `--cfg loom`.
    Loom,
    /// The program of a test exercise (its `main`), which must run too.
    Program,
}

/// What a build writes.
pub enum Output {
    Program(PathBuf),
    MetadataOnly(PathBuf),
}

impl Output {
    pub fn path(&self) -> &Path {
        match self {
            Output::Program(path) | Output::MetadataOnly(path) => path,
        }
    }
}

/// One build of the graded source of an exercise.
pub struct Build<'a> {
    pub exercise: &'a Exercise,
    /// The graded source, written under the tutor's folder.
    pub file: &'a Path,
    pub source: &'a str,
    /// What the learner's path is in messages, and the prefix of `file` that stands for it.
    pub remap: (&'a Path, &'a str),
    pub kind: Kind,
    pub output: Output,
    /// Every warning is an error, whatever the exercise says (a solution in `tutor dev check`, as rustlings checks).
    pub strict: bool,
}

/// What a compile produced, kept beside its output to replay it when nothing changed.
#[derive(Serialize, Deserialize)]
struct CompileRecord {
    key: String,
    exit_code: i32,
    output: String,
}

/// Compiles the exercises of one pack.
pub struct Compiler<'a> {
    pub toolchain: &'a Toolchain,
    /// The tutor's folder for this pack: the compiler's working folder and the home of Clippy's configurations.
    pub out_dir: &'a Path,
    /// Whether programs are compiled incrementally: for exercises graded again and again, as a learner saves.
    pub incremental: bool,
}

impl Compiler<'_> {
    /// Compiles, or replays the previous compile when neither the source nor the command changed since (a re-run,
    /// `verify` after `run`, a repeated check), so nothing is compiled twice.
    pub fn compile(&self, build: &Build, cancel: Option<&CancelToken>) -> Result<(Finished, CompilerOutput)> {
        let (cmd, clippy_config) = self.command(build)?;
        let key = compile_key(&cmd, clippy_config.as_deref(), build.source);
        let output = build.output.path();
        let record_path = output.with_extension("compiled.json");
        let cached = std::fs::read(&record_path).ok().and_then(|b| serde_json::from_slice::<CompileRecord>(&b).ok());
        if let Some(record) = cached.filter(|r| r.key == key && (r.exit_code != 0 || output.is_file())) {
            let finished = Finished {
                exit: Exit::Code(record.exit_code),
                output: record.output.into_bytes(),
                truncated: false,
                escaped: 0,
            };
            let compiler = CompilerOutput::parse(&finished.output_lossy());
            return Ok((finished, compiler));
        }
        let _ = std::fs::remove_file(&record_path);
        let finished = process::run(cmd, COMPILE_LIMIT, cancel, "the Rust compiler")?;
        let compiler = CompilerOutput::parse(&finished.output_lossy());
        if let Exit::Code(exit_code) = finished.exit {
            let record = CompileRecord { key, exit_code, output: finished.output_lossy() };
            let _ = std::fs::write(&record_path, serde_json::to_vec(&record)?);
        }
        Ok((finished, compiler))
    }

    /// The command of a build, and the text of the Clippy configuration it reads (if it runs Clippy).
    fn command(&self, build: &Build) -> Result<(Command, Option<String>)> {
        let exercise = build.exercise;
        // Clippy grades every exercise, at its default lint levels (a deny-by-default lint fails, as with rustlings'
        // `cargo clippy`), in the same pass that compiles it.
        let clippy_config = match &build.kind {
            Kind::Main => Some(clippy_config(exercise, None)),
            Kind::Loom => Some(clippy_config(exercise, Some(self.toolchain.tokio_sync))),
            Kind::Section(_) | Kind::Program => None,
        };
        let driver = match &clippy_config {
            Some(_) => self.toolchain.clippy_driver.as_ref().ok_or_else(|| anyhow::anyhow!(NO_CLIPPY))?,
            None => &self.toolchain.rustc,
        };
        let (prefix, shown) = build.remap;
        let mut cmd = Command::new(driver);
        cmd.current_dir(self.out_dir)
            .arg(build.file)
            .arg(format!("--remap-path-prefix={}={shown}", prefix.display()))
            .args(["--crate-name", &exercise.name, "--edition", &self.toolchain.edition])
            .args(["--error-format=json", "--json=diagnostic-rendered-ansi"])
            .arg("--sysroot")
            .arg(&self.toolchain.sysroot)
            // The cfg names cargo declares, plus `loom`: an unknown cfg name in an exercise is then a warning.
            .args([
                "--check-cfg",
                "cfg(docsrs,test)",
                "--check-cfg",
                "cfg(feature, values())",
                "--check-cfg",
                "cfg(loom)",
            ]);
        for check in &exercise.must_not_compile {
            cmd.args(["--check-cfg", &format!("cfg({})", check.cfg)]);
        }
        if (exercise.mode == Mode::Test && build.kind != Kind::Program) || build.kind == Kind::Loom {
            cmd.arg("--test");
        }
        // The package's own `[lints]` first, so that what the exercise requires comes after them and wins.
        cmd.args(&self.toolchain.lints);
        // Deny, not forbid: the pack's own checks may allow it where they need it (a counting allocator in a test
        // module), and an `allow` the learner adds is set aside before the compiler sees it (`canonical.rs`).
        if exercise.forbid_unsafe {
            cmd.args(["-D", "unsafe_code"]);
        }
        match &build.kind {
            Kind::Main => {
                if exercise.strict_clippy || build.strict {
                    cmd.args(["-D", "warnings"]);
                }
                // Required lints at forbid level: no attribute can lower them, not even in the tests.
                for lint in &exercise.clippy_lints {
                    cmd.args(["-F", lint]);
                }
                // Forbidden paths are warnings the tutor reads itself: only the learner's own code counts, not the
                // tests nor what a `#[derive]` writes. Forced: `-D warnings` cannot make them errors (which would fail
                // a derive), and no attribute can silence them.
                for lint in DISALLOWED {
                    cmd.args(["--force-warn", lint]);
                }
            }
            // Compiled for running only: the main build has already judged the code, lints and all.
            Kind::Program => {
                cmd.args(["--cap-lints", "allow"]);
            }
            Kind::Section(cfg) => {
                cmd.args(["--cfg", cfg]);
            }
            Kind::Loom => {
                cmd.args(["--cfg", "loom", "-A", "clippy::all"]);
                for lint in DISALLOWED {
                    cmd.args(["--force-warn", lint]);
                }
            }
        }
        if let Some(config) = &clippy_config {
            let dir = self.out_dir.join("clippy").join(format!(
                "{}-{}",
                build.output.path().file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
                if build.kind == Kind::Loom { "loom" } else { "main" }
            ));
            let file = dir.join("clippy.toml");
            if std::fs::read_to_string(&file).ok().as_deref() != Some(config.as_str()) {
                std::fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
                std::fs::write(&file, config).with_context(|| format!("failed to write `{}`", file.display()))?;
            }
            cmd.env("CLIPPY_CONF_DIR", &dir);
        }
        for search in &self.toolchain.search {
            cmd.arg("-L").arg(search);
        }
        let externs = if build.kind == Kind::Loom { &self.toolchain.loom_externs } else { &self.toolchain.externs };
        for (name, path) in externs {
            cmd.arg("--extern").arg(format!("{name}={}", path.display()));
        }
        for cfg in &self.toolchain.cfgs {
            cmd.args(["--cfg", cfg]);
        }
        match &build.output {
            Output::Program(path) => {
                cmd.arg("-o").arg(path);
                self.speed_up_codegen(&mut cmd, path);
            }
            Output::MetadataOnly(path) => {
                cmd.arg(format!("--emit=metadata={}", path.display()));
            }
        };
        Ok((cmd, clippy_config))
    }
}

impl Compiler<'_> {
    /// What makes a program build cost less than `rustc` alone, with the same program as the result (see README,
    /// Performance): std linked as the shared library it ships as, found at run time by the path written into the
    /// program, instead of copied into every binary; and incremental compilation, so that a save that changes one
    /// function recompiles little more than that function. The incremental folders of the programs built least
    /// recently are removed beyond [`INCREMENTAL_KEPT`].
    fn speed_up_codegen(&self, cmd: &mut Command, program: &Path) {
        if let Some(dir) = &self.toolchain.std_dylib_dir {
            cmd.args(["-C", "prefer-dynamic", "-C"]).arg(format!("link-arg=-Wl,-rpath,{}", dir.display()));
        }
        if !self.incremental {
            return;
        }
        let incremental = self.out_dir.join("incremental");
        let name = program.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let own = incremental.join(&name);
        if !own.is_dir() {
            prune_incremental(&incremental);
        }
        cmd.arg("-C").arg(format!("incremental={}", own.display()));
    }
}

/// How many programs keep their incremental compilation folder (a few MB each): the exercises worked on lately.
pub const INCREMENTAL_KEPT: usize = 12;

/// Removes the incremental folders of the programs built least recently, leaving room for one more.
fn prune_incremental(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut folders: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .filter(|(_, path)| path.is_dir())
        .collect();
    if folders.len() < INCREMENTAL_KEPT {
        return;
    }
    folders.sort();
    for (_, path) in folders.iter().take(folders.len() + 1 - INCREMENTAL_KEPT) {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// The Clippy configuration of a build: the exercise's forbidden paths, and for the loom build (`loom` says whether
/// tokio's `sync` module is there too) std's synchronisation and tokio's.
fn clippy_config(exercise: &Exercise, loom: Option<bool>) -> String {
    let mut methods = toml_edit::Array::new();
    let mut types = toml_edit::Array::new();
    let mut macros = toml_edit::Array::new();
    let entry = |path: &str, reason: &str| -> toml_edit::InlineTable {
        [("path", path), ("reason", reason)].into_iter().collect()
    };
    for rule in &exercise.forbidden {
        match &rule.what {
            Forbid::Method(path) => methods.push(entry(path, &rule.why)),
            Forbid::Type(path) => types.push(entry(path, &rule.why)),
            Forbid::Macro(path) => macros.push(entry(path, &rule.why)),
            Forbid::Syntax(_) => {}
        }
    }
    if let Some(tokio) = loom {
        let tokio_types = if tokio { LOOM_BLIND_TOKIO_TYPES } else { &[] };
        let tokio_functions = if tokio { LOOM_BLIND_TOKIO_FUNCTIONS } else { &[] };
        types.extend(LOOM_BLIND_TYPES.iter().chain(tokio_types).map(|path| entry(path, LOOM_BLIND_WHY)));
        methods.extend(LOOM_BLIND_FUNCTIONS.iter().chain(tokio_functions).map(|path| entry(path, LOOM_BLIND_WHY)));
    }
    let mut config = toml_edit::DocumentMut::new();
    config["disallowed-methods"] = toml_edit::value(methods);
    config["disallowed-types"] = toml_edit::value(types);
    config["disallowed-macros"] = toml_edit::value(macros);
    config.to_string()
}

/// Identifies a compile: the command line, the libraries it links (cargo rebuilds a changed pack crate at the same
/// path, so each `--extern` library's size and modification time count too), Clippy's configuration and the source,
/// by a digest that stays the same across Rust releases (it is kept on disk).
fn compile_key(cmd: &Command, clippy_config: Option<&str>, source: &str) -> String {
    let args: Vec<&std::ffi::OsStr> = cmd.get_args().collect();
    let libraries: Vec<String> = args
        .windows(2)
        .filter(|pair| pair[0] == "--extern")
        .filter_map(|pair| pair[1].to_str()?.split_once('=').map(|(_, path)| path))
        .map(|path| match std::fs::metadata(path) {
            Ok(meta) => format!("{path} {} {:?}", meta.len(), meta.modified().ok()),
            Err(_) => format!("{path} missing"),
        })
        .collect();
    let mut parts: Vec<&[u8]> = vec![cmd.get_program().as_encoded_bytes()];
    parts.extend(args.iter().map(|arg| arg.as_encoded_bytes()));
    parts.extend(libraries.iter().map(|stamp| stamp.as_bytes()));
    parts.push(clippy_config.unwrap_or_default().as_bytes());
    parts.push(source.as_bytes());
    crate::files::digest(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuilt_library_at_the_same_path_is_a_new_compile() {
        let dir = tempfile::tempdir().unwrap();
        let library = dir.path().join("libharness.rlib");
        std::fs::write(&library, b"the harness as it was").unwrap();
        let mut cmd = Command::new("rustc");
        cmd.arg("--extern").arg(format!("net_harness={}", library.display())).arg("exercise.rs");
        let before = compile_key(&cmd, None, "fn main() {}");
        assert_eq!(compile_key(&cmd, None, "fn main() {}"), before);
        std::fs::write(&library, b"the harness as it is now, rebuilt").unwrap();
        assert_ne!(compile_key(&cmd, None, "fn main() {}"), before, "a program linked with the old library was reused");
    }

    #[test]
    fn clippy_reads_every_forbidden_path_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("exercises")).unwrap();
        std::fs::write(dir.path().join("exercises/a.rs"), "fn main() {}").unwrap();
        let info = "format_version = 1\n[[exercises]]\nname = \"a\"\n\
                    [[exercises.forbidden]]\nmethod = \"std::clone::Clone::clone\"\nwhy = 'say \"no\" \\ twice'\n\
                    [[exercises.forbidden]]\ntype = \"std::cell::Cell\"\nwhy = \"not here\"\n";
        let exercise = crate::catalogue::Catalogue::parse(dir.path(), &dir.path().join("info.toml"), info)
            .unwrap()
            .exercises
            .remove(0);
        let read = |config: &str| -> toml::Table { toml::from_str(config).expect("Clippy's configuration is TOML") };
        let entries = |config: &toml::Table, key: &str| -> Vec<(String, String)> {
            config[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["path"].as_str().unwrap().to_owned(), e["reason"].as_str().unwrap().to_owned()))
                .collect()
        };
        let main = read(&clippy_config(&exercise, None));
        assert_eq!(
            entries(&main, "disallowed-methods"),
            [("std::clone::Clone::clone".into(), r#"say "no" \ twice"#.into())]
        );
        assert_eq!(entries(&main, "disallowed-types"), [("std::cell::Cell".into(), "not here".into())]);
        assert_eq!(entries(&main, "disallowed-macros"), []);
        let loom = read(&clippy_config(&exercise, Some(true)));
        let types = entries(&loom, "disallowed-types");
        assert!(types.len() > LOOM_BLIND_TYPES.len() && types.iter().any(|(_, why)| why == LOOM_BLIND_WHY));
    }

    #[test]
    fn only_the_incremental_folders_of_the_programs_built_last_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let start = std::time::SystemTime::now() - std::time::Duration::from_secs(1000);
        for i in 0..INCREMENTAL_KEPT + 3 {
            let folder = dir.path().join(format!("program{i}"));
            std::fs::create_dir(&folder).unwrap();
            let when = start + std::time::Duration::from_secs(i as u64 * 10);
            std::fs::File::open(&folder).unwrap().set_modified(when).unwrap();
        }
        prune_incremental(dir.path());
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        left.sort_by_key(|name| name["program".len()..].parse::<usize>().unwrap());
        // Room for the program about to be built: one fewer than the limit, the most recent ones.
        let wanted: Vec<String> = (4..INCREMENTAL_KEPT + 3).map(|i| format!("program{i}")).collect();
        assert_eq!(left, wanted);
    }
}
