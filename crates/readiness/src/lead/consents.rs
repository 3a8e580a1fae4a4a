//! Consents: each purpose the visitor was asked, checked against the quiz's texts, and
//! recorded with what was agreed, to which text, in which language, when.

use serde::{Deserialize, Serialize};

use super::{limits, ConsentInput, ErrorCode, FieldError, FieldPath, LeadSubmission};
use crate::ids::{ItemId, Locale};
use crate::model::Quiz;

/// A consent as recorded: what was agreed, to which text, in which language, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    /// The purpose.
    pub purpose: ItemId,
    /// Ticked or not.
    pub granted: bool,
    /// The quiz version holding the text.
    pub text_version: String,
    /// Hash of the text.
    pub text_hash: String,
    /// The language of the text.
    pub locale: Locale,
    /// When it was recorded, milliseconds since the Unix epoch, supplied by the caller.
    pub recorded_at_ms: i64,
}

pub(super) fn parse_consents(
    submission: &LeadSubmission,
    quiz: &Quiz,
    version_known: bool,
    received_at_ms: i64,
    errors: &mut Vec<FieldError>,
) -> Vec<ConsentRecord> {
    if submission.consents.len() > limits::CONSENTS {
        errors.push(FieldError::limit(
            FieldPath::Consents,
            ErrorCode::TooManyItems,
            limits::CONSENTS,
        ));
        return Vec::new();
    }
    let locale = Locale::new(submission.locale.clone()).ok();
    let mut records = Vec::new();
    for input in &submission.consents {
        let field = FieldPath::consent_as_sent(&input.purpose);
        if !is_text_hash(&input.text_hash) {
            errors.push(FieldError::new(field, ErrorCode::FieldInvalid));
            continue;
        }
        let purpose = quiz
            .consents()
            .iter()
            .find(|p| p.id == input.purpose.as_str());
        let Some(purpose) = purpose else {
            if version_known {
                errors.push(FieldError::new(field, ErrorCode::ConsentUnknown));
            } else if let (Ok(id), Some(locale)) = (ItemId::new(input.purpose.clone()), &locale) {
                records.push(record(
                    id,
                    input,
                    &submission.quiz_version,
                    locale,
                    received_at_ms,
                ));
            }
            continue;
        };
        if let Some(locale) = &locale {
            let current = purpose.text_hash(locale.as_str());
            if version_known && input.granted && current != Some(input.text_hash.as_str()) {
                errors.push(FieldError::new(field, ErrorCode::ConsentTextMismatch));
                continue;
            }
            records.push(record(
                purpose.id.clone(),
                input,
                &submission.quiz_version,
                locale,
                received_at_ms,
            ));
        }
    }
    missing_required(quiz, &records, errors);
    records
}

fn record(
    purpose: ItemId,
    input: &ConsentInput,
    version: &str,
    locale: &Locale,
    at: i64,
) -> ConsentRecord {
    ConsentRecord {
        purpose,
        granted: input.granted,
        text_version: version.to_owned(),
        text_hash: input.text_hash.clone(),
        locale: locale.clone(),
        recorded_at_ms: at,
    }
}

/// A required consent not granted is an error, unless its purpose already has one.
fn missing_required(quiz: &Quiz, records: &[ConsentRecord], errors: &mut Vec<FieldError>) {
    for purpose in quiz.consents().iter().filter(|p| p.required) {
        let granted = records.iter().any(|r| r.purpose == purpose.id && r.granted);
        let field = FieldPath::Consent(purpose.id.as_str().to_owned());
        let reported = errors.iter().any(|e| e.field == field);
        if !granted && !reported {
            errors.push(FieldError::new(field, ErrorCode::ConsentRequired));
        }
    }
}

/// What the widget sends as a consent text's hash: 1 to 64 lowercase hex digits.
fn is_text_hash(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
