//! How fast a report is worked out: natively and as wasm in Chromium, same scores.

use super::tools::{json_of, number};
use super::Figure;
use crate::cmd;

/// Scores answer sets natively; returns the run's figures for the wasm comparison.
pub fn native(figures: &mut Vec<Figure>) -> anyhow::Result<String> {
    let scoring = json_of(super::tools::example("readiness", "score_bench"))?;
    let micros = number(&scoring, "score_us_median").unwrap_or(f64::NAN);
    figures.push(Figure {
        name: "scoring one answer set, native (median)".into(),
        value: format!("{micros:.1} µs"),
        target: "≤ 50 µs".into(),
        met: Some(micros <= 50.0),
    });
    Ok(scoring)
}

/// Scores the same answer sets in wasm in Chromium, built like the widget (size-first
/// release profile), and says whether the scores are the native ones.
pub fn in_wasm(figures: &mut Vec<Figure>, native: &str) -> anyhow::Result<()> {
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
    let same = number(&in_wasm, "checksum") == number(native, "checksum");
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
    Ok(())
}
