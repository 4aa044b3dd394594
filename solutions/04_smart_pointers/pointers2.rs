// pointers2.rs (solution)
//
// A server's alert system sends the same message through every channel someone
// subscribed: e-mail, SMS, a chat webhook... Each channel is a different type
// implementing the `Channel` trait, and `Alerts` keeps them all in ONE list.

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

// `dyn Channel` is an unsized type: "some value of some type that implements
// Channel". A Vec needs every element to have the same, known size, so it
// cannot store `dyn Channel` directly (E0277, "size cannot be known at
// compilation time").
//
// `Box<dyn Channel>` is always two words: a pointer to the value on the heap
// and a pointer to the vtable of the concrete type (where `deliver` lives). The
// Vec stores these fixed-size fat pointers, and each call goes through the
// vtable to the right implementation: dynamic dispatch.
//
// A generic `Alerts<C: Channel>` would not do: it holds ONE concrete type, so
// an Email and an Sms could not share the list.
pub struct Alerts {
    channels: Vec<Box<dyn Channel>>,
}

impl Alerts {
    pub fn new() -> Self {
        Alerts { channels: Vec::new() }
    }

    pub fn subscribe(&mut self, channel: Box<dyn Channel>) {
        self.channels.push(channel);
    }

    // `c` is `&Box<dyn Channel>`; the method call dereferences through the
    // Box and dispatches through the vtable.
    pub fn broadcast(&self, message: &str) -> Vec<String> {
        self.channels.iter().map(|c| c.deliver(message)).collect()
    }
}

impl Default for Alerts {
    fn default() -> Self {
        Self::new()
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
