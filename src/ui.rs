//! What every component needs to speak: the quiz and the visitor's language, shared through
//! a Yew context instead of being passed down by hand.

use std::rc::Rc;

use readiness::text::Texts;
use readiness::{Locale, Quiz};

/// The quiz and the language shown.
#[derive(Debug, Clone)]
pub struct Ui {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// The language.
    pub locale: Locale,
}

impl PartialEq for Ui {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.quiz, &other.quiz) && self.locale == other.locale
    }
}

impl Ui {
    /// The texts in the visitor's language.
    pub fn texts(&self) -> Texts<'_> {
        self.quiz.texts(self.locale.as_str())
    }

    /// A `ui.*` text.
    pub fn t(&self, key: &str) -> String {
        self.texts().get(&format!("ui.{key}")).to_owned()
    }
}

/// The context a component reads; the app always provides it.
#[yew::hook]
pub fn use_ui() -> Ui {
    match yew::use_context::<Ui>() {
        Some(ui) => ui,
        None => unreachable_ui(),
    }
}

#[cold]
fn unreachable_ui() -> Ui {
    // Components are only rendered inside `App`, which provides the context. Decoding the
    // embedded quiz again keeps a misuse visible instead of panicking.
    let quiz = crate::quiz::embedded().unwrap_or_else(|error| panic!("{error}"));
    let locale = quiz.reference_locale().clone();
    Ui { quiz, locale }
}
