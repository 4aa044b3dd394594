// lifetimes6.rs (solution)
//
// A print shop keeps an event log of its job queue. Most events are fixed
// phrases written in the source code ("queue opened"); some are built at run
// time ("job 17 retried 3 times").

use std::borrow::Cow;

// `&'static str` means "borrowed from something that lives until the program
// ends". String literals qualify, because they are baked into the binary. A
// String made by `format!` does not: it is freed when its owner drops it, and
// no annotation can stretch that. So `log.record(&text)` was rejected with
// E0597 ("argument requires that `text` is borrowed for `'static`").
//
// `'static` is a requirement you can only meet with data that already is
// static; when the data is created at run time, the log has to OWN it.
//
// `Cow<'static, str>` ("clone on write") holds either a `&'static str`
// (Cow::Borrowed, no allocation, the literals stay free) or a `String`
// (Cow::Owned). Both `&'static str` and `String` convert into it with `.into()`,
// so `record` accepts either. A plain `Vec<String>` would also be correct; it
// just allocates a copy of every literal.
pub struct EventLog {
    entries: Vec<Cow<'static, str>>,
}

impl EventLog {
    pub fn new() -> Self {
        EventLog { entries: Vec::new() }
    }

    pub fn record(&mut self, event: impl Into<Cow<'static, str>>) {
        self.entries.push(event.into());
    }

    pub fn entries(&self) -> Vec<&str> {
        self.entries.iter().map(|e| &**e).collect()
    }
}

impl Default for EventLog {
    fn default() -> Self {
        Self::new()
    }
}

// The String is moved into the log: ownership travels, nothing dangles.
pub fn record_retry(log: &mut EventLog, job: u32, attempts: u32) {
    let text = format!("job {job} retried {attempts} times");
    log.record(text);
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
