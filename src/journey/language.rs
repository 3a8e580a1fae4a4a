//! Switching language: the widget carries the reference language's texts, so choosing
//! another fetches its texts first (`crate::hooks::use_texts`) while everything the visitor
//! answered stays as it is; the switch happens when they arrive.

use std::rc::Rc;

use readiness::{Locale, Quiz};

use super::Journey;

/// Another language's texts on their way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextsFetch {
    /// Nothing asked.
    Idle,
    /// The visitor chose this language; its texts are being fetched.
    Fetching(Locale),
    /// They could not be fetched; the language shown stays and the switch says so.
    Failed(Locale),
}

impl Journey {
    /// The visitor chose `locale`: shown at once when its texts are at hand, else fetched.
    pub(super) fn choose_language(self, locale: Locale) -> Journey {
        if self.quiz.has_texts(locale.as_str()) {
            Journey {
                locale,
                texts: TextsFetch::Idle,
                ..self
            }
        } else if self.quiz.has_locale(locale.as_str()) {
            Journey {
                texts: TextsFetch::Fetching(locale),
                ..self
            }
        } else {
            self
        }
    }

    /// `locale`'s texts arrived (`quiz` has them): shown if it is still the language asked
    /// for; kept for later otherwise.
    pub(super) fn texts_arrived(self, quiz: Rc<Quiz>, locale: Locale) -> Journey {
        if self.texts == TextsFetch::Fetching(locale.clone()) {
            Journey {
                quiz,
                locale,
                texts: TextsFetch::Idle,
                ..self
            }
        } else {
            Journey { quiz, ..self }
        }
    }

    /// `locale`'s texts could not be fetched.
    pub(super) fn texts_failed(self, locale: Locale) -> Journey {
        if self.texts == TextsFetch::Fetching(locale.clone()) {
            Journey {
                texts: TextsFetch::Failed(locale),
                ..self
            }
        } else {
            self
        }
    }

    /// The journey for a widget asked to start in `locale`: in it when its texts are at
    /// hand, else in the reference language while they are fetched.
    pub(super) fn starting_in(self, locale: Locale) -> Journey {
        let reference = self.quiz.reference_locale().clone();
        Journey {
            locale: reference,
            ..self
        }
        .choose_language(locale)
    }
}

#[cfg(test)]
mod tests {
    use readiness::lead::Attribution;
    use yew::Reducible;

    use super::*;
    use crate::config::Config;
    use crate::journey::{Action, Step};

    fn bare_quiz() -> (Rc<Quiz>, Vec<u8>) {
        let (embedded, others) = readiness::bundle::split(&full_quiz());
        let german = others
            .into_iter()
            .find(|(locale, _)| locale.as_str() == "de")
            .map(|(_, bytes)| bytes)
            .unwrap_or_default();
        (Rc::new(embedded), german)
    }

    fn full_quiz() -> Rc<Quiz> {
        crate::quiz::embedded().expect("quiz")
    }

    /// The language shown and what is being fetched, to compare at once.
    fn shown(journey: &Journey) -> (&str, &TextsFetch) {
        (journey.locale.as_str(), &journey.texts)
    }

    fn locale(tag: &str) -> Locale {
        Locale::new(tag).expect("locale")
    }

    fn journey(quiz: Rc<Quiz>, tag: &str) -> Rc<Journey> {
        let config = Rc::new(Config::default());
        Rc::new(Journey::new(
            quiz,
            config,
            locale(tag),
            None,
            Attribution::default(),
        ))
    }

    #[test]
    fn a_language_without_texts_is_fetched_and_shown_when_they_arrive_with_every_answer_kept() {
        let (quiz, german) = bare_quiz();
        let started = journey(Rc::clone(&quiz), "en")
            .reduce(Action::Start { now_ms: 1.0 })
            .reduce(Action::Choose(
                Quiz::clone(&full_quiz()).questions()[0].options[0]
                    .id
                    .clone(),
            ));
        let answers = started.answers.clone();
        let asked = started.reduce(Action::SetLocale(locale("de")));
        assert_eq!(
            asked.locale.as_str(),
            "en",
            "nothing is shown before the texts arrive"
        );
        assert_eq!(asked.texts, TextsFetch::Fetching(locale("de")));

        let mut with_german = Quiz::clone(&quiz);
        with_german.add_texts(&german).expect("texts");
        let arrived = asked.reduce(Action::TextsArrived(Rc::new(with_german), locale("de")));
        assert_eq!(arrived.locale.as_str(), "de");
        assert_eq!(arrived.texts, TextsFetch::Idle);
        assert_eq!(arrived.answers, answers);
        assert_eq!(arrived.step, Step::Question(0));
        assert!(arrived.quiz.has_texts("de"));
        // back and forth now needs no fetch
        let back = arrived.reduce(Action::SetLocale(locale("en")));
        assert_eq!(shown(&back), ("en", &TextsFetch::Idle));
        let again = back.reduce(Action::SetLocale(locale("de")));
        assert_eq!(shown(&again), ("de", &TextsFetch::Idle));
    }

    #[test]
    fn a_failed_fetch_keeps_the_language_shown_and_a_late_arrival_switches_nothing() {
        let (quiz, german) = bare_quiz();
        let asked = journey(Rc::clone(&quiz), "en").reduce(Action::SetLocale(locale("de")));
        let failed = asked.clone().reduce(Action::TextsFailed(locale("de")));
        assert_eq!(failed.locale.as_str(), "en");
        assert_eq!(failed.texts, TextsFetch::Failed(locale("de")));
        // asked again: fetched again
        let retried = failed.reduce(Action::SetLocale(locale("de")));
        assert_eq!(retried.texts, TextsFetch::Fetching(locale("de")));

        // the visitor went back to English before German arrived
        let changed_mind = asked.reduce(Action::SetLocale(locale("en")));
        let mut with_german = Quiz::clone(&quiz);
        with_german.add_texts(&german).expect("texts");
        let late = changed_mind.reduce(Action::TextsArrived(Rc::new(with_german), locale("de")));
        assert_eq!(shown(&late), ("en", &TextsFetch::Idle));
        assert!(late.quiz.has_texts("de"));
        // a language the quiz does not have is ignored
        let unknown = late.reduce(Action::SetLocale(locale("pt")));
        assert_eq!(shown(&unknown), ("en", &TextsFetch::Idle));
    }

    #[test]
    fn a_widget_asked_to_start_in_a_language_not_at_hand_starts_in_the_reference_and_fetches() {
        let (quiz, _) = bare_quiz();
        let started = journey(Rc::clone(&quiz), "zh-Hans");
        assert_eq!(started.locale.as_str(), "en");
        assert_eq!(started.texts, TextsFetch::Fetching(locale("zh-Hans")));
        let full = journey(full_quiz(), "zh-Hans");
        assert_eq!(shown(&full), ("zh-Hans", &TextsFetch::Idle));
    }
}
