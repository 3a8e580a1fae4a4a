//! The intake under load: throughput and latency on both databases, and a flood from one
//! address beside a normal client.

use std::path::Path;

use super::tools::{free_port, loadgen, number, serve};
use super::Figure;
use crate::cmd;

/// Builds the server and the load generator, then measures both databases and the flood.
pub fn run(figures: &mut Vec<Figure>) -> anyhow::Result<()> {
    cmd::run(cmd::command(
        "cargo",
        &[
            "build",
            "--quiet",
            "--profile",
            "server",
            "--package",
            "intake",
            "--bin",
            "intake",
            "--example",
            "loadgen",
            "--example",
            "idle",
            "--example",
            "drain",
            "--example",
            "staff_list",
        ],
    ))?;
    let dir = std::env::temp_dir().join(format!("intake-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let sqlite = format!("sqlite://{}", dir.join("bench.sqlite").display());
    let cluster = crate::postgres::Cluster::start()?;
    for (backend, database) in [
        ("SQLite (synchronous FULL)", sqlite.as_str()),
        ("PostgreSQL", cluster.url.as_str()),
    ] {
        let port = free_port()?;
        let _server = serve(database, port, "100000000")?;
        for (concurrency, requests) in [(1, "1000"), (16, "5000"), (64, "10000")] {
            figures.push(level(port, backend, concurrency, requests)?);
        }
        figures.push(events(port, backend)?);
    }
    figures.extend(staff_list("SQLite", &[])?);
    figures.extend(staff_list("PostgreSQL", &["--postgres", &cluster.url])?);
    drop(cluster);
    figures.push(flood(&dir)?);
    figures.push(idle_sockets(&dir)?);
    figures.push(limiter()?);
    figures.push(drain()?);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// One concurrency level: three runs, each figure the median of the three.
fn level(port: u16, backend: &str, concurrency: u32, requests: &str) -> anyhow::Result<Figure> {
    let mut runs = Vec::new();
    for _ in 0..3 {
        let concurrency = concurrency.to_string();
        let args = [
            "--concurrency",
            &concurrency,
            "--requests",
            requests,
            "--seconds",
            "20",
        ];
        runs.push(loadgen(port, &args)?);
    }
    let median_of = |field: &str| median(&runs, field);
    let rate = median_of("leads_per_second");
    let p50 = median_of("p50_ms");
    let p99 = median_of("p99_ms");
    let failures: f64 = runs
        .iter()
        .map(|run| number(run, "failures").unwrap_or(f64::NAN))
        .sum();
    let is_target = backend.starts_with("SQLite") && concurrency == 64;
    Ok(Figure {
        name: format!("intake {backend}, c={concurrency}"),
        value: format!("{rate:.0} leads/s, p50 {p50:.1} ms, p99 {p99:.1} ms, {failures} failed"),
        target: if is_target {
            "≥ 2,000 leads/s at p99 ≤ 50 ms".into()
        } else {
            "report".into()
        },
        met: is_target.then_some(rate >= 2000.0 && p99 <= 50.0),
    })
}

/// A flood from one address beside a normal client, under the real rate limit.
fn flood(dir: &Path) -> anyhow::Result<Figure> {
    let port = free_port()?;
    let _server = serve(
        &format!("sqlite://{}", dir.join("flood.sqlite").display()),
        port,
        "60",
    )?;
    let flood = loadgen(port, &["--flood", "--requests", "50", "--seconds", "12"])?;
    let rate = number(&flood, "normal_success_rate").unwrap_or(f64::NAN);
    let p99 = number(&flood, "normal_p99_ms").unwrap_or(f64::NAN);
    let refused = number(&flood, "flood_refused").unwrap_or(f64::NAN);
    Ok(Figure {
        name: "flood from one address beside a normal client".into(),
        value: format!(
            "normal success {:.0}%, p99 {p99:.1} ms; flood refused {refused}",
            rate * 100.0
        ),
        target: "100%, p99 ≤ 100 ms".into(),
        met: Some(rate >= 1.0 && p99 <= 100.0),
    })
}

/// The rate limiter alone under 1,000,000 source addresses: memory capped, no global scan.
fn limiter() -> anyhow::Result<Figure> {
    let command = super::tools::example("intake", "limiter");
    let json = super::tools::json_of(command)?;
    let rate = number(&json, "flood_checks_per_second").unwrap_or(f64::NAN);
    let steady = number(&json, "steady_check_ns").unwrap_or(f64::NAN);
    let kept = number(&json, "clients_kept").unwrap_or(f64::NAN);
    let cap = number(&json, "clients_cap").unwrap_or(0.0);
    Ok(Figure {
        name: "rate limiter, 1,000,000 source addresses".into(),
        value: format!(
            "{rate:.0} checks/s during the flood, then {steady:.0} ns per check; {kept} buckets kept"
        ),
        target: format!("≤ {cap} buckets, ≤ 1 µs per check after"),
        met: Some(kept <= cap && steady <= 1000.0),
    })
}

/// 20,000 idle sockets (or as many as this process may open) against the default
/// connection cap: `/healthz` must still answer within a second.
fn idle_sockets(dir: &Path) -> anyhow::Result<Figure> {
    let port = free_port()?;
    let _server = serve(
        &format!("sqlite://{}", dir.join("idle.sqlite").display()),
        port,
        "60",
    )?;
    let mut command =
        std::process::Command::new(crate::project_root().join("target/server/examples/idle"));
    command.args(["--port", &port.to_string(), "--sockets", "20000"]);
    let json = super::tools::json_of(command)?;
    let opened = number(&json, "sockets_opened").unwrap_or(f64::NAN);
    let ms = number(&json, "healthz_ms").unwrap_or(f64::NAN);
    let ok = json.contains("\"healthz_ok\":true");
    Ok(Figure {
        name: "idle sockets held open against the server".into(),
        value: format!(
            "{opened} sockets; then /healthz {} in {ms:.0} ms",
            if ok { "answered" } else { "**failed**" }
        ),
        target: "/healthz within 1 s".into(),
        met: Some(ok && ms <= 1000.0),
    })
}

/// A backlog of 10,000 lead notifications drained by the default delivery workers into a
/// webhook that takes 20 ms to answer.
fn drain() -> anyhow::Result<Figure> {
    let command =
        std::process::Command::new(crate::project_root().join("target/server/examples/drain"));
    let json = super::tools::json_of(command)?;
    let rate = number(&json, "per_second").unwrap_or(f64::NAN);
    let delivered = number(&json, "delivered").unwrap_or(f64::NAN);
    let seconds = number(&json, "seconds").unwrap_or(f64::NAN);
    let workers = number(&json, "workers").unwrap_or(f64::NAN);
    Ok(Figure {
        name: "delivery: a backlog of 10,000 webhook notifications (20 ms each)".into(),
        value: format!("{rate:.0}/s with {workers} workers ({delivered} in {seconds:.1} s)"),
        target: "≥ 200/s (one worker: about 45/s)".into(),
        met: Some(delivered >= 10_000.0 && rate >= 200.0),
    })
}

/// The staff list at 100,000 leads: the slowest of its pages (first, deep, last, filtered,
/// ordered, searched), each timed 40 times through the router; and the hourly count of
/// those leads by industry behind "How do you compare?".
fn staff_list(backend: &str, args: &[&str]) -> anyhow::Result<[Figure; 2]> {
    let mut command =
        std::process::Command::new(crate::project_root().join("target/server/examples/staff_list"));
    command.args(args);
    let json = super::tools::json_of(command)?;
    let worst = number(&json, "worst_p95_ms").unwrap_or(f64::NAN);
    let pages: Vec<String> = json
        .split("{\"page\":\"")
        .skip(1)
        .filter_map(|page| {
            let name = page.split('"').next()?;
            let p95 = number(page, "p95_ms")?;
            Some(format!("{name} {p95:.0}"))
        })
        .collect();
    let refresh = number(&json, "benchmark_refresh_ms").unwrap_or(f64::NAN);
    Ok([
        Figure {
            name: format!("staff list at 100,000 leads, {backend} (p95 ms by page)"),
            value: format!("worst p95 {worst:.1} ms ({})", pages.join(", ")),
            target: "list p95 ≤ 100 ms".into(),
            met: Some(worst <= 100.0),
        },
        Figure {
            name: format!("peer comparison's hourly count of 100,000 leads, {backend}"),
            value: format!("{refresh:.0} ms (median of 3)"),
            target: "≤ 5,000 ms (hourly, off the request path)".into(),
            met: Some(refresh <= 5000.0),
        },
    ])
}

/// The funnel's event batches (five events each, as the widget's beacons carry) at 64
/// concurrent clients: the median of three runs.
fn events(port: u16, backend: &str) -> anyhow::Result<Figure> {
    let mut runs = Vec::new();
    for _ in 0..3 {
        let args = [
            "--events",
            "--concurrency",
            "64",
            "--requests",
            "10000",
            "--seconds",
            "20",
        ];
        runs.push(loadgen(port, &args)?);
    }
    let median_of = |field: &str| median(&runs, field);
    let (rate, p99) = (median_of("per_second"), median_of("p99_ms"));
    let failures: f64 = runs
        .iter()
        .map(|run| number(run, "failures").unwrap_or(f64::NAN))
        .sum();
    Ok(Figure {
        name: format!("funnel events, {backend}, c=64 (batches of 5 events)"),
        value: format!(
            "{rate:.0} batches/s ({:.0} events/s), p99 {p99:.1} ms, {failures} failed",
            rate * 5.0
        ),
        target: "report".into(),
        met: None,
    })
}

/// The median of a field over the runs' JSON lines.
fn median(runs: &[String], field: &str) -> f64 {
    let mut values: Vec<f64> = runs
        .iter()
        .map(|run| number(run, field).unwrap_or(f64::NAN))
        .collect();
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
