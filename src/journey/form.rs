//! The contact form's state and its checks, which are the core's lead validation itself.

use std::collections::{BTreeMap, BTreeSet};

use readiness::lead::{
    Attribution, ClientScore, ConsentInput, ContactInput, FieldError, FormSignals, LeadSubmission,
};
use readiness::{Answers, ItemId, Locale, Quiz};

/// A form field, by meaning.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Full name.
    Name,
    /// Work email.
    Email,
    /// Company.
    Company,
    /// Country code.
    Country,
    /// Job title.
    Role,
    /// Phone, optional.
    Phone,
    /// WeChat ID, optional.
    WechatId,
    /// Message, optional.
    Message,
    /// The hidden field people do not see.
    Honeypot,
    /// A consent checkbox.
    Consent(String),
}

impl Field {
    /// The visible fields in form order.
    pub const TEXT_FIELDS: [Field; 8] = [
        Field::Name,
        Field::Email,
        Field::Company,
        Field::Country,
        Field::Role,
        Field::Phone,
        Field::WechatId,
        Field::Message,
    ];

    /// The path the core uses in its errors (`contact.email`, `consents.contact`).
    pub fn path(&self) -> String {
        match self {
            Field::Consent(purpose) => format!("consents.{purpose}"),
            other => format!("contact.{}", other.key()),
        }
    }

    /// The field of an error path.
    pub fn from_path(path: &str) -> Option<Field> {
        if let Some(purpose) = path.strip_prefix("consents.") {
            return Some(Field::Consent(purpose.to_owned()));
        }
        let key = path.strip_prefix("contact.")?;
        Field::TEXT_FIELDS
            .into_iter()
            .find(|field| field.key() == key)
    }

    /// The short name used in ids and text keys (`ui.<key>`).
    pub fn key(&self) -> &str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Company => "company",
            Field::Country => "country",
            Field::Role => "role",
            Field::Phone => "phone",
            Field::WechatId => "wechat_id",
            Field::Message => "message",
            Field::Honeypot => "website",
            Field::Consent(purpose) => purpose,
        }
    }
}

/// What the visitor typed and ticked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactForm {
    /// The contact fields.
    pub contact: ContactInput,
    /// The honeypot's content.
    pub honeypot: String,
    /// Ticked consents by purpose.
    pub consents: BTreeMap<String, bool>,
    /// Fields the visitor has left (their errors show).
    pub touched: BTreeSet<Field>,
    /// Send was pressed once (all errors show).
    pub submitted: bool,
}

impl ContactForm {
    /// The current text of a field.
    pub fn value(&self, field: &Field) -> &str {
        let c = &self.contact;
        match field {
            Field::Name => &c.name,
            Field::Email => &c.email,
            Field::Company => &c.company,
            Field::Country => &c.country,
            Field::Role => &c.role,
            Field::Phone => c.phone.as_deref().unwrap_or_default(),
            Field::WechatId => c.wechat_id.as_deref().unwrap_or_default(),
            Field::Message => c.message.as_deref().unwrap_or_default(),
            Field::Honeypot => &self.honeypot,
            Field::Consent(_) => "",
        }
    }

    /// Sets a field's text.
    pub fn set(&mut self, field: Field, value: String) {
        let optional = |value: String| (!value.is_empty()).then_some(value);
        let c = &mut self.contact;
        match field {
            Field::Name => c.name = value,
            Field::Email => c.email = value,
            Field::Company => c.company = value,
            Field::Country => c.country = value,
            Field::Role => c.role = value,
            Field::Phone => c.phone = optional(value),
            Field::WechatId => c.wechat_id = optional(value),
            Field::Message => c.message = optional(value),
            Field::Honeypot => self.honeypot = value,
            Field::Consent(_) => {}
        }
    }

    /// Ticks or unticks a consent.
    pub fn toggle_consent(&mut self, purpose: &ItemId) {
        let ticked = self.consents.entry(purpose.to_string()).or_insert(false);
        *ticked = !*ticked;
        self.touched.insert(Field::Consent(purpose.to_string()));
    }

    /// Whether a consent is ticked.
    pub fn consented(&self, purpose: &str) -> bool {
        self.consents.get(purpose).copied().unwrap_or(false)
    }

    /// The lead as it would be sent.
    pub fn submission(
        &self,
        quiz: &Quiz,
        locale: &Locale,
        answers: &Answers,
        idempotency_key: String,
        client_score: Option<ClientScore>,
        elapsed_ms: u64,
    ) -> LeadSubmission {
        LeadSubmission {
            quiz_version: quiz.version().to_owned(),
            locale: locale.to_string(),
            answers: answers
                .iter()
                .map(|(q, o)| (q.to_string(), o.iter().map(ToString::to_string).collect()))
                .collect(),
            contact: self.contact.clone(),
            consents: quiz
                .consents()
                .iter()
                .map(|purpose| ConsentInput {
                    purpose: purpose.id.to_string(),
                    granted: self.consented(purpose.id.as_str()),
                    text_hash: purpose
                        .text_hash(locale.as_str())
                        .unwrap_or_default()
                        .to_owned(),
                })
                .collect(),
            attribution: Attribution::default(),
            idempotency_key,
            client_score,
            form: FormSignals {
                honeypot: self.honeypot.clone(),
                elapsed_ms,
            },
        }
    }

    /// The contact and consent errors, from the core's own check of those fields.
    pub fn errors(&self, quiz: &Quiz, locale: &Locale) -> Vec<FieldError> {
        let submission = self.submission(quiz, locale, &Answers::new(), String::new(), None, 0);
        readiness::lead::check_form(&submission, quiz)
    }
}
