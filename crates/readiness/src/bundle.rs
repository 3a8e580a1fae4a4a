//! The compact binary form of a validated quiz, written at build time and read by the
//! widget, so no TOML is parsed in the browser and a broken quiz fails the build.

use serde::{Deserialize, Serialize};

use crate::model::{Catalog, Quiz};

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

/// One language's texts as the widget fetches them when a visitor needs them, tied to the
/// quiz they were built with.
#[derive(Serialize, Deserialize)]
struct TextsBundle {
    /// [`Quiz::version`] of the quiz these texts belong to.
    version: String,
    catalog: Catalog,
}

/// The widget's share of a validated quiz: the model with the reference language's texts
/// (the other languages are still offered), and each other language's texts as a bundle of
/// its own, by language tag, for [`Quiz::add_texts`].
///
/// ```
/// let quiz = readiness::testing::quiz();
/// let (mut embedded, others) = readiness::bundle::split(&quiz);
/// assert!(embedded.has_locale("de") && !embedded.has_texts("de"));
/// let (_, german) = others.iter().find(|(locale, _)| locale.as_str() == "de").unwrap();
/// embedded.add_texts(german).unwrap();
/// assert_eq!(embedded.texts("de").get("ui.start"), quiz.texts("de").get("ui.start"));
/// ```
pub fn split(quiz: &Quiz) -> (Quiz, Vec<(crate::Locale, Vec<u8>)>) {
    let (reference, others): (Vec<&Catalog>, Vec<&Catalog>) = quiz
        .catalogs
        .iter()
        .partition(|catalog| catalog.locale == quiz.reference_locale);
    let embedded = Quiz {
        catalogs: reference.into_iter().cloned().collect(),
        ..quiz.clone()
    };
    let texts = others
        .into_iter()
        .map(|catalog| {
            let bundle = TextsBundle {
                version: quiz.version.clone(),
                catalog: catalog.clone(),
            };
            let bytes = postcard::to_allocvec(&bundle).unwrap_or_default();
            (catalog.locale.clone(), bytes)
        })
        .collect();
    (embedded, texts)
}

impl Quiz {
    /// Adds a language's texts written by [`split`] from this very quiz; returns its tag.
    /// Texts of another version of the quiz (a stale cache) or of a language the quiz does
    /// not have are refused, and the quiz stays as it was.
    pub fn add_texts(&mut self, bytes: &[u8]) -> Result<crate::Locale, BundleError> {
        let bundle: TextsBundle =
            postcard::from_bytes(bytes).map_err(|error| BundleError(error.to_string()))?;
        if bundle.version != self.version {
            return Err(BundleError(format!(
                "texts of quiz version {}, this is {}",
                bundle.version, self.version
            )));
        }
        let locale = bundle.catalog.locale.clone();
        if !self.has_locale(locale.as_str()) {
            return Err(BundleError(format!("the quiz has no language `{locale}`")));
        }
        self.catalogs.retain(|catalog| catalog.locale != locale);
        self.catalogs.push(bundle.catalog);
        Ok(locale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn german(quiz: &Quiz) -> Vec<u8> {
        split(quiz)
            .1
            .into_iter()
            .find(|(locale, _)| locale.as_str() == "de")
            .map(|(_, bytes)| bytes)
            .unwrap_or_default()
    }

    #[test]
    fn the_embedded_share_offers_every_language_with_the_reference_texts_alone() {
        let quiz = crate::testing::quiz();
        let (embedded, others) = split(&quiz);
        assert_eq!(embedded.languages(), quiz.languages());
        assert_eq!(embedded.catalogs.len(), 1);
        assert!(embedded.has_texts("en"));
        let mut tags: Vec<&str> = others.iter().map(|(l, _)| l.as_str()).collect();
        tags.sort_unstable();
        assert_eq!(tags, ["de", "fr", "zh-Hans"]);
        // the round trip through the widget's bundle keeps the split
        assert_eq!(decode(&encode(&embedded)), Ok(embedded));
    }

    #[test]
    fn texts_arrive_whole_and_only_for_their_own_quiz() {
        let quiz = crate::testing::quiz();
        let (mut embedded, _) = split(&quiz);
        let bytes = german(&quiz);
        assert_eq!(
            embedded.add_texts(&bytes).map(|l| l.to_string()),
            Ok("de".into())
        );
        assert_eq!(embedded.texts("de").locale().as_str(), "de");
        for key in quiz
            .catalogs
            .iter()
            .find(|c| c.locale.as_str() == "de")
            .map(|c| c.entries.keys())
            .into_iter()
            .flatten()
        {
            assert_eq!(
                embedded.texts("de").get(key),
                quiz.texts("de").get(key),
                "{key}"
            );
        }
        // a second arrival replaces, never doubles
        assert!(embedded.add_texts(&bytes).is_ok());
        assert_eq!(embedded.catalogs.len(), 2);

        let (mut other_version, _) = split(&quiz);
        other_version.version = "0000000000000000".into();
        let before = other_version.clone();
        let refused = other_version.add_texts(&bytes);
        assert!(refused.is_err_and(|e| e.0.contains("quiz version")));
        assert_eq!(other_version, before);

        let (mut without_german, _) = split(&quiz);
        without_german
            .languages
            .retain(|l| l.locale.as_str() != "de");
        assert!(without_german
            .add_texts(&bytes)
            .is_err_and(|e| e.0.contains("no language `de`")));
        assert!(embedded.add_texts(&bytes[..bytes.len() / 2]).is_err());
    }
}
