//! Per-address rate limiting for lead submissions: a token bucket per client address,
//! refilled continuously; a flood from one address does not slow anyone else.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets by address.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// Allows `per_minute` requests a minute per address, in bursts of as many.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: f64::from(per_minute.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `address` at `now`: `Ok` or `Err(seconds until the next one)`.
    pub fn check(&self, address: IpAddr, now: Instant) -> Result<(), u64> {
        let mut buckets = match self.buckets.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() > 100_000 {
            buckets.retain(|_, (tokens, last)| {
                *tokens < self.per_minute || now.duration_since(*last).as_secs() < 120
            });
        }
        let (tokens, last) = buckets.entry(address).or_insert((self.per_minute, now));
        let refill = now.duration_since(*last).as_secs_f64() * self.per_minute / 60.0;
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
}
