//! What can be wrong with a lead's field: a stable code and the field's path, for the
//! widget, the server's problem+json and API clients alike.

use serde::{Deserialize, Serialize};

use super::FieldPath;
use crate::model::Quiz;

/// An `application/problem+json` body (RFC 9457) as the intake answers a refused lead and
/// the widget reads it: what the client may know, with per-field codes.
///
/// ```
/// use readiness::lead::{ContactField, ErrorCode, FieldError, FieldPath, Problem};
/// let problem = Problem::new(422, "Invalid lead", None, vec![FieldError::new(FieldPath::Contact(ContactField::Email), ErrorCode::EmailInvalid)]);
/// let json = serde_json::to_string(&problem).unwrap();
/// assert!(json.starts_with(r#"{"type":"about:blank","title":"Invalid lead","status":422"#));
/// assert_eq!(serde_json::from_str::<Problem>(&json).unwrap(), problem);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Always `about:blank`: the status and title say it all.
    #[serde(rename = "type", default = "about_blank")]
    pub kind: String,
    /// A short, fixed title per kind of failure.
    #[serde(default)]
    pub title: String,
    /// The HTTP status.
    #[serde(default)]
    pub status: u16,
    /// More about this occurrence, when the client may know it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Per-field problems, for 422.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem of type `about:blank`.
    pub fn new(status: u16, title: &str, detail: Option<String>, errors: Vec<FieldError>) -> Self {
        Problem {
            kind: about_blank(),
            title: title.to_owned(),
            status,
            detail,
            errors,
        }
    }
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

/// Stable codes of field errors; the widget and API clients match on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Empty but required.
    Required,
    /// Longer than allowed.
    TooLong,
    /// Not an email address.
    EmailInvalid,
    /// Not an international phone number.
    PhoneInvalid,
    /// Not a WeChat ID.
    WechatInvalid,
    /// Not an ISO country code.
    CountryInvalid,
    /// A required consent was not granted.
    ConsentRequired,
    /// A consent purpose the quiz does not ask for.
    ConsentUnknown,
    /// The consent text hash is not the current text's.
    ConsentTextMismatch,
    /// A language the quiz does not have.
    LocaleUnsupported,
    /// An answer to a question the quiz does not have.
    AnswerUnknownQuestion,
    /// An option the question does not have.
    AnswerUnknownOption,
    /// Several options for a single-choice question.
    AnswerTooMany,
    /// No option chosen.
    AnswerEmpty,
    /// An exclusive option combined with others.
    AnswerExclusive,
    /// A malformed idempotency key.
    IdempotencyKeyInvalid,
    /// Malformed in another way.
    FieldInvalid,
    /// More items than allowed.
    TooManyItems,
}

impl ErrorCode {
    /// Every code, for checking that each has a message in each language.
    pub const ALL: [ErrorCode; 18] = [
        Self::Required,
        Self::TooLong,
        Self::EmailInvalid,
        Self::PhoneInvalid,
        Self::WechatInvalid,
        Self::CountryInvalid,
        Self::ConsentRequired,
        Self::ConsentUnknown,
        Self::ConsentTextMismatch,
        Self::LocaleUnsupported,
        Self::AnswerUnknownQuestion,
        Self::AnswerUnknownOption,
        Self::AnswerTooMany,
        Self::AnswerEmpty,
        Self::AnswerExclusive,
        Self::IdempotencyKeyInvalid,
        Self::FieldInvalid,
        Self::TooManyItems,
    ];

    /// The code as it appears in JSON and text keys (`error.<code>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong => "too_long",
            Self::EmailInvalid => "email_invalid",
            Self::PhoneInvalid => "phone_invalid",
            Self::WechatInvalid => "wechat_invalid",
            Self::CountryInvalid => "country_invalid",
            Self::ConsentRequired => "consent_required",
            Self::ConsentUnknown => "consent_unknown",
            Self::ConsentTextMismatch => "consent_text_mismatch",
            Self::LocaleUnsupported => "locale_unsupported",
            Self::AnswerUnknownQuestion => "answer_unknown_question",
            Self::AnswerUnknownOption => "answer_unknown_option",
            Self::AnswerTooMany => "answer_too_many",
            Self::AnswerEmpty => "answer_empty",
            Self::AnswerExclusive => "answer_exclusive",
            Self::IdempotencyKeyInvalid => "idempotency_key_invalid",
            Self::FieldInvalid => "field_invalid",
            Self::TooManyItems => "too_many_items",
        }
    }
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Where: on the wire `contact.email`, `answers.trademark`, `consents.contact`.
    pub field: FieldPath,
    /// What is wrong.
    pub code: ErrorCode,
    /// The limit, for `too_long` and `too_many_items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<usize>,
}

impl FieldError {
    pub fn new(field: FieldPath, code: ErrorCode) -> Self {
        Self {
            field,
            code,
            max: None,
        }
    }

    pub fn limit(field: FieldPath, code: ErrorCode, max: usize) -> Self {
        Self {
            field,
            code,
            max: Some(max),
        }
    }

    /// The message for a person, in `locale` (reference language if unknown).
    ///
    /// ```
    /// let quiz = readiness::testing::quiz();
    /// use readiness::lead::{ContactField, ErrorCode, FieldError, FieldPath};
    /// let error = FieldError::limit(FieldPath::Contact(ContactField::Name), ErrorCode::TooLong, 100);
    /// assert_eq!(error.message(&quiz, "de"), "Das ist zu lang: höchstens 100 Zeichen.");
    /// ```
    pub fn message(&self, quiz: &Quiz, locale: &str) -> String {
        let max = self.max.map(|max| max.to_string()).unwrap_or_default();
        quiz.texts(locale)
            .fill(&format!("error.{}", self.code.as_str()), &[("max", &max)])
    }
}

/// What a client does with a lead after an attempt to send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Acknowledged: the lead is stored; forget the local copy.
    Acknowledged,
    /// Try again later: offline, timeout, 408, 425, 429, 5xx.
    RetryLater,
    /// Refused as it is (the statuses in [`REFUSED`]): back to the form.
    Refused,
}

/// The statuses that say "this lead, as it is, will never be accepted". The intake's own
/// test holds every refusal it can answer with to this list.
pub const REFUSED: [u16; 5] = [400, 409, 413, 415, 422];

/// What an HTTP status means for a lead, or `None` for a network failure or timeout.
/// Anything but success and [`REFUSED`] (offline, timeout, 5xx, 429, or a 404 from an
/// endpoint being fixed) keeps the lead queued.
///
/// ```
/// use readiness::lead::{classify, Outcome};
/// assert_eq!(classify(Some(201)), Outcome::Acknowledged);
/// assert_eq!(classify(Some(422)), Outcome::Refused);
/// assert_eq!(classify(Some(503)), Outcome::RetryLater);
/// assert_eq!(classify(None), Outcome::RetryLater);
/// ```
pub fn classify(status: Option<u16>) -> Outcome {
    match status {
        Some(200..=299) => Outcome::Acknowledged,
        Some(status) if REFUSED.contains(&status) => Outcome::Refused,
        _ => Outcome::RetryLater,
    }
}
