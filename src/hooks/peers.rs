//! "How do you compare?": asks the intake for its figures (`GET {…}/benchmarks`, beside the
//! leads endpoint; the same for everyone, so the browser's cache may answer) and says where
//! the visitor's readiness stands among the brands of their industry. Nothing about the
//! visitor leaves the browser: the lookup happens here. Without an answer, or with too few
//! brands in the industry, there is nothing to say and the line stays absent.

use std::time::Duration;

use readiness::benchmark::{Benchmarks, Comparison};
use yew::prelude::*;

use crate::effects;

/// The figures are a few KB; a line too slow for them costs the visitor nothing.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The visitor's place among their industry's brands, once the figures have arrived and
/// list the industry.
#[hook]
pub fn use_comparison(endpoint: &str, industry: Option<&str>, readiness: u8) -> Option<Comparison> {
    let benchmarks = use_state_eq(|| None::<Benchmarks>);
    {
        let benchmarks = benchmarks.clone();
        let url = crate::config::beside_leads(endpoint, "benchmarks");
        let wanted = industry.is_some();
        use_effect_with((url, wanted), move |(url, wanted)| {
            if *wanted {
                let url = url.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    benchmarks.set(fetch(&url).await);
                });
            }
        });
    }
    let industry = industry?;
    benchmarks.as_ref()?.compare(industry, readiness)
}

async fn fetch(url: &str) -> Option<Benchmarks> {
    let response = effects::get_ok(url, TIMEOUT).await?;
    response.json::<Benchmarks>().await.ok()
}
