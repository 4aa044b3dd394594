// pointers2.rs
//
// A server's alert system sends one message through every subscribed channel:
// e-mail, SMS, a chat webhook... Each channel is a different type implementing
// `Channel`, and `Alerts` keeps them all in ONE list. This does not compile:
// a `dyn Channel` can be any of those types, each with its own size, so the
// compiler cannot lay them out side by side in a Vec.
//
// Your task: change the type of the `channels` field so the list can hold any
// mix of channels. Nothing else needs to change. Don't change the tests.

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

pub struct Alerts {
    channels: Vec<dyn Channel>,
}

impl Alerts {
    pub fn new() -> Self {
        Alerts { channels: Vec::new() }
    }

    pub fn subscribe(&mut self, channel: Box<dyn Channel>) {
        self.channels.push(channel);
    }

    pub fn broadcast(&self, message: &str) -> Vec<String> {
        self.channels.iter().map(|c| c.deliver(message)).collect()
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    struct Webhook(&'static str);

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
}
