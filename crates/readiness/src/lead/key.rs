//! The idempotency key: what makes every retry of a lead the same lead.

use serde::{Deserialize, Serialize};

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
