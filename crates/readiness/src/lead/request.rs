//! A report asked for by email from the results screen, without a contact request: the
//! answers, the address, and the consent `report_email` to the text shown. Checked like a
//! lead's fields; it never becomes a sales lead.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::consents::ConsentRecord;
use super::parse::{locale_of, parse_answers, parse_attribution};
use super::{
    Attribution, ConsentInput, ContactField, Email, ErrorCode, FieldError, FieldPath,
    IdempotencyKey,
};
use crate::answers::Answers;
use crate::ids::Locale;
use crate::model::Quiz;

/// The consent purpose a report by email needs.
pub const REPORT_EMAIL: &str = "report_email";

/// What the widget sends to ask for the report by email (`POST {endpoint}/report-requests`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRequestSubmission {
    /// The quiz version answered: only the current one can be scored and mailed.
    pub quiz_version: String,
    /// The visitor's language.
    pub locale: String,
    /// Question id → option ids.
    pub answers: BTreeMap<String, Vec<String>>,
    /// Where the report is to go.
    pub email: String,
    /// The consent `report_email`, to the text shown.
    pub consent: ConsentInput,
    /// Makes a retry the same request.
    pub idempotency_key: String,
    /// UTM parameters, referrer and page.
    #[serde(default)]
    pub attribution: Attribution,
}

/// A report request whose every field is known good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    pub locale: Locale,
    pub answers: Answers,
    pub email: Email,
    pub consent: ConsentRecord,
    pub idempotency_key: IdempotencyKey,
    pub attribution: Attribution,
}

impl ReportRequest {
    /// Checks a request against the quiz: every error at once, with the paths a lead's
    /// fields have (`contact.email`, `consents.report_email`, `answers.<question>`).
    /// `received_at_ms` stamps the consent record.
    ///
    /// ```
    /// use readiness::lead::{ErrorCode, FieldPath, ReportRequest, ReportRequestSubmission};
    /// let quiz = readiness::testing::quiz();
    /// let sent: ReportRequestSubmission = serde_json::from_value(serde_json::json!({
    ///     "quiz_version": quiz.version(), "locale": "en", "answers": {}, "email": "nope",
    ///     "consent": { "purpose": "report_email", "granted": false, "text_hash": "ab" },
    ///     "idempotency_key": "key-report-request-001" })).unwrap();
    /// let errors = ReportRequest::parse(sent, &quiz, 0).unwrap_err();
    /// let codes: Vec<_> = errors.iter().map(|e| e.code).collect();
    /// assert_eq!(codes, [ErrorCode::EmailInvalid, ErrorCode::ConsentRequired]);
    /// ```
    pub fn parse(
        submission: ReportRequestSubmission,
        quiz: &Quiz,
        received_at_ms: i64,
    ) -> Result<ReportRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        if submission.quiz_version != quiz.version() {
            errors.push(FieldError::new(
                FieldPath::QuizVersion,
                ErrorCode::FieldInvalid,
            ));
        }
        let locale = locale_of(&submission.locale, Some(quiz), &mut errors);
        let answers = parse_answers(&submission.answers, Some(quiz), &mut errors);
        let email = Email::parse(&submission.email);
        if email.is_none() {
            errors.push(FieldError::new(
                FieldPath::Contact(ContactField::Email),
                ErrorCode::EmailInvalid,
            ));
        }
        let consent = consent(&submission, quiz, received_at_ms, &mut errors);
        let attribution = parse_attribution(&submission.attribution, &mut errors);
        let idempotency_key = IdempotencyKey::parse(&submission.idempotency_key);
        if idempotency_key.is_none() {
            errors.push(FieldError::new(
                FieldPath::IdempotencyKey,
                ErrorCode::IdempotencyKeyInvalid,
            ));
        }
        match (locale, email, consent, idempotency_key) {
            (Some(locale), Some(email), Some(consent), Some(idempotency_key))
                if errors.is_empty() =>
            {
                Ok(ReportRequest {
                    locale,
                    answers,
                    email,
                    consent,
                    idempotency_key,
                    attribution,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The consent `report_email`, granted, to the current text in the request's language.
fn consent(
    submission: &ReportRequestSubmission,
    quiz: &Quiz,
    at: i64,
    errors: &mut Vec<FieldError>,
) -> Option<ConsentRecord> {
    let field = FieldPath::Consent(REPORT_EMAIL.to_owned());
    let input = &submission.consent;
    let purpose = quiz.consents().iter().find(|p| p.id == REPORT_EMAIL);
    let (Some(purpose), true) = (purpose, input.purpose == REPORT_EMAIL && input.granted) else {
        errors.push(FieldError::new(field, ErrorCode::ConsentRequired));
        return None;
    };
    if purpose.text_hash(&submission.locale) != Some(input.text_hash.as_str()) {
        errors.push(FieldError::new(field, ErrorCode::ConsentTextMismatch));
        return None;
    }
    Some(ConsentRecord {
        purpose: purpose.id.clone(),
        granted: true,
        text_version: submission.quiz_version.clone(),
        text_hash: input.text_hash.clone(),
        locale: Locale::new(submission.locale.clone()).ok()?,
        recorded_at_ms: at,
    })
}
