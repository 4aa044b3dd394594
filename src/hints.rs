//! Which hints a learner sees, and in which order: the ladder.
//!
//! The pack's layered hints come one at a time, the first one pointing at the problem and the later ones closer to
//! the fix. The hints about the learner's current error (an exercise's `diagnostic_hints` that match what the compiler
//! or the tests said) are specific, and so give more away than the first hint: they are a rung of their own, right
//! after it. The progress file counts the rungs seen.

use crate::catalogue::{Exercise, Matcher};
use crate::verdict::{Outcome, Verdict};

/// One rung of the ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rung {
    /// The layered hint at this index (0 is `hint`, then each of `further_hints`).
    Layered(usize),
    /// A hint about the error the learner has right now.
    AboutYourError(String),
}

/// The diagnostic hints of `exercise` that answer the learner's current verdict, in the order the exercise lists
/// them: a code matches a compiler error's code; a message pattern matches a compiler error's message or, once the
/// program compiles, a line of what it printed or the verdict's own words ("deadlock").
pub fn matching<'e>(exercise: &'e Exercise, verdict: &Verdict) -> Vec<&'e str> {
    let mut printed = console::strip_ansi_codes(&verdict.report).into_owned();
    if let Outcome::Failed(failure) = &verdict.outcome {
        printed.push_str(&crate::explain::explain(failure, verdict));
    }
    exercise
        .diagnostic_hints
        .iter()
        .filter(|hint| {
            verdict.compiler.errors().any(|d| hint.matcher.matches(d.code.as_deref(), &d.message))
                || matches!(&hint.matcher, Matcher::Message(re) if re.is_match(&printed))
        })
        .map(|hint| hint.hint.as_str())
        .collect()
}

/// How many rungs the exercise's ladder has: its layered hints, and one for its hints about errors if it has any.
pub fn total(exercise: &Exercise) -> usize {
    exercise.hints.len() + usize::from(!exercise.diagnostic_hints.is_empty())
}

/// The rung at `position` (zero-based) of the exercise's ladder, or None for the error rung when no hint about an
/// error matches right now.
fn rung(exercise: &Exercise, position: usize, matched: &[&str]) -> Option<Vec<Rung>> {
    let has_errors = !exercise.diagnostic_hints.is_empty();
    match (position, has_errors) {
        (0, _) => Some(vec![Rung::Layered(0)]),
        (1, true) => {
            (!matched.is_empty()).then(|| matched.iter().map(|h| Rung::AboutYourError((*h).to_owned())).collect())
        }
        (p, true) => Some(vec![Rung::Layered(p - 1)]),
        (p, false) => Some(vec![Rung::Layered(p)]),
    }
}

/// What a learner who has seen `seen` rungs sees when asking for one more: every rung up to the new one (an error
/// rung with nothing to say is passed over), the number of rungs now seen, and whether there are more.
pub fn next(exercise: &Exercise, seen: usize, matched: &[&str]) -> (Vec<Rung>, usize, bool) {
    let total = total(exercise);
    if total == 0 {
        return (Vec::new(), 0, false);
    }
    let mut reach = (seen + 1).min(total);
    // An empty error rung as the newest one would show nothing new: go one further.
    if reach < total && rung(exercise, reach - 1, matched).is_none() {
        reach += 1;
    }
    let shown = (0..reach).filter_map(|p| rung(exercise, p, matched)).flatten().collect();
    (shown, reach, reach < total)
}

/// Every rung at once (`tutor hint --all`).
pub fn all(exercise: &Exercise, matched: &[&str]) -> Vec<Rung> {
    (0..total(exercise)).filter_map(|p| rung(exercise, p, matched)).flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    fn exercise(extra: &str) -> Exercise {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("exercises")).unwrap();
        std::fs::write(dir.path().join("exercises/a.rs"), "fn main() {}").unwrap();
        let info = format!(
            "format_version = 1\n[[exercises]]\nname = \"a\"\nhint = \"one\"\nfurther_hints = [\"two\", \"three\"]\n{extra}"
        );
        Catalogue::parse(dir.path(), &dir.path().join("info.toml"), &info).unwrap().exercises.remove(0)
    }

    #[test]
    fn the_first_hint_comes_before_the_hint_about_the_error() {
        let e = exercise("[[exercises.diagnostic_hints]]\ncode = \"E0382\"\nhint = \"moved\"\n");
        assert_eq!(total(&e), 4);
        let (shown, seen, more) = next(&e, 0, &["moved"]);
        assert_eq!((shown, seen, more), (vec![Rung::Layered(0)], 1, true));
        let (shown, seen, _) = next(&e, 1, &["moved"]);
        assert_eq!(shown, [Rung::Layered(0), Rung::AboutYourError("moved".into())]);
        assert_eq!(seen, 2);
        let (shown, seen, more) = next(&e, 3, &["moved"]);
        assert_eq!(shown.last(), Some(&Rung::Layered(2)));
        assert_eq!((seen, more), (4, false));
        assert_eq!(next(&e, 4, &[]).1, 4, "after the last hint, nothing more");
    }

    #[test]
    fn an_error_rung_with_nothing_to_say_is_passed_over() {
        let e = exercise("[[exercises.diagnostic_hints]]\ncode = \"E0382\"\nhint = \"moved\"\n");
        let (shown, seen, _) = next(&e, 1, &[]);
        assert_eq!(shown, [Rung::Layered(0), Rung::Layered(1)]);
        assert_eq!(seen, 3);
    }

    #[test]
    fn without_hints_about_errors_the_ladder_is_the_layered_hints() {
        let e = exercise("");
        assert_eq!(total(&e), 3);
        assert_eq!(next(&e, 1, &[]).0, [Rung::Layered(0), Rung::Layered(1)]);
        assert_eq!(all(&e, &[]).len(), 3);
    }
}
