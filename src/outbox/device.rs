//! The outbox on this device: the queue in `localStorage` (shared by every widget and tab
//! of the host's origin) and the request. Delivery retries with backoff, also after a
//! reload; the idempotency key makes a repeat harmless.

use std::time::Duration;

use gloo_net::http::Request;
use readiness::lead::FieldError;
use web_sys::RequestCredentials;

use super::{classify, enqueue, Attempted, Entry, TIMEOUT_MS};
use crate::effects;

const OUTBOX_KEY: &str = "china-readiness:outbox:v1";

/// The queued leads.
pub fn queued() -> Vec<Entry> {
    effects::load(OUTBOX_KEY).unwrap_or_default()
}

fn store(queue: &[Entry]) -> bool {
    if queue.is_empty() {
        effects::remove(OUTBOX_KEY);
        true
    } else {
        effects::save(OUTBOX_KEY, &queue)
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
pub async fn flush(now: f64) -> Vec<Attempted> {
    let mut reports = Vec::new();
    let due: Vec<String> = queued()
        .into_iter()
        .filter(|e| e.is_due(now))
        .map(|e| e.key)
        .collect();
    for key in due {
        let Some(entry) = claim(&key) else { continue };
        let answer = attempt(&entry).await;
        let outcome = classify(answer.status);
        // re-read: another tab or the app may have changed the queue meanwhile
        let mut queue = queued();
        let after = entry.after(outcome, answer.retry_after, effects::now_ms());
        queue.retain(|e| e.key != entry.key);
        queue.extend(after);
        store(&queue);
        reports.push(Attempted {
            key: entry.key.clone(),
            outcome,
            errors: answer.errors,
            lead_id: answer.lead_id,
        });
    }
    reports
}

/// Marks a due entry as being sent; `None` if it is gone or already claimed.
fn claim(key: &str) -> Option<Entry> {
    let now = effects::now_ms();
    let mut queue = queued();
    let entry = queue.iter_mut().find(|e| e.key == key && e.is_due(now))?;
    *entry = entry.claimed(now);
    let claimed = entry.clone();
    store(&queue).then_some(claimed)
}

/// One attempt outside the outbox, for a device that cannot store it.
pub async fn send_once(entry: &Entry) -> Attempted {
    let answer = attempt(entry).await;
    Attempted {
        key: entry.key.clone(),
        outcome: classify(answer.status),
        errors: answer.errors,
        lead_id: answer.lead_id,
    }
}

/// What the server answered one POST.
#[derive(Default)]
struct Answer {
    /// `None` when offline or timed out.
    status: Option<u16>,
    /// `Retry-After` seconds.
    retry_after: Option<u32>,
    /// The field errors of a 4xx problem response.
    errors: Vec<FieldError>,
    /// The lead's id from a 2xx.
    lead_id: Option<String>,
}

/// One POST (gloo-net's, aborted after the timeout).
async fn attempt(entry: &Entry) -> Answer {
    let build = |signal: &web_sys::AbortSignal| {
        Request::post(&entry.endpoint)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", &entry.key)
            .credentials(RequestCredentials::Omit)
            .abort_signal(Some(signal))
            .body(entry.body.as_str())
            .ok()
    };
    let timeout = Duration::from_millis(TIMEOUT_MS as u64);
    let Some(response) = effects::send_within(build, timeout).await else {
        return Answer::default();
    };
    let status = response.status();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse().ok());
    let text = response.text().await.unwrap_or_default();
    let (errors, lead_id) = match status {
        // the `errors` of an `application/problem+json` body
        400..=499 => (
            serde_json::from_str::<readiness::lead::Problem>(&text)
                .map(|problem| problem.errors)
                .unwrap_or_default(),
            None,
        ),
        200..=299 => (
            Vec::new(),
            serde_json::from_str::<readiness::lead::Received>(&text)
                .ok()
                .map(|received| received.id),
        ),
        _ => (Vec::new(), None),
    };
    Answer {
        status: Some(status),
        retry_after,
        errors,
        lead_id,
    }
}
