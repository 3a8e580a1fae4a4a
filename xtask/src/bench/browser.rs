//! What the visitor feels in the browser: the first question, memory, lazy loading, and
//! Lighthouse on the demo page.

use super::tools::{free_port, json_of, number, serve, text};
use super::{kb, Figure};
use crate::cmd;

/// Serves the demo page and measures it in Chromium.
pub fn run(figures: &mut Vec<Figure>) -> anyhow::Result<()> {
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
    first_question(figures, port)?;
    figures.push(lighthouse(port)?);
    Ok(())
}

/// The first question's readiness (cold, with and without throttling), memory, and whether
/// a widget below the fold waits for the visitor to scroll.
fn first_question(figures: &mut Vec<Figure>, port: u16) -> anyhow::Result<()> {
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
    for (label, key, target, limit_ms) in [
        ("unthrottled", "\"unthrottled\"", "≤ 200 ms", 200.0),
        (
            "CPU 4x, 150 ms RTT, 1.6 Mbit/s",
            "\"throttled\"",
            "≤ 1.0 s",
            1000.0,
        ),
    ] {
        let section = browser.find(key).map(|i| &browser[i..]).unwrap_or("");
        let ready = number(section, "widget_ready_ms").unwrap_or(f64::NAN);
        let first = number(section, "first_answer_ms").unwrap_or(f64::NAN);
        let in_page = number(section, "in_page_ms").unwrap_or(f64::NAN);
        let cause = if in_page > limit_ms {
            timeline_cause(section)
        } else {
            probe_cause(first, in_page, limit_ms)
        };
        figures.push(Figure {
            name: format!("first question ready, cold cache, {label} (median of 5)"),
            value: format!(
                "{first:.0} ms (intro ready {ready:.0} ms; in the page's own time, without the probe's reaction: {in_page:.0} ms; wasm sent with content-encoding {encoding}{cause})"
            ),
            target: target.into(),
            met: Some(first <= limit_ms),
        });
    }
    let usable = browser.contains("\"usable_before_wasm\":true");
    let kept = browser.contains("\"kept_after_hydration\":true");
    let yes = |b: bool| if b { "yes" } else { "no" };
    figures.push(Figure {
        name: "first question usable before the wasm has finished loading (wasm held back until an answer is clicked); the answer kept after hydration".into(),
        value: format!("{} / {}", yes(usable), yes(kept)),
        target: "yes / yes".into(),
        met: Some(usable && kept),
    });
    let heap = number(&browser, "js_heap_used_bytes").unwrap_or(f64::NAN);
    let wasm_memory = number(&browser, "wasm_memory_bytes").unwrap_or(f64::NAN);
    figures.push(Figure {
        name: "memory after the results screen".into(),
        value: format!("JS heap {}, wasm memory {}", kb(heap), kb(wasm_memory)),
        target: "report".into(),
        met: None,
    });
    figures.push(lazy_loading(&browser));
    Ok(())
}

/// The measured cause of a miss the page itself does not make: the probe's reaction.
fn probe_cause(first: f64, in_page: f64, limit_ms: f64) -> String {
    if first > limit_ms && in_page <= limit_ms {
        format!(
            "; the miss is the probe's own reaction (Playwright's waits and checks before and after the click): {:.0} ms",
            first - in_page
        )
    } else {
        String::new()
    }
}

/// The measured cause of a miss the page makes: when the page, the loader and the first
/// screen arrived (each request waits for the one before), and when the intro was shown.
fn timeline_cause(section: &str) -> String {
    let at = |key: &str| number(section, key).unwrap_or(f64::NAN);
    format!(
        "; where the time goes: the page arrived at {:.0} ms, the loader at {:.0} ms, the first screen at {:.0} ms (three requests one after another), the intro was shown at {:.0} ms",
        at("page_at_ms"),
        at("loader_at_ms"),
        at("screen_at_ms"),
        at("intro_at_ms"),
    )
}

/// Whether a widget 3,000 px below the fold waits for the visitor to scroll.
fn lazy_loading(browser: &str) -> Figure {
    let before = browser
        .find("requests_before_scroll")
        .and_then(|i| browser[i..].find(']').map(|j| &browser[i..i + j]))
        .unwrap_or("");
    let fetched_after = number(browser, "requests_after_scroll").unwrap_or(0.0);
    Figure {
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
    }
}

/// Lighthouse (mobile), median of 5.
fn lighthouse(port: u16) -> anyhow::Result<Figure> {
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
    Ok(Figure {
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
    })
}
