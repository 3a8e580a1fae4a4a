//! `cargo xtask bench`: measures what visitors feel and what the agency pays for, prints a
//! table and writes it with the machine, versions and date to `bench/RESULTS.md`. Targets
//! are checked here, in the report, never by tests.

use std::fmt::Write as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::cmd;

/// One row of the table.
struct Figure {
    name: String,
    value: String,
    target: String,
    met: Option<bool>,
}

fn json_of(command: Command) -> anyhow::Result<String> {
    let mut command = command;
    let shown = cmd::display(&command);
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run `{shown}`"))?;
    if !output.status.success() {
        bail!("`{shown}` failed ({})", output.status);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("{}")
        .to_owned())
}

/// A number field of a flat JSON object (the tools print one line of figures).
fn number(json: &str, field: &str) -> Option<f64> {
    let start = json.find(&format!("\"{field}\":"))? + field.len() + 3;
    let rest = json[start..].trim_start();
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

/// A string field (without escapes) of a flat JSON object.
fn text<'a>(json: &'a str, field: &str) -> Option<&'a str> {
    let key = format!("\"{field}\":\"");
    let start = json.find(&key)? + key.len();
    json[start..].split('"').next()
}

/// The brotli size of one dist file from precompress.mjs's JSON.
fn brotli_of(sizes: &str, file: &str) -> Option<f64> {
    let start = sizes.find(&format!("\"{file}\""))?;
    number(&sizes[start..], "brotli")
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(database: &str, port: u16, rate: &str) -> anyhow::Result<Server> {
    let binary = crate::project_root().join("target/server/intake");
    let child = Command::new(binary)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            database,
            "--rate-per-minute",
            rate,
        ])
        .current_dir(crate::project_root())
        .env("RUST_LOG", "intake=warn")
        .stdout(Stdio::null())
        .spawn()
        .context("cannot start the intake server")?;
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("the intake server did not come up")
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn loadgen(port: u16, extra: &[&str]) -> anyhow::Result<String> {
    let mut command = Command::new(crate::project_root().join("target/server/examples/loadgen"));
    command
        .args(["--url", &format!("http://127.0.0.1:{port}")])
        .args(extra);
    json_of(command)
}

/// Runs every measurement and writes the report.
pub fn run() -> anyhow::Result<()> {
    crate::setup::run()?;
    crate::setup::bench_tools()?;
    let mut figures = Vec::new();
    let kb = |bytes: f64| format!("{:.1} KB", bytes / 1000.0);

    // sizes
    cmd::run(cmd::command("trunk", &["build", "--release"]))?;
    let sizes = json_of(cmd::command("node", &["xtask/precompress.mjs", "dist"]))?;
    let loader = brotli_of(&sizes, "loader.js").unwrap_or(f64::NAN);
    let glue = brotli_of(&sizes, "china-readiness-widget.js").unwrap_or(f64::NAN);
    let wasm = brotli_of(&sizes, "china-readiness-widget_bg.wasm").unwrap_or(f64::NAN);
    figures.push(Figure {
        name: "loader on page load (brotli)".into(),
        value: kb(loader),
        target: "≤ 5 KB".into(),
        met: Some(loader <= 5000.0),
    });
    let whole = loader + glue + wasm;
    figures.push(Figure {
        name: "whole widget: loader + glue + wasm, CSS inside (brotli)".into(),
        value: format!("{} (glue {}, wasm {})", kb(whole), kb(glue), kb(wasm)),
        target: "≤ 100 KB".into(),
        met: Some(whole <= 100_000.0),
    });

    // where the wasm's weight is
    let root = crate::project_root();
    let release = root.join("target/wasm32-unknown-unknown/release");
    let quiz_bundle = std::fs::read_dir(release.join("build"))?
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("out/quiz.bin"))
        .filter(|path| {
            path.is_file() && path.to_string_lossy().contains("/china-readiness-widget-")
        })
        .max_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok())
        .context("the widget's quiz bundle was not built")?;
    let csv = std::env::temp_dir().join(format!("twiggy-{}.csv", std::process::id()));
    let mut twiggy = cmd::command("twiggy", &["top", "-n", "100000", "-f", "csv"]);
    let twiggy = twiggy
        .arg(release.join("widget.wasm"))
        .output()
        .context("cannot run twiggy")?;
    std::fs::write(&csv, &twiggy.stdout)?;
    let mut weigh = cmd::command(
        "node",
        &[
            "bench/wasm-weight.mjs",
            "dist/china-readiness-widget_bg.wasm",
        ],
    );
    weigh.arg(&quiz_bundle).arg("style/widget.css").arg(&csv);
    let weight = json_of(weigh)?;
    let _ = std::fs::remove_file(&csv);
    figures.push(Figure {
        name: "wasm by part (brotli of each alone)".into(),
        value: format!(
            "code {}, data {} (of it the quiz bundle, 4 languages: {}; CSS {})",
            kb(number(&weight, "code_brotli").unwrap_or(f64::NAN)),
            kb(number(&weight, "data_brotli").unwrap_or(f64::NAN)),
            kb(number(&weight, "quiz_brotli").unwrap_or(f64::NAN)),
            kb(number(&weight, "css_brotli").unwrap_or(f64::NAN)),
        ),
        target: "report".into(),
        met: None,
    });
    let crates = text(&weight, "crates")
        .unwrap_or("twiggy gave nothing")
        .to_owned();
    figures.push(Figure {
        name: "heaviest crates in the wasm code (twiggy, bytes before wasm-opt)".into(),
        value: crates,
        target: "report".into(),
        met: None,
    });

    // scoring
    let mut score = cmd::command(
        "cargo",
        &[
            "run",
            "--quiet",
            "--profile",
            "server",
            "--package",
            "readiness",
            "--example",
            "score_bench",
        ],
    );
    score.stdout(Stdio::piped());
    let scoring = json_of(score)?;
    let micros = number(&scoring, "score_us_median").unwrap_or(f64::NAN);
    figures.push(Figure {
        name: "scoring one answer set, native (median)".into(),
        value: format!("{micros:.1} µs"),
        target: "≤ 50 µs".into(),
        met: Some(micros <= 50.0),
    });

    // scoring in wasm, in Chromium, built like the widget (size-first release profile)
    cmd::run(cmd::command(
        "cargo",
        &[
            "build",
            "--quiet",
            "--release",
            "--package",
            "score-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ],
    ))?;
    cmd::run(cmd::command(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--out-dir",
            "target/score-wasm",
            "target/wasm32-unknown-unknown/release/score_wasm.wasm",
        ],
    ))?;
    let in_wasm = json_of(cmd::command(
        "node",
        &["bench/score-wasm.mjs", "target/score-wasm"],
    ))?;
    let wasm_micros = number(&in_wasm, "score_us_median").unwrap_or(f64::NAN);
    let same = number(&in_wasm, "checksum") == number(&scoring, "checksum");
    figures.push(Figure {
        name: "scoring one answer set, wasm in Chromium (median)".into(),
        value: format!(
            "{wasm_micros:.1} µs ({} native)",
            if same {
                "same scores as"
            } else {
                "**different scores from**"
            }
        ),
        target: "report".into(),
        met: None,
    });

    // intake throughput
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
            // three runs per level; each figure is the median of the three
            let mut runs = Vec::new();
            for _ in 0..3 {
                let figures_json = loadgen(
                    port,
                    &[
                        "--concurrency",
                        &concurrency.to_string(),
                        "--requests",
                        requests,
                        "--seconds",
                        "20",
                    ],
                )?;
                runs.push(figures_json);
            }
            let median_of = |field: &str| {
                let mut values: Vec<f64> = runs
                    .iter()
                    .map(|run| number(run, field).unwrap_or(f64::NAN))
                    .collect();
                values.sort_by(f64::total_cmp);
                values[values.len() / 2]
            };
            let rate = median_of("leads_per_second");
            let p50 = median_of("p50_ms");
            let p99 = median_of("p99_ms");
            let failures: f64 = runs
                .iter()
                .map(|run| number(run, "failures").unwrap_or(f64::NAN))
                .sum();
            let is_target = backend.starts_with("SQLite") && concurrency == 64;
            figures.push(Figure {
                name: format!("intake {backend}, c={concurrency}"),
                value: format!(
                    "{rate:.0} leads/s, p50 {p50:.1} ms, p99 {p99:.1} ms, {failures} failed"
                ),
                target: if is_target {
                    "≥ 2,000 leads/s at p99 ≤ 50 ms".into()
                } else {
                    "report".into()
                },
                met: is_target.then_some(rate >= 2000.0 && p99 <= 50.0),
            });
        }
    }
    drop(cluster);
    {
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
        figures.push(Figure {
            name: "flood from one address beside a normal client".into(),
            value: format!(
                "normal success {:.0}%, p99 {p99:.1} ms; flood refused {refused}",
                rate * 100.0
            ),
            target: "100%, p99 ≤ 100 ms".into(),
            met: Some(rate >= 1.0 && p99 <= 100.0),
        });
    }
    let _ = std::fs::remove_dir_all(&dir);

    // the browser
    let port = free_port()?;
    let _server = serve(
        &format!(
            "sqlite://{}",
            std::env::temp_dir()
                .join(format!("intake-bench-web-{port}.sqlite"))
                .display()
        ),
        port,
        "1000",
    )?;
    let browser = json_of(cmd::command(
        "node",
        &[
            "bench/first-question.mjs",
            &format!("http://127.0.0.1:{port}/"),
            "5",
        ],
    ))?;
    let encoding = text(&browser, "wasm_encoding")
        .unwrap_or("unknown")
        .to_owned();
    for (label, key) in [
        ("unthrottled", "\"unthrottled\""),
        ("CPU 4x, 150 ms RTT, 1.6 Mbit/s", "\"throttled\""),
    ] {
        let section = browser.find(key).map(|i| &browser[i..]).unwrap_or("");
        let ready = number(section, "widget_ready_ms").unwrap_or(f64::NAN);
        let first = number(section, "first_answer_ms").unwrap_or(f64::NAN);
        figures.push(Figure {
            name: format!("first question ready, cold cache, {label} (median of 5)"),
            value: format!(
                "{first:.0} ms (intro ready {ready:.0} ms; wasm sent with content-encoding {encoding})"
            ),
            target: if key.contains("throttled") && !key.contains("un") {
                "≤ 1.0 s".into()
            } else {
                "report".into()
            },
            met: (key == "\"throttled\"").then_some(first <= 1000.0),
        });
    }
    let heap = number(&browser, "js_heap_used_bytes").unwrap_or(f64::NAN);
    let wasm_memory = number(&browser, "wasm_memory_bytes").unwrap_or(f64::NAN);
    figures.push(Figure {
        name: "memory after the results screen".into(),
        value: format!("JS heap {}, wasm memory {}", kb(heap), kb(wasm_memory)),
        target: "report".into(),
        met: None,
    });
    let before = browser
        .find("requests_before_scroll")
        .and_then(|i| browser[i..].find(']').map(|j| &browser[i..i + j]))
        .unwrap_or("");
    let fetched_after = number(&browser, "requests_after_scroll").unwrap_or(0.0);
    figures.push(Figure {
        name: "widget 3,000 px below the fold: wasm fetched before / after scrolling".into(),
        value: format!(
            "{} / {}",
            if before.contains(".wasm") {
                "yes"
            } else {
                "no"
            },
            if fetched_after > 0.0 { "yes" } else { "no" }
        ),
        target: "no / yes".into(),
        met: Some(!before.contains(".wasm") && fetched_after > 0.0),
    });
    let lighthouse = json_of(cmd::command(
        "node",
        &[
            "bench/lighthouse.mjs",
            &format!("http://127.0.0.1:{port}/"),
            "5",
        ],
    ))?;
    let performance = number(&lighthouse, "performance").unwrap_or(f64::NAN);
    let accessibility = number(&lighthouse, "accessibility").unwrap_or(f64::NAN);
    figures.push(Figure {
        name: "Lighthouse 12 (mobile) on the demo page: performance / accessibility (median of 5)"
            .into(),
        value: format!(
            "{performance:.0} / {accessibility:.0} (TBT {:.0} ms, LCP {:.0} ms, CLS {:.3}, TTI {:.0} ms)",
            number(&lighthouse, "tbt_ms").unwrap_or(f64::NAN),
            number(&lighthouse, "lcp_ms").unwrap_or(f64::NAN),
            number(&lighthouse, "cls").unwrap_or(f64::NAN),
            number(&lighthouse, "tti_ms").unwrap_or(f64::NAN),
        ),
        target: "100 / 100".into(),
        met: Some(performance >= 100.0 && accessibility >= 100.0),
    });

    report(&figures)
}

fn report(figures: &[Figure]) -> anyhow::Result<()> {
    let mut table = String::from("| figure | value | target | met |\n| --- | --- | --- | --- |\n");
    for figure in figures {
        let met = match figure.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "–",
        };
        let _ = writeln!(
            table,
            "| {} | {} | {} | {met} |",
            figure.name, figure.value, figure.target
        );
    }
    let machine = format!(
        "{} cores, {}; {}; {}; Chromium: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cmd::first_line("uname", &["-sr"]).unwrap_or_default(),
        cmd::first_line("rustc", &["--version"]).unwrap_or_default(),
        cmd::first_line("node", &["--version"])
            .map(|v| format!("node {v}"))
            .unwrap_or_default(),
        cmd::first_line("/usr/bin/chromium", &["--version"]).unwrap_or_default(),
    );
    let date = cmd::first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default();
    let text = format!(
        "# Benchmarks\n\nWritten by `cargo xtask bench` on {date}.\n\nMachine: {machine}\n\n{table}\nFigures are medians where \
         repeated; loads go to loopback only, bounded in count (and 20 s) per level.\n"
    );
    println!("\n{table}");
    let path = crate::project_root().join("bench/RESULTS.md");
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    println!("bench: written to {}", path.display());
    Ok(())
}
