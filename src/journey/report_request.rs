//! The report asked for by email from the results screen: what the widget sends (the
//! answers, the address, the consent `report_email` to the text shown), with no contact
//! request.

use readiness::lead::{ConsentInput, ReportRequestSubmission, REPORT_EMAIL};

use super::form::wire_answers;
use super::Journey;

impl Journey {
    /// The request for the report by email to `email`, or `None` without a scored report.
    pub fn report_request(&self, email: &str, key: String) -> Option<ReportRequestSubmission> {
        self.report.as_deref()?.report()?;
        let text_hash = self
            .quiz
            .consents()
            .iter()
            .find(|purpose| purpose.id == REPORT_EMAIL)?
            .text_hash(self.locale.as_str())?
            .to_owned();
        Some(ReportRequestSubmission {
            quiz_version: self.quiz.version().to_owned(),
            locale: self.locale.to_string(),
            answers: wire_answers(&self.answers),
            email: email.trim().to_owned(),
            consent: ConsentInput {
                purpose: REPORT_EMAIL.to_owned(),
                granted: true,
                text_hash,
            },
            idempotency_key: key,
            attribution: self.attribution.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use readiness::lead::{ReportRequest, REPORT_EMAIL};
    use yew::Reducible;

    use crate::journey::{Action, Journey, Step};

    fn answered() -> Rc<Journey> {
        let quiz = crate::quiz::embedded().expect("quiz");
        let mut journey = Rc::new(Journey::new(
            Rc::clone(&quiz),
            Rc::new(crate::config::Config::default()),
            readiness::Locale::new("fr").expect("locale"),
            None,
            readiness::lead::Attribution::default(),
        ))
        .reduce(Action::Start { now_ms: 0.0 });
        while let Step::Question(index) = journey.step {
            let option = journey.quiz.questions()[index].options[0].id.clone();
            journey = journey.reduce(Action::Choose(option)).reduce(Action::Next);
        }
        journey
    }

    #[test]
    fn the_request_is_one_the_intake_accepts_and_needs_a_report() {
        let journey = answered();
        assert_eq!(journey.step, Step::Results);
        let sent = journey
            .report_request(" zoe@brand.example ", "key-report-request-01".into())
            .expect("a scored report");
        assert_eq!(sent.email, "zoe@brand.example");
        assert_eq!(sent.consent.purpose, REPORT_EMAIL);
        let accepted = ReportRequest::parse(sent, &journey.quiz, 0).expect("valid for the intake");
        assert_eq!(accepted.locale.as_str(), "fr");
        assert_eq!(accepted.answers, journey.answers);

        let mut early = Journey::clone(&journey);
        early.report = None;
        assert!(early
            .report_request("a@b.example", "k".repeat(20))
            .is_none());
    }
}
