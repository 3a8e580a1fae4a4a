//! The call offered once the lead is on its way (`data-booking-url`): the embed's booking
//! page, filled in with what the visitor typed, to leads whose grade reaches the embed's
//! minimum.

use readiness::booking::Details;
use readiness::lead::ContactField;

use super::{Field, Journey, SendStatus};

impl Journey {
    /// The booking page to offer now: after the lead is sent (or queued on this device),
    /// when the embed has one and the report's grade reaches its minimum; `{lead_id}` is
    /// empty until the server has acknowledged the lead.
    pub fn booking_url(&self) -> Option<String> {
        let booking = self.config.booking.as_ref()?;
        if !matches!(self.send, SendStatus::Sent | SendStatus::Queued) {
            return None;
        }
        let grade = &self.report.as_deref()?.report()?.grade.letter;
        let value = |field| self.form.value(&Field::Contact(field));
        booking.offered_to(&self.quiz, grade).then(|| {
            booking.url(&Details {
                name: value(ContactField::Name),
                email: value(ContactField::Email),
                company: value(ContactField::Company),
                lang: self.locale.as_str(),
                lead_id: self.lead_id.as_deref().unwrap_or_default(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use readiness::booking::Booking;
    use readiness::lead::{Attribution, Outcome};
    use readiness::Quiz;
    use yew::Reducible;

    use crate::config::Config;
    use crate::journey::{Action, Journey, Step};

    fn quiz() -> Rc<Quiz> {
        crate::quiz::embedded().expect("quiz")
    }

    /// A journey at its end with a report graded `grade`, the lead sent (id `lead-1`).
    fn sent_with_grade(answers: &[(&str, &str)], min_grade: &str) -> Rc<Journey> {
        let config = Config {
            booking: Some(
                Booking::parse(
                    "https://cal.example/x?n={name}&c={company}&id={lead_id}&l={lang}",
                    Some(min_grade),
                )
                .expect("valid"),
            ),
            ..Config::default()
        };
        let mut journey = Rc::new(Journey::new(
            quiz(),
            Rc::new(config),
            readiness::Locale::new("en").expect("locale"),
            None,
            Attribution::default(),
        ))
        .reduce(Action::Start { now_ms: 0.0 });
        // the options given, the first one elsewhere
        while let Step::Question(index) = journey.step {
            let question = &journey.quiz.questions()[index];
            let option = answers
                .iter()
                .find(|(q, _)| *q == question.id.as_str())
                .map_or_else(
                    || question.options[0].id.to_string(),
                    |(_, o)| (*o).to_owned(),
                );
            journey = journey
                .reduce(Action::Choose(
                    readiness::OptionId::new(option).expect("id"),
                ))
                .reduce(Action::Next);
        }
        journey = journey.reduce(Action::OpenContact);
        for (field, value) in [
            (readiness::lead::ContactField::Name, "Zoë Smith"),
            (readiness::lead::ContactField::Company, "Teahouse & Co"),
        ] {
            journey = journey.reduce(Action::Edit(
                crate::journey::Field::Contact(field),
                value.into(),
            ));
        }
        let mut sent = Journey::clone(&journey);
        sent.outgoing = Some(Rc::new(submission()));
        Rc::new(sent).reduce(Action::Delivery {
            key: "k".repeat(20),
            outcome: Outcome::Acknowledged,
            errors: Vec::new(),
            lead_id: Some("lead-1".into()),
        })
    }

    /// A lead on its way, with the key the delivery below answers for.
    fn submission() -> readiness::LeadSubmission {
        readiness::LeadSubmission {
            idempotency_key: "k".repeat(20),
            ..serde_json::from_value(serde_json::json!({
                "quiz_version": "", "locale": "en", "answers": {}, "contact": {
                    "name": "", "email": "", "company": "", "country": "", "role": "" },
                "consents": [], "idempotency_key": ""
            }))
            .expect("a submission")
        }
    }

    const STRONG: [(&str, &str); 8] = [
        ("industry", "beauty"),
        ("business_model", "b2c"),
        ("goals", "online_sales"),
        ("trademark", "registered"),
        ("chinese_name", "registered"),
        ("website", "chinese_fast"),
        ("content", "images"),
        ("budget", "from_15k_to_50k"),
    ];

    #[test]
    fn a_lead_graded_high_enough_is_offered_the_filled_in_booking_page() {
        let journey = sent_with_grade(&STRONG, "D");
        assert_eq!(journey.step, Step::Done);
        let grade = journey
            .report
            .as_deref()
            .and_then(|a| a.report())
            .map(|r| r.grade.letter.clone());
        assert!(grade.is_some(), "a scored report");
        assert_eq!(
            journey.booking_url().as_deref(),
            Some("https://cal.example/x?n=Zo%C3%AB%20Smith&c=Teahouse%20%26%20Co&id=lead-1&l=en")
        );
    }

    #[test]
    fn a_lower_grade_or_no_sent_lead_is_offered_nothing() {
        let journey = sent_with_grade(&STRONG, "D");
        let grade = journey
            .report
            .as_deref()
            .and_then(|a| a.report())
            .map(|r| r.grade.letter.clone())
            .expect("graded");
        // a minimum above the grade the lead got
        let above = match grade.as_str() {
            "A" => None,
            "B" => Some("A"),
            "C" => Some("B"),
            _ => Some("C"),
        };
        if let Some(min) = above {
            assert_eq!(
                sent_with_grade(&STRONG, min).booking_url(),
                None,
                "grade {grade}, minimum {min}"
            );
        }
        let mut not_sent = Journey::clone(&journey);
        not_sent.send = crate::journey::SendStatus::Sending;
        assert_eq!(not_sent.booking_url(), None);
        let mut no_booking = Journey::clone(&journey);
        no_booking.config = Rc::new(Config::default());
        assert_eq!(no_booking.booking_url(), None);
    }
}
