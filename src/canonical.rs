//! The pack's checks, always: what is graded is the learner's code together with the pack's own tests, loom models and
//! must-not-compile sections, never the learner's copy of them.
//!
//! An exercise file holds the learner's code and the checks that grade it: the items under `#[cfg(test)]` (test
//! modules, loom models) or under a must-not-compile cfg name (`#[cfg(check_not_send)]`), and any item that holds a
//! `#[test]`. A learner may edit any of it, delete a test module or switch it off (`#[cfg(all(test, any()))]`), and a
//! grade of such a file would say nothing. So the file is read as Rust (with syn, so comments and layout do not
//! matter): every check item of the shipped file goes into the graded source, in place of the learner's version when
//! that differs, at the end when it is missing; check items of the learner's own (a test module they added) are
//! blanked. When the learner left the checks alone, which is the usual case, the graded source is their file byte for
//! byte, so every line the compiler or a panic names is a line of their file.
//!
//! It also says where the checks are in the graded source, so that a must-not-compile error counts only inside its
//! own section, and which tests each build must run, so that a run that ended early (a `process::exit(0)` in the
//! learner's code) or a test that never registered is not a pass.

use std::ops::RangeInclusive;

use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Item, Meta, Token};

/// A `#[cfg(...)]` predicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pred {
    All(Vec<Pred>),
    Any(Vec<Pred>),
    Not(Box<Pred>),
    /// A bare name: `test`, `loom`, `unix`, `check_not_send`.
    Name(String),
    /// `key = "value"`: `target_os = "linux"`, `feature = "x"`.
    Value(String, String),
}

impl Pred {
    /// The predicate of one `cfg(...)` attribute's arguments; None when they do not parse (rustc reports that).
    pub fn of_tokens(tokens: proc_macro2::TokenStream) -> Option<Pred> {
        let meta: Meta = syn::parse2(tokens).ok()?;
        Pred::of_meta(&meta)
    }

    fn of_meta(meta: &Meta) -> Option<Pred> {
        let name = meta.path().get_ident()?.to_string();
        match meta {
            Meta::Path(_) => Some(Pred::Name(name)),
            Meta::NameValue(pair) => match &pair.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(value), .. }) => {
                    Some(Pred::Value(name, value.value()))
                }
                _ => None,
            },
            Meta::List(list) => {
                let parts = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated).ok()?;
                let parts: Option<Vec<Pred>> = parts.iter().map(Pred::of_meta).collect();
                let mut parts = parts?;
                match name.as_str() {
                    "all" => Some(Pred::All(parts)),
                    "any" => Some(Pred::Any(parts)),
                    "not" if parts.len() == 1 => parts.pop().map(|p| Pred::Not(Box::new(p))),
                    _ => None,
                }
            }
        }
    }

    /// Whether the predicate names `name` anywhere (as a bare name), whatever it says about it.
    pub fn mentions(&self, name: &str) -> bool {
        match self {
            Pred::All(parts) | Pred::Any(parts) => parts.iter().any(|p| p.mentions(name)),
            Pred::Not(inner) => inner.mentions(name),
            Pred::Name(n) => n == name,
            Pred::Value(..) => false,
        }
    }

    /// Whether the predicate holds in a build of this host with exactly the extra cfg names `on` set, as rustc would
    /// decide it: a name that is neither set nor one of the host's is false.
    pub fn holds(&self, on: &[&str]) -> bool {
        match self {
            Pred::All(parts) => parts.iter().all(|p| p.holds(on)),
            Pred::Any(parts) => parts.iter().any(|p| p.holds(on)),
            Pred::Not(inner) => !inner.holds(on),
            Pred::Name(name) => on.contains(&name.as_str()) || host_name(name),
            Pred::Value(key, value) => host_value(key, value),
        }
    }
}

/// The cfg names rustc sets by itself for a debug build on this host.
fn host_name(name: &str) -> bool {
    match name {
        "unix" => cfg!(unix),
        "windows" => cfg!(windows),
        "debug_assertions" => true,
        _ => false,
    }
}

fn host_value(key: &str, value: &str) -> bool {
    match key {
        "target_os" => value == std::env::consts::OS,
        "target_family" => value == std::env::consts::FAMILY,
        "target_arch" => value == std::env::consts::ARCH,
        "target_pointer_width" => value == (usize::BITS).to_string(),
        "target_endian" => value == if cfg!(target_endian = "little") { "little" } else { "big" },
        "panic" => value == "unwind",
        _ => false,
    }
}

/// The combined cfg predicate of an item's attributes (several `#[cfg]` must all hold); None without any.
pub fn cfg_of(attrs: &[syn::Attribute]) -> Option<Pred> {
    let mut preds: Vec<Pred> = attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .filter_map(|a| match &a.meta {
            Meta::List(list) => Pred::of_tokens(list.tokens.clone()),
            _ => None,
        })
        .collect();
    match preds.len() {
        0 => None,
        1 => preds.pop(),
        _ => Some(Pred::All(preds)),
    }
}

/// The attributes of a top-level item.
pub fn attrs_of(item: &Item) -> &[syn::Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// How items are matched between the learner's file and the shipped one: their kind and name.
fn key_of(item: &Item) -> (&'static str, String) {
    let tokens = |t: &dyn ToTokens| t.to_token_stream().to_string();
    match item {
        Item::Const(i) => ("const", i.ident.to_string()),
        Item::Enum(i) => ("enum", i.ident.to_string()),
        Item::ExternCrate(i) => ("extern crate", i.ident.to_string()),
        Item::Fn(i) => ("fn", i.sig.ident.to_string()),
        Item::ForeignMod(i) => ("extern", tokens(&i.abi)),
        Item::Impl(i) => (
            "impl",
            format!("{} for {}", i.trait_.as_ref().map_or(String::new(), |t| tokens(&t.1)), tokens(&i.self_ty)),
        ),
        Item::Macro(i) => ("macro", i.ident.as_ref().map_or_else(|| tokens(&i.mac.path), ToString::to_string)),
        Item::Mod(i) => ("mod", i.ident.to_string()),
        Item::Static(i) => ("static", i.ident.to_string()),
        Item::Struct(i) => ("struct", i.ident.to_string()),
        Item::Trait(i) => ("trait", i.ident.to_string()),
        Item::TraitAlias(i) => ("trait", i.ident.to_string()),
        Item::Type(i) => ("type", i.ident.to_string()),
        Item::Union(i) => ("union", i.ident.to_string()),
        Item::Use(i) => ("use", tokens(&i.tree)),
        other => ("item", tokens(other)),
    }
}

/// How an item is named to the learner: `mod tests`, `fn check_not_send`.
fn label_of(item: &Item) -> String {
    let (kind, name) = key_of(item);
    format!("{kind} {name}")
}

/// Whether an attribute marks a test function: `#[test]`, `#[tokio::test]`.
fn is_test_attr(attr: &syn::Attribute) -> bool {
    attr.path().segments.last().is_some_and(|s| s.ident == "test") && attr.path().segments.len() <= 2
}

fn holds_a_test(item: &Item) -> bool {
    match item {
        Item::Fn(f) => f.attrs.iter().any(is_test_attr),
        Item::Mod(m) => m.content.as_ref().is_some_and(|(_, items)| items.iter().any(holds_a_test)),
        _ => false,
    }
}

/// The cfg names that make an item part of the checks rather than of the learner's code.
pub struct CheckNames<'a> {
    /// The must-not-compile cfg names of the exercise.
    pub sections: &'a [String],
}

impl CheckNames<'_> {
    /// Whether a top-level item belongs to the checks: gated on `test` or on a must-not-compile name, or holding a test.
    pub fn is_check(&self, item: &Item) -> bool {
        let cfg = cfg_of(attrs_of(item));
        cfg.is_some_and(|c| c.mentions("test") || self.sections.iter().any(|s| c.mentions(s))) || holds_a_test(item)
    }
}

/// A check item in the graded source.
#[derive(Debug, Clone)]
pub struct Section {
    /// First and last line (one-based) in the graded source.
    pub lines: RangeInclusive<usize>,
    /// Its cfg predicate (None for an ungated item that holds tests).
    pub cfg: Option<Pred>,
}

/// Where the checks are in the graded source, and what they must run.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub sections: Vec<Section>,
    /// The tests the test build must run, as libtest names them (`tests::every_seat_sold_exactly_once`).
    pub tests: Vec<String>,
    /// The tests the loom build must run.
    pub loom_tests: Vec<String>,
    /// The program of a test exercise needs building and running too: its `main` does something (or is missing, which
    /// is a compile error cargo would report). An empty `fn main() {}` always succeeds, so it is skipped.
    pub program_matters: bool,
}

impl Layout {
    /// Whether `line` lies in a section that is compiled only with the must-not-compile cfg name `cfg`.
    pub fn in_section_of(&self, cfg: &str, line: usize) -> bool {
        self.sections.iter().any(|s| s.lines.contains(&line) && s.cfg.as_ref().is_some_and(|c| c.mentions(cfg)))
    }

    /// Whether `line` lies in any check (test modules, loom models, must-not-compile sections).
    pub fn is_check_line(&self, line: usize) -> bool {
        self.sections.iter().any(|s| s.lines.contains(&line))
    }

    fn of(file: &syn::File, names: &CheckNames) -> Layout {
        let mut layout = Layout::default();
        let main = file.items.iter().find_map(|item| match item {
            Item::Fn(f) if f.sig.ident == "main" && !names.is_check(item) => Some(f),
            _ => None,
        });
        layout.program_matters = main.is_none_or(|f| !f.block.stmts.is_empty() || !f.attrs.is_empty());
        for item in file.items.iter().filter(|i| names.is_check(i)) {
            let span = item.span();
            let cfg = cfg_of(attrs_of(item));
            layout.sections.push(Section { lines: span.start().line..=span.end().line, cfg });
            let mut found = Vec::new();
            collect_tests(item, &mut Vec::new(), &mut Vec::new(), &mut found);
            for (name, preds) in found {
                let builds = |on: &[&str]| preds.iter().all(|p| p.holds(on));
                if builds(&["test"]) {
                    layout.tests.push(name.clone());
                }
                if builds(&["test", "loom"]) {
                    layout.loom_tests.push(name);
                }
            }
        }
        layout
    }
}

/// Every test function under `item`, with its libtest name and the cfg predicates on the way to it. Ignored tests are
/// left out: libtest lists them but does not run them.
fn collect_tests(item: &Item, path: &mut Vec<String>, preds: &mut Vec<Pred>, found: &mut Vec<(String, Vec<Pred>)>) {
    let own = cfg_of(attrs_of(item));
    let pushed = own.is_some();
    if let Some(pred) = own {
        preds.push(pred);
    }
    match item {
        Item::Fn(f) if f.attrs.iter().any(is_test_attr) && !f.attrs.iter().any(|a| a.path().is_ident("ignore")) => {
            let mut name = path.clone();
            name.push(f.sig.ident.to_string());
            found.push((name.join("::"), preds.clone()));
        }
        Item::Mod(m) => {
            if let Some((_, items)) = &m.content {
                path.push(m.ident.to_string());
                for inner in items {
                    collect_tests(inner, path, preds, found);
                }
                path.pop();
            }
        }
        _ => {}
    }
    if pushed {
        preds.pop();
    }
}

/// The source to grade, and what was done to get it.
#[derive(Debug, Clone)]
pub struct Graded {
    pub source: String,
    /// One sentence per check that was restored or left out and per lint attribute set aside, for the verdict.
    pub notes: Vec<String>,
    /// Whether the learner's checks differed from the pack's (then `tutor reset NAME --checks` helps).
    pub restored: bool,
    pub layout: Layout,
}

/// Why a file cannot be read as Rust: the parser's message and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl Unreadable {
    fn of(error: &syn::Error) -> Unreadable {
        let start = error.span().start();
        Unreadable { message: error.to_string(), line: start.line, column: start.column + 1 }
    }
}

/// Parses a file; spans are kept only while `work` runs (proc-macro2 keeps every parsed file in a per-thread map,
/// which would grow for as long as a watch runs).
pub fn with_parsed<T>(source: &str, work: impl FnOnce(&syn::File) -> T) -> Result<T, Unreadable> {
    let parsed = syn::parse_file(source).map_err(|e| Unreadable::of(&e));
    let result = parsed.as_ref().map(work).map_err(Clone::clone);
    drop(parsed);
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

/// The byte range of an item in its file, outer attributes and doc comments included.
fn bytes_of(item: &Item) -> std::ops::Range<usize> {
    item.span().byte_range()
}

/// Builds the graded source from the learner's file and the shipped one. Fails only when the learner's file is not
/// Rust (it then cannot be graded with the pack's checks: the compiler reports the syntax error).
pub fn graded(learner: &str, shipped: &str, names: &CheckNames) -> Result<Graded, Unreadable> {
    let (mut source, mut notes) = splice(learner, shipped, names, true)?;
    let restored = !notes.is_empty();
    set_aside_lint_attributes(&mut source, shipped, names, &mut notes)?;
    let layout = with_parsed(&source, |file| Layout::of(file, names))?;
    Ok(Graded { source, notes, restored, layout })
}

/// The learner's file with the pack's checks put back (`tutor reset NAME --checks`): what `graded` does to the checks,
/// leaving the learner's own additions where they are.
pub fn restore_checks(learner: &str, shipped: &str, names: &CheckNames) -> Result<String, Unreadable> {
    splice(learner, shipped, names, false).map(|(source, _)| source)
}

/// Puts the shipped checks into the learner's file: in place of a different version, at the end when missing.
/// `leave_out_own`: blank the learner's own check items that the pack does not have.
fn splice(
    learner: &str,
    shipped: &str,
    names: &CheckNames,
    leave_out_own: bool,
) -> Result<(String, Vec<String>), Unreadable> {
    // Owned facts about the shipped checks: their key, text and tokens.
    struct Shipped {
        key: (&'static str, String),
        text: String,
        tokens: String,
        label: String,
    }
    let shipped_checks: Vec<Shipped> = with_parsed(shipped, |file| {
        file.items
            .iter()
            .filter(|i| names.is_check(i))
            .map(|i| Shipped {
                key: key_of(i),
                text: shipped[bytes_of(i)].to_owned(),
                tokens: i.to_token_stream().to_string(),
                label: label_of(i),
            })
            .collect()
    })
    // A shipped file that is not Rust (a lesson about a syntax error) has no checks to restore: the learner's file is
    // graded with its own, which is all that can be done; `tutor dev check` keeps the bundled pack free of such files.
    .unwrap_or_default();

    // The learner's top-level items: key, byte range, tokens, whether they are checks, their first line.
    struct Own {
        key: (&'static str, String),
        range: std::ops::Range<usize>,
        tokens: String,
        check: bool,
        line: usize,
    }
    let own: Vec<Own> = with_parsed(learner, |file| {
        file.items
            .iter()
            .map(|i| Own {
                key: key_of(i),
                range: bytes_of(i),
                tokens: i.to_token_stream().to_string(),
                check: names.is_check(i),
                line: i.span().start().line,
            })
            .collect()
    })?;

    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut appended = String::new();
    let mut used = vec![false; own.len()];
    let mut notes = Vec::new();
    for check in &shipped_checks {
        let found = own.iter().enumerate().find(|(i, o)| !used[*i] && o.key == check.key);
        match found {
            Some((i, mine)) => {
                used[i] = true;
                if mine.tokens != check.tokens {
                    edits.push((mine.range.clone(), check.text.clone()));
                    notes.push(format!(
                        "`{}` (line {}) differs from the pack's: it was graded with the pack's version.",
                        check.label, mine.line
                    ));
                }
            }
            None => {
                appended.push_str("\n\n");
                appended.push_str(&check.text);
                appended.push('\n');
                notes.push(format!(
                    "`{}` is missing from your file: it was graded with the pack's version.",
                    check.label
                ));
            }
        }
    }
    for (i, mine) in own.iter().enumerate() {
        if leave_out_own && mine.check && !used[i] {
            let blank: String =
                learner[mine.range.clone()].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
            edits.push((mine.range.clone(), blank));
            notes.push(format!(
                "Your `{} {}` (line {}) is not part of the pack's checks, so it was left out.",
                mine.key.0, mine.key.1, mine.line
            ));
        }
    }
    let mut source = learner.to_owned();
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    for (range, text) in edits {
        source.replace_range(range, &text);
    }
    if !appended.is_empty() {
        if !source.ends_with('\n') {
            source.push('\n');
        }
        source.push_str(appended.trim_start_matches('\n'));
    }
    Ok((source, notes))
}

/// Whether an attribute lowers a lint level (`allow`, `expect`, `warn`, or a `cfg_attr` that only does that).
fn lowers_a_lint(attr: &syn::Attribute) -> bool {
    let lowering = |meta: &Meta| ["allow", "expect", "warn"].iter().any(|name| meta.path().is_ident(name));
    if lowering(&attr.meta) {
        return true;
    }
    if !attr.path().is_ident("cfg_attr") {
        return false;
    }
    let Ok(parts) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) else { return false };
    parts.len() > 1 && parts.iter().skip(1).all(lowering)
}

/// Every attribute of a file, as token text.
#[derive(Default)]
struct AllAttributes(std::collections::HashSet<String>);

impl<'ast> syn::visit::Visit<'ast> for AllAttributes {
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        self.0.insert(attr.to_token_stream().to_string());
    }
}

/// The lint-lowering attributes of the learner's code (not of the checks), with their byte ranges and lines.
struct LintAttributes<'a> {
    found: Vec<(std::ops::Range<usize>, String, usize)>,
    shipped: &'a std::collections::HashSet<String>,
}

impl<'ast> syn::visit::Visit<'ast> for LintAttributes<'_> {
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        let text = attr.to_token_stream().to_string();
        if lowers_a_lint(attr) && !self.shipped.contains(&text) {
            self.found.push((attr.span().byte_range(), text, attr.span().start().line));
        }
    }
}

/// Blanks the lint attributes the learner added (`#[allow(clippy::...)]`, `#![allow(warnings)]`): the lints an
/// exercise enforces are the pack's to set, and a lint the learner silences would pass an answer the lesson rejects.
/// With the attribute gone the compiler judges the code as it is; a warning stays a warning.
fn set_aside_lint_attributes(
    source: &mut String,
    shipped: &str,
    names: &CheckNames,
    notes: &mut Vec<String>,
) -> Result<(), Unreadable> {
    use syn::visit::Visit;
    let shipped_attrs = with_parsed(shipped, |file| {
        let mut all = AllAttributes::default();
        all.visit_file(file);
        all.0
    })
    .unwrap_or_default();
    let mut found = with_parsed(source, |file| {
        let mut lints = LintAttributes { found: Vec::new(), shipped: &shipped_attrs };
        for attr in &file.attrs {
            lints.visit_attribute(attr);
        }
        for item in file.items.iter().filter(|i| !names.is_check(i)) {
            lints.visit_item(item);
        }
        lints.found
    })?;
    found.sort_by_key(|(range, _, _)| range.start);
    for (range, _, line) in &found {
        let text = source[range.clone()].split_whitespace().collect::<Vec<_>>().join(" ");
        notes.push(format!("`{text}` (line {line}) was set aside: the lints of an exercise are the pack's to set."));
    }
    for (range, _, _) in found.iter().rev() {
        let blank: String = source[range.clone()].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
        source.replace_range(range.clone(), &blank);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = r#"// top comment
use std::sync::Mutex;

fn sell(m: &Mutex<u32>) -> u32 {
    let v = *m.lock().unwrap();
    *m.lock().unwrap() = v + 1;
    v
}

fn main() {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn sells() {
        assert_eq!(sell(&Mutex::new(1)), 1);
    }

    #[test]
    #[ignore]
    fn slow() {}
}

#[cfg(all(test, loom))]
mod loom_tests {
    #[test]
    fn model() {}
}

#[cfg(check_not_send)]
fn check_not_send() {}
"#;

    fn names() -> Vec<String> {
        vec!["check_not_send".to_owned()]
    }

    fn grade(learner: &str) -> Graded {
        let sections = names();
        graded(learner, SHIPPED, &CheckNames { sections: &sections }).unwrap()
    }

    #[test]
    fn an_untouched_file_is_graded_as_it_is() {
        let learner = SHIPPED.replace(
            "let v = *m.lock().unwrap();\n    *m.lock().unwrap() = v + 1;\n    v",
            "let mut g = m.lock().unwrap();\n    *g += 1;\n    *g - 1",
        );
        let graded = grade(&learner);
        assert_eq!(graded.source, learner);
        assert!(graded.notes.is_empty());
        assert_eq!(graded.layout.tests, ["tests::sells"], "ignored tests are not expected");
        assert_eq!(graded.layout.loom_tests, ["loom_tests::model"]);
        assert_eq!(graded.layout.sections.len(), 3);
        assert!(!graded.layout.program_matters, "an empty main needs no run");
        assert_eq!(graded.layout.sections[0].lines, 12..=24);
        assert!(graded.layout.in_section_of("check_not_send", 33));
        assert!(!graded.layout.in_section_of("check_not_send", 5));
    }

    #[test]
    fn a_main_that_does_something_must_run_too() {
        let busy = grade(&SHIPPED.replace("fn main() {}", "fn main() {\n    todo!()\n}"));
        assert!(busy.layout.program_matters);
        let gone = grade(&SHIPPED.replace("fn main() {}", ""));
        assert!(gone.layout.program_matters, "a missing main is cargo's compile error");
    }

    #[test]
    fn comments_and_layout_in_the_checks_do_not_matter() {
        let learner = SHIPPED.replace("    #[test]\n    fn sells() {", "    // my note\n    #[test] fn sells()   {");
        let graded = grade(&learner);
        assert_eq!(graded.source, learner);
        assert!(graded.notes.is_empty());
    }

    #[test]
    fn a_changed_test_module_is_replaced_in_place() {
        let learner = SHIPPED.replace("assert_eq!(sell(&Mutex::new(1)), 1);", "");
        let graded = grade(&learner);
        assert!(graded.source.contains("assert_eq!(sell(&Mutex::new(1)), 1);"));
        assert_eq!(graded.notes.len(), 1);
        assert!(graded.notes[0].contains("`mod tests` (line 12) differs"), "{:?}", graded.notes);
        // Lines before the checks are the learner's own.
        assert_eq!(graded.source.lines().take(11).collect::<Vec<_>>(), learner.lines().take(11).collect::<Vec<_>>());
    }

    #[test]
    fn a_disabled_or_deleted_check_comes_back() {
        let disabled = SHIPPED.replace("#[cfg(all(test, loom))]", "#[cfg(all(test, loom, any()))]");
        let graded = grade(&disabled);
        assert_eq!(graded.layout.loom_tests, ["loom_tests::model"]);
        assert!(graded.source.contains("#[cfg(all(test, loom))]"));

        let start = SHIPPED.find("#[cfg(all(test, not(loom)))]").unwrap();
        let deleted = &SHIPPED[..start];
        let graded = grade(deleted);
        assert_eq!(graded.layout.tests, ["tests::sells"]);
        assert_eq!(graded.layout.loom_tests, ["loom_tests::model"]);
        assert_eq!(graded.notes.len(), 3, "{:?}", graded.notes);
        assert!(graded.notes.iter().all(|n| n.contains("missing")));
    }

    #[test]
    fn the_learners_own_checks_are_left_out_and_lines_kept() {
        let learner = SHIPPED
            .replace("fn main() {}", "fn main() {}\n\n#[cfg(check_not_send)]\nfn fake() {\n    let x: u8 = \"no\";\n}");
        let graded = grade(&learner);
        assert!(!graded.source.contains("fake"));
        assert_eq!(graded.source.lines().count(), learner.lines().count(), "blanking keeps every line");
        assert!(graded.notes.iter().any(|n| n.contains("`fn fake` (line 12) is not part of the pack's checks")));
    }

    #[test]
    fn lint_attributes_the_learner_added_are_set_aside() {
        let shipped = "#![allow(dead_code)]\nstruct A;\nfn main() {}\n";
        let learner = "#![allow(dead_code)]\n#![allow(clippy::all)]\nstruct A;\n#[allow(clippy::needless_return)]\nfn main() {\n    #[cfg_attr(all(), allow(unused))]\n    let x = 1;\n}\n";
        let graded = graded(learner, shipped, &CheckNames { sections: &[] }).unwrap();
        let blank = |line: &str| " ".repeat(line.len());
        let lines: Vec<&str> = learner.lines().collect();
        let expected = format!(
            "{}\n{}\n{}\n{}\n{}\n    {}\n{}\n{}\n",
            lines[0],
            blank(lines[1]),
            lines[2],
            blank(lines[3]),
            lines[4],
            blank(lines[5].trim_start()),
            lines[6],
            lines[7]
        );
        assert_eq!(graded.source, expected);
        assert_eq!(graded.notes.len(), 3, "{:?}", graded.notes);
        assert!(graded.notes[0].contains("`#![allow(clippy::all)]` (line 2) was set aside"), "{:?}", graded.notes);
    }

    #[test]
    fn a_file_that_is_not_rust_is_reported_with_its_place() {
        let sections = names();
        let error = graded("fn main( {", SHIPPED, &CheckNames { sections: &sections }).unwrap_err();
        assert_eq!(error.line, 1);
    }

    #[test]
    fn cfg_predicates_are_decided_as_rustc_does() {
        let pred = |text: &str| Pred::of_tokens(text.parse().unwrap()).unwrap();
        assert!(pred("all(test, not(loom))").holds(&["test"]));
        assert!(!pred("all(test, not(loom))").holds(&["test", "loom"]));
        assert!(!pred("all(test, loom, any())").holds(&["test", "loom"]));
        assert!(pred("any(unix, windows)").holds(&[]));
        assert!(!pred("feature = \"x\"").holds(&[]));
        assert!(pred("target_os = \"linux\"").holds(&[]) == cfg!(target_os = "linux"));
        assert!(pred("not(check_x)").mentions("check_x"));
    }
}
