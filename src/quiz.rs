//! The quiz the widget runs: validated and encoded at build time by `build.rs`, decoded
//! once here (on first use; every widget on the page then shares it).
//!
//! The embedded bundle holds the reference language's texts only; another language's
//! (`texts/<locale>.bin` beside the wasm, a few KB each) arrive when a visitor needs them:
//! handed to `mount` by the loader, which fetches the visitor's beside the wasm, or fetched
//! by the widget when they switch (`crate::hooks::use_texts`). With the `all-languages`
//! feature (the server renderer, the browser tests) every language is embedded.

use std::cell::RefCell;
use std::rc::Rc;

use readiness::bundle::BundleError;
use readiness::{Locale, Quiz};

static BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/quiz.bin"));

/// Every other language's texts by tag, as written beside the wasm.
#[cfg(any(feature = "all-languages", test))]
pub static OTHER_TEXTS: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/texts.rs"));

thread_local! {
    static DECODED: RefCell<Option<Rc<Quiz>>> = const { RefCell::new(None) };
}

/// The embedded quiz, with every language's texts that have arrived so far. The bundle was
/// written by the same `readiness` code at build time, so decoding only fails if the build
/// itself is broken.
pub fn embedded() -> Result<Rc<Quiz>, BundleError> {
    if let Some(quiz) = DECODED.with(|decoded| decoded.borrow().clone()) {
        return Ok(quiz);
    }
    #[allow(unused_mut)]
    let mut quiz = readiness::bundle::decode(BUNDLE)?;
    #[cfg(any(feature = "all-languages", test))]
    for (_, bytes) in OTHER_TEXTS {
        quiz.add_texts(bytes)?;
    }
    let quiz = Rc::new(quiz);
    DECODED.with(|decoded| *decoded.borrow_mut() = Some(Rc::clone(&quiz)));
    Ok(quiz)
}

/// Adds a language's texts (a `texts/<locale>.bin`) to the shared quiz: the quiz with them,
/// and their language. Refused (the quiz unchanged) when they are not this build's.
pub fn add_texts(bytes: &[u8]) -> Result<(Rc<Quiz>, Locale), BundleError> {
    let mut quiz = Quiz::clone(&*embedded()?);
    let locale = quiz.add_texts(bytes)?;
    let quiz = Rc::new(quiz);
    DECODED.with(|decoded| *decoded.borrow_mut() = Some(Rc::clone(&quiz)));
    Ok((quiz, locale))
}

/// The URL of a language's texts, beside the loader at `loader_src` (`…/loader.js?v=3`).
pub fn texts_url(loader_src: &str, locale: &Locale) -> String {
    let path = loader_src.split(['?', '#']).next().unwrap_or_default();
    let base = path.rfind('/').map_or("", |slash| &path[..=slash]);
    format!("{base}texts/{locale}.bin")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_fetched_beside_the_loader() {
        let de = Locale::new("de").expect("locale");
        assert_eq!(
            texts_url("https://cdn.example/w/loader.js?v=3#x", &de),
            "https://cdn.example/w/texts/de.bin"
        );
        assert_eq!(
            texts_url("https://a.example/loader.js", &de),
            "https://a.example/texts/de.bin"
        );
    }

    #[test]
    fn the_embedded_bundle_has_the_reference_texts_and_every_other_beside_it() {
        let bare = readiness::bundle::decode(BUNDLE).expect("bundle");
        let reference = bare.reference_locale().clone();
        assert!(bare.has_texts(reference.as_str()));
        for language in bare.languages() {
            let beside = OTHER_TEXTS
                .iter()
                .any(|(tag, _)| *tag == language.locale.as_str());
            assert_eq!(
                bare.has_texts(language.locale.as_str()),
                !beside,
                "{}",
                language.locale
            );
        }
        assert_eq!(OTHER_TEXTS.len() + 1, bare.languages().len());
    }
}
