// known right: stores Rc<dyn Channel>, turning each subscribed Box into an Rc: still owned, still freed
// pointers2.rs
//
// A server's alert system sends one message through every subscribed channel:
// e-mail, SMS, a chat webhook... Each channel is a different type implementing
// `Channel`, and `Alerts` keeps them all in ONE list. This does not compile:
// a `dyn Channel` can be any of those types, each with its own size, so the
// compiler cannot lay them out side by side in a Vec.
//
// Your task: change the type of the `channels` field so the list can hold any
// mix of channels. Nothing else needs to change. Don't change `Channel`,
// `subscribe` or the tests. The `Alerts` must own their channels and free them
// when they are dropped: a `&'static dyn Channel` made with `Box::leak` is not
// an answer.

pub trait Channel {
    fn deliver(&self, message: &str) -> String;
}

pub struct Email(pub String);
pub struct Sms(pub u64);

impl Channel for Email {
    fn deliver(&self, message: &str) -> String {
        format!("mail to {}: {}", self.0, message)
    }
}

impl Channel for Sms {
    fn deliver(&self, message: &str) -> String {
        let short: String = message.chars().take(20).collect();
        format!("sms to +{}: {}", self.0, short)
    }
}

use std::rc::Rc;

pub struct Alerts {
    channels: Vec<Rc<dyn Channel>>,
}

impl Alerts {
    pub fn new() -> Self {
        Alerts { channels: Vec::new() }
    }

    pub fn subscribe(&mut self, channel: Box<dyn Channel>) {
        self.channels.push(Rc::from(channel));
    }

    pub fn broadcast(&self, message: &str) -> Vec<String> {
        self.channels.iter().map(|c| c.deliver(message)).collect()
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    struct Webhook(&'static str);

    thread_local! {
        static HOOKS_DROPPED: Cell<usize> = const { Cell::new(0) };
    }

    impl Drop for Webhook {
        fn drop(&mut self) {
            HOOKS_DROPPED.with(|n| n.set(n.get() + 1));
        }
    }

    impl Channel for Webhook {
        fn deliver(&self, message: &str) -> String {
            format!("POST {} {{\"text\":\"{}\"}}", self.0, message)
        }
    }

    #[test]
    fn every_channel_gets_the_message() {
        let mut alerts = Alerts::new();
        alerts.subscribe(Box::new(Email("ops@example.org".into())));
        alerts.subscribe(Box::new(Sms(4412345)));
        alerts.subscribe(Box::new(Webhook("/hooks/ops")));
        assert_eq!(
            alerts.broadcast("disk 3 is almost full"),
            [
                "mail to ops@example.org: disk 3 is almost full",
                "sms to +4412345: disk 3 is almost ful",
                "POST /hooks/ops {\"text\":\"disk 3 is almost full\"}",
            ]
        );
        assert!(Alerts::new().broadcast("hello?").is_empty());
    }

    #[test]
    fn dropping_the_alerts_frees_every_channel() {
        let before = HOOKS_DROPPED.with(Cell::get);
        let mut alerts = Alerts::new();
        alerts.subscribe(Box::new(Webhook("/hooks/a")));
        alerts.subscribe(Box::new(Webhook("/hooks/b")));
        assert_eq!(alerts.broadcast("x").len(), 2);
        drop(alerts);
        assert_eq!(HOOKS_DROPPED.with(Cell::get) - before, 2, "the alerts should own (and free) their channels");
    }
}
