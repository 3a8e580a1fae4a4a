//! A valid lead as the widget sends it, for the examples that load the server.

use serde_json::json;

/// A lead with idempotency key `key`, answered for the quiz's current version.
pub fn lead(quiz: &readiness::Quiz, key: &str) -> String {
    let hash = |p: &str| {
        quiz.consents()
            .iter()
            .find(|c| c.id.as_str() == p)
            .and_then(|c| c.text_hash("en"))
            .unwrap_or_default()
            .to_owned()
    };
    json!({
        "quiz_version": quiz.version(), "locale": "en",
        "answers": { "industry": ["food_beverage"], "business_model": ["b2c"], "audience_gender": ["mostly_women"],
                     "trademark": ["none"], "budget": ["from_5k_to_15k"], "timeline": ["months_3_to_6"] },
        "contact": { "name": "Load Test", "email": "load@test.example", "company": "Load Ltd", "country": "GB", "role": "Tester" },
        "consents": [ { "purpose": "contact", "granted": true, "text_hash": hash("contact") } ],
        "idempotency_key": key,
        "form": { "honeypot": "", "elapsed_ms": 120000 }
    })
    .to_string()
}
