//! The exercise's rules, checked on the learner's code as Rust (syn), not as text: what the learner may not write.
//!
//! Three kinds, each with the reason the learner is shown:
//! - the tutor's cfg names (`test`, `loom`, a must-not-compile name) in the learner's code: they would make the
//!   tests or the loom model see other code than the program runs (`if cfg!(test) { return 400 }`);
//! - `keep`: an item or a function's signature that the lesson needs as shipped, compared token by token;
//! - `forbidden` syntax: `'static`, `static` items (methods, types and macros are Clippy's, see `compile.rs`).
//!
//! Only the learner's part of the graded source is looked at: the checks are the pack's (`canonical.rs`).

use std::collections::BTreeSet;

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Item, Meta};

use crate::canonical::{CheckNames, Pred};
use crate::catalogue::{Keep, KeepPart, Syntax};

/// One broken rule, at a place in the graded source (which has the learner's line numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The file, for a project exercise (of several files); None for the exercise's one file.
    pub file: Option<String>,
    pub line: usize,
    pub column: usize,
    /// What is wrong and what to do, in one or two sentences.
    pub message: String,
}

/// What an exercise asks of the learner's code.
pub struct Policy<'a> {
    pub names: CheckNames<'a>,
    pub keep: &'a [Keep],
    pub syntax: &'a [(Syntax, String)],
}

/// Checks the learner's part of `graded` (the graded source) against the shipped file `shipped`.
pub fn check(graded: &str, shipped: &str, policy: &Policy) -> Vec<Violation> {
    // Facts about the shipped file that the checks compare with: its inner attributes and its kept items.
    let shipped_facts = crate::canonical::with_parsed(shipped, |file| {
        let inner: BTreeSet<String> = file.attrs.iter().map(|a| a.to_token_stream().to_string()).collect();
        let kept: Vec<Option<(String, String)>> =
            policy.keep.iter().map(|k| find(&file.items, k, shipped).map(|kept| (kept.tokens, kept.text))).collect();
        (inner, kept)
    });
    let Ok((shipped_inner, shipped_kept)) = shipped_facts else { return Vec::new() };
    crate::canonical::with_parsed(graded, |file| {
        let mut rules = Rules { policy, source: graded, found: Vec::new(), on_use: false };
        for attr in &file.attrs {
            let text = attr.to_token_stream().to_string();
            let shown = rules.quote(attr.span());
            let lint = ["allow", "expect", "warn", "deny", "forbid", "doc"].iter().any(|p| attr.path().is_ident(p));
            if !lint && !shipped_inner.contains(&text) {
                rules.at(
                    attr.span(),
                    format!(
                        "`{shown}` changes how the whole file is compiled, for the tests too; remove it (the \
                         exercise needs none)."
                    ),
                );
            }
            rules.visit_attribute(attr);
        }
        for item in file.items.iter().filter(|i| !policy.names.is_check(i)) {
            rules.on_use = matches!(item, Item::Use(u) if rooted_in_a_library(&u.tree));
            rules.visit_item(item);
        }
        for (keep, shipped) in policy.keep.iter().zip(&shipped_kept) {
            let Some((shipped_tokens, shipped_text)) = shipped else { continue };
            let what = match keep.part {
                KeepPart::Signature => "the signature of ",
                KeepPart::All => "",
            };
            match find(&file.items, keep, graded) {
                None => rules.found.push(Violation {
                    file: None,
                    line: 1,
                    column: 1,
                    message: format!(
                        "`{}` is missing; this lesson needs it as shipped: `{}`. {}",
                        keep.item,
                        compact(shipped_text),
                        keep.why
                    ),
                }),
                Some(kept) if kept.tokens != *shipped_tokens => rules.at(
                    kept.span,
                    format!(
                        "You changed {what}`{}`; this lesson needs it as shipped: `{}`. {} Change the code around it \
                         instead (`tutor reset` restores the whole file, keeping your version as a backup).",
                        keep.item,
                        compact(shipped_text),
                        keep.why
                    ),
                ),
                Some(_) => {}
            }
        }
        rules.found.sort_by_key(|v| (v.line, v.column));
        rules.found.dedup();
        rules.found
    })
    .unwrap_or_default()
}

/// An item's text on one line, for a message.
fn compact(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 120 {
        format!("{}…", one_line.chars().take(119).collect::<String>())
    } else {
        one_line
    }
}

/// A kept item as found in a file: its tokens (to compare), its source text (to show) and where it starts.
struct Kept {
    tokens: String,
    text: String,
    span: proc_macro2::Span,
}

/// Token text without trailing commas, which are layout (rustfmt adds them when it breaks a list over lines).
fn without_trailing_commas(tokens: String) -> String {
    static TRAILING: std::sync::LazyLock<regex_lite::Regex> =
        std::sync::LazyLock::new(|| regex_lite::Regex::new(r" ?, ([)}\]>])").expect("a valid pattern"));
    TRAILING.replace_all(&tokens, " $1").into_owned()
}

impl Kept {
    fn of(part: &dyn ToTokens, span: proc_macro2::Span, source: &str) -> Kept {
        Kept {
            tokens: without_trailing_commas(part.to_token_stream().to_string()),
            text: source.get(span.byte_range()).unwrap_or_default().to_owned(),
            span,
        }
    }
}

/// Finds `keep.item` (`stamp`, `Reading`, `Booth::sell`) among top-level items, a free function or another named
/// item, or a method in an `impl` of that type, and takes the part of it that is kept.
fn find(items: &[Item], keep: &Keep, source: &str) -> Option<Kept> {
    let function = |vis: &syn::Visibility, sig: &syn::Signature, whole: &dyn ToTokens, whole_span| match keep.part {
        KeepPart::Signature => {
            let mut kept = Kept::of(sig, sig.span(), source);
            kept.tokens = without_trailing_commas(signature_tokens(vis, sig));
            if !matches!(vis, syn::Visibility::Inherited) {
                let (start, end) = (vis.span().byte_range().start, sig.span().byte_range().end);
                kept.text = source.get(start..end).unwrap_or_default().to_owned();
            }
            kept
        }
        KeepPart::All => Kept::of(whole, whole_span, source),
    };
    if let Some((ty, method)) = keep.item.split_once("::") {
        return items.iter().find_map(|item| {
            let Item::Impl(block) = item else { return None };
            let syn::Type::Path(path) = &*block.self_ty else { return None };
            if path.path.segments.last()?.ident != ty {
                return None;
            }
            block.items.iter().find_map(|inner| match inner {
                syn::ImplItem::Fn(f) if f.sig.ident == method => Some(function(&f.vis, &f.sig, f, f.span())),
                _ => None,
            })
        });
    }
    let name = keep.item.as_str();
    items.iter().find_map(|item| {
        let ident = match item {
            Item::Fn(f) if f.sig.ident == name => return Some(function(&f.vis, &f.sig, f, f.span())),
            Item::Struct(s) => &s.ident,
            Item::Enum(e) => &e.ident,
            Item::Trait(t) => &t.ident,
            Item::Const(c) => &c.ident,
            Item::Static(s) => &s.ident,
            Item::Type(t) => &t.ident,
            Item::Union(u) => &u.ident,
            _ => return None,
        };
        (ident == name).then(|| Kept::of(item, item.span(), source))
    })
}

/// A signature as callers see it: its visibility, qualifiers, name, generics, parameter types, return type and bounds. The
/// parameters' patterns (their names, `mut`) belong to the body, so an answer may rename or rebind them.
fn signature_tokens(vis: &syn::Visibility, sig: &syn::Signature) -> String {
    let mut tokens = proc_macro2::TokenStream::new();
    vis.to_tokens(&mut tokens);
    sig.constness.to_tokens(&mut tokens);
    sig.asyncness.to_tokens(&mut tokens);
    sig.safety.to_tokens(&mut tokens);
    sig.abi.to_tokens(&mut tokens);
    sig.ident.to_tokens(&mut tokens);
    sig.generics.to_tokens(&mut tokens);
    for input in &sig.inputs {
        match input {
            // `mut self` is a pattern like any other; `&mut self` is the receiver's type.
            syn::FnArg::Receiver(receiver) => match &receiver.kind {
                syn::ReceiverKind::Value => receiver.self_token.to_tokens(&mut tokens),
                syn::ReceiverKind::Reference(and, lifetime, mutability) => {
                    and.to_tokens(&mut tokens);
                    lifetime.to_tokens(&mut tokens);
                    mutability.to_tokens(&mut tokens);
                    receiver.self_token.to_tokens(&mut tokens);
                }
                syn::ReceiverKind::Typed(_, ty) => ty.to_tokens(&mut tokens),
                _ => receiver.to_tokens(&mut tokens),
            },
            syn::FnArg::Typed(typed) => typed.ty.to_tokens(&mut tokens),
        }
        tokens.extend(quote::quote!(,));
    }
    sig.output.to_tokens(&mut tokens);
    sig.generics.where_clause.to_tokens(&mut tokens);
    tokens.to_string()
}

/// `use loom::…`, `use std::…`: an import from a library, which is where the `cfg(loom)` import pairs of packs
/// without the tutor's `std_or_loom` crate point.
fn rooted_in_a_library(tree: &syn::UseTree) -> bool {
    match tree {
        syn::UseTree::Path(path) => ["loom", "std", "core", "alloc"].iter().any(|root| path.ident == root),
        syn::UseTree::Group(group) => group.items.iter().all(rooted_in_a_library),
        _ => false,
    }
}

struct Rules<'p, 'a> {
    policy: &'p Policy<'a>,
    /// The graded source, to quote the learner's own text.
    source: &'p str,
    found: Vec<Violation>,
    /// The item being looked at is a top-level `use` of a library: `cfg(loom)` may choose between loom and std there.
    on_use: bool,
}

impl Rules<'_, '_> {
    /// The learner's text at `span`, on one line.
    fn quote(&self, span: proc_macro2::Span) -> String {
        compact(self.source.get(span.byte_range()).unwrap_or_default())
    }

    fn at(&mut self, span: proc_macro2::Span, message: String) {
        let start = span.start();
        self.found.push(Violation { file: None, line: start.line, column: start.column + 1, message });
    }

    /// A cfg predicate in the learner's code: the tutor's names may not steer it.
    fn cfg(&mut self, pred: &Pred, span: proc_macro2::Span, shown: &str) {
        let sections = self.policy.names.sections;
        if pred.mentions("test") || sections.iter().any(|s| pred.mentions(s)) {
            self.at(
                span,
                format!(
                    "`{shown}` makes the tests see other code than your program runs; remove it and make the code \
                     itself right (the tests are the pack's, and they run your code as it is)."
                ),
            );
        } else if pred.mentions("loom") && !self.on_use {
            self.at(
                span,
                format!(
                    "`{shown}` makes the loom model check other code than your program runs; remove it, and use the \
                     same code in both builds (import the synchronisation types from `std_or_loom`, or choose only \
                     the `use` line with `cfg(loom)`)."
                ),
            );
        }
    }
}

impl<'ast> Visit<'ast> for Rules<'_, '_> {
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        let shown = self.quote(attr.span());
        if let Meta::List(list) = &attr.meta {
            if attr.path().is_ident("cfg") {
                if let Some(pred) = Pred::of_tokens(list.tokens.clone()) {
                    self.cfg(&pred, attr.span(), &shown);
                }
            } else if attr.path().is_ident("cfg_attr") {
                let first: Option<Meta> = list
                    .parse_args_with(syn::punctuated::Punctuated::<Meta, syn::Token![,]>::parse_terminated)
                    .ok()
                    .and_then(|parts| parts.into_iter().next());
                if let Some(pred) = first.and_then(|m| Pred::of_tokens(m.to_token_stream())) {
                    self.cfg(&pred, attr.span(), &shown);
                }
            }
        }
        syn::visit::visit_attribute(self, attr);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac.path.is_ident("cfg")
            && let Some(pred) = Pred::of_tokens(mac.tokens.clone())
        {
            let shown = self.quote(mac.span());
            let saved = std::mem::replace(&mut self.on_use, false);
            self.cfg(&pred, mac.span(), &shown);
            self.on_use = saved;
        }
        syn::visit::visit_macro(self, mac);
    }

    fn visit_lifetime(&mut self, lifetime: &'ast syn::Lifetime) {
        if lifetime.ident == "static"
            && let Some((_, why)) = self.policy.syntax.iter().find(|(s, _)| *s == Syntax::StaticLifetime)
        {
            self.at(lifetime.span(), format!("This exercise does not allow `'static` here: {why}"));
        }
        syn::visit::visit_lifetime(self, lifetime);
    }

    fn visit_item_static(&mut self, item: &'ast syn::ItemStatic) {
        if let Some((_, why)) = self.policy.syntax.iter().find(|(s, _)| *s == Syntax::StaticItem) {
            self.at(item.static_token.span, format!("This exercise does not allow `static` items: {why}"));
        }
        syn::visit::visit_item_static(self, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violations(graded: &str, shipped: &str, keep: &[Keep], syntax: &[(Syntax, String)]) -> Vec<Violation> {
        let sections = vec!["check_x".to_owned()];
        let policy = Policy { names: CheckNames { sections: &sections }, keep, syntax };
        check(graded, shipped, &policy)
    }

    fn keep(item: &str, part: KeepPart) -> Keep {
        Keep { item: item.into(), part, why: "Why.".into() }
    }

    const SHIPPED: &str = "struct Shelf { n: u32 }\nimpl Shelf {\n    fn fill(&mut self, n: u32) -> u32 { n }\n}\nfn stamp(p: String, c: &str) -> String { p }\nfn main() {}\n";

    #[test]
    fn a_kept_signature_may_rename_its_parameters_but_not_change_their_types() {
        let rules = [keep("stamp", KeepPart::Signature), keep("Shelf::fill", KeepPart::Signature)];
        let renamed = SHIPPED.replace("fn stamp(p: String, c: &str)", "fn stamp(mut passport: String, _country: &str)");
        assert_eq!(violations(&renamed, SHIPPED, &rules, &[]), []);
        let borrowed = SHIPPED.replace("fn stamp(p: String, c: &str)", "fn stamp(p: &mut String, c: &str)");
        let found = violations(&borrowed, SHIPPED, &rules, &[]);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("You changed the signature of `stamp`"), "{found:?}");
        assert!(found[0].message.contains("`fn stamp(p: String, c: &str) -> String`"), "{found:?}");
        let receiver = SHIPPED.replace("fn fill(&mut self", "fn fill(&self");
        assert_eq!(violations(&receiver, SHIPPED, &rules, &[]).len(), 1);
        // Who may call it is part of the signature too.
        let public = SHIPPED.replace("fn stamp(", "pub fn stamp(");
        assert_eq!(violations(&public, SHIPPED, &rules, &[]).len(), 1);
        let private = violations(SHIPPED, &public, &rules, &[]);
        assert!(private[0].message.contains("`pub fn stamp(p: String, c: &str) -> String`"), "{private:?}");
        let gone = SHIPPED.replace("fn stamp(p: String, c: &str) -> String { p }\n", "");
        assert!(violations(&gone, SHIPPED, &rules, &[])[0].message.contains("`stamp` is missing"));
    }

    #[test]
    fn a_kept_item_is_compared_token_by_token() {
        let rules = [keep("Shelf", KeepPart::All)];
        let reformatted = SHIPPED.replace("struct Shelf { n: u32 }", "struct Shelf {\n    n: u32,\n}");
        assert_eq!(violations(&reformatted, SHIPPED, &rules, &[]), []);
        let derived = SHIPPED.replace("struct Shelf", "#[derive(Clone)]\nstruct Shelf");
        assert_eq!(violations(&derived, SHIPPED, &rules, &[]).len(), 1);
    }

    #[test]
    fn the_tutors_cfg_names_may_not_steer_the_learners_code() {
        let cheat = SHIPPED.replace("fn main() {}", "fn main() {\n    if cfg!(test) { return; }\n}");
        assert!(violations(&cheat, SHIPPED, &[], &[])[0].message.contains("`cfg!(test)`"));
        let section = SHIPPED.replace("fn main() {}", "fn main() {\n    #[cfg(not(check_x))]\n    let _a = 1;\n}");
        assert_eq!(violations(&section, SHIPPED, &[], &[]).len(), 1);
        let loom_code = SHIPPED.replace("fn main() {}", "#[cfg(loom)]\nfn helper() {}\nfn main() {}");
        assert!(violations(&loom_code, SHIPPED, &[], &[])[0].message.contains("loom model check other code"));
        // Choosing the imports is what packs without `std_or_loom` do.
        let imports =
            format!("#[cfg(loom)]\nuse loom::sync::Mutex;\n#[cfg(not(loom))]\nuse std::sync::Mutex;\n{SHIPPED}");
        assert_eq!(violations(&imports, SHIPPED, &[], &[]), []);
        let inner = format!("#![cfg_attr(test, allow(dead_code))]\n{SHIPPED}");
        assert!(!violations(&inner, SHIPPED, &[], &[]).is_empty());
    }

    #[test]
    fn forbidden_syntax_is_found_in_the_learners_code() {
        let syntax = [(Syntax::StaticLifetime, "no leak".to_owned()), (Syntax::StaticItem, "no global".to_owned())];
        let code = SHIPPED.replace("fn main() {}", "static NAME: &'static str = \"x\";\nfn main() {}");
        let found = violations(&code, SHIPPED, &[], &syntax);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].line, found[1].line), (6, 6));
    }
}
