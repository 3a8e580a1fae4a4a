//! `cargo xtask bench`: measures what visitors feel and what the agency pays for, prints a
//! table and writes it with the machine, versions and date to `bench/RESULTS.md`. Targets
//! are checked here, in the report, never by tests.

mod browser;
mod intake;
mod scoring;
mod sizes;
mod tools;

use std::fmt::Write as _;

use anyhow::Context;

use crate::cmd;

/// One row of the table.
struct Figure {
    name: String,
    value: String,
    target: String,
    met: Option<bool>,
}

/// Bytes as kilobytes, one decimal.
fn kb(bytes: f64) -> String {
    format!("{:.1} KB", bytes / 1000.0)
}

/// Runs every measurement and writes the report.
pub fn run() -> anyhow::Result<()> {
    crate::setup::run()?;
    crate::setup::bench_tools()?;
    let mut figures = Vec::new();
    sizes::download(&mut figures)?;
    sizes::wasm_weight(&mut figures)?;
    let native = scoring::native(&mut figures)?;
    scoring::in_wasm(&mut figures, &native)?;
    intake::run(&mut figures)?;
    browser::run(&mut figures)?;
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
