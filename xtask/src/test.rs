//! `cargo xtask test`: every test layer that exists, one after another, with a closing
//! `N passed, N failed` line. Each layer runs in its own process group, which is swept
//! afterwards, so no browser, driver or server outlives the run.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context};

use crate::cmd;

/// Totals of one or more test runs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Self) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// A named group of commands; `counts_tests` layers report test totals, the others are gates.
struct Layer {
    name: &'static str,
    counts_tests: bool,
    /// Runs against a throw-away PostgreSQL cluster (`INTAKE_TEST_POSTGRES_URL`).
    needs_postgres: bool,
    commands: fn() -> Vec<Command>,
}

const LAYERS: &[Layer] = &[
    Layer {
        name: "lint",
        counts_tests: false,
        needs_postgres: false,
        commands: lint,
    },
    Layer {
        name: "native",
        counts_tests: true,
        needs_postgres: false,
        commands: native,
    },
    Layer {
        name: "postgres",
        counts_tests: true,
        needs_postgres: true,
        commands: postgres,
    },
    Layer {
        name: "browser",
        counts_tests: true,
        needs_postgres: false,
        commands: browser,
    },
    Layer {
        name: "e2e",
        counts_tests: true,
        needs_postgres: false,
        commands: e2e,
    },
];

fn lint() -> Vec<Command> {
    vec![
        cmd::command("cargo", &["fmt", "--all", "--check"]),
        cmd::command(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                // the widget's server renderer (the prerendered first screen) too
                "--features",
                "china-readiness-widget/ssr",
                "--",
                "-D",
                "warnings",
            ],
        ),
        cmd::command(
            "cargo",
            &[
                "clippy",
                "--package",
                "china-readiness-widget",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    ]
}

fn native() -> Vec<Command> {
    vec![cmd::command(
        "cargo",
        &[
            "test",
            "--workspace",
            "--features",
            "china-readiness-widget/ssr",
        ],
    )]
}

/// The intake tests' PostgreSQL twins (ignored in the native layer), against a throw-away
/// cluster started for this layer.
fn postgres() -> Vec<Command> {
    vec![cmd::command(
        "cargo",
        &["test", "--package", "intake", "--", "--ignored"],
    )]
}

fn browser() -> Vec<Command> {
    let mut command = cmd::command(
        "cargo",
        &[
            "test",
            "--package",
            "china-readiness-widget",
            "--target",
            "wasm32-unknown-unknown",
            // the tests mount in every language without a server to fetch texts from
            "--features",
            "all-languages",
        ],
    );
    command
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    vec![command]
}

/// The product end to end: the release widget (Trunk, precompressed), the intake binary, Chromium driven
/// by playwright-core from `e2e/*.test.mjs` (node's test runner).
fn e2e() -> Vec<Command> {
    let mut node = cmd::command(
        "node",
        &[
            "--test",
            "--test-concurrency=1",
            "--test-reporter=tap",
            "e2e/",
        ],
    );
    node.env(
        "INTAKE_BIN",
        crate::project_root().join("target/debug/intake"),
    );
    vec![
        cmd::command("trunk", &["build", "--release"]),
        // served as `cargo xtask demo` serves it: with brotli and gzip copies
        cmd::command("node", &["xtask/precompress.mjs", "dist"]),
        cmd::command("cargo", &["build", "--package", "intake"]),
        node,
    ]
}

/// Runs setup, then the layers (all, or those named with `--only a,b`).
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let only = parse_only(args)?;
    crate::setup::run()?;
    let started = Instant::now();
    let mut total = Tally::default();
    let mut failed_layers = Vec::new();
    for layer in LAYERS.iter().filter(|layer| {
        only.as_ref()
            .is_none_or(|names| names.contains(&layer.name))
    }) {
        let (tally, ok) = run_layer(layer)?;
        if layer.counts_tests {
            total += tally;
        } else {
            total.failed += u64::from(!ok);
        }
        if !ok {
            failed_layers.push(layer.name);
        }
    }
    println!("\nall layers took {:.1} s", started.elapsed().as_secs_f64());
    if !failed_layers.is_empty() {
        println!("failed layers: {}", failed_layers.join(", "));
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if failed_layers.is_empty() {
        Ok(())
    } else {
        bail!("test layers failed: {}", failed_layers.join(", "))
    }
}

/// Runs one layer's commands and prints its summary: what it counted, and whether every
/// command succeeded (a command that did not build or start counts as one failure).
fn run_layer(layer: &Layer) -> anyhow::Result<(Tally, bool)> {
    println!("\n==> layer {}", layer.name);
    let layer_started = Instant::now();
    let mut tally = Tally::default();
    let mut ok = true;
    let cluster = match layer.needs_postgres {
        true => match crate::postgres::Cluster::start() {
            Ok(cluster) => Some(cluster),
            Err(error) => {
                println!(
                    "==> layer {}: cannot start PostgreSQL: {error:#}",
                    layer.name
                );
                tally.failed += 1;
                return Ok((tally, false));
            }
        },
        false => None,
    };
    for mut command in (layer.commands)() {
        if let Some(cluster) = &cluster {
            command.env("INTAKE_TEST_POSTGRES_URL", &cluster.url);
        }
        let (success, counted) = run_counting(command)?;
        tally += counted;
        if !success {
            ok = false;
            if counted.failed == 0 {
                tally.failed += 1; // did not build or did not start: one failure, not zero
            }
        }
    }
    let took = layer_started.elapsed().as_secs_f64();
    if layer.counts_tests {
        println!(
            "==> layer {}: {} passed, {} failed ({took:.1} s)",
            layer.name, tally.passed, tally.failed
        );
    } else {
        let verdict = if ok { "clean" } else { "FAILED" };
        println!("==> layer {}: {verdict} ({took:.1} s)", layer.name);
    }
    Ok((tally, ok))
}

fn parse_only(args: &[String]) -> anyhow::Result<Option<Vec<&'static str>>> {
    match args {
        [] => Ok(None),
        [flag, names] if flag == "--only" => {
            let mut chosen = Vec::new();
            for name in names.split(',') {
                let layer = LAYERS
                    .iter()
                    .find(|layer| layer.name == name)
                    .with_context(|| {
                        format!(
                            "unknown layer `{name}`; layers: lint, native, postgres, browser, e2e"
                        )
                    })?;
                chosen.push(layer.name);
            }
            Ok(Some(chosen))
        }
        _ => bail!("usage: cargo xtask test [--only LAYER[,LAYER]]"),
    }
}

/// Runs one command in a fresh process group, echoing its stdout and adding up the
/// `test result:` lines; afterwards kills whatever the group left behind.
fn run_counting(mut command: Command) -> anyhow::Result<(bool, Tally)> {
    let shown = cmd::display(&command);
    println!("--> {shown}");
    command.stdout(Stdio::piped()).process_group(0);
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start `{shown}`"))?;
    let group = child.id();
    let mut tally = Tally::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(counted) = parse_result_line(&line) {
                tally += counted;
            }
        }
    }
    let status = child
        .wait()
        .with_context(|| format!("`{shown}` did not finish"))?;
    sweep_group(group);
    Ok((status.success(), tally))
}

/// Kills any process still in the group (a driver or server a test forgot).
fn sweep_group(group: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{group}")])
        .stderr(Stdio::null())
        .status();
}

/// Reads `test result: ok. 3 passed; 0 failed; ...` as printed by libtest and
/// wasm-bindgen-test-runner.
fn parse_result_line(line: &str) -> Option<Tally> {
    // node's TAP summary: `# pass 12`, `# fail 0`
    if let Some(count) = line.trim().strip_prefix("# pass ") {
        return Some(Tally {
            passed: count.trim().parse().ok()?,
            failed: 0,
        });
    }
    if let Some(count) = line.trim().strip_prefix("# fail ") {
        return Some(Tally {
            passed: 0,
            failed: count.trim().parse().ok()?,
        });
    }
    let rest = line.trim().strip_prefix("test result: ")?;
    let mut tally = Tally::default();
    for part in rest.split(';') {
        let words: Vec<&str> = part.split_whitespace().collect();
        match words.as_slice() {
            [.., count, "passed"] => tally.passed = count.parse().ok()?,
            [count, "failed"] => tally.failed = count.parse().ok()?,
            _ => {}
        }
    }
    Some(tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_summary_lines() {
        let line = "test result: FAILED. 12 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(
            parse_result_line(line),
            Some(Tally {
                passed: 12,
                failed: 2
            })
        );
    }

    #[test]
    fn reads_node_tap_summaries() {
        assert_eq!(
            parse_result_line("# pass 12"),
            Some(Tally {
                passed: 12,
                failed: 0
            })
        );
        assert_eq!(
            parse_result_line("# fail 1"),
            Some(Tally {
                passed: 0,
                failed: 1
            })
        );
    }

    #[test]
    fn ignores_other_lines() {
        assert_eq!(parse_result_line("running 3 tests"), None);
    }
}
