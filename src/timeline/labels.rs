//! Names for the objects of a timeline, read from the learner's source: the receiver of the call that used an object
//! (`self.accounts[from].lock()` is `accounts[from]`) and the binding that made it (`accounts: [Mutex::new(0), ..]`
//! makes `accounts[0]`). The record itself knows objects only by number.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex_lite::Regex;

use super::dump::Place;

/// How far back a binding may be from the call that made the object (a struct literal spread over lines).
const BINDING_LOOKBACK_LINES: u32 = 6;

/// The exercise file's text, by line.
pub struct Source {
    lines: Vec<String>,
}

impl Source {
    pub fn new(text: &str) -> Source {
        Source { lines: text.lines().map(str::to_owned).collect() }
    }

    /// Line `number` (1-based).
    pub fn line(&self, number: u32) -> Option<&str> {
        self.lines.get(number.checked_sub(1)? as usize).map(String::as_str)
    }

    /// The learner's part of an exercise: everything above its first test module (`#[cfg(test)]`,
    /// `#[cfg(all(test, loom))]`, `mod tests`), which by convention closes every exercise file.
    pub fn learner_lines(&self) -> Range<u32> {
        static TEST_MODULE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^\s*(#\[cfg\([^\]]*\btest\b|(pub\s+)?mod\s+(\w+_)?tests\b)").expect("a valid regex")
        });
        let end = self.lines.iter().position(|l| TEST_MODULE.is_match(l)).unwrap_or(self.lines.len());
        1..end as u32 + 1
    }

    /// The receiver of the method call whose name starts at `place`: `self.ready.load(..)` gives `ready`, a call
    /// continued from the line above (`.lock()` at the start of a line) takes the end of that line. None for calls
    /// that are not method calls (`Mutex::lock(&m)`).
    pub fn receiver(&self, place: &Place) -> Option<String> {
        let line: Vec<char> = self.line(place.line)?.chars().collect();
        let column = (place.column as usize).checked_sub(1)?.min(line.len());
        let before: String = line[..column].iter().collect();
        let before = before.trim_end();
        let expression = match before.strip_suffix('.') {
            Some(rest) if !rest.trim().is_empty() => trailing_expression(rest),
            // `.lock()` on a line of its own: the receiver ends the line above.
            Some(_) => trailing_expression(self.line(place.line.checked_sub(1)?)?.trim_end()),
            None => return None,
        }?;
        let name = expression.strip_prefix("self.").unwrap_or(&expression);
        (!name.is_empty() && name != "self").then(|| name.to_owned())
    }

    /// The name that a value made at `place` is bound to: the struct field (`next_seat: Mutex::new(1)`), the
    /// variable (`let counter = Arc::new(AtomicUsize::new(0))`), with the element's index inside an array literal
    /// (`accounts: [Mutex::new(1), Mutex::new(2)]` names the second one `accounts[1]`).
    pub fn binding(&self, place: &Place) -> Option<String> {
        let first = place.line.saturating_sub(BINDING_LOOKBACK_LINES).max(1);
        let mut text: Vec<char> = Vec::new();
        for number in first..place.line {
            text.extend(self.line(number)?.chars());
            text.push('\n');
        }
        let line: Vec<char> = self.line(place.line)?.chars().collect();
        let column = (place.column as usize).checked_sub(1)?.min(line.len());
        text.extend(&line[..column]);
        binding_before(&text)
    }
}

/// The postfix expression at the end of `text`: identifiers, fields, indexing and calls (`self.accounts[from]`,
/// `other.0`, `queue.jobs()`), without the operators in front of it.
fn trailing_expression(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut start = chars.len();
    while start > 0 {
        let c = chars[start - 1];
        if c.is_alphanumeric() || c == '_' || c == '.' || c == '?' {
            start -= 1;
        } else if c == ')' || c == ']' {
            start = matching_opener(&chars, start - 1)?;
        } else {
            break;
        }
    }
    let expression: String = chars[start..].iter().collect();
    let expression = expression.trim_start_matches('.');
    (!expression.is_empty() && !expression.starts_with(|c: char| c.is_ascii_digit())).then(|| expression.to_owned())
}

/// The index of the bracket that opens the group closed at `close`.
fn matching_opener(chars: &[char], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..=close).rev() {
        match chars[i] {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Scans back from the end of `text` (the code just before a constructor call) to the name the value is bound to.
fn binding_before(text: &[char]) -> Option<String> {
    let mut depth = 0usize;
    let mut commas = 0usize;
    let mut index: Option<usize> = None;
    let mut i = text.len();
    while i > 0 {
        i -= 1;
        match text[i] {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' if depth > 0 => depth -= 1,
            // An argument of a call (`Arc::new(Mutex::new(0))`): the call is what gets bound.
            '(' => commas = 0,
            '[' => {
                index.get_or_insert(commas);
                commas = 0;
            }
            '{' | ';' => return None,
            ',' if depth == 0 => commas += 1,
            ':' if depth == 0 => {
                if i > 0 && text[i - 1] == ':' {
                    i -= 1; // a path separator
                    continue;
                }
                let name = identifier_before(&text[..i])?;
                return Some(with_index(name, index));
            }
            '=' if depth == 0 => {
                let previous = i.checked_sub(1).map(|p| text[p]);
                let next = text.get(i + 1).copied();
                if previous.is_some_and(|c| "=!<>+-*/%&|^".contains(c)) || matches!(next, Some('=' | '>')) {
                    continue; // a comparison, a compound assignment or an arrow
                }
                return binding_of_assignment(&text[..i]).map(|name| with_index(name, index));
            }
            _ => {}
        }
    }
    None
}

fn with_index(name: String, index: Option<usize>) -> String {
    match index {
        Some(index) => format!("{name}[{index}]"),
        None => name,
    }
}

/// The identifier that ends `text` (before a `:` of a field initialiser).
fn identifier_before(text: &[char]) -> Option<String> {
    let end = text.iter().rposition(|c| !c.is_whitespace())? + 1;
    let start = text[..end].iter().rposition(|c| !(c.is_alphanumeric() || *c == '_')).map_or(0, |p| p + 1);
    let name: String = text[start..end].iter().collect();
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

/// The variable that the left-hand side of an `=` binds: `let mut name: Type`, `self.field`, `name`.
fn binding_of_assignment(text: &[char]) -> Option<String> {
    let statement: String = text.iter().collect();
    let statement = statement.rsplit(['\n', ';', '{', '}']).next()?.trim();
    let statement = statement.strip_prefix("let ").unwrap_or(statement).trim_start();
    let statement = statement.strip_prefix("mut ").unwrap_or(statement);
    // A type annotation follows the name.
    let name = statement.split(':').next()?.trim();
    let name = name.strip_prefix("self.").unwrap_or(name);
    let plain = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    plain.then(|| name.to_owned())
}

/// What the tutor knows about one object, to name it.
pub struct Object<'a> {
    pub id: u32,
    pub made_at: Option<&'a Place>,
    /// The receivers that the learner's code used it through, in the order of use.
    pub uses: Vec<String>,
}

/// One name per object: the receiver the learner's code uses when that names this object and no other (after
/// `self.`); otherwise the binding that made it, when that is unique; otherwise that name numbered in the order
/// the objects were made (`cents #1`, `cents #2`).
pub fn names(objects: &[Object], source: &Source) -> HashMap<u32, String> {
    let mut users: HashMap<&str, Vec<u32>> = HashMap::new();
    for object in objects {
        for name in &object.uses {
            let ids = users.entry(name).or_default();
            if !ids.contains(&object.id) {
                ids.push(object.id);
            }
        }
    }
    let bindings: HashMap<u32, Option<String>> =
        objects.iter().map(|o| (o.id, o.made_at.and_then(|place| source.binding(place)))).collect();
    let mut chosen: Vec<(u32, String)> = Vec::new();
    for object in objects {
        let first_use = object.uses.first();
        let use_is_unique = first_use
            .is_some_and(|name| users[name.as_str()].len() == 1 && object.uses.iter().all(|other| other == name));
        let name = match (first_use, &bindings[&object.id]) {
            (Some(name), _) if use_is_unique => name.clone(),
            (_, Some(binding)) => binding.clone(),
            (Some(name), None) => name.clone(),
            // Nothing in the source names it (the source is missing): the caller says "object N".
            (None, None) => continue,
        };
        chosen.push((object.id, name));
    }
    // Names that still collide are numbered, in the order the objects were made (their ids grow that way).
    let mut count: HashMap<String, usize> = HashMap::new();
    for (_, name) in &chosen {
        *count.entry(name.clone()).or_default() += 1;
    }
    chosen.sort_by_key(|(id, _)| *id);
    let mut seen: HashMap<String, usize> = HashMap::new();
    chosen
        .into_iter()
        .map(|(id, name)| {
            if count[&name] > 1 {
                let n = seen.entry(name.clone()).or_default();
                *n += 1;
                (id, format!("{name} #{n}"))
            } else {
                (id, name)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Place {
        Place { file: "x.rs".into(), line, column }
    }

    /// The place of `needle` in `source` (1-based line and column), as `Location::caller` reports a call there.
    fn place_of(source: &str, needle: &str) -> Place {
        for (i, line) in source.lines().enumerate() {
            if let Some(byte) = line.find(needle) {
                return at(i as u32 + 1, line[..byte].chars().count() as u32 + 1);
            }
        }
        panic!("`{needle}` not in the source");
    }

    #[test]
    fn receivers_of_real_lines() {
        let cases = [
            ("        let seat = *self.next_seat.lock().unwrap();", "lock", Some("next_seat")),
            (
                "        if self.ready.load(Ordering::Relaxed) { Some(self.reading.load(Ordering::Relaxed)) }",
                "load",
                Some("ready"),
            ),
            ("        let mut source = self.accounts[from].lock().unwrap();", "lock", Some("accounts[from]")),
            ("                other.0.fetch_add(2, Ordering::Relaxed);", "fetch_add", Some("other.0")),
            ("    let a_cents = a.cents.lock().unwrap();", "lock", Some("a.cents")),
            ("        self.jobs.lock().unwrap().push_back(job.to_string());", "lock", Some("jobs")),
            ("    rx.iter().collect()", "iter", Some("rx")),
            ("        self.next.with_mut(|p| unsafe {", "with_mut", Some("next")),
            ("    let l = S::lock(&w.a[0]);", "lock", None),
        ];
        for (line, method, expected) in cases {
            let source = Source::new(line);
            assert_eq!(source.receiver(&place_of(line, method)).as_deref(), expected, "{line}");
        }
        let chained = "        let guard = self\n            .accounts[1]\n            .lock();";
        let source = Source::new(chained);
        assert_eq!(source.receiver(&at(3, 14)).as_deref(), Some("accounts[1]"));
    }

    #[test]
    fn bindings_of_real_lines() {
        let cases = [
            ("        Booth { next_seat: AtomicU32::new(first) }", "AtomicU32", Some("next_seat")),
            ("        Bank { accounts: [Mutex::new(100), Mutex::new(100)] }", "Mutex", Some("accounts[0]")),
            (
                "        Gate { open: AtomicBool::new(false), lock: Mutex::new(()), opened: Condvar::new() }",
                "Condvar",
                Some("opened"),
            ),
            ("    let counter = Arc::new(AtomicUsize::new(0));", "AtomicUsize", Some("counter")),
            ("    let mut total: Mutex<u32> = Mutex::new(0);", "Mutex::new", Some("total")),
            ("    let (tx, rx) = channel();", "channel", None),
            ("    assert!(x == Mutex::new(0));", "Mutex", None),
        ];
        for (line, constructor, expected) in cases {
            let source = Source::new(line);
            assert_eq!(source.binding(&place_of(line, constructor)).as_deref(), expected, "{line}");
        }
        let line = "        Bank { accounts: [Mutex::new(100), Mutex::new(100)] }";
        let second = at(1, line.rfind("Mutex").unwrap() as u32 + 1);
        assert_eq!(Source::new(line).binding(&second).as_deref(), Some("accounts[1]"));
        let spread = "        Bank {\n            accounts: [\n                Mutex::new(1),\n                Mutex::new(2),\n            ],\n        }";
        assert_eq!(Source::new(spread).binding(&at(4, 17)).as_deref(), Some("accounts[1]"));
    }

    #[test]
    fn the_learner_part_ends_at_the_first_test_module() {
        let source = Source::new("fn a() {}\nfn main() {}\n\n#[cfg(all(test, not(loom)))]\nmod tests {}\n");
        assert_eq!(source.learner_lines(), 1..4);
        assert_eq!(Source::new("fn a() {}\nmod loom_tests {}").learner_lines(), 1..2);
        assert_eq!(Source::new("fn a() {}\n").learner_lines(), 1..2);
    }

    #[test]
    fn names_prefer_the_learner_s_word_and_number_what_collides() {
        let source = Source::new(
            "        Bank { accounts: [Mutex::new(100), Mutex::new(100)] }\n        Account { id, cents: Mutex::new(cents) }",
        );
        let (first, second, cents) = (at(1, 27), at(1, 44), at(2, 30));
        let objects = [
            Object { id: 3, made_at: Some(&first), uses: vec!["accounts[to]".into(), "accounts[from]".into()] },
            Object { id: 4, made_at: Some(&second), uses: vec!["accounts[from]".into()] },
            Object { id: 5, made_at: Some(&cents), uses: vec!["a.cents".into()] },
            Object { id: 6, made_at: Some(&cents), uses: vec!["a.cents".into(), "b.cents".into()] },
            Object { id: 7, made_at: None, uses: vec!["ready".into()] },
        ];
        let names = names(&objects, &source);
        assert_eq!(names[&3], "accounts[0]");
        assert_eq!(names[&4], "accounts[1]");
        assert_eq!(names[&5], "cents #1");
        assert_eq!(names[&6], "cents #2");
        assert_eq!(names[&7], "ready");
    }
}
