// borrow7.rs — changing a Vec while iterating over it
//
// A repair shop keeps a to-do list. Every task marked `needs_check` should
// get a follow-up task "check: <title>" appended at the END of the list.
// The loop below pushes to `tasks` while it is walking through `tasks`.
// In many languages this is a run-time bug (an exception, or an endless loop
// as the list keeps growing). In Rust it does not even compile: the loop
// holds a shared borrow of the Vec for its whole duration.
//
// Fix `add_followups` so it compiles and the tests pass. The follow-ups must
// come after all original tasks, in the same order as their originals.
// Keep `Task`, the signature and the tests unchanged.

#[derive(Debug, PartialEq)]
pub struct Task {
    pub title: String,
    pub needs_check: bool,
}

pub fn add_followups(tasks: &mut Vec<Task>) {
    for task in tasks.iter() {
        if task.needs_check {
            tasks.push(Task { title: format!("check: {}", task.title), needs_check: false });
        }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(title: &str, needs_check: bool) -> Task {
        Task { title: title.to_string(), needs_check }
    }

    #[test]
    fn followups_go_last() {
        let mut tasks = vec![task("replace brake pads", true), task("wash", false), task("new tyres", true)];
        add_followups(&mut tasks);
        let titles: Vec<&str> = tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            titles,
            ["replace brake pads", "wash", "new tyres", "check: replace brake pads", "check: new tyres"]
        );
    }

    #[test]
    fn nothing_to_check() {
        let mut tasks = vec![task("wash", false)];
        add_followups(&mut tasks);
        assert_eq!(tasks, [task("wash", false)]);
    }

    #[test]
    fn every_task_needs_a_check() {
        let mut tasks = vec![task("oil", true), task("chain", true)];
        add_followups(&mut tasks);
        let titles: Vec<&str> = tasks.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["oil", "chain", "check: oil", "check: chain"]);
        assert!(!tasks[2].needs_check && !tasks[3].needs_check, "follow-ups need no follow-up");
        let mut none = Vec::new();
        add_followups(&mut none);
        assert!(none.is_empty());
    }
}
