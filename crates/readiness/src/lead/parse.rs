//! [`Lead::parse`]: every field of a [`LeadSubmission`] checked against the quiz, giving a
//! [`Lead`] whose fields are known good, or every problem at once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::consents::parse_consents;
use super::limits;
use super::{
    Attribution, ClientScore, ConsentRecord, CountryCode, Email, ErrorCode, FieldError, FieldPath,
    FormSignals, IdempotencyKey, LeadSubmission, Phone, WechatId,
};
use crate::answers::Answers;
use crate::ids::{Locale, OptionId, QuestionId};
use crate::model::{QuestionKind, Quiz};

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
        let locale = locale_of(
            &submission.locale,
            version_known.then_some(quiz),
            &mut errors,
        );
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
        let idempotency_key = check_envelope(&submission, &mut errors);
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

/// Whether an answer fits its question in the quiz: a question it has, options it has, one
/// option for a single choice, an exclusive option alone. Pushes the error if not.
fn fits_quiz(
    quiz: &Quiz,
    question_id: &QuestionId,
    options: &[OptionId],
    field: &FieldPath,
    errors: &mut Vec<FieldError>,
) -> bool {
    let Some(question) = quiz.question(question_id) else {
        errors.push(FieldError::new(
            field.clone(),
            ErrorCode::AnswerUnknownQuestion,
        ));
        return false;
    };
    if options
        .iter()
        .any(|o| question.option(o.as_str()).is_none())
    {
        errors.push(FieldError::new(
            field.clone(),
            ErrorCode::AnswerUnknownOption,
        ));
        return false;
    }
    if question.kind == QuestionKind::Single && options.len() > 1 {
        errors.push(FieldError::new(field.clone(), ErrorCode::AnswerTooMany));
        return false;
    }
    let exclusive = options.iter().any(|o| {
        question
            .option(o.as_str())
            .is_some_and(|known| known.exclusive)
    });
    if exclusive && options.len() > 1 {
        errors.push(FieldError::new(field.clone(), ErrorCode::AnswerExclusive));
        return false;
    }
    true
}

/// The language, if the quiz has it (any well-formed one for an unknown quiz version).
pub(super) fn locale_of(
    text: &str,
    quiz: Option<&Quiz>,
    errors: &mut Vec<FieldError>,
) -> Option<Locale> {
    match Locale::new(text.to_owned()) {
        Ok(locale) if quiz.is_none_or(|quiz| quiz.has_locale(locale.as_str())) => Some(locale),
        _ => {
            errors.push(FieldError::new(
                FieldPath::Locale,
                ErrorCode::LocaleUnsupported,
            ));
            None
        }
    }
}

/// The idempotency key and the quiz version: the envelope of a lead.
fn check_envelope(
    submission: &LeadSubmission,
    errors: &mut Vec<FieldError>,
) -> Option<IdempotencyKey> {
    let idempotency_key = IdempotencyKey::parse(&submission.idempotency_key);
    if idempotency_key.is_none() {
        errors.push(FieldError::new(
            FieldPath::IdempotencyKey,
            ErrorCode::IdempotencyKeyInvalid,
        ));
    }
    // a version is a hash or a release name: letters, digits, `.`, `-`, `_`
    let version = &submission.quiz_version;
    let readable = version
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if version.is_empty() || version.len() > 64 || !readable {
        errors.push(FieldError::new(
            FieldPath::QuizVersion,
            ErrorCode::FieldInvalid,
        ));
    }
    idempotency_key
}

/// Answers checked against the quiz when its version is known, for form only otherwise.
pub(super) fn parse_answers(
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
        let field = FieldPath::answer_as_sent(question_text);
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
        let known = quiz.is_none_or(|quiz| fits_quiz(quiz, &question_id, &options, &field, errors));
        if known {
            answers.set(question_id, options);
        }
    }
    answers
}

pub(super) fn parse_attribution(raw: &Attribution, errors: &mut Vec<FieldError>) -> Attribution {
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
