//! The outbox on this device: a lead is written here before its request goes out and
//! removed only when the server acknowledges it (or refuses it as it is). Delivery retries
//! with backoff, also after a reload; the idempotency key makes a repeat harmless.

use std::time::Duration;

use futures::future::{select, Either};
use readiness::lead::FieldError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

use crate::journey::outbox::{backoff_ms, classify, enqueue, Entry, Outcome};

const OUTBOX_KEY: &str = "china-readiness:outbox:v1";
const TIMEOUT: Duration = Duration::from_secs(15);

/// What happened to one queued lead in a flush.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The lead's idempotency key.
    pub key: String,
    /// What the server's answer meant.
    pub outcome: Outcome,
    /// The field errors of a refusal.
    pub errors: Vec<FieldError>,
}

/// The queued leads.
pub fn queued() -> Vec<Entry> {
    super::load(OUTBOX_KEY).unwrap_or_default()
}

fn store(queue: &[Entry]) -> bool {
    if queue.is_empty() {
        super::remove(OUTBOX_KEY);
        true
    } else {
        super::save(OUTBOX_KEY, &queue)
    }
}

/// Adds a lead to the outbox; false if the device cannot store it.
pub fn add(entry: Entry) -> bool {
    let mut queue = queued();
    enqueue(&mut queue, entry);
    store(&queue)
}

/// Milliseconds until the next queued lead is due, if any is queued.
pub fn next_due_in_ms(now: f64) -> Option<f64> {
    queued()
        .iter()
        .map(|e| (e.next_attempt_ms - now).max(0.0))
        .reduce(f64::min)
}

/// Tries every due lead once, oldest first, and reports what happened to each. An entry is
/// claimed in storage before its request, so another widget or tab does not send it too.
pub async fn flush(now: f64) -> Vec<Report> {
    let mut reports = Vec::new();
    let due: Vec<String> = queued()
        .into_iter()
        .filter(|e| e.is_due(now))
        .map(|e| e.key)
        .collect();
    for key in due {
        let Some(entry) = claim(&key) else { continue };
        let (status, retry_after, errors) = attempt(&entry).await;
        let outcome = classify(status);
        // re-read: another tab or the app may have changed the queue meanwhile
        let mut queue = queued();
        match outcome {
            Outcome::Acknowledged | Outcome::Refused => queue.retain(|e| e.key != entry.key),
            Outcome::RetryLater => {
                if let Some(queued) = queue.iter_mut().find(|e| e.key == entry.key) {
                    queued.attempts += 1;
                    queued.in_flight_until_ms = 0.0;
                    queued.next_attempt_ms =
                        super::now_ms() + backoff_ms(queued.attempts - 1, retry_after);
                }
            }
        }
        store(&queue);
        reports.push(Report {
            key: entry.key.clone(),
            outcome,
            errors,
        });
    }
    reports
}

/// Marks a due entry as being sent; `None` if it is gone or already claimed.
fn claim(key: &str) -> Option<Entry> {
    let now = super::now_ms();
    let mut queue = queued();
    let entry = queue.iter_mut().find(|e| e.key == key && e.is_due(now))?;
    entry.in_flight_until_ms = now + TIMEOUT.as_millis() as f64 + 1_000.0;
    let claimed = entry.clone();
    store(&queue).then_some(claimed)
}

/// One attempt outside the outbox, for a device that cannot store it.
pub async fn send_once(entry: &Entry) -> Report {
    let (status, _, errors) = attempt(entry).await;
    Report {
        key: entry.key.clone(),
        outcome: classify(status),
        errors,
    }
}

/// One POST: the status (None when offline or timed out), `Retry-After` seconds, and the
/// field errors of a 4xx problem response.
async fn attempt(entry: &Entry) -> (Option<u16>, Option<u32>, Vec<FieldError>) {
    let Some(window) = web_sys::window() else {
        return (None, None, Vec::new());
    };
    let Ok(controller) = AbortController::new() else {
        return (None, None, Vec::new());
    };
    let Ok(headers) = Headers::new() else {
        return (None, None, Vec::new());
    };
    let _ = headers.set("Content-Type", "application/json");
    let _ = headers.set("Idempotency-Key", &entry.key);
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&entry.body));
    init.set_signal(Some(&controller.signal()));
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let Ok(request) = Request::new_with_str_and_init(&entry.endpoint, &init) else {
        return (None, None, Vec::new());
    };
    let fetch = JsFuture::from(window.fetch_with_request(&request));
    let timeout = yew::platform::time::sleep(TIMEOUT);
    let response = match select(Box::pin(fetch), Box::pin(timeout)).await {
        Either::Left((Ok(value), _)) => value.dyn_into::<Response>().ok(),
        Either::Left((Err(_), _)) => None,
        Either::Right(((), _)) => {
            controller.abort();
            None
        }
    };
    let Some(response) = response else {
        return (None, None, Vec::new());
    };
    let status = response.status();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse().ok());
    let errors = if (400..500).contains(&status) {
        problem_errors(&response).await
    } else {
        Vec::new()
    };
    (Some(status), retry_after, errors)
}

/// The `errors` of an `application/problem+json` body.
async fn problem_errors(response: &Response) -> Vec<FieldError> {
    let Ok(promise) = response.text() else {
        return Vec::new();
    };
    let Ok(text) = JsFuture::from(promise).await else {
        return Vec::new();
    };
    text.as_string()
        .and_then(|t| serde_json::from_str::<readiness::lead::Problem>(&t).ok())
        .map(|p| p.errors)
        .unwrap_or_default()
}
