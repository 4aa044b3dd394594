//! How fast the room lets people in: token buckets for joins per client address, for wrong join codes per address,
//! and for joins into the room as a whole.
//!
//! The numbers are set for a real workshop: a few hundred learners joining within a minute, possibly all behind one
//! NAT address (and the 200-learner rehearsal, all from 127.0.0.1, within a second or two), get in at once, while a
//! flood of thousands of joins a second is refused after the first few hundred, and guessing join codes is held to
//! ten tries a minute per address (the code has 31^8, about 8.5 x 10^11, values).
//!
//! A refused attempt costs nothing and says when to try again. A bucket that refills whole is the same as a new one,
//! so full buckets are forgotten when the table grows: many addresses cannot fill the server's memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Joins from one address: 300 at once, then 5 a second (300 a minute).
const JOINS_PER_ADDRESS: Rate = Rate { burst: 300.0, per_second: 5.0 };
/// Wrong join codes from one address: 10 at once, then one every 6 seconds (10 a minute).
const WRONG_CODES_PER_ADDRESS: Rate = Rate { burst: 10.0, per_second: 1.0 / 6.0 };
/// Joins into the room from everywhere: 600 at once, then 10 a second (600 a minute).
const JOINS_PER_ROOM: Rate = Rate { burst: 600.0, per_second: 10.0 };
/// Past this many remembered addresses, the ones whose buckets are full again are forgotten.
const REMEMBERED_ADDRESSES: usize = 10_000;

#[derive(Clone, Copy)]
struct Rate {
    burst: f64,
    per_second: f64,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Rate {
    fn full(self, now: Instant) -> Bucket {
        Bucket { tokens: self.burst, at: now }
    }

    fn refill(self, bucket: &mut Bucket, now: Instant) {
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.at = now;
    }

    /// How long until the bucket holds a whole token (zero when it does).
    fn wait(self, bucket: &mut Bucket, now: Instant) -> Duration {
        self.refill(bucket, now);
        Duration::from_secs_f64(((1.0 - bucket.tokens) / self.per_second).max(0.0))
    }
}

/// Why a join must wait, and for how long.
#[derive(Debug, PartialEq)]
pub struct Refusal {
    pub retry_after: Duration,
    pub why: &'static str,
}

impl Refusal {
    /// Whole seconds, rounded up: what `Retry-After` and the message say.
    pub fn seconds(&self) -> u64 {
        self.retry_after.as_secs() + u64::from(self.retry_after.subsec_nanos() > 0)
    }
}

pub struct JoinLimits {
    addresses: HashMap<IpAddr, (Bucket, Bucket)>,
    room: Bucket,
}

impl JoinLimits {
    pub fn new(now: Instant) -> JoinLimits {
        JoinLimits { addresses: HashMap::new(), room: JOINS_PER_ROOM.full(now) }
    }

    /// Takes one join from `address`'s allowance and the room's, or says why it must wait. Called before the code is
    /// checked: an address that ran out of wrong codes waits even with the right one, or guessing would go on.
    pub fn admit(&mut self, address: IpAddr, now: Instant) -> Result<(), Refusal> {
        if self.addresses.len() >= REMEMBERED_ADDRESSES {
            self.addresses.retain(|_, (joins, wrong)| {
                JOINS_PER_ADDRESS.refill(joins, now);
                WRONG_CODES_PER_ADDRESS.refill(wrong, now);
                joins.tokens < JOINS_PER_ADDRESS.burst || wrong.tokens < WRONG_CODES_PER_ADDRESS.burst
            });
        }
        let (joins, wrong) = self
            .addresses
            .entry(canonical(address))
            .or_insert_with(|| (JOINS_PER_ADDRESS.full(now), WRONG_CODES_PER_ADDRESS.full(now)));
        let waits = [
            (WRONG_CODES_PER_ADDRESS.wait(wrong, now), "too many wrong join codes from your address"),
            (JOINS_PER_ADDRESS.wait(joins, now), "too many joins from your address"),
            (JOINS_PER_ROOM.wait(&mut self.room, now), "too many learners are joining this room at once"),
        ];
        if let Some((retry_after, why)) = waits.into_iter().filter(|(wait, _)| !wait.is_zero()).max_by_key(|w| w.0) {
            return Err(Refusal { retry_after, why });
        }
        joins.tokens -= 1.0;
        self.room.tokens -= 1.0;
        Ok(())
    }

    /// Counts a wrong join code against `address`.
    pub fn wrong_code(&mut self, address: IpAddr, now: Instant) {
        if let Some((_, wrong)) = self.addresses.get_mut(&canonical(address)) {
            WRONG_CODES_PER_ADDRESS.refill(wrong, now);
            wrong.tokens -= 1.0;
        }
    }
}

/// An IPv4 client seen through an IPv6 socket (`::ffff:10.0.0.7`) is the same client as `10.0.0.7`.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));

    fn address(n: u32) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + n))
    }

    #[test]
    fn a_room_behind_one_address_gets_in_and_a_flood_waits() {
        let start = Instant::now();
        let mut limits = JoinLimits::new(start);
        for n in 0..300 {
            assert_eq!(limits.admit(ONE, start), Ok(()), "join {n}");
        }
        let refusal = limits.admit(ONE, start).unwrap_err();
        assert_eq!((refusal.why, refusal.seconds()), ("too many joins from your address", 1));
        // Five more a second after that: 300 a minute.
        let later = start + Duration::from_secs(1);
        for _ in 0..5 {
            limits.admit(ONE, later).unwrap();
        }
        assert!(limits.admit(ONE, later).is_err());
        // Other addresses are not held up by it, until the room as a whole is full.
        for n in 0..305 {
            limits.admit(address(100 + n), later).unwrap();
        }
        let refusal = limits.admit(address(999), later).unwrap_err();
        assert_eq!(refusal.why, "too many learners are joining this room at once");
    }

    #[test]
    fn wrong_codes_run_out_sooner_and_then_the_right_code_waits_too() {
        let start = Instant::now();
        let mut limits = JoinLimits::new(start);
        for _ in 0..10 {
            limits.admit(ONE, start).unwrap();
            limits.wrong_code(ONE, start);
        }
        let refusal = limits.admit(ONE, start).unwrap_err();
        assert_eq!((refusal.why, refusal.seconds()), ("too many wrong join codes from your address", 6));
        assert!(limits.admit(address(2), start).is_ok(), "another address is not affected");
        assert!(limits.admit(ONE, start + Duration::from_secs(6)).is_ok());
    }

    #[test]
    fn full_buckets_are_forgotten_when_many_addresses_were_seen() {
        let start = Instant::now();
        let mut limits = JoinLimits::new(start);
        for n in 0..REMEMBERED_ADDRESSES as u32 {
            limits.addresses.insert(address(n), (JOINS_PER_ADDRESS.full(start), WRONG_CODES_PER_ADDRESS.full(start)));
        }
        limits.admit(ONE, start + Duration::from_secs(1)).unwrap();
        assert_eq!(limits.addresses.len(), 1);
    }
}
