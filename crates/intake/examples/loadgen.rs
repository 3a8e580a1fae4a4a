//! Load generator for `cargo xtask bench`: sends valid leads to an intake server on
//! loopback at a fixed concurrency, bounded in count and time, and prints one JSON line of
//! figures. `--flood` runs one address flat out (from 127.0.0.2) beside a normal client
//! and reports the normal client's success rate and latency. `--events` sends the funnel's
//! event batches (as the widget's beacons: five events each) instead of leads.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

#[path = "support/lead.rs"]
mod support;
use support::lead;

struct Args {
    url: String,
    concurrency: usize,
    requests: usize,
    seconds: u64,
    flood: bool,
    events: bool,
}

fn args() -> Args {
    let mut args = Args {
        url: "http://127.0.0.1:8080".into(),
        concurrency: 1,
        requests: 1000,
        seconds: 30,
        flood: false,
        events: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_default();
        match flag.as_str() {
            "--url" => args.url = value(),
            "--concurrency" => args.concurrency = value().parse().unwrap_or(1),
            "--requests" => args.requests = value().parse().unwrap_or(1000),
            "--seconds" => args.seconds = value().parse().unwrap_or(30),
            "--flood" => args.flood = true,
            "--events" => args.events = true,
            other => eprintln!("loadgen: ignoring `{other}`"),
        }
    }
    args
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// Where leads go and until when; shared by every profile of one run.
#[derive(Clone)]
struct Target {
    client: reqwest::Client,
    url: String,
    quiz: Arc<readiness::Quiz>,
    deadline: Instant,
    /// Event batches rather than leads.
    events: bool,
}

/// One load profile: workers, leads at most, the key prefix, a pause after each lead.
struct Profile {
    concurrency: usize,
    count: usize,
    prefix: &'static str,
    pause: Duration,
}

/// Sends leads by the profile until done or the deadline; (latencies ms, failures).
async fn run(target: Target, profile: Profile) -> (Vec<f64>, usize) {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..profile.concurrency {
        let (target, next) = (target.clone(), Arc::clone(&next));
        let (count, prefix, pause) = (profile.count, profile.prefix, profile.pause);
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut failures) = (Vec::new(), 0usize);
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= count || Instant::now() >= target.deadline {
                    break;
                }
                match send(
                    &target,
                    &format!("{prefix}-{:016}-{i:08}", std::process::id()),
                )
                .await
                {
                    Some(ms) => latencies.push(ms),
                    None => failures += 1,
                }
                if !pause.is_zero() {
                    tokio::time::sleep(pause).await;
                }
            }
            (latencies, failures)
        }));
    }
    let (mut all, mut failures) = (Vec::new(), 0);
    for task in tasks {
        if let Ok((latencies, failed)) = task.await {
            all.extend(latencies);
            failures += failed;
        }
    }
    all.sort_by(|a, b| a.total_cmp(b));
    (all, failures)
}

/// One lead (or event batch); its latency in ms if it was stored (201, or 204).
async fn send(target: &Target, key: &str) -> Option<f64> {
    if target.events {
        return send_events(target, key).await;
    }
    let body = lead(&target.quiz, key);
    let started = Instant::now();
    let response = target
        .client
        .post(format!("{}/api/v1/leads", target.url))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(body)
        .send()
        .await;
    match response {
        Ok(r) if r.status().as_u16() == 201 => Some(started.elapsed().as_secs_f64() * 1000.0),
        _ => None,
    }
}

/// One batch of five events of the journey `key`, as a beacon sends it (`text/plain`).
async fn send_events(target: &Target, key: &str) -> Option<f64> {
    let body = json!({
        "journey": key, "quiz_version": target.quiz.version(), "locale": "en", "page": "/china",
        "source": "newsletter", "campaign": "bench",
        "events": [{"step": "seen"}, {"step": "started"}, {"step": "shown", "question": "industry"},
                   {"step": "answered", "question": "industry"}, {"step": "shown", "question": "business_model"}],
    });
    let started = Instant::now();
    let response = target
        .client
        .post(format!("{}/api/v1/events", target.url))
        .header("content-type", "text/plain;charset=UTF-8")
        .body(body.to_string())
        .send()
        .await;
    match response {
        Ok(r) if r.status().as_u16() == 204 => Some(started.elapsed().as_secs_f64() * 1000.0),
        _ => None,
    }
}

/// A flood from 127.0.0.2 beside one normal client pausing 200 ms between leads.
async fn flood(target: Target, requests: usize) -> serde_json::Value {
    let flooder = reqwest::Client::builder()
        .local_address(Some([127, 0, 0, 2].into()))
        .build()
        .unwrap_or_default();
    let flood = tokio::spawn(run(
        Target {
            client: flooder,
            ..target.clone()
        },
        Profile {
            concurrency: 16,
            count: usize::MAX,
            prefix: "flood",
            pause: Duration::ZERO,
        },
    ));
    let (normal, failed) = run(
        target,
        Profile {
            concurrency: 1,
            count: requests,
            prefix: "normal",
            pause: Duration::from_millis(200),
        },
    )
    .await;
    let (flood_ok, flood_refused) = flood.await.unwrap_or_default();
    let total = normal.len() + failed;
    json!({ "normal_sent": total, "normal_success_rate": if total == 0 { 0.0 } else { normal.len() as f64 / total as f64 },
            "normal_p50_ms": percentile(&normal, 0.5), "normal_p99_ms": percentile(&normal, 0.99),
            "flood_accepted": flood_ok.len(), "flood_refused": flood_refused })
}

#[tokio::main]
async fn main() {
    let args = args();
    let quiz = Arc::new(
        readiness::load::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz").as_ref())
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let target = Target {
        client,
        url: args.url.clone(),
        quiz,
        deadline,
        events: args.events,
    };
    if args.flood {
        println!("{}", flood(target, args.requests).await);
        return;
    }
    let started = Instant::now();
    let profile = Profile {
        concurrency: args.concurrency,
        count: args.requests,
        prefix: "load",
        pause: Duration::ZERO,
    };
    let (latencies, failures) = run(target, profile).await;
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({ "concurrency": args.concurrency, "stored": latencies.len(), "failures": failures, "seconds": elapsed,
                "leads_per_second": latencies.len() as f64 / elapsed, "per_second": latencies.len() as f64 / elapsed,
                "p50_ms": percentile(&latencies, 0.5), "p99_ms": percentile(&latencies, 0.99) })
    );
}
