//! Per-client rate limiting: a token bucket per client, refilled continuously; a flood from
//! one client does not slow anyone else.
//!
//! Bounded and never scanned under one lock: the buckets are spread over [`SHARDS`] maps by
//! a hash of the client, each holding at most [`SHARD_CAPACITY`]. A full shard first drops
//! the buckets that have refilled (untouched for a minute: forgetting them changes nothing),
//! and if every bucket is fresh (a flood from very many addresses) the least recently used
//! quarter, so each eviction pays for many inserts. An IPv6 client is its /64, the block
//! one subscriber gets: a /64 gives an attacker 2^64 addresses, not 2^64 buckets.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::Instant;

/// Maps the buckets are spread over.
pub const SHARDS: usize = 64;
/// Buckets one map holds at most: 4,096 × 64 = 262,144 clients, about 16 MB.
pub const SHARD_CAPACITY: usize = 4_096;

/// A bucket: tokens left and when they were counted.
type Bucket = (f64, Instant);

/// Token buckets by client.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: f64,
    hasher: RandomState,
    shards: Vec<Mutex<HashMap<IpAddr, Bucket>>>,
}

/// The client a bucket belongs to: an IPv4 address, or the /64 of an IPv6 one.
pub fn client_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
        },
    }
}

impl RateLimiter {
    /// Allows `per_minute` requests a minute per client, in bursts of as many.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: f64::from(per_minute.max(1)),
            hasher: RandomState::new(),
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
        }
    }

    /// Takes a token for `address` at `now`: `Ok` or `Err(seconds until the next one)`.
    pub fn check(&self, address: IpAddr, now: Instant) -> Result<(), u64> {
        let key = client_key(address);
        let shard = &self.shards[self.shard_of(&key)];
        let mut buckets = match shard.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() >= SHARD_CAPACITY && !buckets.contains_key(&key) {
            make_room(&mut buckets, now);
        }
        let (tokens, last) = buckets.entry(key).or_insert((self.per_minute, now));
        let refill = now.saturating_duration_since(*last).as_secs_f64() * self.per_minute / 60.0;
        *tokens = (*tokens + refill).min(self.per_minute);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - *tokens) * 60.0 / self.per_minute;
            Err(wait.ceil().max(1.0) as u64)
        }
    }

    /// How many clients have a bucket now.
    pub fn clients(&self) -> usize {
        self.shards
            .iter()
            .map(|shard| shard.lock().map_or(0, |buckets| buckets.len()))
            .sum()
    }

    fn shard_of(&self, key: &IpAddr) -> usize {
        (self.hasher.hash_one(key) % SHARDS as u64) as usize
    }
}

/// Frees at least a quarter of a full shard: refilled buckets first, then the least
/// recently used.
fn make_room(buckets: &mut HashMap<IpAddr, Bucket>, now: Instant) {
    buckets.retain(|_, (_, last)| now.saturating_duration_since(*last).as_secs() < 60);
    if buckets.len() < SHARD_CAPACITY * 3 / 4 {
        return;
    }
    let mut ages: Vec<Instant> = buckets.values().map(|(_, last)| *last).collect();
    let quarter = ages.len() / 4;
    let (_, cutoff, _) = ages.select_nth_unstable(quarter);
    let cutoff = *cutoff;
    buckets.retain(|_, (_, last)| *last > cutoff);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_refused_then_refilled() {
        let limiter = RateLimiter::new(3);
        let address: IpAddr = [10, 0, 0, 1].into();
        let start = Instant::now();
        assert!((0..3).all(|_| limiter.check(address, start).is_ok()));
        assert_eq!(limiter.check(address, start), Err(20));
        assert!(limiter
            .check(address, start + Duration::from_secs(21))
            .is_ok());
    }

    #[test]
    fn one_address_does_not_use_up_another() {
        let limiter = RateLimiter::new(1);
        let now = Instant::now();
        assert!(limiter.check([10, 0, 0, 1].into(), now).is_ok());
        assert!(limiter.check([10, 0, 0, 1].into(), now).is_err());
        assert!(limiter.check([10, 0, 0, 2].into(), now).is_ok());
    }

    #[test]
    fn an_ipv6_client_is_its_64_block() {
        let limiter = RateLimiter::new(1);
        let now = Instant::now();
        let first: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let same_block: IpAddr = "2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap();
        let next_block: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(limiter.check(first, now).is_ok());
        assert!(limiter.check(same_block, now).is_err());
        assert!(limiter.check(next_block, now).is_ok());
    }

    #[test]
    fn a_million_addresses_stay_within_the_cap_and_the_flooded_client_stays_limited() {
        let limiter = RateLimiter::new(2);
        let start = Instant::now();
        let victim: IpAddr = [192, 0, 2, 1].into();
        for i in 0u32..1_000_000 {
            let now = start + Duration::from_micros(u64::from(i));
            let _ = limiter.check(IpAddr::V4(i.into()), now);
            if i % 1_000 == 0 {
                let _ = limiter.check(victim, now); // a flood that keeps its bucket fresh
            }
        }
        assert!(
            limiter.clients() <= SHARDS * SHARD_CAPACITY,
            "{} buckets",
            limiter.clients()
        );
        assert!(limiter
            .check(victim, start + Duration::from_secs(1))
            .is_err());
    }
}
