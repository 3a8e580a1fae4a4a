//! Load generator for `cargo xtask bench`: sends valid leads to an intake server on
//! loopback at a fixed concurrency, bounded in count and time, and prints one JSON line of
//! figures. `--flood` runs one address flat out (from 127.0.0.2) beside a normal client
//! and reports the normal client's success rate and latency.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

struct Args {
    url: String,
    concurrency: usize,
    requests: usize,
    seconds: u64,
    flood: bool,
}

fn args() -> Args {
    let mut args = Args {
        url: "http://127.0.0.1:8080".into(),
        concurrency: 1,
        requests: 1000,
        seconds: 30,
        flood: false,
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
            other => eprintln!("loadgen: ignoring `{other}`"),
        }
    }
    args
}

fn lead(quiz: &readiness::Quiz, key: &str) -> String {
    let hash = |p: &str| {
        quiz.consents()
            .iter()
            .find(|c| c.id.as_str() == p)
            .and_then(|c| c.text_hash("en"))
            .unwrap_or_default()
            .to_owned()
    };
    json!({
        "quiz_version": quiz.version(), "locale": "en",
        "answers": { "industry": ["food_beverage"], "business_model": ["b2c"], "audience_gender": ["mostly_women"],
                     "trademark": ["none"], "budget": ["from_5k_to_15k"], "timeline": ["months_3_to_6"] },
        "contact": { "name": "Load Test", "email": "load@test.example", "company": "Load Ltd", "country": "GB", "role": "Tester" },
        "consents": [ { "purpose": "contact", "granted": true, "text_hash": hash("contact") } ],
        "idempotency_key": key,
        "form": { "honeypot": "", "elapsed_ms": 120000 }
    })
    .to_string()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// Sends up to `count` leads with `concurrency` workers until `deadline`; (latencies ms, failures).
#[allow(clippy::too_many_arguments)] // one load profile, spelled out at each call
async fn run(
    client: reqwest::Client,
    url: String,
    quiz: Arc<readiness::Quiz>,
    concurrency: usize,
    count: usize,
    deadline: Instant,
    prefix: &str,
    pause: Duration,
) -> (Vec<f64>, usize) {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, url, quiz, next, prefix) = (
            client.clone(),
            url.clone(),
            Arc::clone(&quiz),
            Arc::clone(&next),
            prefix.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut failures) = (Vec::new(), 0usize);
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= count || Instant::now() >= deadline {
                    break;
                }
                let key = format!("{prefix}-{:016}-{i:08}", std::process::id());
                let body = lead(&quiz, &key);
                let started = Instant::now();
                let response = client
                    .post(format!("{url}/api/v1/leads"))
                    .header("content-type", "application/json")
                    .header("idempotency-key", &key)
                    .body(body)
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status().as_u16() == 201 => {
                        latencies.push(started.elapsed().as_secs_f64() * 1000.0)
                    }
                    _ => failures += 1,
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

#[tokio::main]
async fn main() {
    let args = args();
    let quiz = Arc::new(
        readiness::load::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz").as_ref())
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap_or_default();
    if args.flood {
        let flooder = reqwest::Client::builder()
            .local_address(Some(
                "127.0.0.2"
                    .parse::<IpAddr>()
                    .unwrap_or([127, 0, 0, 2].into()),
            ))
            .build()
            .unwrap_or_default();
        let flood = tokio::spawn(run(
            flooder,
            args.url.clone(),
            Arc::clone(&quiz),
            16,
            usize::MAX,
            deadline,
            "flood",
            Duration::ZERO,
        ));
        let (normal, failed) = run(
            client,
            args.url.clone(),
            Arc::clone(&quiz),
            1,
            args.requests,
            deadline,
            "normal",
            Duration::from_millis(200),
        )
        .await;
        let (flood_ok, flood_refused) = flood.await.unwrap_or_default();
        let total = normal.len() + failed;
        println!(
            "{}",
            json!({ "normal_sent": total, "normal_success_rate": if total == 0 { 0.0 } else { normal.len() as f64 / total as f64 },
                    "normal_p50_ms": percentile(&normal, 0.5), "normal_p99_ms": percentile(&normal, 0.99),
                    "flood_accepted": flood_ok.len(), "flood_refused": flood_refused })
        );
        return;
    }
    let started = Instant::now();
    let (latencies, failures) = run(
        client,
        args.url,
        quiz,
        args.concurrency,
        args.requests,
        deadline,
        "load",
        Duration::ZERO,
    )
    .await;
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({ "concurrency": args.concurrency, "stored": latencies.len(), "failures": failures, "seconds": elapsed,
                "leads_per_second": latencies.len() as f64 / elapsed,
                "p50_ms": percentile(&latencies, 0.5), "p99_ms": percentile(&latencies, 0.99) })
    );
}
