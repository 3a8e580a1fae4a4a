//! Identifiers of quiz items, as newtypes so a question id can never be passed where an
//! option id is expected, and every id is known to be well-formed.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest identifier accepted anywhere in the quiz data.
pub const MAX_ID_LEN: usize = 40;

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidId(pub String);

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid id (1–{MAX_ID_LEN} characters: a–z, 0–9, `_`, starting with a letter)",
            self.0.escape_debug()
        )
    }
}

impl std::error::Error for InvalidId {}

/// True when `text` is a lower-case snake-case identifier of reasonable length.
///
/// ```
/// assert!(readiness::ids::is_valid_id("cross_border"));
/// assert!(!readiness::ids::is_valid_id("Cross Border"));
/// ```
pub fn is_valid_id(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some('a'..='z'))
        && text.len() <= MAX_ID_LEN
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks the text and wraps it.
            pub fn new(text: impl Into<String>) -> Result<Self, InvalidId> {
                let text = text.into();
                if is_valid_id(&text) {
                    Ok(Self(text))
                } else {
                    Err(InvalidId(text))
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(text: String) -> Result<Self, InvalidId> {
                Self::new(text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id_type!(
    /// A question of the quiz, e.g. `trademark`.
    QuestionId
);
id_type!(
    /// An answer option, unique within its question, e.g. `registered`.
    OptionId
);
id_type!(
    /// A channel scored for fit, e.g. `xiaohongshu`.
    ChannelId
);
id_type!(
    /// A readiness dimension, e.g. `legal`.
    DimensionId
);
id_type!(
    /// Any other item of the scoring model: tier, blocker, next step, consent purpose.
    ItemId
);

/// A language tag of the quiz texts, e.g. `en` or `zh-Hans`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Locale(String);

impl Locale {
    /// Accepts BCP 47-like tags: letters, digits and hyphens, 2–20 characters, starting
    /// with two letters.
    ///
    /// ```
    /// assert!(readiness::ids::Locale::new("zh-Hans").is_ok());
    /// assert!(readiness::ids::Locale::new("../etc").is_err());
    /// ```
    pub fn new(tag: impl Into<String>) -> Result<Self, InvalidId> {
        let tag = tag.into();
        let well_formed = (2..=20).contains(&tag.len())
            && tag.chars().take(2).all(|c| c.is_ascii_alphabetic())
            && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if well_formed {
            Ok(Self(tag))
        } else {
            Err(InvalidId(tag))
        }
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Locale {
    type Error = InvalidId;
    fn try_from(tag: String) -> Result<Self, InvalidId> {
        Self::new(tag)
    }
}

impl From<Locale> for String {
    fn from(locale: Locale) -> String {
        locale.0
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! from_str {
    ($($name:ident),*) => {$(
        impl std::str::FromStr for $name {
            type Err = InvalidId;
            fn from_str(text: &str) -> Result<Self, InvalidId> {
                Self::new(text)
            }
        }
    )*};
}
from_str!(QuestionId, OptionId, ChannelId, DimensionId, ItemId, Locale);
