//! Where in a lead a problem is. On the wire a path is a string (`contact.email`,
//! `answers.trademark`, `consents.contact`); in code it is a [`FieldPath`], so neither side
//! builds or parses path strings by hand.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A contact field, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContactField {
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
}

impl ContactField {
    /// Every contact field, in the form's order.
    pub const ALL: [ContactField; 8] = [
        Self::Name,
        Self::Email,
        Self::Company,
        Self::Country,
        Self::Role,
        Self::Phone,
        Self::WechatId,
        Self::Message,
    ];

    /// The field's name in the wire shape (`wechat_id`), also used in text keys (`ui.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "email",
            Self::Company => "company",
            Self::Country => "country",
            Self::Role => "role",
            Self::Phone => "phone",
            Self::WechatId => "wechat_id",
            Self::Message => "message",
        }
    }

    /// The longest text allowed, in characters (the `maxlength` of its input).
    pub fn max_len(self) -> usize {
        match self {
            Self::Name => super::limits::NAME,
            Self::Email => super::limits::EMAIL,
            Self::Company => super::limits::COMPANY,
            Self::Country => 2,
            Self::Role => super::limits::ROLE,
            Self::Phone => super::limits::PHONE,
            Self::WechatId => super::limits::WECHAT_ID,
            Self::Message => super::limits::MESSAGE,
        }
    }

    /// Whether a lead needs it.
    pub fn required(self) -> bool {
        matches!(
            self,
            Self::Name | Self::Email | Self::Company | Self::Country | Self::Role
        )
    }
}

/// The place of a problem in a lead.
///
/// ```
/// use readiness::lead::{ContactField, FieldPath};
/// let path = FieldPath::Contact(ContactField::WechatId);
/// assert_eq!(path.to_string(), "contact.wechat_id");
/// assert_eq!(FieldPath::from("contact.wechat_id".to_owned()), path);
/// assert_eq!(FieldPath::from("consents.contact".to_owned()), FieldPath::Consent("contact".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum FieldPath {
    /// A contact field.
    Contact(ContactField),
    /// The answers as a whole (too many).
    Answers,
    /// One answer, by the question id as sent (cut to 64 characters).
    Answer(String),
    /// The consents as a whole (too many).
    Consents,
    /// One consent, by purpose as sent (cut to 64 characters).
    Consent(String),
    /// One attribution field (`utm_source`, `referrer`, ...).
    Attribution(String),
    /// The language.
    Locale,
    /// The quiz version.
    QuizVersion,
    /// The `Idempotency-Key` header or field.
    IdempotencyKey,
    /// A path this version does not know (from a newer server): kept as sent.
    Other(String),
}

impl FieldPath {
    /// The path of an answer, by the question id as sent: only letters, digits and `_`,
    /// at most 40 of them, so a hostile id never comes back whole in an error.
    pub fn answer_as_sent(question: &str) -> Self {
        Self::Answer(as_sent(question))
    }

    /// The path of a consent, by the purpose as sent (cut as [`FieldPath::answer_as_sent`]).
    pub fn consent_as_sent(purpose: &str) -> Self {
        Self::Consent(as_sent(purpose))
    }
}

fn as_sent(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(40)
        .collect()
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Contact(field) => write!(f, "contact.{}", field.key()),
            Self::Answers => f.write_str("answers"),
            Self::Answer(question) => write!(f, "answers.{question}"),
            Self::Consents => f.write_str("consents"),
            Self::Consent(purpose) => write!(f, "consents.{purpose}"),
            Self::Attribution(name) => write!(f, "attribution.{name}"),
            Self::Locale => f.write_str("locale"),
            Self::QuizVersion => f.write_str("quiz_version"),
            Self::IdempotencyKey => f.write_str("idempotency_key"),
            Self::Other(path) => f.write_str(path),
        }
    }
}

impl From<String> for FieldPath {
    fn from(path: String) -> Self {
        let (head, tail) = match path.split_once('.') {
            Some((head, tail)) => (head, Some(tail)),
            None => (path.as_str(), None),
        };
        match (head, tail) {
            ("contact", Some(key)) => ContactField::ALL
                .into_iter()
                .find(|field| field.key() == key)
                .map_or_else(|| Self::Other(path.clone()), Self::Contact),
            ("answers", None) => Self::Answers,
            ("answers", Some(question)) => Self::Answer(question.to_owned()),
            ("consents", None) => Self::Consents,
            ("consents", Some(purpose)) => Self::Consent(purpose.to_owned()),
            ("attribution", Some(name)) => Self::Attribution(name.to_owned()),
            ("locale", None) => Self::Locale,
            ("quiz_version", None) => Self::QuizVersion,
            ("idempotency_key", None) => Self::IdempotencyKey,
            _ => Self::Other(path),
        }
    }
}

impl From<&str> for FieldPath {
    fn from(path: &str) -> Self {
        Self::from(path.to_owned())
    }
}

impl From<FieldPath> for String {
    fn from(path: FieldPath) -> Self {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_reads_back_as_itself() {
        let paths = ContactField::ALL
            .into_iter()
            .map(FieldPath::Contact)
            .chain([
                FieldPath::Answers,
                FieldPath::Answer("trademark".into()),
                FieldPath::Consents,
                FieldPath::Consent("contact".into()),
                FieldPath::Attribution("utm_source".into()),
                FieldPath::Locale,
                FieldPath::QuizVersion,
                FieldPath::IdempotencyKey,
                FieldPath::Other("contact.fax".into()),
                FieldPath::Other("body".into()),
            ]);
        for path in paths {
            assert_eq!(FieldPath::from(path.to_string()), path, "{path}");
            let json = serde_json::to_string(&path).unwrap();
            assert_eq!(json, format!("\"{path}\""));
            assert_eq!(serde_json::from_str::<FieldPath>(&json).unwrap(), path);
        }
    }
}
