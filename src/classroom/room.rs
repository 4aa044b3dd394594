//! The room as the instructor sees it: where each learner is, for how long, and which errors are going round.
//!
//! A projection of the stored events, kept in memory and rebuilt from the database when the server starts, so that
//! the dashboard costs no query however many events the room has sent.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::wire::{Event, Kind};

/// An error counts as "in the room now" while it is the learner's latest one and younger than this.
const RECENT_ERROR_MS: u64 = 15 * 60 * 1000;
/// How many error codes the dashboard lists.
const TOP_ERRORS: usize = 10;

#[derive(Default)]
pub struct Room {
    learners: BTreeMap<i64, Learner>,
    events: u64,
}

#[derive(Default)]
struct Learner {
    name: String,
    exercise: Option<String>,
    /// When the learner arrived at the current exercise.
    since_ms: u64,
    attempts: u32,
    hints: u32,
    /// The latest error, when it came, and the lines of the interleaving that broke a loom model (if that was it).
    last_error: Option<(String, u64, Vec<u32>)>,
    done: BTreeSet<String>,
    last_seen_ms: u64,
    /// When the server first saw the learner (their join): no event of theirs happened before it.
    joined_ms: u64,
}

/// `GET /api/room`.
#[derive(Debug, Serialize)]
pub struct Snapshot {
    pub now_ms: u64,
    pub events: u64,
    pub exercises_total: Option<usize>,
    pub learners: Vec<LearnerRow>,
    pub errors: Vec<ErrorRow>,
}

#[derive(Debug, Serialize)]
pub struct LearnerRow {
    pub name: String,
    pub exercise: Option<String>,
    pub exercise_url: Option<String>,
    pub on_exercise_secs: u64,
    pub attempts: u32,
    pub hints: u32,
    pub last_error: Option<String>,
    /// The learner's lines that the failing interleaving of their latest loom failure runs through.
    pub last_error_lines: Vec<u32>,
    pub done: usize,
    pub idle_secs: u64,
    pub finished: bool,
}

#[derive(Debug, Serialize)]
pub struct ErrorRow {
    pub code: String,
    pub learners: usize,
    /// The exercise where most of those learners meet it.
    pub exercise: String,
    pub exercise_url: String,
}

pub fn exercise_url(name: &str) -> String {
    format!("/exercise/{name}")
}

impl Room {
    /// A learner who joined at `joined_ms`: until they report, they count as idle since then.
    pub fn add_learner(&mut self, id: i64, name: &str, joined_ms: u64) {
        let learner = self.learners.entry(id).or_default();
        learner.name = name.to_owned();
        learner.joined_ms = joined_ms;
        learner.last_seen_ms = learner.last_seen_ms.max(joined_ms);
        learner.since_ms = learner.since_ms.max(joined_ms);
    }

    /// Applies one event. The learner's clock is only believed between their join and the event's arrival
    /// (`received_ms`): a clock set to 1970 or to next year would otherwise show them stuck for decades.
    pub fn apply(&mut self, learner: i64, event: &Event, received_ms: u64) {
        self.events += 1;
        let learner = self.learners.entry(learner).or_default();
        let at = event.at_ms.min(received_ms).max(learner.joined_ms.min(received_ms));
        learner.last_seen_ms = learner.last_seen_ms.max(at);
        let exercise = event.exercise.as_str();
        if event.kind != Kind::Pass && learner.exercise.as_deref() != Some(exercise) {
            learner.exercise = Some(exercise.to_owned());
            learner.since_ms = at;
            learner.attempts = 0;
            learner.hints = 0;
            learner.last_error = None;
        }
        match event.kind {
            Kind::Open => {}
            Kind::Attempt => {
                learner.attempts += 1;
                learner.last_error = event.error.clone().map(|code| (code, at, event.lines.clone()));
            }
            Kind::Hint => learner.hints += 1,
            Kind::Pass => {
                learner.done.insert(exercise.to_owned());
                // The watcher reports the next exercise it opens; until then the learner is between exercises.
                if learner.exercise.as_deref() == Some(exercise) {
                    learner.exercise = None;
                    learner.last_error = None;
                    learner.since_ms = at;
                }
            }
        }
    }

    pub fn snapshot(&self, now_ms: u64, exercises_total: Option<usize>) -> Snapshot {
        let secs = |from: u64| now_ms.saturating_sub(from) / 1000;
        let mut learners: Vec<LearnerRow> = self
            .learners
            .values()
            .map(|l| LearnerRow {
                name: l.name.clone(),
                exercise: l.exercise.clone(),
                exercise_url: l.exercise.as_deref().map(exercise_url),
                on_exercise_secs: if l.exercise.is_some() { secs(l.since_ms) } else { 0 },
                attempts: l.attempts,
                hints: l.hints,
                last_error: l.last_error.as_ref().map(|(code, _, _)| code.clone()),
                last_error_lines: l.last_error.as_ref().map(|(_, _, lines)| lines.clone()).unwrap_or_default(),
                done: l.done.len(),
                idle_secs: secs(l.last_seen_ms),
                finished: l.exercise.is_none() && exercises_total.is_some_and(|total| l.done.len() >= total),
            })
            .collect();
        // Stuck longest first; learners between exercises next; finished learners last.
        learners.sort_by_key(|row| (row.finished, row.exercise.is_none(), std::cmp::Reverse(row.on_exercise_secs)));

        let mut by_code: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
        for learner in self.learners.values() {
            if let (Some(exercise), Some((code, at, _))) = (&learner.exercise, &learner.last_error)
                && now_ms.saturating_sub(*at) <= RECENT_ERROR_MS
            {
                *by_code.entry(code).or_default().entry(exercise).or_default() += 1;
            }
        }
        let mut errors: Vec<ErrorRow> = by_code
            .into_iter()
            .map(|(code, exercises)| {
                let learners = exercises.values().sum();
                let (exercise, _) = exercises
                    .into_iter()
                    .max_by_key(|(name, count)| (*count, std::cmp::Reverse(*name)))
                    .unwrap_or_default();
                ErrorRow {
                    code: code.to_owned(),
                    learners,
                    exercise: exercise.to_owned(),
                    exercise_url: exercise_url(exercise),
                }
            })
            .collect();
        errors.sort_by(|a, b| b.learners.cmp(&a.learners).then_with(|| a.code.cmp(&b.code)));
        errors.truncate(TOP_ERRORS);
        Snapshot { now_ms, events: self.events, exercises_total, learners, errors }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: Kind, exercise: &str, error: Option<&str>, at_ms: u64) -> Event {
        Event { at_ms, ..Event::new(kind, exercise, error.map(str::to_owned)) }
    }

    #[test]
    fn the_room_shows_who_is_stuck_and_which_errors_go_round() {
        let mut room = Room::default();
        room.add_learner(1, "Ana", 500);
        room.add_learner(2, "Bo", 500);
        room.add_learner(3, "Cy", 500);
        room.apply(1, &event(Kind::Open, "borrow2", None, 1_000), 1_000);
        room.apply(1, &event(Kind::Attempt, "borrow2", Some("E0502"), 5_000), 5_000);
        room.apply(1, &event(Kind::Hint, "borrow2", None, 6_000), 6_000);
        room.apply(2, &event(Kind::Open, "borrow1", None, 50_000), 50_000);
        room.apply(2, &event(Kind::Attempt, "borrow1", Some("E0502"), 55_000), 55_000);
        room.apply(3, &event(Kind::Open, "borrow1", None, 2_000), 2_000);
        room.apply(3, &event(Kind::Pass, "borrow1", None, 3_000), 3_000);
        // A clock ahead of the server's counts as the time the event arrived.
        room.apply(3, &event(Kind::Open, "borrow2", None, 900_000), 4_000);

        let snapshot = room.snapshot(61_000, Some(2));
        let names: Vec<&str> = snapshot.learners.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Ana", "Cy", "Bo"], "stuck longest first");
        let ana = &snapshot.learners[0];
        assert_eq!((ana.on_exercise_secs, ana.attempts, ana.hints, ana.idle_secs), (60, 1, 1, 55));
        assert_eq!(ana.last_error.as_deref(), Some("E0502"));
        assert!(ana.last_error_lines.is_empty());
        assert_eq!(snapshot.learners[1].done, 1);
        assert_eq!(snapshot.learners[1].on_exercise_secs, 57);
        assert_eq!(snapshot.errors.len(), 1);
        assert_eq!((snapshot.errors[0].code.as_str(), snapshot.errors[0].learners), ("E0502", 2));
        assert_eq!(snapshot.events, 8);

        // Passing the exercise takes the error out of the room; passing them all finishes.
        room.apply(1, &event(Kind::Pass, "borrow2", None, 62_000), 62_000);
        room.apply(1, &event(Kind::Pass, "borrow1", None, 63_000), 63_000);
        let snapshot = room.snapshot(64_000, Some(2));
        assert_eq!(snapshot.errors[0].learners, 1);
        assert!(snapshot.learners.last().is_some_and(|l| l.name == "Ana" && l.finished));
    }

    #[test]
    fn a_loom_failure_shows_the_lines_its_interleaving_runs_through() {
        let mut room = Room::default();
        room.add_learner(1, "Ana", 0);
        room.apply(1, &event(Kind::Open, "atomics3", None, 1_000), 1_000);
        let failed = Event { lines: vec![36, 37], ..event(Kind::Attempt, "atomics3", Some("loom-assertion"), 2_000) };
        room.apply(1, &failed, 2_000);
        assert_eq!(room.snapshot(3_000, None).learners[0].last_error_lines, [36, 37]);
        // A later error without an interleaving replaces them.
        room.apply(1, &event(Kind::Attempt, "atomics3", Some("E0308"), 4_000), 4_000);
        assert!(room.snapshot(5_000, None).learners[0].last_error_lines.is_empty());
    }

    #[test]
    fn learner_clocks_are_believed_only_between_their_join_and_the_arrival() {
        let mut room = Room::default();
        room.add_learner(1, "Quiet", 50_000);
        room.add_learner(2, "Old clock", 50_000);
        room.apply(2, &event(Kind::Open, "borrow1", None, 0), 55_000);
        let snapshot = room.snapshot(60_000, None);
        let quiet = snapshot.learners.iter().find(|l| l.name == "Quiet").unwrap();
        assert_eq!(quiet.idle_secs, 10, "idle since the join, not since 1970");
        let old = snapshot.learners.iter().find(|l| l.name == "Old clock").unwrap();
        assert_eq!((old.on_exercise_secs, old.idle_secs), (10, 10), "not stuck since 1970");
    }

    #[test]
    fn old_errors_leave_the_room() {
        let mut room = Room::default();
        room.apply(1, &event(Kind::Attempt, "borrow1", Some("E0499"), 0), 0);
        assert_eq!(room.snapshot(RECENT_ERROR_MS, None).errors.len(), 1);
        assert_eq!(room.snapshot(RECENT_ERROR_MS + 1, None).errors.len(), 0);
    }
}
