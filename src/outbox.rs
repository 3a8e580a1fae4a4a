//! The outbox: a lead is written to the device before its request goes out and leaves it
//! only on the server's acknowledgement or a definitive refusal. This file holds the rules,
//! pure and tested natively (what an answer means, when to try again, the state of an entry
//! after an attempt); `device` beside it holds the storage and the request.

pub mod device;

use readiness::lead::FieldError;
use serde::{Deserialize, Serialize};

/// How long an attempt may take before it counts as failed.
pub const TIMEOUT_MS: f64 = 15_000.0;

/// A lead waiting for the server's acknowledgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The lead's idempotency key: the same lead is the same key, however often sent.
    pub key: String,
    /// Where it goes.
    pub endpoint: String,
    /// The JSON body.
    pub body: String,
    /// Attempts so far.
    pub attempts: u32,
    /// Not before this time, ms since the epoch.
    pub next_attempt_ms: f64,
    /// A request for it is under way (in this or another tab) until this time.
    #[serde(default)]
    pub in_flight_until_ms: f64,
}

impl Entry {
    /// A new lead, due at once.
    pub fn new(key: String, endpoint: String, body: String) -> Entry {
        Entry {
            key,
            endpoint,
            body,
            attempts: 0,
            next_attempt_ms: 0.0,
            in_flight_until_ms: 0.0,
        }
    }

    /// Due for an attempt at `now`, and not already being sent.
    pub fn is_due(&self, now: f64) -> bool {
        self.next_attempt_ms <= now && self.in_flight_until_ms <= now
    }

    /// The entry while a request for it is under way from `now`: no other widget or tab
    /// sends it until the attempt has timed out.
    pub fn claimed(&self, now: f64) -> Entry {
        Entry {
            in_flight_until_ms: now + TIMEOUT_MS + 1_000.0,
            ..self.clone()
        }
    }

    /// The entry after an attempt that came to `outcome` at `now`: gone when acknowledged
    /// or refused, otherwise due again after the backoff (or the server's `Retry-After`).
    pub fn after(&self, outcome: Outcome, retry_after_s: Option<u32>, now: f64) -> Option<Entry> {
        match outcome {
            Outcome::Acknowledged | Outcome::Refused => None,
            Outcome::RetryLater => Some(Entry {
                attempts: self.attempts + 1,
                in_flight_until_ms: 0.0,
                next_attempt_ms: now + backoff_ms(self.attempts, retry_after_s),
                ..self.clone()
            }),
        }
    }
}

/// What one attempt for a queued lead came to.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempted {
    /// The lead's idempotency key.
    pub key: String,
    /// What the server's answer meant.
    pub outcome: Outcome,
    /// The field errors of a refusal.
    pub errors: Vec<FieldError>,
    /// The lead's id, when the server acknowledged it.
    pub lead_id: Option<String>,
}

pub use readiness::lead::{classify, Outcome};

/// Delay before attempt `attempts + 1`: 2 s doubling up to 5 minutes, or the server's
/// `Retry-After` when it is longer.
pub fn backoff_ms(attempts: u32, retry_after_s: Option<u32>) -> f64 {
    let exponential = 2_000.0 * 2f64.powi(i32::try_from(attempts.min(16)).unwrap_or(16));
    let capped = exponential.min(300_000.0);
    retry_after_s.map_or(capped, |s| capped.max(f64::from(s) * 1000.0))
}

/// Adds an entry unless one with its key is already queued.
pub fn enqueue(queue: &mut Vec<Entry>, entry: Entry) {
    if !queue.iter().any(|e| e.key == entry.key) {
        queue.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_answers_are_classified() {
        assert_eq!(classify(Some(201)), Outcome::Acknowledged);
        assert_eq!(classify(Some(503)), Outcome::RetryLater);
        assert_eq!(classify(Some(429)), Outcome::RetryLater);
        assert_eq!(classify(None), Outcome::RetryLater);
        assert_eq!(classify(Some(422)), Outcome::Refused);
        assert_eq!(
            classify(Some(404)),
            Outcome::RetryLater,
            "a misconfigured endpoint loses nothing"
        );
    }

    /// A fresh entry, in flight until the given time.
    fn queued(in_flight_until_ms: f64) -> Entry {
        Entry {
            key: "k".repeat(20),
            endpoint: "/api".into(),
            body: "{}".into(),
            attempts: 0,
            next_attempt_ms: 0.0,
            in_flight_until_ms,
        }
    }

    #[test]
    fn backoff_doubles_up_to_five_minutes_and_honours_retry_after() {
        assert_eq!(backoff_ms(0, None), 2_000.0);
        assert_eq!(backoff_ms(3, None), 16_000.0);
        assert_eq!(backoff_ms(30, None), 300_000.0);
        assert_eq!(backoff_ms(0, Some(60)), 60_000.0);
    }

    #[test]
    fn an_entry_being_sent_is_not_due_until_its_attempt_times_out() {
        let entry = queued(20_000.0);
        assert!(!entry.is_due(10_000.0));
        assert!(entry.is_due(20_000.0));
    }

    #[test]
    fn after_an_attempt_an_entry_is_gone_or_due_again_later() {
        let entry = queued(0.0).claimed(1_000.0);
        assert!(!entry.is_due(10_000.0), "claimed while its request runs");
        assert_eq!(entry.after(Outcome::Acknowledged, None, 5_000.0), None);
        assert_eq!(entry.after(Outcome::Refused, None, 5_000.0), None);
        let again = entry.after(Outcome::RetryLater, None, 5_000.0).unwrap();
        assert_eq!(again.attempts, 1);
        assert_eq!(
            again.next_attempt_ms, 7_000.0,
            "2 s after the first failure"
        );
        assert!(again.is_due(7_000.0) && !again.is_due(6_999.0));
        let later = again.after(Outcome::RetryLater, Some(60), 7_000.0).unwrap();
        assert_eq!((later.attempts, later.next_attempt_ms), (2, 67_000.0));
    }

    #[test]
    fn the_same_lead_is_queued_once() {
        let entry = queued(0.0);
        let mut queue = Vec::new();
        enqueue(&mut queue, entry.clone());
        enqueue(&mut queue, entry);
        assert_eq!(queue.len(), 1);
    }
}
