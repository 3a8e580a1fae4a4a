//! The funnel's events as the widget collects them (issue 15): a random journey id held in
//! memory only (never stored, never sent with a lead), each step recorded once, batched,
//! and sent with `navigator.sendBeacon` (`funnel/beacon.rs`) at the moments that matter or
//! when the page is hidden. Pure: what to send and when, tested natively.

pub mod beacon;

use readiness::funnel::{EventBatchSubmission, EventInput};

/// Events held before a batch goes without waiting for a moment that matters.
const BATCH: usize = 10;

/// The journey's fixed facts, sent with every batch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Journey {
    pub id: String,
    pub quiz_version: String,
    pub page: String,
    pub source: String,
    pub medium: String,
    pub campaign: String,
}

/// What the widget has recorded and not yet sent, and every step recorded so far.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    journey: Journey,
    locale: String,
    queue: Vec<EventInput>,
    recorded: Vec<(String, Option<String>)>,
}

/// The steps after which a batch goes at once: the visitor may leave next.
fn matters(step: &str) -> bool {
    matches!(
        step,
        "seen" | "results" | "form_opened" | "lead_sent" | "report_requested" | "booking_clicked"
    )
}

impl Recorder {
    pub fn new(journey: Journey, locale: &str) -> Recorder {
        Recorder {
            journey,
            locale: locale.to_owned(),
            ..Recorder::default()
        }
    }

    /// The language later batches are counted in (after a switch).
    pub fn set_locale(&mut self, locale: &str) {
        self.locale = locale.to_owned();
    }

    /// Records a step (once per journey; a repeat is dropped here already); whether a
    /// batch should go now.
    pub fn record(&mut self, event: EventInput) -> bool {
        let key = (event.step.clone(), event.question.clone());
        if self.recorded.contains(&key) {
            return false;
        }
        self.recorded.push(key);
        let now = matters(&event.step);
        self.queue.push(event);
        now || self.queue.len() >= BATCH
    }

    /// The batch to send, emptying the queue; `None` when there is nothing to send.
    pub fn take(&mut self) -> Option<EventBatchSubmission> {
        if self.queue.is_empty() {
            return None;
        }
        let journey = &self.journey;
        Some(EventBatchSubmission {
            journey: journey.id.clone(),
            quiz_version: journey.quiz_version.clone(),
            locale: self.locale.clone(),
            page: journey.page.clone(),
            source: journey.source.clone(),
            medium: journey.medium.clone(),
            campaign: journey.campaign.clone(),
            events: std::mem::take(&mut self.queue),
        })
    }
}

/// An event of a step without detail.
pub fn step(name: &str) -> EventInput {
    EventInput {
        step: name.to_owned(),
        question: None,
        tier: None,
        channel: None,
    }
}

/// An event of a question step.
pub fn question(name: &str, question: &str) -> EventInput {
    EventInput {
        question: Some(question.to_owned()),
        ..step(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorder() -> Recorder {
        Recorder::new(
            Journey {
                id: "0123456789abcdef0123456789abcdef".into(),
                quiz_version: "v1".into(),
                page: "/china".into(),
                ..Journey::default()
            },
            "en",
        )
    }

    #[test]
    fn each_step_is_recorded_once_and_batches_go_when_it_matters() {
        let mut r = recorder();
        assert!(r.record(step("seen")), "seen goes at once");
        assert_eq!(r.take().map(|b| b.events.len()), Some(1));
        assert!(!r.record(step("seen")), "a repeat is dropped");
        assert!(r.take().is_none(), "nothing to send");
        assert!(!r.record(step("started")));
        for q in ["industry", "business_model", "goals", "market"] {
            assert!(!r.record(question("shown", q)));
            assert!(
                !r.record(question("shown", q)),
                "shown again after Back: once"
            );
            r.record(question("answered", q));
        }
        assert!(
            r.record(question("shown", "budget")),
            "ten held: a batch goes"
        );
        let batch = r.take().expect("a batch");
        assert_eq!(batch.events.len(), 10);
        assert_eq!(
            (batch.locale.as_str(), batch.page.as_str()),
            ("en", "/china")
        );
        r.set_locale("de");
        assert!(r.record(step("results")));
        assert_eq!(r.take().map(|b| b.locale), Some("de".to_owned()));
    }
}
