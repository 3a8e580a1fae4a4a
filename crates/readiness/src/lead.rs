//! The lead: what the widget sends and the server stores, defined once for both.
//!
//! [`LeadSubmission`] is the JSON shape on the wire (unknown fields rejected);
//! [`Lead::parse`] checks every field and returns either a [`Lead`] whose fields are known
//! good, or every problem at once as [`FieldError`]s with stable codes.

mod contact;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::answers::Answers;
use crate::ids::{ItemId, Locale, OptionId, QuestionId};
use crate::model::{QuestionKind, Quiz};

pub use contact::{CountryCode, Email, Phone, WechatId};

/// Size limits, in characters, stated once for the widget's `maxlength` and the server.
pub mod limits {
    /// Full name.
    pub const NAME: usize = 100;
    /// Email address (RFC 5321's path limit).
    pub const EMAIL: usize = 254;
    /// Company name.
    pub const COMPANY: usize = 150;
    /// Job title.
    pub const ROLE: usize = 100;
    /// Phone number as typed.
    pub const PHONE: usize = 32;
    /// Free-text message.
    pub const MESSAGE: usize = 2000;
    /// One UTM field.
    pub const UTM: usize = 200;
    /// Referrer or landing page URL.
    pub const URL: usize = 2000;
    /// Answered questions.
    pub const ANSWERS: usize = 64;
    /// Options chosen for one question.
    pub const OPTIONS_PER_ANSWER: usize = 16;
    /// Consent records.
    pub const CONSENTS: usize = 8;
    /// The honeypot field's content that is still stored.
    pub const HONEYPOT: usize = 200;
    /// Largest request body the server reads, in bytes.
    pub const BODY_BYTES: usize = 32 * 1024;
}

/// A lead as sent by the widget (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadSubmission {
    /// The quiz version the visitor answered.
    pub quiz_version: String,
    /// The language the visitor used.
    pub locale: String,
    /// Chosen option ids per question id.
    pub answers: BTreeMap<String, Vec<String>>,
    /// Who to contact.
    pub contact: ContactInput,
    /// One record per consent purpose shown.
    pub consents: Vec<ConsentInput>,
    /// Where the visitor came from.
    #[serde(default)]
    pub attribution: Attribution,
    /// Unique per lead; the same key is the same lead.
    pub idempotency_key: String,
    /// The score the widget showed, kept for comparison only.
    #[serde(default)]
    pub client_score: Option<ClientScore>,
    /// Signals for spam filtering.
    #[serde(default)]
    pub form: FormSignals,
}

/// The contact fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    /// Full name.
    pub name: String,
    /// Work email.
    pub email: String,
    /// Company.
    pub company: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Job title.
    pub role: String,
    /// Phone in international format, optional.
    #[serde(default)]
    pub phone: Option<String>,
    /// WeChat ID, optional.
    #[serde(default)]
    pub wechat_id: Option<String>,
    /// Message, optional.
    #[serde(default)]
    pub message: Option<String>,
}

/// A consent as given in the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// The purpose's id, e.g. `contact`.
    pub purpose: String,
    /// Whether the box was ticked.
    pub granted: bool,
    /// Hash of the text shown (from the quiz), proving which wording was agreed to.
    pub text_hash: String,
}

/// UTM parameters, referrer and landing page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// utm_source.
    #[serde(default)]
    pub utm_source: Option<String>,
    /// utm_medium.
    #[serde(default)]
    pub utm_medium: Option<String>,
    /// utm_campaign.
    #[serde(default)]
    pub utm_campaign: Option<String>,
    /// utm_term.
    #[serde(default)]
    pub utm_term: Option<String>,
    /// utm_content.
    #[serde(default)]
    pub utm_content: Option<String>,
    /// document.referrer.
    #[serde(default)]
    pub referrer: Option<String>,
    /// The page the widget was on.
    #[serde(default)]
    pub landing_page: Option<String>,
}

/// The score the widget showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientScore {
    /// Overall readiness shown.
    pub readiness: u8,
    /// Grade computed in the browser.
    pub grade: String,
}

/// What the form saw that helps tell people from bots.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSignals {
    /// The hidden field people never fill.
    #[serde(default)]
    pub honeypot: String,
    /// Milliseconds from the quiz's start to the submit.
    #[serde(default)]
    pub elapsed_ms: u64,
}

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

/// The contact, every field checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Full name, trimmed.
    pub name: String,
    /// Work email.
    pub email: Email,
    /// Company, trimmed.
    pub company: String,
    /// Country.
    pub country: CountryCode,
    /// Job title, trimmed.
    pub role: String,
    /// Phone, normalised to `+` and digits.
    pub phone: Option<Phone>,
    /// WeChat ID.
    pub wechat_id: Option<WechatId>,
    /// Message, trimmed.
    pub message: Option<String>,
}

/// A lead whose every field is known good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    /// The quiz version the visitor answered.
    pub quiz_version: String,
    /// Whether that version is the quiz this code scored with; when not, the answers were
    /// only checked for form and the lead is flagged for a human.
    pub quiz_version_known: bool,
    /// The visitor's language.
    pub locale: Locale,
    /// The answers.
    pub answers: Answers,
    /// The contact.
    pub contact: Contact,
    /// The consents.
    pub consents: Vec<ConsentRecord>,
    /// Attribution, each field trimmed and bounded.
    pub attribution: Attribution,
    /// The idempotency key.
    pub idempotency_key: String,
    /// The widget's score, for comparison.
    pub client_score: Option<ClientScore>,
    /// Spam signals.
    pub form: FormSignals,
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
    /// Path of the field, e.g. `contact.email`, `answers.trademark`, `consents.contact`.
    pub field: String,
    /// What is wrong.
    pub code: ErrorCode,
    /// The limit, for `too_long` and `too_many_items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<usize>,
}

impl FieldError {
    fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        Self {
            field: field.into(),
            code,
            max: None,
        }
    }

    fn limit(field: impl Into<String>, code: ErrorCode, max: usize) -> Self {
        Self {
            field: field.into(),
            code,
            max: Some(max),
        }
    }

    /// The message for a person, in `locale` (reference language if unknown).
    ///
    /// ```
    /// let quiz = readiness::testing::quiz();
    /// let error = readiness::lead::FieldError { field: "contact.name".into(), code: readiness::lead::ErrorCode::TooLong, max: Some(100) };
    /// assert_eq!(error.message(&quiz, "de"), "Das ist zu lang: höchstens 100 Zeichen.");
    /// ```
    pub fn message(&self, quiz: &Quiz, locale: &str) -> String {
        let max = self.max.map(|max| max.to_string()).unwrap_or_default();
        quiz.texts(locale)
            .fill(&format!("error.{}", self.code.as_str()), &[("max", &max)])
    }
}

impl Lead {
    /// Checks a submission against the quiz and returns the lead, or every field error.
    /// `received_at_ms` stamps the consent records; the core never reads a clock.
    pub fn parse(
        submission: LeadSubmission,
        quiz: &Quiz,
        received_at_ms: i64,
    ) -> Result<Lead, Vec<FieldError>> {
        let mut errors = Vec::new();
        let version_known = submission.quiz_version == quiz.version();
        let locale = match Locale::new(submission.locale.clone()) {
            Ok(locale) if !version_known || quiz.has_locale(locale.as_str()) => Some(locale),
            _ => {
                errors.push(FieldError::new("locale", ErrorCode::LocaleUnsupported));
                None
            }
        };
        let answers = parse_answers(
            &submission.answers,
            version_known.then_some(quiz),
            &mut errors,
        );
        let contact = contact::parse(&submission.contact, &mut errors);
        let consents = parse_consents(
            &submission,
            quiz,
            version_known,
            received_at_ms,
            &mut errors,
        );
        let attribution = parse_attribution(&submission.attribution, &mut errors);
        if !is_valid_idempotency_key(&submission.idempotency_key) {
            errors.push(FieldError::new(
                "idempotency_key",
                ErrorCode::IdempotencyKeyInvalid,
            ));
        }
        if submission.quiz_version.is_empty() || submission.quiz_version.len() > 64 {
            errors.push(FieldError::new("quiz_version", ErrorCode::FieldInvalid));
        }
        let mut form = submission.form;
        form.honeypot = form.honeypot.chars().take(limits::HONEYPOT).collect();
        match (locale, contact) {
            (Some(locale), Some(contact)) if errors.is_empty() => Ok(Lead {
                quiz_version: submission.quiz_version,
                quiz_version_known: version_known,
                locale,
                answers,
                contact,
                consents,
                attribution,
                idempotency_key: submission.idempotency_key,
                client_score: submission.client_score,
                form,
            }),
            _ => Err(errors),
        }
    }
}

/// 16–64 characters of letters, digits, `-` and `_` (a UUID fits).
pub fn is_valid_idempotency_key(key: &str) -> bool {
    (16..=64).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Answers checked against the quiz when its version is known, for form only otherwise.
fn parse_answers(
    raw: &BTreeMap<String, Vec<String>>,
    quiz: Option<&Quiz>,
    errors: &mut Vec<FieldError>,
) -> Answers {
    let mut answers = Answers::new();
    if raw.len() > limits::ANSWERS {
        errors.push(FieldError::limit(
            "answers",
            ErrorCode::TooManyItems,
            limits::ANSWERS,
        ));
        return answers;
    }
    for (question_text, options_text) in raw {
        let field = format!("answers.{}", truncate_for_path(question_text));
        let Ok(question_id) = QuestionId::new(question_text.clone()) else {
            errors.push(FieldError::new(field, ErrorCode::AnswerUnknownQuestion));
            continue;
        };
        if options_text.is_empty() {
            errors.push(FieldError::new(field, ErrorCode::AnswerEmpty));
            continue;
        }
        if options_text.len() > limits::OPTIONS_PER_ANSWER {
            errors.push(FieldError::limit(
                field,
                ErrorCode::TooManyItems,
                limits::OPTIONS_PER_ANSWER,
            ));
            continue;
        }
        let mut options: Vec<OptionId> = Vec::new();
        for text in options_text {
            match OptionId::new(text.clone()) {
                Ok(id) if !options.contains(&id) => options.push(id),
                Ok(_) => {}
                Err(_) => errors.push(FieldError::new(
                    field.clone(),
                    ErrorCode::AnswerUnknownOption,
                )),
            }
        }
        if let Some(quiz) = quiz {
            let Some(question) = quiz.question(&question_id) else {
                errors.push(FieldError::new(field, ErrorCode::AnswerUnknownQuestion));
                continue;
            };
            if options
                .iter()
                .any(|o| question.option(o.as_str()).is_none())
            {
                errors.push(FieldError::new(field, ErrorCode::AnswerUnknownOption));
                continue;
            }
            if question.kind == QuestionKind::Single && options.len() > 1 {
                errors.push(FieldError::new(field, ErrorCode::AnswerTooMany));
                continue;
            }
            let exclusive = options.iter().any(|o| {
                question
                    .option(o.as_str())
                    .is_some_and(|known| known.exclusive)
            });
            if exclusive && options.len() > 1 {
                errors.push(FieldError::new(field, ErrorCode::AnswerExclusive));
                continue;
            }
        }
        answers.set(question_id, options);
    }
    answers
}

fn truncate_for_path(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(40)
        .collect()
}

fn parse_consents(
    submission: &LeadSubmission,
    quiz: &Quiz,
    version_known: bool,
    received_at_ms: i64,
    errors: &mut Vec<FieldError>,
) -> Vec<ConsentRecord> {
    if submission.consents.len() > limits::CONSENTS {
        errors.push(FieldError::limit(
            "consents",
            ErrorCode::TooManyItems,
            limits::CONSENTS,
        ));
        return Vec::new();
    }
    let locale = Locale::new(submission.locale.clone()).ok();
    let mut records = Vec::new();
    for input in &submission.consents {
        let field = format!("consents.{}", truncate_for_path(&input.purpose));
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
    for purpose in quiz.consents().iter().filter(|p| p.required) {
        let granted = records.iter().any(|r| r.purpose == purpose.id && r.granted);
        let reported = errors
            .iter()
            .any(|e| e.field == format!("consents.{}", purpose.id));
        if !granted && !reported {
            errors.push(FieldError::new(
                format!("consents.{}", purpose.id),
                ErrorCode::ConsentRequired,
            ));
        }
    }
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
        text_hash: input.text_hash.chars().take(64).collect(),
        locale: locale.clone(),
        recorded_at_ms: at,
    }
}

fn parse_attribution(raw: &Attribution, errors: &mut Vec<FieldError>) -> Attribution {
    let mut field = |name: &str, value: &Option<String>, max: usize| -> Option<String> {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        if value.chars().count() > max {
            errors.push(FieldError::limit(
                format!("attribution.{name}"),
                ErrorCode::TooLong,
                max,
            ));
            return None;
        }
        if value.chars().any(char::is_control) {
            errors.push(FieldError::new(
                format!("attribution.{name}"),
                ErrorCode::FieldInvalid,
            ));
            return None;
        }
        Some(value.to_owned())
    };
    Attribution {
        utm_source: field("utm_source", &raw.utm_source, limits::UTM),
        utm_medium: field("utm_medium", &raw.utm_medium, limits::UTM),
        utm_campaign: field("utm_campaign", &raw.utm_campaign, limits::UTM),
        utm_term: field("utm_term", &raw.utm_term, limits::UTM),
        utm_content: field("utm_content", &raw.utm_content, limits::UTM),
        referrer: field("referrer", &raw.referrer, limits::URL),
        landing_page: field("landing_page", &raw.landing_page, limits::URL),
    }
}
