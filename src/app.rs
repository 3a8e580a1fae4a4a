//! The widget's root component: switches between the steps of the visitor's journey.

use yew::prelude::*;

/// The widget's root: for now the intro a visitor sees first.
#[function_component]
pub fn App() -> Html {
    html! {
        <section class="crw" aria-labelledby="crw-intro-title">
            <h2 id="crw-intro-title" class="crw-title">{ "How ready is your brand for China?" }</h2>
            <p class="crw-lead">
                { "Answer a few questions about your brand and goals and get a China channel-readiness report: which platforms fit you, what blocks you, and what to do first." }
            </p>
            <p class="crw-meta">{ "Takes about 3 minutes. No sign-up needed to see your results." }</p>
            <button type="button" class="crw-button crw-button--primary">{ "Start the assessment" }</button>
        </section>
    }
}
