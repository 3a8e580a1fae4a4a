//! [`Lead::parse`]: every field of a [`LeadSubmission`] checked against the quiz, giving a
//! [`Lead`] whose fields are known good, or every problem at once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::limits;
use super::{
    Attribution, ClientScore, ConsentInput, CountryCode, Email, ErrorCode, FieldError, FieldPath,
    FormSignals, LeadSubmission, Phone, WechatId,
};
use crate::answers::Answers;
use crate::ids::{ItemId, Locale, OptionId, QuestionId};
use crate::model::{QuestionKind, Quiz};

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
    pub idempotency_key: IdempotencyKey,
    /// The widget's score, for comparison.
    pub client_score: Option<ClientScore>,
    /// Spam signals.
    pub form: FormSignals,
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
                errors.push(FieldError::new(
                    FieldPath::Locale,
                    ErrorCode::LocaleUnsupported,
                ));
                None
            }
        };
        let answers = parse_answers(
            &submission.answers,
            version_known.then_some(quiz),
            &mut errors,
        );
        let contact = super::contact::parse(&submission.contact, &mut errors);
        let consents = parse_consents(
            &submission,
            quiz,
            version_known,
            received_at_ms,
            &mut errors,
        );
        let attribution = parse_attribution(&submission.attribution, &mut errors);
        let idempotency_key = IdempotencyKey::parse(&submission.idempotency_key);
        if idempotency_key.is_none() {
            errors.push(FieldError::new(
                FieldPath::IdempotencyKey,
                ErrorCode::IdempotencyKeyInvalid,
            ));
        }
        if submission.quiz_version.is_empty() || submission.quiz_version.len() > 64 {
            errors.push(FieldError::new(
                FieldPath::QuizVersion,
                ErrorCode::FieldInvalid,
            ));
        }
        let mut form = submission.form;
        form.honeypot = form.honeypot.chars().take(limits::HONEYPOT).collect();
        match (locale, contact, idempotency_key) {
            (Some(locale), Some(contact), Some(idempotency_key)) if errors.is_empty() => Ok(Lead {
                quiz_version: submission.quiz_version,
                quiz_version_known: version_known,
                locale,
                answers,
                contact,
                consents,
                attribution,
                idempotency_key,
                client_score: submission.client_score,
                form,
            }),
            _ => Err(errors),
        }
    }
}

/// The errors of the fields a visitor fills in, contact and consents, exactly as
/// [`Lead::parse`] finds them; what the form shows before it sends.
///
/// ```
/// use readiness::lead::{check_form, ContactField, ErrorCode, FieldPath, LeadSubmission};
/// let quiz = readiness::testing::quiz();
/// let empty: LeadSubmission = serde_json::from_value(serde_json::json!({
///     "quiz_version": quiz.version(), "locale": "en", "answers": {},
///     "contact": { "name": "", "email": "nope", "company": "", "country": "", "role": "" },
///     "consents": [], "idempotency_key": "" })).unwrap();
/// let errors = check_form(&empty, &quiz);
/// let has = |field: FieldPath, code| errors.iter().any(|e| e.field == field && e.code == code);
/// assert!(has(FieldPath::Contact(ContactField::Email), ErrorCode::EmailInvalid));
/// assert!(has(FieldPath::Consent("contact".into()), ErrorCode::ConsentRequired));
/// assert!(!errors.iter().any(|e| e.field == FieldPath::IdempotencyKey), "not the form's business");
/// ```
pub fn check_form(submission: &LeadSubmission, quiz: &Quiz) -> Vec<FieldError> {
    let mut errors = Vec::new();
    super::contact::parse(&submission.contact, &mut errors);
    let version_known = submission.quiz_version == quiz.version();
    parse_consents(submission, quiz, version_known, 0, &mut errors);
    errors
}

/// The key that makes every retry of a lead the same lead: 16–64 characters of letters,
/// digits, `-` and `_` (a UUID fits). Exists only if well-formed.
///
/// ```
/// use readiness::lead::IdempotencyKey;
/// assert!(IdempotencyKey::parse("3f2b8c1e-9d4a-4f7e-8a21-5c6d7e8f9a0b").is_some());
/// assert!(IdempotencyKey::parse("short").is_none());
/// assert!(IdempotencyKey::parse("has spaces in it, sixteen+").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key, if well-formed.
    pub fn parse(text: &str) -> Option<IdempotencyKey> {
        let ok = (16..=64).contains(&text.len())
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        ok.then(|| IdempotencyKey(text.to_owned()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        IdempotencyKey::parse(&text).ok_or_else(|| format!("`{text}` is not an idempotency key"))
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> String {
        key.0
    }
}

impl std::fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
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
            FieldPath::Answers,
            ErrorCode::TooManyItems,
            limits::ANSWERS,
        ));
        return answers;
    }
    for (question_text, options_text) in raw {
        let field = FieldPath::Answer(truncate_for_path(question_text));
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
            FieldPath::Consents,
            ErrorCode::TooManyItems,
            limits::CONSENTS,
        ));
        return Vec::new();
    }
    let locale = Locale::new(submission.locale.clone()).ok();
    let mut records = Vec::new();
    for input in &submission.consents {
        let field = FieldPath::Consent(truncate_for_path(&input.purpose));
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
        let field = FieldPath::Consent(purpose.id.as_str().to_owned());
        let reported = errors.iter().any(|e| e.field == field);
        if !granted && !reported {
            errors.push(FieldError::new(field, ErrorCode::ConsentRequired));
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
                FieldPath::Attribution(name.to_owned()),
                ErrorCode::TooLong,
                max,
            ));
            return None;
        }
        if value.chars().any(char::is_control) {
            errors.push(FieldError::new(
                FieldPath::Attribution(name.to_owned()),
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
