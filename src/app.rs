//! The widget's root component: switches between the steps of the visitor's journey.
//! For now the intro; the quiz, results and contact steps arrive with the widget issue.

use std::rc::Rc;

use readiness::{Locale, Quiz};
use yew::prelude::*;

/// What the widget runs with: the quiz and the visitor's language.
#[derive(Properties, Clone)]
pub struct AppProps {
    /// The embedded quiz.
    pub quiz: Rc<Quiz>,
    /// The language to show.
    pub locale: Locale,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.quiz, &other.quiz) && self.locale == other.locale
    }
}

/// The widget's root.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let texts = props.quiz.texts(props.locale.as_str());
    html! {
        <section class="crw" lang={props.locale.to_string()} aria-labelledby="crw-intro-title">
            <h2 id="crw-intro-title" class="crw-title">{ texts.get("ui.intro_title") }</h2>
            <p class="crw-lead">{ texts.get("ui.intro_lead") }</p>
            <p class="crw-meta">{ texts.get("ui.intro_duration") }</p>
            <button type="button" class="crw-button crw-button--primary">{ texts.get("ui.start") }</button>
        </section>
    }
}
