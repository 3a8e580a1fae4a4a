//! What the visitor downloads: the loader, the whole widget, and where the wasm's weight is.

use anyhow::Context;

use super::tools::{brotli_of, json_of, number, text};
use super::{kb, Figure};
use crate::cmd;

/// Builds the widget for release and weighs what a visitor downloads.
pub fn download(figures: &mut Vec<Figure>) -> anyhow::Result<()> {
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
    // the prerendered first screen of the heaviest language
    let first = heaviest(&sizes, "first", ".json")?;
    figures.push(Figure {
        name: "bytes before the first question is usable: loader + prerendered first screen, heaviest language (brotli)".into(),
        value: format!("{} (first screen {})", kb(loader + first), kb(first)),
        target: "≤ 15 KB".into(),
        met: Some(loader + first <= 15_000.0),
    });
    // another language's texts come beside the wasm for a visitor who reads it: the heaviest
    let texts = heaviest(&sizes, "texts", ".bin")?;
    let whole = loader + glue + wasm + first;
    figures.push(Figure {
        name: "whole widget, one language: loader + first screen + glue + wasm (CSS and the reference language inside) + that language's texts (brotli)".into(),
        value: format!(
            "{} in the reference language, {} in the heaviest other (glue {}, wasm {}, texts {})",
            kb(whole),
            kb(whole + texts),
            kb(glue),
            kb(wasm),
            kb(texts)
        ),
        target: "≤ 150 KB (issue 16's step; 100 KB the aim)".into(),
        met: Some(whole + texts <= 150_000.0),
    });
    Ok(())
}

/// The brotli size of the heaviest file of `dist/<folder>` ending in `suffix`.
fn heaviest(sizes: &str, folder: &str, suffix: &str) -> anyhow::Result<f64> {
    Ok(
        std::fs::read_dir(crate::project_root().join("dist").join(folder))
            .with_context(|| format!("nothing built in dist/{folder}"))?
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| name.ends_with(suffix))
            .filter_map(|name| brotli_of(sizes, &format!("{folder}/{name}")))
            .fold(f64::NAN, f64::max),
    )
}

/// Where the wasm's weight is: code, data, the quiz bundle, CSS, and the heaviest crates.
pub fn wasm_weight(figures: &mut Vec<Figure>) -> anyhow::Result<()> {
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
            "code {}, data {} (of it the quiz bundle with the reference language's texts: {}; CSS {})",
            kb(number(&weight, "code_brotli").unwrap_or(f64::NAN)),
            kb(number(&weight, "data_brotli").unwrap_or(f64::NAN)),
            kb(number(&weight, "quiz_brotli").unwrap_or(f64::NAN)),
            kb(number(&weight, "css_brotli").unwrap_or(f64::NAN)),
        ),
        target: "report".into(),
        met: None,
    });
    if let Some(cause) = whole_widget_cause(figures, &weight) {
        figures.push(cause);
    }
    let crates = text(&weight, "crates")
        .unwrap_or("twiggy gave nothing")
        .to_owned();
    figures.push(Figure {
        name: "heaviest crates in the wasm code (twiggy, bytes before wasm-opt)".into(),
        value: crates,
        target: "report".into(),
        met: None,
    });
    Ok(())
}

/// What keeps the whole widget over its target, when it is: the wasm's code, and (the
/// crates row after it) whose code that is.
fn whole_widget_cause(figures: &[Figure], weight: &str) -> Option<Figure> {
    let whole_missed = figures
        .iter()
        .any(|f| f.name.starts_with("whole widget") && f.met == Some(false));
    if !whole_missed {
        return None;
    }
    let code = number(weight, "code_brotli").unwrap_or(f64::NAN);
    Some(Figure {
        name: "cause of the whole widget's miss".into(),
        value: format!(
            "the wasm's code alone is {}{}; whose code it is: the crates row below",
            kb(code),
            if code > 150_000.0 {
                ", over the 150 KB target by itself"
            } else {
                ""
            },
        ),
        target: "report".into(),
        met: None,
    })
}
