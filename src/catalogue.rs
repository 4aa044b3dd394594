//! The exercise catalogue: `info.toml`, read, validated and turned into [`Exercise`]s.
//!
//! The format is a superset of the rustlings v6 community-exercise format, so that a pack written for rustlings works
//! unchanged. Every key the tutor adds is optional and documented in README.md.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use regex_lite::Regex;
use serde::Deserialize;
use toml::Spanned;

pub const INFO_FILE: &str = "info.toml";
/// The only format version there is so far; a pack that asks for another one was written for a newer tutor.
const FORMAT_VERSION: u32 = 1;
/// How long a program may run before it is stopped and reported as an endless loop or a deadlock.
const DEFAULT_TIME_LIMIT_SECS: f64 = 10.0;
/// The longest time limit a pack may set: past this, a learner waits too long to learn that a program hangs.
const MAX_TIME_LIMIT_SECS: f64 = 600.0;
/// The shortest: a program's own start takes a few milliseconds, and a loaded machine may take ten times as long.
const MIN_TIME_LIMIT_SECS: f64 = 0.5;
/// loom explores interleavings up to this many preemptions unless an exercise says otherwise: 2 finds the classic lost
/// updates, ordering bugs and lock-order deadlocks of a two-thread model in well under a second.
pub const DEFAULT_LOOM_PREEMPTIONS: u32 = 2;
/// Past this, even a small model takes minutes.
const MAX_LOOM_PREEMPTIONS: u32 = 4;
/// How much address space an exercise's program may map: far more than any exercise needs (a test harness with a
/// dozen threads maps well under 100 MiB), far less than a laptop has, so that an endless `Vec::push` stops early.
const DEFAULT_MEMORY_LIMIT_MIB: u64 = 512;
/// The range a pack may choose from.
const MEMORY_LIMIT_MIB: std::ops::RangeInclusive<u64> = 64..=16 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    format_version: Spanned<u32>,
    welcome_message: Option<String>,
    final_message: Option<String>,
    cargo_manifest: Option<Spanned<String>>,
    #[serde(default)]
    forbid_unsafe: bool,
    #[serde(default)]
    canonical_checks: bool,
    #[serde(default)]
    exercises: Vec<RawExercise>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    name: Spanned<String>,
    dir: Option<Spanned<String>>,
    #[serde(default = "yes")]
    test: bool,
    #[serde(default)]
    strict_clippy: bool,
    #[serde(default)]
    hint: String,
    #[serde(default)]
    skip_check_unsolved: bool,
    chapter: Option<String>,
    time_limit_secs: Option<Spanned<f64>>,
    #[serde(default)]
    further_hints: Vec<String>,
    #[serde(default)]
    loom: bool,
    loom_preemptions: Option<Spanned<u32>>,
    memory_limit_mib: Option<Spanned<u64>>,
    #[serde(default)]
    must_not_compile: Vec<RawMustNotCompile>,
    #[serde(default)]
    diagnostic_hints: Vec<RawDiagnosticHint>,
    #[serde(default)]
    clippy_lints: Vec<Spanned<String>>,
    #[serde(default)]
    allow_unsafe: bool,
    #[serde(default)]
    project: bool,
    #[serde(default)]
    forbidden: Vec<RawForbidden>,
    #[serde(default)]
    keep: Vec<RawKeep>,
}

/// `[[exercises.forbidden]]`: exactly one of `method`, `type`, `macro` (paths Clippy resolves) or `syntax`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForbidden {
    method: Option<Spanned<String>>,
    r#type: Option<Spanned<String>>,
    r#macro: Option<Spanned<String>>,
    syntax: Option<Spanned<String>>,
    why: Spanned<String>,
}

/// `[[exercises.keep]]`: an item the lesson needs as shipped.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeep {
    item: Spanned<String>,
    part: Option<Spanned<String>>,
    why: String,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMustNotCompile {
    cfg: Spanned<String>,
    code: Option<Spanned<String>>,
    message: Option<Spanned<String>>,
    why: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiagnosticHint {
    code: Option<Spanned<String>>,
    message: Option<Spanned<String>>,
    hint: Spanned<String>,
}

/// The whole pack: where it lives, its messages and its ordered exercises.
#[derive(Debug)]
pub struct Catalogue {
    pub root: PathBuf,
    pub welcome_message: Option<String>,
    pub final_message: Option<String>,
    /// The Cargo manifest that lists every exercise and solution as a binary (for rust-analyzer and dependencies).
    pub cargo_manifest: PathBuf,
    pub exercises: Vec<Exercise>,
    /// The pack is the one built into this tutor (its `info.toml` is the built-in one): its exercises as shipped
    /// are the built-in copies, whatever the files on disk say now.
    pub bundled: bool,
}

/// How an exercise's program is judged once it compiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compiled as a test harness: every `#[test]` must pass.
    Test,
    /// Compiled as a program: `main` must exit successfully.
    Run,
}

/// Which diagnostic a check expects or a hint answers to.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// An error code such as `E0382`.
    Code(String),
    /// A regular expression on the diagnostic's message, for errors without a code.
    Message(Pattern),
}

impl Matcher {
    pub fn matches(&self, code: Option<&str>, message: &str) -> bool {
        match self {
            Matcher::Code(want) => code == Some(want.as_str()),
            Matcher::Message(pattern) => pattern.is_match(message),
        }
    }
}

/// A regular expression from `info.toml`, compiled when the catalogue loads, so that a pattern that cannot be used is
/// refused there, with its place in the file. The engine is regex-lite: its syntax is regex's, but for Unicode
/// classes (`\p{Greek}`) and Unicode case folding, which it refuses; `\w`, `\d` and `\s` are ASCII. The patterns match
/// the compiler's messages, which are English.
#[derive(Debug, Clone)]
pub struct Pattern(Regex);

impl Pattern {
    /// The pattern, or regex-lite's explanation of why it cannot be used (wrong syntax, or past its size limits).
    pub fn new(source: &str) -> Result<Pattern, String> {
        Regex::new(source).map(Pattern).map_err(|e| e.to_string())
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Matcher::Code(code) => write!(f, "error {code}"),
            Matcher::Message(pattern) => write!(f, "an error matching `{}`", pattern.as_str()),
        }
    }
}

/// Code under `#[cfg(NAME)]` that must fail to compile with a particular error.
#[derive(Debug, Clone)]
pub struct MustNotCompile {
    pub cfg: String,
    pub expect: Matcher,
    pub why: Option<String>,
}

/// Something the learner's answer may not use, with the reason they are shown.
#[derive(Debug, Clone)]
pub struct Forbidden {
    pub what: Forbid,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forbid {
    /// A function or method, by the path Clippy resolves calls to (`std::clone::Clone::clone`): every call counts,
    /// whatever the syntax (`x.clone()`, `Clone::clone(&x)`).
    Method(String),
    /// A type, by its path (`std::cell::Cell`).
    Type(String),
    /// A macro, by its path (`std::thread_local`).
    Macro(String),
    /// A piece of syntax the tutor looks for itself.
    Syntax(Syntax),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// The `'static` lifetime, which turns a lifetime lesson into a no-op.
    StaticLifetime,
    /// A `static` item: a global instead of the value the lesson passes around.
    StaticItem,
}

impl Syntax {
    const ALL: [(&'static str, Syntax); 2] = [("'static", Syntax::StaticLifetime), ("static", Syntax::StaticItem)];
}

/// An item of the shipped file that the learner's answer must keep as it is.
#[derive(Debug, Clone)]
pub struct Keep {
    /// `stamp` (a function or another named item) or `Booth::sell` (a method).
    pub item: String,
    pub part: KeepPart,
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepPart {
    /// A function's signature: name, generics, parameters and return type.
    Signature,
    /// The whole item, attributes included.
    All,
}

#[derive(Debug, Clone)]
pub struct DiagnosticHint {
    pub matcher: Matcher,
    pub hint: String,
}

#[derive(Debug, Clone)]
pub struct Exercise {
    pub name: String,
    pub dir: Option<String>,
    pub chapter: String,
    pub mode: Mode,
    pub strict_clippy: bool,
    /// The hint first, then each further hint in the order it is revealed.
    pub hints: Vec<String>,
    pub skip_check_unsolved: bool,
    pub time_limit: Duration,
    pub loom: bool,
    /// How many preemptions loom explores (`LOOM_MAX_PREEMPTIONS`).
    pub loom_preemptions: u32,
    /// The address space the program may map, in bytes.
    pub memory_limit: u64,
    pub must_not_compile: Vec<MustNotCompile>,
    pub diagnostic_hints: Vec<DiagnosticHint>,
    pub clippy_lints: Vec<String>,
    /// `unsafe` code is refused (the lint `unsafe_code` at forbid level) unless the exercise allows it.
    pub forbid_unsafe: bool,
    pub forbidden: Vec<Forbidden>,
    pub keep: Vec<Keep>,
    /// A project exercise: a small Cargo package in the folder `exercises/DIR/NAME/` rather than one file.
    pub project: bool,
    /// The tests, loom models and must-not-compile sections are the pack's, whatever the learner's copy says
    /// (`canonical_checks = true` at the top of info.toml). Off, the learner's file is graded as it is, as rustlings
    /// grades it: its tests are part of the exercise (rustlings' packs have the learner fill in tests).
    pub canonical_checks: bool,
}

/// The files of a project exercise that are the pack's checks, whole: any `tests.rs` below `src/`, and everything in a
/// `tests` folder below `src/`. A learner's copy of them is never graded. (Cargo's integration tests, a `tests/`
/// folder beside `src/`, are not run by the tutor; `tutor dev check` refuses them.)
pub fn is_check_file(relative: &Path) -> bool {
    relative.starts_with("src")
        && (relative.file_name().is_some_and(|n| n == "tests.rs")
            || relative.components().any(|c| c.as_os_str() == "tests"))
}

impl Exercise {
    /// The exercise file, relative to the pack root: `exercises/DIR/NAME.rs`, or a project's folder
    /// `exercises/DIR/NAME`.
    pub fn path(&self) -> PathBuf {
        self.in_folder("exercises")
    }

    /// The solution file (or a project's folder), relative to the pack root: `solutions/DIR/NAME.rs`.
    pub fn solution_path(&self) -> PathBuf {
        self.in_folder("solutions")
    }

    fn in_folder(&self, folder: &str) -> PathBuf {
        let mut path = PathBuf::from(folder);
        if let Some(dir) = &self.dir {
            path.push(dir);
        }
        path.push(if self.project { self.name.clone() } else { format!("{}.rs", self.name) });
        path
    }

    /// The file the compiler is given, relative to the exercise's folder `dir` (its `path()` or `solution_path()`,
    /// from the pack root): a project's `src/lib.rs`, or its `src/main.rs` when it has no library; nothing for a
    /// file exercise.
    pub fn crate_root(&self, root: &Path, dir: &Path) -> PathBuf {
        if !self.project {
            return PathBuf::new();
        }
        let lib = Path::new("src/lib.rs");
        if root.join(dir).join(lib).is_file() { lib.to_path_buf() } else { PathBuf::from("src/main.rs") }
    }

    /// Whether `relative` (from the pack root) is the exercise's file, or a file of its project.
    pub fn owns(&self, relative: &Path) -> bool {
        if self.project { relative.starts_with(self.path()) } else { relative == self.path() }
    }

    /// Whether the exercise's file (or a project's crate root) is where it should be.
    pub fn present(&self, root: &Path) -> bool {
        self.is_at(root, &self.path())
    }

    /// Whether the pack has a solution for the exercise.
    pub fn has_solution(&self, root: &Path) -> bool {
        self.is_at(root, &self.solution_path())
    }

    fn is_at(&self, root: &Path, dir: &Path) -> bool {
        crate::files::within(&root.join(dir), &self.crate_root(root, dir)).is_file()
    }

    /// The Rust files of the exercise (or of its solution: `dir`), relative to the pack root: its one file, or every
    /// `.rs` file of a project.
    pub fn rust_files(&self, root: &Path, dir: &Path) -> Vec<PathBuf> {
        if !self.project {
            return vec![dir.to_path_buf()];
        }
        crate::files::rust_files_below(&root.join(dir)).into_iter().map(|f| dir.join(f)).collect()
    }

    /// The syntax the exercise forbids, with the reasons.
    pub fn forbidden_syntax(&self) -> Vec<(Syntax, String)> {
        self.forbidden
            .iter()
            .filter_map(|f| match f.what {
                Forbid::Syntax(syntax) => Some((syntax, f.why.clone())),
                _ => None,
            })
            .collect()
    }

    /// The must-not-compile cfg names.
    pub fn section_names(&self) -> Vec<String> {
        self.must_not_compile.iter().map(|c| c.cfg.clone()).collect()
    }
}

impl Forbidden {
    /// The path Clippy checks, for the rules that Clippy enforces.
    pub fn clippy_path(&self) -> Option<&str> {
        match &self.what {
            Forbid::Method(path) | Forbid::Type(path) | Forbid::Macro(path) => Some(path),
            Forbid::Syntax(_) => None,
        }
    }
}

/// An error in `info.toml` at a known place.
fn located(file: &Path, source: &str, span: Range<usize>, what: impl fmt::Display) -> anyhow::Error {
    let (line, column) = line_column(source, span.start);
    anyhow::anyhow!("{}:{line}:{column}: {what}", file.display())
}

/// One-based line and column of a byte offset, counting columns in characters as editors do.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl Catalogue {
    /// Finds `info.toml` in `start` or the nearest folder above it and loads the pack.
    pub fn discover(start: &Path) -> Result<Catalogue> {
        let root =
            start.ancestors().find(|dir| dir.join(INFO_FILE).is_file()).ok_or_else(|| anyhow::anyhow!(NO_PACK))?;
        Catalogue::load(root)
    }

    pub fn load(root: &Path) -> Result<Catalogue> {
        let file = root.join(INFO_FILE);
        let source = std::fs::read_to_string(&file).with_context(|| format!("failed to read `{}`", file.display()))?;
        Catalogue::parse(root, &file, &source)
    }

    /// Parses and validates `source`, the text of `file`; errors name the file, line and column and say how to fix it.
    pub fn parse(root: &Path, file: &Path, source: &str) -> Result<Catalogue> {
        let raw: RawInfo = toml::from_str(source).map_err(|e| {
            let message = e.message().trim_end_matches('.').to_owned();
            let fix = if message.starts_with("unknown field") {
                " (remove the key or fix its spelling; README.md lists every key info.toml accepts)"
            } else if message.starts_with("missing field") {
                " (add it; README.md lists the keys info.toml needs)"
            } else {
                " (fix the TOML syntax there)"
            };
            match e.span() {
                Some(span) => located(file, source, span, format!("{message}{fix}")),
                None => anyhow::anyhow!("{}: {message}{fix}", file.display()),
            }
        })?;

        if *raw.format_version.get_ref() != FORMAT_VERSION {
            return Err(located(
                file,
                source,
                raw.format_version.span(),
                format!(
                    "format_version {} is not supported; this tutor reads format_version = {FORMAT_VERSION} (upgrade \
                     the tutor, or set format_version = {FORMAT_VERSION})",
                    raw.format_version.get_ref()
                ),
            ));
        }
        if raw.exercises.is_empty() {
            bail!("{}: the pack lists no exercises; add at least one [[exercises]] table", file.display());
        }

        let cargo_manifest = match &raw.cargo_manifest {
            Some(path) => {
                let relative = Path::new(path.get_ref());
                if relative.is_absolute() || relative.components().any(|c| c == std::path::Component::ParentDir) {
                    return Err(located(
                        file,
                        source,
                        path.span(),
                        format!(
                            "cargo_manifest `{}` must be a path inside the pack (no `..`, no `/` at the start)",
                            path.get_ref()
                        ),
                    ));
                }
                let manifest = root.join(relative);
                if !manifest.is_file() {
                    return Err(located(
                        file,
                        source,
                        path.span(),
                        format!("cargo_manifest `{}` does not exist; fix the path or create it", path.get_ref()),
                    ));
                }
                manifest
            }
            None => root.join("Cargo.toml"),
        };

        let bundled = source == crate::embedded::INFO;
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut exercises = Vec::with_capacity(raw.exercises.len());
        let mut spans = Vec::with_capacity(raw.exercises.len());
        for raw_exercise in raw.exercises {
            let name_span = raw_exercise.name.span();
            let name = raw_exercise.name.get_ref().clone();
            let at = |span: Range<usize>, what: String| located(file, source, span, what);
            if !valid_name(&name) {
                return Err(at(
                    name_span,
                    format!(
                        "exercise name `{name}` is not valid; use at most {MAX_NAME_BYTES} letters, digits and \
                         underscores (it becomes the name of a binary and of a file)"
                    ),
                ));
            }
            if let Some(previous) = seen.insert(name.clone(), name_span.start) {
                let (previous, _) = line_column(source, previous);
                return Err(at(
                    name_span,
                    format!(
                        "exercise name `{name}` is used twice (first on line {previous}); every exercise needs its \
                         own name"
                    ),
                ));
            }
            spans.push(name_span);
            let mut exercise = Exercise::from_raw(raw_exercise, root, raw.forbid_unsafe, bundled, &at)?;
            exercise.canonical_checks = raw.canonical_checks;
            exercises.push(exercise);
        }
        // `NAME_sol` is the binary of NAME's solution in the exercises' manifest: an exercise of that name would
        // collide with it.
        for (exercise, span) in exercises.iter().zip(&spans) {
            if let Some(base) = exercise.name.strip_suffix("_sol")
                && exercises.iter().any(|e| e.name == base)
            {
                return Err(located(
                    file,
                    source,
                    span.clone(),
                    format!(
                        "exercise name `{}` clashes with the solution binary of exercise `{base}` (solutions are \
                         named NAME_sol in the Cargo manifest); rename one of them",
                        exercise.name
                    ),
                ));
            }
        }

        Ok(Catalogue {
            root: root.to_path_buf(),
            welcome_message: raw.welcome_message,
            final_message: raw.final_message,
            cargo_manifest,
            exercises,
            bundled,
        })
    }

    pub fn find(&self, name: &str) -> Option<(usize, &Exercise)> {
        self.exercises.iter().enumerate().find(|(_, e)| e.name == name)
    }

    /// Looks an exercise up by name; an unknown name gets an error that suggests the closest one.
    pub fn get(&self, name: &str) -> Result<(usize, &Exercise)> {
        if let Some(found) = self.find(name) {
            return Ok(found);
        }
        let suggestion = self
            .exercises
            .iter()
            .map(|e| (strsim::levenshtein(name, &e.name), &e.name))
            .filter(|(d, candidate)| *d <= candidate.len().max(3) / 3 + 1)
            .min()
            .map(|(_, n)| format!(" Did you mean `{n}`?"))
            .unwrap_or_default();
        bail!("there is no exercise named `{name}`.{suggestion} Run `tutor list` to see every exercise.")
    }

    /// Finds the exercise whose file is `path` (absolute or relative to the pack root), or whose project holds it.
    pub fn by_path(&self, path: &Path) -> Option<usize> {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        self.exercises.iter().position(|e| e.owns(relative))
    }
}

impl Exercise {
    fn from_raw(
        raw: RawExercise,
        root: &Path,
        forbid_unsafe: bool,
        source_is_bundled: bool,
        at: &dyn Fn(Range<usize>, String) -> anyhow::Error,
    ) -> Result<Exercise> {
        let name = raw.name.get_ref().clone();
        let dir = match raw.dir {
            Some(dir) => {
                let value = dir.get_ref();
                let path = Path::new(value);
                if value.is_empty()
                    || path.is_absolute()
                    || path.components().any(|c| !matches!(c, std::path::Component::Normal(_)))
                {
                    return Err(at(
                        dir.span(),
                        format!(
                            "dir `{value}` must be a plain relative folder inside `exercises/` (no `..`, no `/` at the start)"
                        ),
                    ));
                }
                Some(value.clone())
            }
            None => None,
        };
        let time_limit = match raw.time_limit_secs {
            Some(limit) => {
                let secs = *limit.get_ref();
                if !(MIN_TIME_LIMIT_SECS..=MAX_TIME_LIMIT_SECS).contains(&secs) {
                    return Err(at(
                        limit.span(),
                        format!(
                            "time_limit_secs must be between {MIN_TIME_LIMIT_SECS} and {MAX_TIME_LIMIT_SECS} (seconds), \
                             not {secs}: a shorter limit calls a correct program an endless loop on a busy machine"
                        ),
                    ));
                }
                Duration::from_secs_f64(secs)
            }
            None => Duration::from_secs_f64(DEFAULT_TIME_LIMIT_SECS),
        };
        let loom_preemptions = match raw.loom_preemptions {
            Some(n) if !(1..=MAX_LOOM_PREEMPTIONS).contains(n.get_ref()) => {
                return Err(at(
                    n.span(),
                    format!("loom_preemptions must be between 1 and {MAX_LOOM_PREEMPTIONS}, not {}", n.get_ref()),
                ));
            }
            Some(n) => *n.get_ref(),
            None => DEFAULT_LOOM_PREEMPTIONS,
        };
        let memory_limit_mib = match raw.memory_limit_mib {
            Some(mib) if !MEMORY_LIMIT_MIB.contains(mib.get_ref()) => {
                return Err(at(
                    mib.span(),
                    format!(
                        "memory_limit_mib must be between {} and {}, not {}",
                        MEMORY_LIMIT_MIB.start(),
                        MEMORY_LIMIT_MIB.end(),
                        mib.get_ref()
                    ),
                ));
            }
            Some(mib) => *mib.get_ref(),
            None => DEFAULT_MEMORY_LIMIT_MIB,
        };
        let mut must_not_compile = Vec::new();
        for check in raw.must_not_compile {
            let cfg = check.cfg.get_ref().clone();
            if !valid_identifier(&cfg) || cfg == "test" || cfg == "loom" {
                return Err(at(
                    check.cfg.span(),
                    format!(
                        "must_not_compile cfg `{cfg}` must be a plain identifier other than `test` and `loom`, such \
                         as `check_not_send`"
                    ),
                ));
            }
            let expect = matcher(check.code, check.message, check.cfg.span(), "must_not_compile", at)?;
            must_not_compile.push(MustNotCompile { cfg, expect, why: check.why });
        }
        let mut diagnostic_hints = Vec::new();
        for hint in raw.diagnostic_hints {
            let span = hint.hint.span();
            let matcher = matcher(hint.code, hint.message, span, "diagnostic_hints", at)?;
            diagnostic_hints.push(DiagnosticHint { matcher, hint: hint.hint.into_inner() });
        }
        let mut clippy_lints = Vec::new();
        for lint in raw.clippy_lints {
            let value = lint.get_ref();
            let bare = value.strip_prefix("clippy::").unwrap_or("");
            if bare.is_empty() || !bare.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                return Err(at(
                    lint.span(),
                    format!(
                        "clippy_lints entry `{value}` must name a Clippy lint, such as `clippy::await_holding_lock`"
                    ),
                ));
            }
            clippy_lints.push(value.clone());
        }
        let mut forbidden = Vec::new();
        for rule in raw.forbidden {
            forbidden.push(forbidden_rule(rule, at)?);
        }
        let mut keep = Vec::new();
        for rule in raw.keep {
            let span = rule.item.span();
            let item = rule.item.into_inner();
            let plain = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_');
            let well_formed = match item.split_once("::") {
                Some((ty, method)) => plain(ty) && plain(method),
                None => plain(&item),
            };
            if !well_formed {
                return Err(at(
                    span,
                    format!("keep item `{item}` must name an item (`stamp`, `Passport`) or a method (`Booth::sell`)"),
                ));
            }
            let part = match rule.part.as_ref().map(|p| p.get_ref().as_str()) {
                None | Some("all") => KeepPart::All,
                Some("signature") => KeepPart::Signature,
                Some(other) => {
                    let span = rule.part.as_ref().map_or(span.clone(), |p| p.span());
                    return Err(at(span, format!("keep part `{other}` must be \"signature\" or \"all\"")));
                }
            };
            keep.push(Keep { item, part, why: rule.why });
        }

        let exercise = Exercise {
            chapter: raw.chapter.unwrap_or_else(|| chapter_label(root, dir.as_deref())),
            name,
            dir,
            mode: if raw.test { Mode::Test } else { Mode::Run },
            strict_clippy: raw.strict_clippy,
            hints: std::iter::once(raw.hint).chain(raw.further_hints).filter(|h| !h.trim().is_empty()).collect(),
            skip_check_unsolved: raw.skip_check_unsolved,
            time_limit,
            loom: raw.loom,
            loom_preemptions,
            memory_limit: memory_limit_mib * 1024 * 1024,
            must_not_compile,
            diagnostic_hints,
            clippy_lints,
            forbid_unsafe: forbid_unsafe && !raw.allow_unsafe,
            forbidden,
            keep,
            project: raw.project,
            canonical_checks: false,
        };
        // A file the learner deleted (or replaced by a folder) is theirs to restore with `tutor reset`, as long as a
        // copy as shipped exists; a file that never was there is the pack's mistake.
        let restorable = root.join(".tutor/shipped").join(exercise.path()).exists()
            || (source_is_bundled && crate::embedded::exists(&exercise.path()));
        if !exercise.present(root) && !restorable {
            return Err(at(
                raw.name.span(),
                format!(
                    "the file of exercise `{}` does not exist: expected `{}`; create it, or fix `name` or `dir`",
                    exercise.name,
                    exercise.path().display()
                ),
            ));
        }
        Ok(exercise)
    }
}

fn forbidden_rule(rule: RawForbidden, at: &dyn Fn(Range<usize>, String) -> anyhow::Error) -> Result<Forbidden> {
    let why_span = rule.why.span();
    let why = rule.why.into_inner();
    let given: Vec<(&str, Spanned<String>)> =
        [("method", rule.method), ("type", rule.r#type), ("macro", rule.r#macro), ("syntax", rule.syntax)]
            .into_iter()
            .filter_map(|(key, value)| value.map(|v| (key, v)))
            .collect();
    let [(key, value)] = <[_; 1]>::try_from(given).map_err(|_| {
        at(why_span, "each forbidden entry needs exactly one of `method`, `type`, `macro` or `syntax`".to_owned())
    })?;
    let text = value.get_ref().clone();
    let path_like = !text.is_empty()
        && text.split("::").all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_'));
    let what = match key {
        "syntax" => {
            Forbid::Syntax(Syntax::ALL.iter().find(|(name, _)| *name == text).map(|(_, s)| *s).ok_or_else(|| {
                let known: Vec<String> = Syntax::ALL.iter().map(|(name, _)| format!("\"{name}\"")).collect();
                at(
                    value.span(),
                    format!("forbidden syntax `{text}` is not one the tutor knows; use {}", known.join(" or ")),
                )
            })?)
        }
        _ if !path_like || !text.contains("::") => {
            return Err(at(
                value.span(),
                format!("forbidden {key} `{text}` must be a full path, such as `std::clone::Clone::clone`"),
            ));
        }
        "method" => Forbid::Method(text),
        "type" => Forbid::Type(text),
        _ => Forbid::Macro(text),
    };
    Ok(Forbidden { what, why })
}

fn matcher(
    code: Option<Spanned<String>>,
    message: Option<Spanned<String>>,
    span: Range<usize>,
    table: &str,
    at: &dyn Fn(Range<usize>, String) -> anyhow::Error,
) -> Result<Matcher> {
    match (code, message) {
        (Some(code), None) => {
            let value = code.get_ref();
            let rustc_code =
                value.len() == 5 && value.starts_with('E') && value[1..].chars().all(|c| c.is_ascii_digit());
            let clippy_lint = value.strip_prefix("clippy::").is_some_and(|lint| !lint.is_empty());
            if !rustc_code && !clippy_lint {
                return Err(at(
                    code.span(),
                    format!(
                        "`{value}` is not an error code; codes look like `E0382` (or `clippy::lint_name` for Clippy)"
                    ),
                ));
            }
            Ok(Matcher::Code(value.clone()))
        }
        (None, Some(message)) => Pattern::new(message.get_ref())
            .map(Matcher::Message)
            .map_err(|e| at(message.span(), format!("`message` is not a valid regular expression: {e}"))),
        _ => Err(at(
            span,
            format!("each {table} entry needs exactly one of `code` (like \"E0277\") or `message` (a regex)"),
        )),
    }
}

/// The longest exercise name rustlings accepts (it becomes a binary's and a file's name).
const MAX_NAME_BYTES: usize = 32;

/// An exercise name as rustlings accepts it: letters, digits and `_`, any of them first (`1_integer_types`).
fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= MAX_NAME_BYTES && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A cfg name is an identifier: it may not start with a digit.
fn valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A chapter's name, when `chapter` does not give it: the title of the chapter's README (`# Race conditions and
/// deadlocks`, up to a colon), or else the folder's name.
fn chapter_label(root: &Path, dir: Option<&str>) -> String {
    let title = dir.and_then(|dir| std::fs::read_to_string(root.join("exercises").join(dir).join("README.md")).ok());
    let title = title.as_deref().and_then(|text| text.lines().next()).and_then(|line| line.strip_prefix("# "));
    match title.map(|t| t.split(':').next().unwrap_or(t).trim()).filter(|t| !t.is_empty() && t.len() <= 40) {
        Some(title) => title.to_owned(),
        None => chapter_from_dir(dir),
    }
}

/// "05_shared_state" -> "shared state": the folder names a chapter unless `chapter` says otherwise.
fn chapter_from_dir(dir: Option<&str>) -> String {
    let Some(dir) = dir else { return String::new() };
    let last = dir.rsplit('/').next().unwrap_or(dir);
    let trimmed = last.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches('_');
    let label = if trimmed.is_empty() { last } else { trimmed };
    label.replace('_', " ")
}

pub const NO_PACK: &str = "there is no `info.toml` in this folder or any folder above it, so there are no exercises \
    here. To get the exercises that come with the tutor, run `tutor init rust-exercises` (it writes them into a new \
    folder of that name), then `cd rust-exercises && tutor watch`. For another pack, go to its folder (the one that \
    holds `info.toml` and `exercises/`) and run `tutor` there.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 4), (2, 2));
        assert_eq!(line_column(text, text.len() - 1), (3, 1));
    }

    #[test]
    fn a_projects_test_files_are_its_tests_rs_and_what_lies_in_a_tests_folder_below_src() {
        for check in ["src/tests.rs", "src/store/tests.rs", "src/tests/mod.rs", "src/tests/load.rs"] {
            assert!(is_check_file(Path::new(check)), "{check}");
        }
        for code in ["src/lib.rs", "src/store.rs", "src/contests.rs", "tests.rs", "Cargo.toml"] {
            assert!(!is_check_file(Path::new(code)), "{code}");
        }
    }

    #[test]
    fn a_pattern_that_cannot_be_used_is_refused_when_the_catalogue_loads() {
        let pattern = Pattern::new(r"(?i)cannot borrow `\w+`").expect("a valid pattern");
        assert!(pattern.is_match("error: Cannot borrow `items` as mutable"));
        assert!(!pattern.is_match("use of moved value"));
        // Syntax errors, the Unicode classes the engine leaves out, and a pattern past its size limit.
        for bad in ["(unclosed", r"\p{Greek}", "a{2,1}", r"(\w{1000}){1000}"] {
            assert!(Pattern::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn chapter_comes_from_the_folder() {
        assert_eq!(chapter_from_dir(Some("05_shared_state")), "shared state");
        assert_eq!(chapter_from_dir(Some("intro")), "intro");
        assert_eq!(chapter_from_dir(None), "");
    }
}
