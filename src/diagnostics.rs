//! The compiler's verdict, read from its JSON diagnostics.
//!
//! rustc is run with `--error-format=json --json=diagnostic-rendered-ansi`: each diagnostic arrives as one JSON line
//! that carries both the structured facts the tutor decides on (level, error code, message, primary location, the
//! code's explanation) and the compiler's own coloured rendering, which is what the learner is shown.

use serde::Deserialize;

/// One diagnostic from the compiler, the parts the tutor uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub is_error: bool,
    pub code: Option<String>,
    pub message: String,
    /// The text of `rustc --explain CODE`, carried in the JSON.
    pub explanation: Option<String>,
    /// File, line and column (one-based) of the primary span; when that lies inside a macro from a library (an error
    /// in the arguments of `assert_eq!` is reported in core's macro), the place in the pack that called the macro.
    pub location: Option<(String, usize, usize)>,
    /// The primary span comes from a `#[derive(...)]` (code the learner did not write out).
    pub from_derive: bool,
    /// The compiler's rendering, with colour codes.
    pub rendered: String,
}

/// Everything the compiler said in one invocation.
#[derive(Debug, Default, Clone)]
pub struct CompilerOutput {
    pub diagnostics: Vec<Diagnostic>,
    /// Lines that were not JSON (a linker or an internal compiler error can print those).
    pub other: String,
}

impl CompilerOutput {
    /// Splits the compiler's standard error into diagnostics and other text.
    pub fn parse(stderr: &str) -> CompilerOutput {
        let mut out = CompilerOutput::default();
        for line in stderr.lines() {
            let parsed = line.starts_with('{').then(|| serde_json::from_str::<Raw>(line).ok()).flatten();
            match parsed {
                Some(raw) => {
                    if let Some(diagnostic) = Diagnostic::from_raw(raw) {
                        out.diagnostics.push(diagnostic);
                    }
                }
                // rustc also reports artifacts and future-incompatibility notes as JSON lines that are not
                // diagnostics; only text that is not JSON at all is worth showing.
                None if line.starts_with('{') => {}
                None => {
                    out.other.push_str(line);
                    out.other.push('\n');
                }
            }
        }
        out
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error)
    }

    /// The diagnostics as the compiler would have printed them, colours included.
    pub fn rendered(&self) -> String {
        let mut text: String = self.diagnostics.iter().map(|d| d.rendered.as_str()).collect();
        text.push_str(&self.other);
        text
    }

    /// The first error that has a code, for "explain this error".
    pub fn first_code(&self) -> Option<&Diagnostic> {
        self.errors().find(|d| d.code.is_some())
    }
}

/// A diagnostic as rustc writes it (its JSON output, documented in the rustc book): the fields the tutor reads. The
/// rest (children, suggestions, byte offsets) is skipped unread.
#[derive(Deserialize)]
struct Raw {
    message: String,
    code: Option<RawCode>,
    /// `error`, `warning`, `note`, `help`, `failure-note`, or `error: internal compiler error`.
    level: String,
    spans: Vec<Span>,
    rendered: Option<String>,
}

#[derive(Deserialize)]
struct RawCode {
    code: String,
    explanation: Option<String>,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: usize,
    column_start: usize,
    is_primary: bool,
    /// The macro call this span is inside of, if any.
    expansion: Option<Box<Expansion>>,
}

#[derive(Deserialize)]
struct Expansion {
    /// Where the macro was called.
    span: Span,
    /// `assert_eq!`, `#[derive(Clone)]`.
    macro_decl_name: String,
}

impl Diagnostic {
    fn from_raw(raw: Raw) -> Option<Diagnostic> {
        let is_error = match raw.level.as_str() {
            "error" | "error: internal compiler error" => true,
            "warning" => false,
            // Notes and helps arrive as children of the diagnostic they belong to; the summary lines
            // ("aborting due to ...") are not worth showing twice.
            _ => return None,
        };
        if raw.message.starts_with("aborting due to")
            || raw.message.ends_with("warning emitted")
            || raw.message.ends_with("warnings emitted")
        {
            return None;
        }
        let primary = raw.spans.iter().find(|s| s.is_primary);
        let location = primary.map(|s| {
            let s = call_site(s);
            (s.file_name.clone(), s.line_start, s.column_start)
        });
        let from_derive = primary.is_some_and(|s| {
            std::iter::successors(Some(s), |s| s.expansion.as_ref().map(|e| &e.span))
                .any(|s| s.expansion.as_ref().is_some_and(|e| e.macro_decl_name.starts_with("#[derive(")))
        });
        Some(Diagnostic {
            is_error,
            code: raw.code.as_ref().map(|c| c.code.clone()),
            explanation: raw.code.and_then(|c| c.explanation),
            message: raw.message,
            location,
            from_derive,
            rendered: raw.rendered.unwrap_or_default(),
        })
    }
}

/// Follows a span out of library macros to the place in the pack that called them. The pack's files are named by
/// relative paths; the standard library's (`/rustc/...`) and dependencies' (`~/.cargo/registry/...`) by absolute
/// ones, and code a macro made up by `<...>`.
fn call_site(span: &Span) -> &Span {
    let mut current = span;
    while is_foreign(&current.file_name)
        && let Some(expansion) = &current.expansion
    {
        current = &expansion.span;
    }
    current
}

fn is_foreign(file: &str) -> bool {
    file.starts_with('/') || file.starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::*;

    // Captured from rustc 1.95 (`--error-format=json --json=diagnostic-rendered-ansi`) on a use after move at
    // m.rs:4:20.
    const E0382: &str = include_str!("testdata/e0382.jsonl");

    #[test]
    fn reads_code_location_and_explanation() {
        let out = CompilerOutput::parse(E0382);
        assert_eq!(out.diagnostics.len(), 1, "the 'aborting' summary is dropped");
        let d = &out.diagnostics[0];
        assert!(d.is_error);
        assert_eq!(d.code.as_deref(), Some("E0382"));
        assert_eq!(d.location, Some(("m.rs".to_owned(), 4, 20)));
        assert!(d.rendered.contains("\u{1b}["), "the rendering keeps its colours");
        assert!(d.explanation.as_deref().unwrap().starts_with("A variable was used after"));
        assert!(out.rendered().contains("borrow of moved value"));
        assert_eq!(out.first_code().and_then(|d| d.code.as_deref()), Some("E0382"));
    }

    // Captured from rustc 1.95 likewise: `#[derive(Clone)]` on a struct with a field that is not Clone (m.rs:3:5), a
    // mismatch in `assert_eq!`'s arguments (m.rs:8:19), the failure notes, then another file's unused variable.
    const DERIVE_AND_WARNING: &str = include_str!("testdata/derive_and_warning.jsonl");

    #[test]
    fn reads_levels_derives_and_places() {
        let out = CompilerOutput::parse(DERIVE_AND_WARNING);
        let summary: Vec<_> = out
            .diagnostics
            .iter()
            .map(|d| (d.is_error, d.code.as_deref(), d.location.clone(), d.from_derive))
            .collect();
        assert_eq!(
            summary,
            [
                (true, Some("E0277"), Some(("m.rs".to_owned(), 3, 5)), true),
                (true, Some("E0308"), Some(("m.rs".to_owned(), 8, 19)), false),
                (false, Some("unused_variables"), Some(("w.rs".to_owned(), 2, 9)), false),
            ],
            "failure notes and the summary lines are dropped"
        );
        assert_eq!(out.errors().count(), 2);
        assert!(out.diagnostics[2].message.contains("unused variable"));
        assert!(out.other.is_empty());
    }

    #[test]
    fn keeps_text_that_is_not_json() {
        let out = CompilerOutput::parse("error: linking with `cc` failed\nnote: something\n");
        assert!(out.diagnostics.is_empty());
        assert!(out.other.contains("linking with `cc` failed"));
        assert_eq!(out.errors().count(), 0);
    }
}
