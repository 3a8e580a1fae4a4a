//! The funnel's events (issue 15): what the widget reports of a journey, and how the intake
//! checks it. A batch names its journey by a random id that lives in the widget's memory
//! only, the page's path, the campaign and the language; each event names a step and, for
//! the question steps, the question's id. Never an answer's value, never a contact field.
//!
//! ```
//! use readiness::funnel::{EventBatch, Step};
//! let quiz = readiness::testing::quiz();
//! let json = format!(r#"{{"journey":"k3Jw9QeXz2LmA8pR","quiz_version":"{}","locale":"en",
//!     "page":"/china?utm_source=x","events":[{{"step":"seen"}},{{"step":"shown","question":"industry"}},
//!     {{"step":"shown","question":"industry"}}]}}"#, quiz.version());
//! let batch = EventBatch::parse(&serde_json::from_str(&json).unwrap(), &quiz).unwrap();
//! assert_eq!(batch.page, "/china", "the path only: a query string may hold personal data");
//! assert_eq!(batch.steps.len(), 2, "a step repeated in a batch counts once");
//! assert!(matches!(&batch.steps[1], Step::Shown(q) if q.as_str() == "industry"));
//! ```

use serde::{Deserialize, Serialize};

use crate::ids::{ChannelId, ItemId, Locale, QuestionId};
use crate::lead::ErrorCode;
use crate::model::Quiz;

/// Size limits of a batch.
pub mod limits {
    /// Events in one batch.
    pub const EVENTS: usize = 64;
    /// The journey id's length, at least and at most.
    pub const JOURNEY_MIN: usize = 16;
    pub const JOURNEY_MAX: usize = 64;
    /// The page's path.
    pub const PAGE: usize = 300;
    /// One campaign field.
    pub const UTM: usize = 100;
    /// Largest request body the intake reads, in bytes.
    pub const BODY_BYTES: usize = 16 * 1024;
}

/// A batch as the widget sends it (unknown fields refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBatchSubmission {
    pub journey: String,
    pub quiz_version: String,
    pub locale: String,
    #[serde(default)]
    pub page: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub medium: String,
    #[serde(default)]
    pub campaign: String,
    pub events: Vec<EventInput>,
}

/// One event as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub step: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// A step of a journey.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// The widget came into view.
    Seen,
    /// The visitor started the quiz.
    Started,
    /// A question was shown.
    Shown(QuestionId),
    /// A question was answered.
    Answered(QuestionId),
    /// The results were shown: the tier (none when too few real answers gave no verdict)
    /// and the first start-here channel, if any.
    Results(Option<ItemId>, Option<ChannelId>),
    /// The contact form was opened.
    FormOpened,
    /// A lead was sent.
    LeadSent,
    /// The report was asked for by email.
    ReportRequested,
    /// The booking page was opened.
    BookingClicked,
    /// Another language was chosen.
    LanguageSwitched,
}

impl Step {
    /// The step's name on the wire and in the counters.
    pub fn name(&self) -> &'static str {
        match self {
            Step::Seen => "seen",
            Step::Started => "started",
            Step::Shown(_) => "shown",
            Step::Answered(_) => "answered",
            Step::Results(..) => "results",
            Step::FormOpened => "form_opened",
            Step::LeadSent => "lead_sent",
            Step::ReportRequested => "report_requested",
            Step::BookingClicked => "booking_clicked",
            Step::LanguageSwitched => "language_switched",
        }
    }

    /// What the counters break the step down by: the question, or the tier; else empty.
    pub fn detail(&self) -> &str {
        match self {
            Step::Shown(q) | Step::Answered(q) => q.as_str(),
            Step::Results(Some(tier), _) => tier.as_str(),
            Step::Results(None, _) => "no_verdict",
            _ => "",
        }
    }
}

/// A checked batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventBatch {
    pub journey: String,
    pub quiz_version: String,
    pub locale: Locale,
    /// The page's path, without query string or fragment.
    pub page: String,
    pub source: String,
    pub medium: String,
    pub campaign: String,
    /// The steps, each once, in the order first sent.
    pub steps: Vec<Step>,
}

/// What is wrong with a batch: where (`events[2].question`) and a stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    pub path: String,
    pub code: ErrorCode,
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.code.as_str())
    }
}

fn error(path: impl Into<String>, code: ErrorCode) -> EventError {
    EventError {
        path: path.into(),
        code,
    }
}

/// A text no longer than `max`, or its error.
fn bounded(errors: &mut Vec<EventError>, path: &str, text: &str, max: usize) -> String {
    if text.chars().count() > max {
        errors.push(error(path, ErrorCode::TooLong));
    }
    text.trim().to_owned()
}

impl EventBatch {
    /// Checks every field; every problem at once. Question, tier and channel ids are held
    /// to the quiz when the batch is of its version (a widget of another version is still
    /// counted, by well-formed ids).
    pub fn parse(batch: &EventBatchSubmission, quiz: &Quiz) -> Result<EventBatch, Vec<EventError>> {
        let mut errors = Vec::new();
        let journey = batch.journey.as_str();
        let well_formed = (limits::JOURNEY_MIN..=limits::JOURNEY_MAX).contains(&journey.len())
            && journey
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !well_formed {
            errors.push(error("journey", ErrorCode::FieldInvalid));
        }
        let version_ok = !batch.quiz_version.is_empty()
            && batch.quiz_version.len() <= 64
            && batch
                .quiz_version
                .bytes()
                .all(|b| b.is_ascii_alphanumeric());
        if !version_ok {
            errors.push(error("quiz_version", ErrorCode::FieldInvalid));
        }
        let locale = match Locale::new(batch.locale.clone()) {
            Ok(locale) if quiz.has_locale(locale.as_str()) => Some(locale),
            _ => {
                errors.push(error("locale", ErrorCode::LocaleUnsupported));
                None
            }
        };
        let path = batch.page.split(['?', '#']).next().unwrap_or_default();
        let page = bounded(&mut errors, "page", path, limits::PAGE);
        let source = bounded(&mut errors, "source", &batch.source, limits::UTM);
        let medium = bounded(&mut errors, "medium", &batch.medium, limits::UTM);
        let campaign = bounded(&mut errors, "campaign", &batch.campaign, limits::UTM);
        if batch.events.is_empty() {
            errors.push(error("events", ErrorCode::Required));
        } else if batch.events.len() > limits::EVENTS {
            errors.push(error("events", ErrorCode::TooManyItems));
        }
        let same_version = batch.quiz_version == quiz.version();
        let mut steps: Vec<Step> = Vec::new();
        for (n, event) in batch.events.iter().take(limits::EVENTS).enumerate() {
            match step(event, quiz, same_version) {
                Ok(step) if !steps.contains(&step) => steps.push(step),
                Ok(_) => {}
                Err((field, code)) => errors.push(error(format!("events[{n}].{field}"), code)),
            }
        }
        match (errors.is_empty(), locale) {
            (true, Some(locale)) => Ok(EventBatch {
                journey: journey.to_owned(),
                quiz_version: batch.quiz_version.clone(),
                locale,
                page,
                source,
                medium,
                campaign,
                steps,
            }),
            _ => Err(errors),
        }
    }
}

/// One event's step, or the field that is wrong and why.
fn step(
    event: &EventInput,
    quiz: &Quiz,
    same_version: bool,
) -> Result<Step, (&'static str, ErrorCode)> {
    let question = || {
        let id = event
            .question
            .as_deref()
            .ok_or(("question", ErrorCode::Required))?;
        let id = QuestionId::new(id).map_err(|_| ("question", ErrorCode::FieldInvalid))?;
        if same_version && quiz.question(&id).is_none() {
            return Err(("question", ErrorCode::AnswerUnknownQuestion));
        }
        Ok(id)
    };
    let results = || {
        let tier = match event.tier.as_deref() {
            None => None,
            Some(tier) => {
                let tier = ItemId::new(tier).map_err(|_| ("tier", ErrorCode::FieldInvalid))?;
                if same_version && !quiz.tiers().iter().any(|t| t.id == tier) {
                    return Err(("tier", ErrorCode::FieldInvalid));
                }
                Some(tier)
            }
        };
        let channel = match event.channel.as_deref() {
            None => None,
            Some(id) => {
                let id = ChannelId::new(id).map_err(|_| ("channel", ErrorCode::FieldInvalid))?;
                if same_version && !quiz.channels().iter().any(|c| c.id == id) {
                    return Err(("channel", ErrorCode::FieldInvalid));
                }
                Some(id)
            }
        };
        Ok(Step::Results(tier, channel))
    };
    match event.step.as_str() {
        "seen" => Ok(Step::Seen),
        "started" => Ok(Step::Started),
        "shown" => question().map(Step::Shown),
        "answered" => question().map(Step::Answered),
        "results" => results(),
        "form_opened" => Ok(Step::FormOpened),
        "lead_sent" => Ok(Step::LeadSent),
        "report_requested" => Ok(Step::ReportRequested),
        "booking_clicked" => Ok(Step::BookingClicked),
        "language_switched" => Ok(Step::LanguageSwitched),
        _ => Err(("step", ErrorCode::FieldInvalid)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a panic is the failure report

    use super::*;

    fn submission(events: serde_json::Value) -> EventBatchSubmission {
        let quiz = crate::testing::quiz();
        serde_json::from_value(serde_json::json!({
            "journey": "Jq2vK8wXr5NmT0aZ", "quiz_version": quiz.version(), "locale": "de",
            "page": "/de/china#quiz", "source": "newsletter", "campaign": "china-2027",
            "events": events,
        }))
        .unwrap()
    }

    #[test]
    fn a_batch_keeps_each_step_once_in_order_and_the_path_only() {
        let quiz = crate::testing::quiz();
        let batch = EventBatch::parse(
            &submission(serde_json::json!([
                {"step": "seen"}, {"step": "started"}, {"step": "shown", "question": "industry"},
                {"step": "answered", "question": "industry"}, {"step": "shown", "question": "industry"},
                {"step": "results", "tier": quiz.tiers()[0].id.as_str(), "channel": "wechat"},
                {"step": "seen"},
            ])),
            &quiz,
        )
        .unwrap();
        let names: Vec<(&str, &str)> = batch.steps.iter().map(|s| (s.name(), s.detail())).collect();
        assert_eq!(
            names,
            [
                ("seen", ""),
                ("started", ""),
                ("shown", "industry"),
                ("answered", "industry"),
                ("results", quiz.tiers()[0].id.as_str()),
            ]
        );
        assert_eq!(
            (batch.page.as_str(), batch.source.as_str()),
            ("/de/china", "newsletter")
        );
    }

    #[test]
    fn every_problem_is_named_with_its_place() {
        let quiz = crate::testing::quiz();
        let mut bad = submission(serde_json::json!([
            {"step": "clicked"}, {"step": "shown"}, {"step": "answered", "question": "favourite_colour"},
            {"step": "results", "tier": "legendary"},
        ]));
        bad.journey = "short".to_owned();
        bad.locale = "es".to_owned();
        bad.campaign = "x".repeat(limits::UTM + 1);
        let errors: Vec<String> = EventBatch::parse(&bad, &quiz)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "journey: field_invalid",
                "locale: locale_unsupported",
                "campaign: too_long",
                "events[0].step: field_invalid",
                "events[1].question: required",
                "events[2].question: answer_unknown_question",
                "events[3].tier: field_invalid",
            ]
        );
        let mut many = submission(serde_json::json!([]));
        assert_eq!(
            EventBatch::parse(&many, &quiz).unwrap_err()[0].to_string(),
            "events: required"
        );
        many.events = vec![
            EventInput {
                step: "seen".into(),
                question: None,
                tier: None,
                channel: None
            };
            limits::EVENTS + 1
        ];
        assert_eq!(
            EventBatch::parse(&many, &quiz).unwrap_err()[0].to_string(),
            "events: too_many_items"
        );
    }

    #[test]
    fn another_quiz_version_is_counted_by_well_formed_ids() {
        let quiz = crate::testing::quiz();
        let mut old =
            submission(serde_json::json!([{"step": "answered", "question": "retired_question"}]));
        old.quiz_version = "0123456789abcdef".to_owned();
        let batch = EventBatch::parse(&old, &quiz).unwrap();
        assert_eq!(batch.steps[0].detail(), "retired_question");
        let unknown: Result<EventBatchSubmission, _> = serde_json::from_str(
            r#"{"journey":"Jq2vK8wXr5NmT0aZ","quiz_version":"a","locale":"en","events":[],"answers":{}}"#,
        );
        assert!(
            unknown.is_err(),
            "no field beyond the schema: answers never come this way"
        );
    }
}
