//! The first screen rendered ahead of time (issue 16): for each language, the intro and the
//! first question exactly as [`App`] renders them (hydratable), with the stylesheet, in one
//! small JSON file the loader fetches beside the wasm (`first/<locale>.json`). Yew's own
//! server renderer renders them from the same components at every build
//! (`examples/prerender.rs`, run by Trunk after each build), so they cannot drift from the
//! widget; the browser test of hydration shows that the widget's first render equals them.

use std::rc::Rc;

use readiness::lead::Attribution;
use readiness::{Answers, Locale, Quiz};
use serde::Serialize;

use crate::config::{Config, Mode};
use crate::journey::{Draft, Prelude, Step};
use crate::{App, AppProps, STYLESHEET};

/// One language's first screen, as the loader reads it.
#[derive(Debug, Serialize)]
pub struct FirstScreen {
    /// The language, as the widget names it.
    pub locale: Locale,
    /// The widget's stylesheet, adopted into the shadow root before the markup is shown.
    pub css: &'static str,
    /// The intro.
    pub intro: String,
    /// The intro offering a journey saved on this device (Resume, Restart).
    pub resume: String,
    /// The first question, after Start (nothing chosen yet).
    pub question: String,
}

/// Every language's first screen in `mode` (inline, or the launcher with its dialog), in
/// the quiz's order of languages.
pub fn first_screens(quiz: &Rc<Quiz>, mode: Mode) -> Vec<FirstScreen> {
    quiz.locales()
        .into_iter()
        .map(|locale| FirstScreen {
            locale: locale.clone(),
            css: STYLESHEET,
            intro: render(quiz, mode, locale, None, Prelude::default()),
            resume: render(quiz, mode, locale, Some(saved(quiz)), Prelude::default()),
            question: render(
                quiz,
                mode,
                locale,
                None,
                Prelude {
                    locale: Some(locale.clone()),
                    started_at_ms: Some(0.0),
                    chosen: Vec::new(),
                    next: false,
                    switch_to: None,
                    draft: false,
                    resume: false,
                },
            ),
        })
        .collect()
}

/// A journey saved on the device, as the intro sees one (only whether there is one matters
/// to it).
fn saved(quiz: &Quiz) -> Draft {
    let answers = quiz
        .questions()
        .first()
        .and_then(|q| {
            q.options
                .first()
                .map(|o| quiz.choose(&Answers::new(), &q.id, &o.id))
        })
        .unwrap_or_default();
    Draft {
        quiz_version: quiz.version().to_owned(),
        answers,
        step: Step::Question(1),
        started_at_ms: 0.0,
    }
}

/// The widget in `mode`, with the embed's defaults otherwise, as the server renderer writes
/// it for hydration.
fn render(
    quiz: &Rc<Quiz>,
    mode: Mode,
    locale: &Locale,
    draft: Option<Draft>,
    prelude: Prelude,
) -> String {
    let props = AppProps {
        quiz: Rc::clone(quiz),
        config: Rc::new(Config {
            mode,
            ..Config::default()
        }),
        locale: locale.clone(),
        draft,
        attribution: Attribution::default(),
        host: None,
        open: false,
        prelude,
        loader_src: None,
    };
    let renderer = yew::LocalServerRenderer::<App>::with_props(props).hydratable(true);
    futures::executor::block_on(renderer.render())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_intro_and_first_question_in_its_own_words() {
        let quiz = crate::quiz::embedded().expect("the embedded quiz decodes");
        let screens = first_screens(&quiz, Mode::Inline);
        assert_eq!(screens.len(), quiz.locales().len());
        let first = quiz.questions()[0].id.as_str();
        for screen in &screens {
            let texts = quiz.texts(screen.locale.as_str());
            let title = texts.get("ui.intro_title");
            assert!(screen.intro.contains(title), "{}: {title}", screen.locale);
            let question = texts.question_title(first);
            assert!(screen.question.contains(question), "{}", screen.locale);
            assert!(!screen.intro.contains(question), "{}", screen.locale);
            assert!(!screen.question.contains("crw-intro"), "{}", screen.locale);
            let (resume, restart) = (texts.get("ui.resume"), texts.get("ui.restart"));
            assert!(screen.resume.contains(resume) && screen.resume.contains(restart));
            assert!(!screen.intro.contains(resume), "{}", screen.locale);
            // hydratable: the component boundaries are marked
            assert!(
                screen.intro.contains("<!--<[widget::app::App]>-->"),
                "{}",
                screen.intro
            );
            // no inline style or script a strict CSP would refuse
            for markup in [&screen.intro, &screen.question] {
                assert!(
                    !markup.contains("style=") && !markup.contains("<script"),
                    "{markup}"
                );
            }
        }
    }

    #[test]
    fn the_launcher_s_first_screen_is_its_button_and_dialog_around_the_same_screen() {
        let quiz = crate::quiz::embedded().expect("the embedded quiz decodes");
        let inline = first_screens(&quiz, Mode::Inline);
        let launcher = first_screens(&quiz, Mode::Launcher);
        for (inline, launcher) in inline.iter().zip(&launcher) {
            let texts = quiz.texts(launcher.locale.as_str());
            for markup in [&launcher.intro, &launcher.question] {
                assert!(markup.contains("class=\"crw-launcher\""), "{markup}");
                assert!(markup.contains("<dialog"), "{markup}");
                assert!(markup.contains(texts.get("ui.launcher")));
            }
            let section = |m: &str| m[m.find("<section").unwrap_or(0)..].to_owned();
            assert!(section(&launcher.intro).starts_with(&section(&inline.intro)[..200]));
        }
    }
}
