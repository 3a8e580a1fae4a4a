//! The compact binary form of a validated quiz, written at build time and read by the
//! widget, so no TOML is parsed in the browser and a broken quiz fails the build.

use crate::model::Quiz;

/// Why a bundle could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleError(pub String);

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "quiz bundle unreadable: {}", self.0)
    }
}

impl std::error::Error for BundleError {}

/// Encodes a validated quiz.
pub fn encode(quiz: &Quiz) -> Vec<u8> {
    postcard::to_allocvec(quiz).unwrap_or_default()
}

/// Decodes a bundle written by [`encode`] from the same version of this crate.
///
/// ```
/// let quiz = readiness::testing::quiz();
/// let bytes = readiness::bundle::encode(&quiz);
/// assert_eq!(readiness::bundle::decode(&bytes), Ok(quiz));
/// ```
pub fn decode(bytes: &[u8]) -> Result<Quiz, BundleError> {
    postcard::from_bytes(bytes).map_err(|error| BundleError(error.to_string()))
}
