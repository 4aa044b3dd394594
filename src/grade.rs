//! Grading one exercise file: the pack's checks spliced in, compile, the exercise's rules, the must-not-compile
//! sections, the loom models and the program, ending in a [`Verdict`].
//!
//! The order is the cheapest and most deterministic first: the main compile (the test harness or the program, with
//! the lints the exercise requires, in one pass), the rules (read off the syntax tree and that compile's Clippy
//! warnings), one metadata-only pass per must-not-compile section, the loom build and its models (each interleaving
//! explored in milliseconds), and last the program, which may run until its time limit when it hangs. A pass needs
//! every shipped test to report a pass, not just a successful exit.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::canonical::{self, CheckNames, Graded};
use crate::catalogue::{Catalogue, Exercise, Mode, MustNotCompile};
use crate::compile::{self, Build, Compiler, Kind, Output};
use crate::diagnostics::{CompilerOutput, Diagnostic};
use crate::files::within;
use crate::process::{self, CancelToken, Exit, Finished};
use crate::rules::{self, Policy, Violation};
use crate::toolchain::{Toolchain, tutor_dir};
pub use crate::verdict::{Failure, LoomProblem, Outcome, Schedule, Verdict};

/// Which of an exercise's files to grade, with which checks, and under what name to keep its compiled program.
pub struct Target {
    pub exercise: Exercise,
    pub file: PathBuf,
    /// Where the checks (tests, loom models, must-not-compile sections) are the pack's.
    pub checks: Checks,
    /// The compiled program's file name in the tutor's build folder; different for the exercise and its solution so
    /// that both can be graded at the same time.
    pub artifact: String,
    /// Every warning counts as an error (solutions in `tutor dev check`, as rustlings checks them).
    pub strict: bool,
}

/// Where a grading takes the pack's checks from.
pub enum Checks {
    /// The files at this path: the exercise's file or project folder itself (the pack's author's view).
    File(PathBuf),
    /// The exercise as shipped (`workspace::shipped_file`), read when the target was made: each file by its path
    /// relative to the exercise's (empty for a file exercise).
    Shipped(Vec<(PathBuf, String)>),
}

impl Checks {
    /// The shipped text of one file of the exercise (`relative` is empty for a file exercise).
    fn text(&self, relative: &Path) -> Option<String> {
        match self {
            Checks::File(path) => std::fs::read_to_string(within(path, relative)).ok(),
            Checks::Shipped(files) => files.iter().find(|(f, _)| f == relative).map(|(_, text)| text.clone()),
        }
    }

    /// The project files that the shipped exercise has, relative to its folder.
    fn files(&self) -> Vec<PathBuf> {
        match self {
            Checks::File(path) => crate::files::files_below(path),
            Checks::Shipped(files) => files.iter().map(|(f, _)| f.clone()).collect(),
        }
    }
}

impl Target {
    /// The learner's exercise file, graded with the checks of the exercise as shipped.
    pub fn exercise(catalogue: &Catalogue, exercise: &Exercise) -> Target {
        let file = catalogue.root.join(exercise.path());
        let shipped: Vec<(PathBuf, String)> = crate::workspace::shipped_files(catalogue, exercise)
            .into_iter()
            .filter(|(relative, _)| !exercise.project || relative.extension().is_some_and(|e| e == "rs"))
            .filter_map(|(relative, bytes)| Some((relative, String::from_utf8(bytes).ok()?)))
            .collect();
        let checks = if shipped.is_empty() { Checks::File(file.clone()) } else { Checks::Shipped(shipped) };
        Target { exercise: exercise.clone(), file, checks, artifact: exercise.name.clone(), strict: false }
    }

    /// The solution, graded with the checks of the exercise file (the pack's author's view).
    pub fn solution(catalogue: &Catalogue, exercise: &Exercise) -> Target {
        Target {
            exercise: exercise.clone(),
            file: catalogue.root.join(exercise.solution_path()),
            checks: Checks::File(catalogue.root.join(exercise.path())),
            artifact: format!("{}_sol", exercise.name),
            strict: false,
        }
    }

    /// The exercise file as shipped, graded with its own checks (the pack's author's view).
    pub fn shipped(catalogue: &Catalogue, exercise: &Exercise) -> Target {
        let file = catalogue.root.join(exercise.path());
        Target {
            exercise: exercise.clone(),
            file: file.clone(),
            checks: Checks::File(file),
            artifact: exercise.name.clone(),
            strict: false,
        }
    }

    /// Any file, graded as `exercise` with the exercise file's checks (`tutor dev grade`).
    pub fn other(catalogue: &Catalogue, exercise: &Exercise, file: PathBuf, artifact: String) -> Target {
        Target {
            exercise: exercise.clone(),
            file,
            checks: Checks::File(catalogue.root.join(exercise.path())),
            artifact,
            strict: false,
        }
    }
}

/// Grades exercises of one pack.
pub struct Grader {
    root: PathBuf,
    toolchain: Toolchain,
    out_dir: PathBuf,
    color: bool,
    /// Keep everything the programs printed: loom's backtraces, full panics (`--verbose`).
    verbose: bool,
    /// Compile incrementally (see `Compiler::speed_up_codegen`).
    incremental: bool,
}

impl Grader {
    pub fn new(catalogue: &Catalogue, color: bool) -> Result<Grader> {
        let toolchain = Toolchain::prepare(&catalogue.root, &catalogue.cargo_manifest)?;
        let out_dir = tutor_dir(&catalogue.root).join("bin");
        std::fs::create_dir_all(&out_dir).with_context(|| format!("failed to create `{}`", out_dir.display()))?;
        let verbose = crate::cli::verbose();
        Ok(Grader { root: catalogue.root.clone(), toolchain, out_dir, color, verbose, incremental: true })
    }

    /// A grader for many exercises graded once each (`tutor dev check`): incremental compilation would only cost
    /// time and disk there.
    pub fn once_each(self) -> Grader {
        Grader { incremental: false, ..self }
    }

    pub fn grade(&self, target: &Target, cancel: Option<&CancelToken>) -> Result<Verdict> {
        let start = Instant::now();
        // Two tutors on one pack (a watch, and `tutor run` from the editor) must not write the same program at once.
        let _lock = self.lock(&target.artifact)?;
        let prepared = self.prepare(target)?;
        let mut grading = Grading {
            grader: self,
            target,
            prepared: &prepared,
            cancel,
            report: String::new(),
            truncated: false,
            escaped: 0,
        };
        let (outcome, compiler) = grading.run()?;
        let (mut notes, checks_restored) = prepared.root().map(|g| (g.notes, g.restored)).unwrap_or_default();
        if grading.escaped > 0 {
            notes.push(format!(
                "The program started {} that went on running after it ended (outside its process group, as `setsid` \
                 does); the tutor stopped {}. A program must end everything it starts.",
                if grading.escaped == 1 { "a process" } else { "processes" },
                if grading.escaped == 1 { "it" } else { "them" }
            ));
        }
        Ok(Verdict {
            outcome,
            compiler,
            report: grading.report,
            truncated: grading.truncated,
            notes,
            checks_restored,
            elapsed: start.elapsed(),
        })
    }

    /// Compiles `target` only as far as the compiler's checks go (no code generation) and returns its diagnostics:
    /// enough for hints and explanations, at a fraction of a full build's cost.
    pub fn diagnose(&self, target: &Target) -> Result<CompilerOutput> {
        let _lock = self.lock(&target.artifact)?;
        let prepared = self.prepare(target)?;
        let metadata = self.out_dir.join(format!("{}-check.rmeta", target.artifact));
        let build = prepared.build(&target.exercise, Kind::Main, Output::MetadataOnly(metadata));
        let (_, compiler) = self.compiler().compile(&build, None)?;
        Ok(compiler)
    }

    fn compiler(&self) -> Compiler<'_> {
        Compiler { toolchain: &self.toolchain, out_dir: &self.out_dir, incremental: self.incremental }
    }

    fn lock(&self, artifact: &str) -> Result<std::fs::File> {
        let path = self.out_dir.join(format!("{artifact}.lock"));
        let file = std::fs::File::create(&path).with_context(|| format!("failed to create `{}`", path.display()))?;
        file.lock().with_context(|| format!("failed to lock `{}`", path.display()))?;
        Ok(file)
    }

    /// Reads the learner's file (or every file of a project) and the shipped checks and writes the graded source.
    fn prepare(&self, target: &Target) -> Result<Prepared> {
        let exercise = &target.exercise;
        // A project's crate root: its library, or else its program.
        let crate_root = exercise.crate_root(&self.root, &target.file);
        if !within(&target.file, &crate_root).is_file() {
            anyhow::bail!(
                "the file of `{}` is missing (or a folder is in its place): `{}`. Run `tutor reset {}` to get it back \
                 as shipped.",
                exercise.name,
                within(&target.file, &crate_root).strip_prefix(&self.root).unwrap_or(&target.file).display(),
                exercise.name
            );
        }
        // The exercise is named in messages by its path in the pack (or as given, for a file outside it).
        let shown = target.file.strip_prefix(&self.root).unwrap_or(&target.file).to_path_buf();
        let base = self.out_dir.join("src").join(&target.artifact);
        let to = if shown.is_absolute() { "/" } else { "" };
        let place = base.join(shown.strip_prefix("/").unwrap_or(&shown));
        let sections = exercise.section_names();
        let names = CheckNames { sections: &sections };

        // (path relative to the exercise, whether it is the pack's whole)
        let relatives: Vec<(PathBuf, bool)> = if exercise.project {
            let mut all: Vec<PathBuf> = crate::files::files_below(&target.file)
                .into_iter()
                .chain(target.checks.files())
                .filter(|f| f.extension().is_some_and(|e| e == "rs"))
                .collect();
            all.sort();
            all.dedup();
            // The crate root first: its view is the grading's.
            all.sort_by_key(|f| *f != crate_root);
            all.into_iter()
                .map(|f| {
                    let check = crate::catalogue::is_check_file(&f);
                    (f, check)
                })
                .collect()
        } else {
            vec![(PathBuf::new(), false)]
        };
        let mut files = Vec::new();
        let mut key = String::new();
        for (relative, check) in relatives {
            let at = |base: &Path| within(base, &relative);
            let learner_path = at(&target.file);
            // Without canonical checks (a pack in rustlings' format), the learner's files are graded as they are.
            let check = check && exercise.canonical_checks;
            let shipped = target.checks.text(&relative).filter(|_| exercise.canonical_checks);
            let learner = match std::fs::read_to_string(&learner_path) {
                Ok(text) => Some(text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(_) => anyhow::bail!(
                    "failed to read `{}` (an exercise file must be UTF-8 text)",
                    learner_path.strip_prefix(&self.root).unwrap_or(&learner_path).display()
                ),
            };
            // A check file of a project is the pack's, whole; one the pack does not have is not graded.
            let (source, graded) = match (check, learner, shipped) {
                (true, learner, Some(shipped)) => {
                    let mut graded = canonical::graded(&shipped, &shipped, &names);
                    if let Ok(graded) = &mut graded
                        && learner.as_deref() != Some(shipped.as_str())
                    {
                        let what = if learner.is_some() { "differs from the pack's" } else { "is missing" };
                        graded.notes.push(format!("this file of tests {what}: it was graded with the pack's version."));
                        graded.restored = true;
                    }
                    (shipped, graded)
                }
                (true, _, None) | (false, None, _) => continue,
                (false, Some(learner), shipped) => {
                    let shipped = shipped.unwrap_or_else(|| learner.clone());
                    let graded = canonical::graded(&learner, &shipped, &names);
                    let source = graded.as_ref().map_or_else(|_| learner.clone(), |g| g.source.clone());
                    (source, graded)
                }
            };
            let file = at(&place);
            if std::fs::read_to_string(&file).ok().as_deref() != Some(source.as_str()) {
                if let Some(parent) = file.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("failed to create `{}`", parent.display()))?;
                }
                std::fs::write(&file, &source).with_context(|| format!("failed to write `{}`", file.display()))?;
            }
            key.push_str(&format!("{}\0{source}\0", relative.display()));
            let shipped_text = target.checks.text(&relative).unwrap_or_else(|| source.clone());
            files.push(GradedFile {
                shown: at(&shown),
                relative: relative.clone(),
                module: module_path(&relative),
                check,
                graded: graded.map_err(|e| (e.message, e.line, e.column)),
                shipped: shipped_text,
            });
        }
        if exercise.project {
            // A file the learner deleted must not stay in the graded copy, where `mod` would still find it.
            for stale in crate::files::files_below(&place) {
                if !files.iter().any(|f: &GradedFile| f.relative == stale) {
                    let _ = std::fs::remove_file(place.join(stale));
                }
            }
        }
        let file = within(&place, &crate_root);
        let library = crate_root == Path::new("src/lib.rs");
        Ok(Prepared { files, key, file, base, to, shown, strict: target.strict, library })
    }
}

/// `src/store.rs` -> `store`, `src/net/mod.rs` -> `net`, `src/lib.rs` -> ``: the module a project's file holds, as
/// libtest names the tests in it.
fn module_path(relative: &Path) -> String {
    let inside = relative.strip_prefix("src").unwrap_or(relative);
    let mut parts: Vec<String> =
        inside.with_extension("").components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts.join("::")
}

/// One file of a grading.
struct GradedFile {
    /// Its path as messages name it.
    shown: PathBuf,
    /// Its path in the exercise's folder (empty for a file exercise).
    relative: PathBuf,
    /// The module it holds (`store`), empty for the crate root.
    module: String,
    /// A project's test file, the pack's whole.
    check: bool,
    graded: std::result::Result<Graded, (String, usize, usize)>,
    shipped: String,
}

/// The graded source of one grading, written to disk: the exercise's file, or every file of a project, the crate root
/// first.
struct Prepared {
    files: Vec<GradedFile>,
    /// Every graded source, for the compile cache.
    key: String,
    /// The crate root in the graded copy: what the compiler is given.
    file: PathBuf,
    /// The folder that stands for the pack root in messages, and what it is replaced by.
    base: PathBuf,
    to: &'static str,
    /// The exercise's path (its file, or a project's folder), as messages name it.
    shown: PathBuf,
    strict: bool,
    /// A project whose crate root is its library.
    library: bool,
}

impl Prepared {
    fn build<'a>(&'a self, exercise: &'a Exercise, kind: Kind, output: Output) -> Build<'a> {
        Build {
            exercise,
            file: &self.file,
            source: &self.key,
            remap: (&self.base, self.to),
            kind,
            output,
            strict: self.strict,
        }
    }

    /// The crate root's view of the grading, with the tests of every file of a project in its layout.
    fn root(&self) -> std::result::Result<Graded, (String, usize, usize)> {
        let mut root = match self.files.first().map(|f| &f.graded) {
            Some(Ok(graded)) if self.files.len() > 1 => {
                let mut graded = graded.clone();
                let shown = self.files[0].shown.display();
                graded.notes = graded.notes.iter().map(|n| format!("{shown}: {n}")).collect();
                graded
            }
            Some(Ok(graded)) => graded.clone(),
            Some(Err(e)) => return Err(e.clone()),
            None => return Err(("the exercise has no file to grade".to_owned(), 1, 1)),
        };
        for file in self.files.iter().skip(1) {
            match &file.graded {
                Ok(graded) => {
                    let name = |test: &String| format!("{}::{test}", file.module);
                    root.layout.tests.extend(graded.layout.tests.iter().map(name));
                    root.layout.loom_tests.extend(graded.layout.loom_tests.iter().map(name));
                    root.notes.extend(graded.notes.iter().map(|n| format!("{}: {n}", file.shown.display())));
                    root.restored |= graded.restored;
                }
                Err(e) => return Err(e.clone()),
            }
        }
        Ok(root)
    }

    /// Whether a diagnostic points into the learner's own code (not the checks, not a derive, not another file).
    fn in_learner_code(&self, diagnostic: &Diagnostic) -> bool {
        let Some((file, line, _)) = &diagnostic.location else { return false };
        let Some(graded) = self.files.iter().find(|f| Path::new(file) == f.shown) else { return false };
        let checks = graded.graded.as_ref().ok().map(|g| &g.layout);
        !graded.check && !diagnostic.from_derive && !checks.is_some_and(|l| l.is_check_line(*line))
    }

    /// The crate root's path as messages name it.
    fn root_shown(&self) -> &Path {
        self.files.first().map_or(self.shown.as_path(), |f| f.shown.as_path())
    }
}

/// The state of one grading in progress.
struct Grading<'g> {
    grader: &'g Grader,
    target: &'g Target,
    prepared: &'g Prepared,
    cancel: Option<&'g CancelToken>,
    report: String,
    truncated: bool,
    /// Processes the programs started outside their process group that were still running when they ended.
    escaped: usize,
}

impl Grading<'_> {
    fn run(&mut self) -> Result<(Outcome, CompilerOutput)> {
        let exercise = &self.target.exercise;
        let program = self.grader.out_dir.join(&self.target.artifact);
        let build = self.prepared.build(exercise, Kind::Main, Output::Program(program.clone()));
        let (finished, mut compiler) = self.grader.compiler().compile(&build, self.cancel)?;
        check_rule_paths(&compiler)?;
        // A forbidden path in the tests or in what a `#[derive]` wrote is not the learner's: not worth a warning.
        compiler.diagnostics.retain(|d| !is_disallowed(d) || self.prepared.in_learner_code(d));
        self.report.push_str(&compiler.rendered());
        if finished.exit == Exit::Cancelled {
            return Ok((Outcome::Cancelled, compiler));
        }
        if !finished.success() {
            // Clippy's lints carry their name as the code; an error with a compiler code (E....) is a real error.
            let lints: Vec<String> =
                compiler.errors().filter_map(|d| d.code.clone()).filter(|code| code.starts_with("clippy::")).collect();
            let real_errors = compiler.errors().any(|d| d.code.as_deref().is_some_and(|c| c.starts_with('E')));
            let failure = if !lints.is_empty() && !real_errors { Failure::Clippy { lints } } else { Failure::Compile };
            return Ok((Outcome::Failed(failure), compiler));
        }
        let root = self.prepared.root();
        let graded = match &root {
            Ok(graded) => graded,
            Err((message, line, column)) => {
                let failure = Failure::Unreadable { message: message.clone(), line: *line, column: *column };
                return Ok((Outcome::Failed(failure), compiler));
            }
        };
        let mut violations = self.forbidden_uses(&compiler, |path| {
            exercise.forbidden.iter().find(|f| f.clippy_path() == Some(path)).map(|f| f.why.clone())
        });
        let syntax = exercise.forbidden_syntax();
        let sections = exercise.section_names();
        let policy = Policy { names: CheckNames { sections: &sections }, keep: &exercise.keep, syntax: &syntax };
        for file in self.prepared.files.iter().filter(|f| !f.check) {
            let Ok(graded) = &file.graded else { continue };
            let mut found = rules::check(&graded.source, &file.shipped, &policy);
            if exercise.project {
                for violation in &mut found {
                    violation.file = Some(file.shown.display().to_string());
                }
            }
            violations.extend(found);
        }
        if exercise.project {
            // A file of the shipped project that the learner deleted still owes the items the lesson keeps in it.
            for relative in self.target.checks.files() {
                let deleted = relative.extension().is_some_and(|e| e == "rs")
                    && !crate::catalogue::is_check_file(&relative)
                    && !self.prepared.files.iter().any(|f| f.relative == relative);
                let Some(shipped) = self.target.checks.text(&relative).filter(|_| deleted) else { continue };
                for mut violation in rules::check("", &shipped, &policy) {
                    violation.file = Some(within(&self.prepared.shown, &relative).display().to_string());
                    violations.push(violation);
                }
            }
        }
        if !violations.is_empty() {
            violations.sort_by_key(|v| (v.line, v.column));
            return Ok((Outcome::Failed(Failure::Rules(violations)), compiler));
        }

        for check in &exercise.must_not_compile {
            let outcome = self.must_not_compile(check, graded)?;
            if outcome != Outcome::Passed {
                return Ok((outcome, compiler));
            }
        }
        if exercise.loom {
            let outcome = self.loom(graded)?;
            if outcome != Outcome::Passed {
                return Ok((outcome, compiler));
            }
        }
        let outcome = self.run_program(&program, graded)?;
        // A project's library has no program; its tests are the whole grading.
        let program_matters = graded.layout.program_matters && !self.prepared.library;
        if outcome != Outcome::Passed || exercise.mode == Mode::Run || !program_matters {
            return Ok((outcome, compiler));
        }
        // As with rustlings (`cargo run` after `cargo test`), a test exercise's own program must work too.
        let outcome = self.run_main()?;
        Ok((outcome, compiler))
    }

    /// Builds a test exercise's program (its `main`) and runs it.
    fn run_main(&mut self) -> Result<Outcome> {
        let exercise = &self.target.exercise;
        let program = self.grader.out_dir.join(format!("{}-main", self.target.artifact));
        let build = self.prepared.build(exercise, Kind::Program, Output::Program(program.clone()));
        let (finished, compiler) = self.grader.compiler().compile(&build, self.cancel)?;
        if finished.exit == Exit::Cancelled {
            return Ok(Outcome::Cancelled);
        }
        if !finished.success() {
            self.report.push_str(&compiler.rendered());
            return Ok(Outcome::Failed(Failure::Compile));
        }
        let mut cmd = Command::new(&program);
        cmd.current_dir(&self.grader.root);
        let finished = process::run_with(cmd, self.limits(), self.cancel, "the exercise's program")?;
        let output = self.absorb(&finished);
        if let Some(failure) = self.out_of_memory(&finished, &output) {
            return Ok(Outcome::Failed(failure));
        }
        Ok(match finished.exit {
            Exit::Code(0) => Outcome::Passed,
            Exit::Code(code) => {
                Outcome::Failed(Failure::Exit { code, message: first_panic_message(&output), main: true })
            }
            Exit::Signal(signal) => Outcome::Failed(Failure::Signal { signal, loom: false }),
            Exit::TimedOut(hang) => Outcome::Failed(Failure::TimedOut {
                limit: exercise.time_limit,
                hang,
                loom: false,
                unfinished: Vec::new(),
            }),
            Exit::Cancelled => Outcome::Cancelled,
        })
    }

    /// Clippy's disallowed-path warnings that point into the learner's own code, as rule violations with the rule's
    /// reason (`why_of` finds it from the path Clippy names): one per path and file, at its first use.
    fn forbidden_uses(&self, compiler: &CompilerOutput, why_of: impl Fn(&str) -> Option<String>) -> Vec<Violation> {
        struct Uses {
            path: String,
            kind: &'static str,
            file: String,
            places: Vec<(usize, usize)>,
        }
        let mut found: Vec<Uses> = Vec::new();
        for d in compiler.diagnostics.iter().filter(|d| is_disallowed(d)) {
            let (Some(path), Some((file, line, column))) = (d.message.split('`').nth(1), &d.location) else { continue };
            if !self.prepared.in_learner_code(d) {
                continue;
            }
            let kind = match d.code.as_deref() {
                Some("clippy::disallowed_types") => "the type",
                Some("clippy::disallowed_macros") => "the macro",
                _ => "the function",
            };
            match found.iter_mut().find(|u| u.path == path && u.file == *file) {
                Some(uses) => uses.places.push((*line, *column)),
                None => {
                    found.push(Uses { path: path.to_owned(), kind, file: file.clone(), places: vec![(*line, *column)] })
                }
            }
        }
        found
            .into_iter()
            .filter_map(|Uses { path, kind, file, mut places }| {
                let why = why_of(&path)?;
                places.sort();
                places.dedup_by_key(|(line, _)| *line);
                let (line, column) = places[0];
                let also = match &places[1..] {
                    [] => String::new(),
                    rest => {
                        let lines: Vec<String> = rest.iter().map(|(l, _)| l.to_string()).collect();
                        let word = if lines.len() == 1 { "line" } else { "lines" };
                        format!(" (also on {word} {})", lines.join(", "))
                    }
                };
                let file = (Path::new(&file) != self.prepared.root_shown()).then_some(file);
                Some(Violation {
                    file,
                    line,
                    column,
                    message: format!("This exercise does not allow {kind} `{path}`{also}: {why}"),
                })
            })
            .collect()
    }

    fn program_command(&self, program: &Path, logfile: Option<&Path>) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.grader.root);
        // A `RUST_BACKTRACE=1` in the learner's environment would bury a failed assertion under a backtrace.
        if !self.grader.verbose {
            cmd.env("RUST_BACKTRACE", "0").env_remove("RUST_LIB_BACKTRACE");
        }
        if self.target.exercise.mode == Mode::Test || logfile.is_some() {
            cmd.arg(if self.grader.color { "--color=always" } else { "--color=never" });
        }
        if let Some(logfile) = logfile {
            // libtest writes one line per test it finished to this file ("ok NAME", "failed NAME"): the learner's
            // code cannot fake it by printing, and a test that never finished is missing from it.
            let _ = std::fs::remove_file(logfile);
            cmd.arg("--logfile").arg(logfile);
        }
        cmd
    }

    fn run_program(&mut self, program: &Path, graded: &Graded) -> Result<Outcome> {
        let exercise = &self.target.exercise;
        let logfile = self.grader.out_dir.join(format!("{}.tests.log", self.target.artifact));
        let logfile = (exercise.mode == Mode::Test).then_some(logfile.as_path());
        let cmd = self.program_command(program, logfile);
        let finished = process::run_with(cmd, self.limits(), self.cancel, "the exercise's program")?;
        let output = self.absorb(&finished);
        if let Some(failure) = self.out_of_memory(&finished, &output) {
            return Ok(Outcome::Failed(failure));
        }
        Ok(match finished.exit {
            Exit::Code(0) => match logfile.map(|log| unfinished(log, &graded.layout.tests)) {
                Some(missing) if !missing.is_empty() => Outcome::Failed(Failure::Incomplete { missing, loom: false }),
                _ => Outcome::Passed,
            },
            Exit::Code(code) => {
                let message = first_panic_message(&output);
                Outcome::Failed(match exercise.mode {
                    Mode::Test => Failure::Tests { message },
                    Mode::Run => Failure::Exit { code, message, main: false },
                })
            }
            Exit::Signal(signal) => Outcome::Failed(Failure::Signal { signal, loom: false }),
            Exit::TimedOut(hang) => {
                // The log lists the tests that finished; the others were still running when time ran out.
                let unfinished = logfile.map(|log| unfinished(log, &graded.layout.tests)).unwrap_or_default();
                Outcome::Failed(Failure::TimedOut { limit: exercise.time_limit, hang, loom: false, unfinished })
            }
            Exit::Cancelled => Outcome::Cancelled,
        })
    }

    fn limits(&self) -> process::Limits {
        let exercise = &self.target.exercise;
        process::Limits { time: exercise.time_limit, memory: Some(exercise.memory_limit) }
    }

    /// A program that died because an allocation failed ran into its memory limit.
    fn out_of_memory(&self, finished: &Finished, output: &str) -> Option<Failure> {
        let aborted = matches!(finished.exit, Exit::Signal(_) | Exit::Code(_)) && !finished.success();
        (aborted && output.contains("memory allocation of") && output.contains("failed"))
            .then_some(Failure::OutOfMemory { limit_mib: self.target.exercise.memory_limit >> 20 })
    }

    /// Adds a program's output to the report and returns it as text (invalid UTF-8 replaced, never a panic).
    fn absorb(&mut self, finished: &Finished) -> String {
        if finished.escaped > 0 {
            self.escaped += finished.escaped;
        }
        // libtest says this of `--logfile`, which the tutor passes (see `program_command`), not the learner.
        let output = finished.output_lossy().replace("warning: `--logfile` is deprecated\n", "");
        self.report.push_str(&output);
        if finished.truncated {
            self.truncated = true;
        }
        output
    }

    fn must_not_compile(&mut self, check: &MustNotCompile, graded: &Graded) -> Result<Outcome> {
        let metadata = self.grader.out_dir.join(format!("{}-{}.rmeta", self.target.artifact, check.cfg));
        let build = self.prepared.build(
            &self.target.exercise,
            Kind::Section(check.cfg.clone()),
            Output::MetadataOnly(metadata),
        );
        let (finished, compiler) = self.grader.compiler().compile(&build, self.cancel)?;
        if finished.exit == Exit::Cancelled {
            return Ok(Outcome::Cancelled);
        }
        let expected = check.expect.to_string();
        if finished.success() {
            return Ok(Outcome::Failed(Failure::ShouldNotCompile {
                cfg: check.cfg.clone(),
                expected,
                why: check.why.clone(),
            }));
        }
        // The lesson's error counts only where the lesson put it: inside the pack's section for this cfg name.
        let in_section = |d: &&Diagnostic| {
            d.location.as_ref().is_some_and(|(file, line, _)| {
                Path::new(file) == self.prepared.root_shown() && graded.layout.in_section_of(&check.cfg, *line)
            })
        };
        if compiler.errors().filter(in_section).any(|d| check.expect.matches(d.code.as_deref(), &d.message)) {
            return Ok(Outcome::Passed);
        }
        // A different error: show it, since it is what the learner must understand next.
        self.report.push_str(&compiler.rendered());
        let got = compiler
            .errors()
            .map(|d| match &d.code {
                Some(code) => format!("{code}: {}", d.message),
                None => d.message.clone(),
            })
            .collect();
        Ok(Outcome::Failed(Failure::WrongError { cfg: check.cfg.clone(), expected, got }))
    }

    /// Builds the tests with `--cfg loom` and runs every shipped loom test in a process of its own, so that one model
    /// that deadlocks or aborts does not hide the verdict of the others, within the exercise's time limit as a whole.
    fn loom(&mut self, graded: &Graded) -> Result<Outcome> {
        let exercise = &self.target.exercise;
        let program = self.grader.out_dir.join(format!("{}-loom", self.target.artifact));
        let build = self.prepared.build(exercise, Kind::Loom, Output::Program(program.clone()));
        let (finished, compiler) = self.grader.compiler().compile(&build, self.cancel)?;
        if finished.exit == Exit::Cancelled {
            return Ok(Outcome::Cancelled);
        }
        check_rule_paths(&compiler)?;
        if !finished.success() {
            self.report.push_str(&compiler.rendered());
            return Ok(Outcome::Failed(Failure::Compile));
        }
        let blind = self.forbidden_uses(&compiler, |_| Some(compile::LOOM_BLIND_WHY.to_owned()));
        if !blind.is_empty() {
            return Ok(Outcome::Failed(Failure::Rules(blind)));
        }
        let logfile = self.grader.out_dir.join(format!("{}-loom.tests.log", self.target.artifact));
        let deadline = Instant::now() + exercise.time_limit;
        for test in &graded.layout.loom_tests {
            let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(100));
            let cmd = self.model_command(&program, &logfile, test, None);
            let limits = process::Limits { time: left, memory: Some(exercise.memory_limit) };
            let finished = process::run_with(cmd, limits, self.cancel, "a loom model")?;
            let output = finished.output_lossy();
            // loom's own backtraces and the thread dumps of its report help nobody learning; `--verbose` keeps them.
            if self.grader.verbose {
                self.absorb(&finished);
            }
            let problem = match finished.exit {
                Exit::Code(0) => {
                    let missing = unfinished(&logfile, std::slice::from_ref(test));
                    if missing.is_empty() {
                        continue;
                    }
                    return Ok(Outcome::Failed(Failure::Incomplete { missing, loom: true }));
                }
                Exit::Cancelled => return Ok(Outcome::Cancelled),
                Exit::TimedOut(hang) => {
                    let limit = exercise.time_limit;
                    let unfinished = vec![test.clone()];
                    return Ok(Outcome::Failed(Failure::TimedOut { limit, hang, loom: true, unfinished }));
                }
                Exit::Signal(signal) if !output.contains("panicked at") => {
                    return Ok(Outcome::Failed(Failure::Signal { signal, loom: true }));
                }
                Exit::Code(_) | Exit::Signal(_) => match loom_problem(&output) {
                    LoomProblem::TooManyBranches { .. } => {
                        let spins = |f: &crate::catalogue::Forbidden| {
                            f.clippy_path().is_some_and(|p| p.ends_with("::spin_loop") || p.ends_with("::yield_now"))
                        };
                        LoomProblem::TooManyBranches { may_spin: !self.target.exercise.forbidden.iter().any(spins) }
                    }
                    problem => problem,
                },
            };
            // The same model again, recording this time: loom explores in the same order, so it fails the same way,
            // in a few milliseconds, and the record of the failing execution becomes the timeline.
            let schedule = self.schedule(graded, &program, &logfile, test, left)?;
            return Ok(Outcome::Failed(Failure::Loom { test: test.clone(), problem, schedule }));
        }
        Ok(Outcome::Passed)
    }

    /// The command that runs one loom model; with `timeline`, the `std_or_loom` crate records into that file.
    fn model_command(&self, program: &Path, logfile: &Path, test: &str, timeline: Option<&Path>) -> Command {
        let mut cmd = self.program_command(program, Some(logfile));
        cmd.args(["--exact", test, "--test-threads=1"])
            .env("LOOM_MAX_PREEMPTIONS", self.target.exercise.loom_preemptions.to_string());
        if let Some(file) = timeline {
            cmd.env("TUTOR_TIMELINE", file);
        }
        cmd
    }

    /// Runs a failing loom model again with the `std_or_loom` crate recording, and renders the interleaving it found.
    /// None when the exercise does not record (it imports loom itself), or the run did not fail again in time.
    fn schedule(
        &self,
        graded: &Graded,
        program: &Path,
        logfile: &Path,
        test: &str,
        limit: Duration,
    ) -> Result<Option<Schedule>> {
        let file = self.grader.out_dir.join(format!("{}-timeline.jsonl", self.target.artifact));
        let _ = std::fs::remove_file(&file);
        let cmd = self.model_command(program, logfile, test, Some(&file));
        let finished = process::run(cmd, limit, self.cancel, "a loom model")?;
        if finished.exit == Exit::Cancelled {
            return Ok(None);
        }
        let Ok(Some(timeline)) = crate::timeline::read(&file) else { return Ok(None) };
        // The learner's code is what lies above the first check section.
        let first_check = graded.layout.sections.iter().map(|s| *s.lines.start()).min().unwrap_or(usize::MAX);
        let view = crate::timeline::View {
            exercise_file: self.prepared.root_shown(),
            root: &self.grader.root,
            learner_lines: Some(1..u32::try_from(first_check).unwrap_or(u32::MAX)),
            source: Some(&graded.source),
            color: self.grader.color,
        };
        Ok(Some(Schedule {
            rendered: crate::timeline::render_with(&timeline, &view),
            lines: timeline.lines_shown(&view),
            waits: timeline.waits(),
        }))
    }
}

/// Whether a diagnostic is Clippy's report of a forbidden method, type or macro.
fn is_disallowed(diagnostic: &Diagnostic) -> bool {
    diagnostic.code.as_deref().is_some_and(|c| compile::DISALLOWED.contains(&c))
}

/// The tests of `expected` that libtest's log file does not record as passed.
fn unfinished(logfile: &Path, expected: &[String]) -> Vec<String> {
    let log = std::fs::read_to_string(logfile).unwrap_or_default();
    let passed: std::collections::HashSet<&str> = log.lines().filter_map(|l| l.strip_prefix("ok ")).collect();
    expected.iter().filter(|name| !passed.contains(name.as_str())).cloned().collect()
}

/// A forbidden path that Clippy cannot find is only a warning, and the rule would silently check nothing: that is the
/// pack's bug, and no verdict can be trusted until it is fixed.
fn check_rule_paths(compiler: &CompilerOutput) -> Result<()> {
    let in_config = |d: &&Diagnostic| d.location.as_ref().is_some_and(|(file, _, _)| file.ends_with("clippy.toml"));
    match compiler.diagnostics.iter().find(in_config) {
        Some(d) => anyhow::bail!(
            "a forbidden path in this exercise's rules is wrong, so the rule would check nothing ({}). This is a bug \
             in the exercise pack: fix the path in info.toml (`tutor dev check` finds every such path).",
            d.message
        ),
        None => Ok(()),
    }
}

/// Reads what went wrong in a loom model from its panic messages.
fn loom_problem(output: &str) -> LoomProblem {
    if output.contains("deadlock; threads") {
        LoomProblem::Deadlock
    } else if let Some(line) = output.lines().find(|l| l.contains("Causality violation")) {
        LoomProblem::DataRace(line.trim().to_owned())
    } else if output.contains("Model exceeded maximum number of branches") {
        LoomProblem::TooManyBranches { may_spin: true }
    } else {
        LoomProblem::Assertion(first_panic_message(output))
    }
}

/// The message of the first panic in a program's output: the lines after `thread '...' panicked at FILE:L:C:`.
pub fn first_panic_message(output: &str) -> Option<String> {
    let plain = console::strip_ansi_codes(output);
    let mut lines = plain.lines().skip_while(|l| !(l.starts_with("thread '") && l.contains("panicked at")));
    let head = lines.next()?;
    // Before Rust 1.73 the message shared the line: "panicked at 'message', file:line:col".
    if let Some(rest) = head.split("panicked at '").nth(1) {
        return rest.rsplit_once("', ").map(|(message, _)| message.to_owned());
    }
    // The message ends at a blank line, the note about RUST_BACKTRACE, or the backtrace itself.
    let message: Vec<&str> =
        lines.take_while(|l| !l.is_empty() && !l.starts_with("note: ") && !l.starts_with("stack backtrace:")).collect();
    (!message.is_empty()).then(|| message.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Captured from a libtest harness built by rustc 1.95.
    const FAILED: &str = "running 1 test\ntest tests::adds ... FAILED\n\nfailures:\n\n---- tests::adds stdout ----\n\nthread 'tests::adds' panicked at a.rs:4:49:\nassertion `left == right` failed: both threads read 0\n  left: 1\n right: 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    tests::adds\n";

    #[test]
    fn finds_the_panic_message() {
        assert_eq!(
            first_panic_message(FAILED).as_deref(),
            Some("assertion `left == right` failed: both threads read 0\n  left: 1\n right: 2")
        );
        assert_eq!(first_panic_message("running 1 test\ntest x ... ok\n"), None);
        let with_backtrace = "thread 'main' panicked at a.rs:1:1:\nboom\nstack backtrace:\n   0: rust_begin_unwind\n";
        assert_eq!(first_panic_message(with_backtrace).as_deref(), Some("boom"));
    }

    #[test]
    fn names_loom_problems() {
        assert_eq!(
            loom_problem(
                "thread 'main' panicked at src/rt/execution.rs:215:13:\ndeadlock; threads = [(Id(0), Blocked)]"
            ),
            LoomProblem::Deadlock
        );
        assert!(matches!(
            loom_problem("Causality violation: Concurrent write accesses to `UnsafeCell`."),
            LoomProblem::DataRace(_)
        ));
        assert_eq!(
            loom_problem("Model exceeded maximum number of branches. This is often"),
            LoomProblem::TooManyBranches { may_spin: true }
        );
        assert_eq!(loom_problem(FAILED), LoomProblem::Assertion(first_panic_message(FAILED)));
    }

    #[test]
    fn a_test_missing_from_the_log_is_unfinished() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        std::fs::write(&log, "ok tests::a\nfailed tests::b\n").unwrap();
        let expected = ["tests::a".to_owned(), "tests::b".to_owned(), "tests::c".to_owned()];
        assert_eq!(unfinished(&log, &expected), ["tests::b", "tests::c"]);
        assert_eq!(unfinished(&dir.path().join("none"), &expected[..1]), ["tests::a"]);
    }
}
