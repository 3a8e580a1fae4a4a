//! No verdict yet: how many real answers there are, how many a verdict needs, which
//! questions are missing, and a way back to them.

use readiness::score::Shortfall;
use yew::prelude::*;

use crate::ui::use_ui;

/// Props of [`NotEnough`].
#[derive(Properties, PartialEq)]
pub struct NotEnoughProps {
    /// What is missing.
    pub shortfall: Shortfall,
    /// Go to the first question without a real answer.
    pub on_answer_more: Callback<()>,
}

/// The request for more answers, in place of a report.
#[function_component]
pub fn NotEnough(props: &NotEnoughProps) -> Html {
    let ui = use_ui();
    let more = props.on_answer_more.reform(|_: MouseEvent| ());
    html! {
        <section class="crw-section crw-not-enough" aria-labelledby="crw-not-enough-title">
            <h2 id="crw-not-enough-title" class="crw-title" tabindex="-1" data-crw-focus="">{ ui.t("not_enough_title") }</h2>
            <p>{ ui.t("not_enough_lead") }</p>
            <p class="crw-status crw-status--queued">{ ui.texts().shortfall(&props.shortfall) }</p>
            <div class="crw-actions">
                <button type="button" class="crw-button crw-button--primary" onclick={more}>{ ui.t("answer_more") }</button>
            </div>
        </section>
    }
}
