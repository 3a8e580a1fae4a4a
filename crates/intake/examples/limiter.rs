//! The rate limiter under an address flood, for `cargo xtask bench`: one check per address
//! for 1,000,000 distinct addresses, then one steady client. Prints one line of JSON.
#![allow(clippy::unwrap_used)]

use std::net::IpAddr;
use std::time::{Duration, Instant};

use intake::ratelimit::RateLimiter;

fn main() {
    let limiter = RateLimiter::new(10);
    let start = Instant::now();
    let clock = Instant::now();
    let mut slowest = Duration::ZERO;
    for i in 0u32..1_000_000 {
        let now = clock + Duration::from_micros(u64::from(i) * 10);
        let began = Instant::now();
        let _ = limiter.check(IpAddr::V4(i.into()), now);
        slowest = slowest.max(began.elapsed());
    }
    let flood = start.elapsed();
    let steady: IpAddr = [192, 0, 2, 1].into();
    let after = clock + Duration::from_secs(11);
    let began = Instant::now();
    for _ in 0..100_000 {
        let _ = limiter.check(steady, after);
    }
    let steady_ns = began.elapsed().as_nanos() as f64 / 100_000.0;
    println!(
        "{{\"flood_checks_per_second\":{:.0},\"flood_slowest_us\":{:.1},\"steady_check_ns\":{steady_ns:.0},\"clients_kept\":{},\"clients_cap\":{}}}",
        1_000_000.0 / flood.as_secs_f64(),
        slowest.as_secs_f64() * 1e6,
        limiter.clients(),
        intake::ratelimit::SHARDS * intake::ratelimit::SHARD_CAPACITY
    );
}
