//! The first screen: what the visitor gets, how long it takes, start or resume.

use yew::prelude::*;

use crate::ui::use_ui;

/// Props of [`Intro`].
#[derive(Properties, PartialEq)]
pub struct IntroProps {
    /// A saved draft can be resumed.
    pub can_resume: bool,
    /// Start afresh.
    pub on_start: Callback<()>,
    /// Continue the draft.
    pub on_resume: Callback<()>,
}

/// The intro step.
#[function_component]
pub fn Intro(props: &IntroProps) -> Html {
    let ui = use_ui();
    let start = props.on_start.reform(|_: MouseEvent| ());
    let resume = props.on_resume.reform(|_: MouseEvent| ());
    html! {
        <div class="crw-step crw-intro">
            <h2 class="crw-title" tabindex="-1" data-crw-focus="">{ ui.t("intro_title") }</h2>
            <p class="crw-lead">{ ui.t("intro_lead") }</p>
            <p class="crw-meta">{ ui.t("intro_duration") }</p>
            <div class="crw-actions">
                if props.can_resume {
                    <button type="button" class="crw-button crw-button--primary" onclick={resume}>{ ui.t("resume") }</button>
                    <button type="button" class="crw-button" onclick={start}>{ ui.t("restart") }</button>
                } else {
                    <button type="button" class="crw-button crw-button--primary" onclick={start}>{ ui.t("start") }</button>
                }
            </div>
        </div>
    }
}
