//! Delivery throughput, for `cargo xtask bench`: stores `--leads` leads in a fresh SQLite
//! file with the delivery workers stopped, then starts `--workers` of them against a webhook
//! receiver on loopback and times how long the backlog takes to drain. Prints one line of
//! JSON.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::Request;
use clap::Parser;
use tower::ServiceExt;

#[path = "support/lead.rs"]
mod support;

#[derive(Parser)]
struct Cli {
    #[arg(long, default_value_t = 10_000)]
    leads: usize,
    #[arg(long, default_value_t = 8)]
    workers: usize,
    /// How long the receiver takes to answer, as a real webhook over a network does.
    #[arg(long, default_value_t = 20)]
    hook_delay_ms: u64,
}

/// The server's own settings, as `intake serve` would read them.
#[derive(Parser)]
struct Serve {
    #[command(flatten)]
    config: intake::Config,
}

/// A webhook receiver on loopback that counts and answers after `delay_ms`; its URL.
async fn receiver(counter: Arc<AtomicUsize>, delay_ms: u64) -> anyhow::Result<String> {
    let delay = Duration::from_millis(delay_ms);
    let hook = axum::Router::new().route(
        "/hook",
        axum::routing::post(move || {
            let counter = Arc::clone(&counter);
            async move {
                tokio::time::sleep(delay).await;
                counter.fetch_add(1, Ordering::Relaxed);
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let hook_url = format!("http://{}/hook", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, hook).await });
    Ok(hook_url)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let received = Arc::new(AtomicUsize::new(0));
    let hook_url = receiver(Arc::clone(&received), cli.hook_delay_ms).await?;
    let dir = tempfile::tempdir()?;
    let database = format!("sqlite://{}", dir.path().join("drain.sqlite").display());
    let quiz_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz");
    let workers = cli.workers.to_string();
    let serve = Serve::parse_from([
        "drain",
        "--database-url",
        &database,
        "--quiz-dir",
        quiz_dir,
        "--webhook-url",
        &hook_url,
        "--webhook-secret",
        "bench-secret-0123456789",
        "--webhook-allow-loopback",
        "--delivery-workers",
        &workers,
    ]);
    let state = intake::AppState::from_config(&serve.config).await?;
    let app = intake::app(&serve.config, state.clone())?;
    let quiz = Arc::clone(&state.quiz);
    for i in 0..cli.leads {
        let body = support::lead(&quiz, &format!("drain-{:016}-{i:08}", std::process::id()));
        let request = Request::post("/api/v1/leads")
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body))?;
        app.clone().oneshot(request).await?;
    }
    let started = Instant::now();
    state.spawn_notifier();
    let deadline = started + Duration::from_secs(600);
    while received.load(Ordering::Relaxed) < cli.leads && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let seconds = started.elapsed().as_secs_f64();
    let delivered = received.load(Ordering::Relaxed);
    println!(
        "{{\"workers\":{},\"hook_delay_ms\":{},\"delivered\":{delivered},\"seconds\":{seconds:.2},\"per_second\":{:.0}}}",
        cli.workers,
        cli.hook_delay_ms,
        delivered as f64 / seconds
    );
    Ok(())
}
