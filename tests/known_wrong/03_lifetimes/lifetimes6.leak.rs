// known wrong: makes the run-time text &'static by leaking it with Box::leak, exactly what the exercise says not to do
// lifetimes6.rs
//
// A print shop keeps an event log of its job queue. Most events are fixed
// phrases written in the source code ("queue opened"), so the log was designed
// to store `&'static str` and never allocate.
//
// Then someone needed events built at run time ("job 17 retried 3 times"), and
// `record_retry` does not compile: `text` "does not live long enough".
//
// Your task: let the log hold both kinds of events. Change the type of
// `entries` and the parameter of `record`, and fix `record_retry`.
// The tests must keep working unchanged: they pass string literals to
// `record` and read everything back with `entries()`.
// Don't leak the text (`Box::leak`, `String::leak`) to get a `&'static str`:
// it would silence the compiler by never freeing the text.

pub struct EventLog {
    entries: Vec<&'static str>,
}

impl EventLog {
    pub fn new() -> Self {
        EventLog { entries: Vec::new() }
    }

    pub fn record(&mut self, event: &'static str) {
        self.entries.push(event);
    }

    pub fn entries(&self) -> Vec<&str> {
        self.entries.iter().map(|e| &**e).collect()
    }
}

pub fn record_retry(log: &mut EventLog, job: u32, attempts: u32) {
    let text = format!("job {job} retried {attempts} times");
    log.record(Box::leak(text.into_boxed_str()));
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_built_events_side_by_side() {
        let mut log = EventLog::new();
        log.record("queue opened");
        record_retry(&mut log, 17, 3);
        log.record("queue closed");
        assert_eq!(log.entries(), ["queue opened", "job 17 retried 3 times", "queue closed"]);
    }

    #[test]
    fn many_retries() {
        let mut log = EventLog::new();
        for job in 1..=3 {
            record_retry(&mut log, job, job * 2);
        }
        assert_eq!(log.entries().len(), 3);
        assert_eq!(log.entries()[2], "job 3 retried 6 times");
    }
}
