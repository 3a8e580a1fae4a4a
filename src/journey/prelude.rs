//! The prerendered first screen (issue 16): before the WebAssembly arrives, the loader shows
//! the intro and first question as the components render them and lets the visitor press
//! Start and pick options there. What they did is handed over as a [`Prelude`], and the
//! widget starts from the journey that screen shows, so it can hydrate the screen as it is:
//! nothing the visitor did is lost and nothing moves.

use readiness::{Locale, OptionId, Quiz};
use serde::Deserialize;

use super::{Draft, Journey};

/// What the visitor did on the prerendered first screen.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Prelude {
    /// The language of the screen shown; the widget keeps it.
    pub locale: Option<Locale>,
    /// When Start was pressed (ms since the epoch); `None` while still on the intro.
    pub started_at_ms: Option<f64>,
    /// The options ticked on the first question, in page order.
    pub chosen: Vec<OptionId>,
    /// Next was pressed there: the widget goes on once it has taken the screen over (the
    /// screen it hydrates must be the one shown, so this is an action, not a starting state).
    pub next: bool,
    /// Another language was chosen there and the widget arrived before its screen did: the
    /// widget switches once it has taken over (like `next`, an action after hydration).
    pub switch_to: Option<Locale>,
    /// The intro shown offered a saved journey (Resume, Restart).
    pub draft: bool,
    /// Resume was pressed there: the widget resumes once it has taken over.
    pub resume: bool,
}

impl Prelude {
    /// The loader's hand-over (JSON), if the widget can take the screen it describes over as
    /// it is: in a language the quiz has, and, on the intro, the intro the widget renders
    /// (offering Resume exactly when it offers `draft`; once Start is pressed, a saved
    /// journey is set aside anyway). `None` means: render afresh.
    pub fn handed_over(json: &str, quiz: &Quiz, draft: Option<&Draft>) -> Option<Prelude> {
        let prelude: Prelude = serde_json::from_str(json).ok()?;
        let known = prelude
            .locale
            .as_ref()
            .is_some_and(|l| quiz.has_locale(l.as_str()));
        let offered = draft.is_some_and(|d| d.offered(quiz));
        let same_intro = prelude.started_at_ms.is_some() || prelude.draft == offered;
        (known && same_intro).then_some(prelude)
    }
}

impl Journey {
    /// The journey the prerendered screen shows after `prelude`: the intro, or the first
    /// question with the options the visitor ticked (an option the question does not have
    /// is ignored). Focus stays where the visitor left it: nothing asks to move it.
    pub fn after_prelude(self, prelude: &Prelude) -> Journey {
        let Some(started_at_ms) = prelude.started_at_ms else {
            return self;
        };
        let journey = prelude
            .chosen
            .iter()
            .fold(self.start(started_at_ms), Journey::choose);
        Journey {
            focus_epoch: 0,
            ..journey
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use readiness::lead::Attribution;
    use yew::Reducible;

    use super::*;
    use crate::config::Config;
    use crate::journey::{Action, Draft, Step};

    fn fresh(draft: Option<Draft>) -> Journey {
        let quiz = crate::quiz::embedded().expect("the embedded quiz decodes");
        let locale = Locale::new("en").expect("locale");
        Journey::new(
            quiz,
            Rc::new(Config::default()),
            locale,
            draft,
            Attribution::default(),
        )
    }

    fn option(id: &str) -> OptionId {
        OptionId::new(id).expect("option id")
    }

    #[test]
    fn a_visitor_still_on_the_intro_changes_nothing() {
        assert_eq!(fresh(None).after_prelude(&Prelude::default()), fresh(None));
    }

    #[test]
    fn start_and_a_choice_made_before_the_widget_arrived_are_the_widget_s_own() {
        let prelude = Prelude {
            locale: None,
            started_at_ms: Some(5_000.0),
            chosen: vec![option("beauty")],
            next: false,
            switch_to: None,
            draft: false,
            resume: false,
        };
        let handed = fresh(None).after_prelude(&prelude);
        let clicked = Rc::new(fresh(None))
            .reduce(Action::Start { now_ms: 5_000.0 })
            .reduce(Action::Choose(option("beauty")));
        assert_eq!(handed.step, Step::Question(0));
        assert_eq!(handed.answers, clicked.answers);
        assert_eq!(handed.started_at_ms, Some(5_000.0));
        assert!(handed.can_go_next());
        // the loader has put focus where the visitor is; the widget must not move it
        assert_eq!(handed.focus_epoch, 0);
        assert!(clicked.focus_epoch > 0);
    }

    #[test]
    fn an_option_the_question_lacks_is_ignored_and_the_last_of_a_single_choice_wins() {
        let prelude = Prelude {
            locale: None,
            started_at_ms: Some(1.0),
            chosen: vec![
                option("beauty"),
                option("no_such_option"),
                option("industrial"),
            ],
            next: false,
            switch_to: None,
            draft: false,
            resume: false,
        };
        let handed = fresh(None).after_prelude(&prelude);
        assert_eq!(
            handed.answers.get("industry"),
            Some(&[option("industrial")][..])
        );
    }

    #[test]
    fn pressing_start_on_the_prerendered_intro_sets_a_saved_draft_aside() {
        let draft = fresh(None)
            .after_prelude(&Prelude {
                locale: None,
                started_at_ms: Some(1.0),
                chosen: vec![option("beauty")],
                next: false,
                switch_to: None,
                draft: false,
                resume: false,
            })
            .to_draft();
        assert!(draft.is_some());
        let prelude = Prelude {
            locale: None,
            started_at_ms: Some(2.0),
            chosen: vec![],
            next: false,
            switch_to: None,
            draft: false,
            resume: false,
        };
        let handed = fresh(draft).after_prelude(&prelude);
        assert_eq!((handed.step, handed.draft), (Step::Question(0), None));
        assert!(handed.answers.is_empty());
    }

    #[test]
    fn a_screen_the_widget_would_not_render_is_not_taken_over() {
        let quiz = crate::quiz::embedded().expect("the embedded quiz decodes");
        let saved = fresh(None)
            .after_prelude(&Prelude {
                started_at_ms: Some(1.0),
                chosen: vec![option("beauty")],
                ..Prelude::default()
            })
            .to_draft();
        let intro = r#"{"locale":"en","draft":false}"#;
        let resume = r#"{"locale":"en","draft":true}"#;
        let started = r#"{"locale":"en","started_at_ms":5.0,"draft":false}"#;
        assert!(Prelude::handed_over(intro, &quiz, None).is_some());
        assert!(Prelude::handed_over(resume, &quiz, saved.as_ref()).is_some());
        // the intro shown and the one the widget would render differ in Resume
        assert!(Prelude::handed_over(intro, &quiz, saved.as_ref()).is_none());
        assert!(Prelude::handed_over(resume, &quiz, None).is_none());
        // past the intro, a saved journey no longer matters
        assert!(Prelude::handed_over(started, &quiz, saved.as_ref()).is_some());
        // a language the quiz lacks, none at all, or no hand-over to read
        assert!(Prelude::handed_over(r#"{"locale":"pt"}"#, &quiz, None).is_none());
        assert!(Prelude::handed_over(r#"{"draft":false}"#, &quiz, None).is_none());
        assert!(Prelude::handed_over("not json", &quiz, None).is_none());
    }

    #[test]
    fn the_loader_s_hand_over_is_read_strictly() {
        let json = r#"{"locale":"zh-Hans","started_at_ms":12.5,"chosen":["beauty"],"next":true,"switch_to":null,"draft":false,"resume":false}"#;
        let prelude: Prelude = serde_json::from_str(json).expect("the loader's shape");
        assert_eq!(prelude.locale, Locale::new("zh-Hans").ok());
        assert!(serde_json::from_str::<Prelude>(r#"{"chosen":["../x"]}"#).is_err());
        assert!(serde_json::from_str::<Prelude>(r#"{"chosen":[],"extra":1}"#).is_err());
    }
}
