//! The scoring loop of `bench/score-wasm.mjs`: the same 2,000 varied answer sets as the
//! native `score_bench` example, scored in rounds inside the browser against the quiz the
//! widget embeds, built with the widget's size-first release profile (what visitors run).

use readiness::testing::varied_answers;
use readiness::Answers;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds, fractional.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now() -> f64;
}

/// Microseconds per score, one figure per round of `sets` answer sets; plus a checksum of the
/// readiness figures as the last element, so the work cannot be optimized away.
#[wasm_bindgen]
pub fn score_rounds(sets: u32, rounds: u32) -> Result<Vec<f64>, JsValue> {
    let quiz = widget::quiz::embedded().map_err(|e| JsValue::from_str(&e.to_string()))?;
    let answers: Vec<Answers> = (0..u64::from(sets))
        .map(|i| varied_answers(&quiz, i + 1))
        .collect();
    let mut figures = Vec::new();
    let mut checksum = 0f64;
    for _ in 0..rounds {
        let started = now();
        for set in &answers {
            checksum += f64::from(
                std::hint::black_box(quiz.assess(std::hint::black_box(set)))
                    .report()
                    .map_or(0, |r| r.readiness),
            );
        }
        figures.push((now() - started) * 1000.0 / f64::from(sets.max(1)));
    }
    figures.push(checksum);
    Ok(figures)
}
