//! One question: a fieldset of radio buttons or checkboxes, progress, back and next.
//! Native inputs give arrow-key and space handling; number keys pick the nth option.

use readiness::model::{Question, QuestionKind};
use readiness::{OptionId, Progress};
use yew::prelude::*;

use crate::ui::use_ui;

/// Props of [`QuestionStep`].
#[derive(Properties, PartialEq)]
pub struct QuestionProps {
    /// The question shown.
    pub question: Question,
    /// The options chosen so far.
    pub chosen: Vec<OptionId>,
    /// "4 of 12".
    pub progress: Progress,
    /// Next is allowed (the question is answered).
    pub can_next: bool,
    /// An option was picked.
    pub on_choose: Callback<OptionId>,
    /// Go on.
    pub on_next: Callback<()>,
    /// Go back.
    pub on_back: Callback<()>,
}

/// The question step.
#[function_component]
pub fn QuestionStep(props: &QuestionProps) -> Html {
    let ui = use_ui();
    let texts = ui.texts();
    let question = &props.question;
    let qid = question.id.as_str();
    let multi = question.kind == QuestionKind::Multi;
    let progress_text = texts.progress(props.progress);
    let onkeydown = {
        let options: Vec<OptionId> = question.options.iter().map(|o| o.id.clone()).collect();
        let on_choose = props.on_choose.clone();
        Callback::from(move |event: KeyboardEvent| {
            let digit = event
                .key()
                .parse::<usize>()
                .ok()
                .filter(|d| (1..=9).contains(d));
            if let Some(option) = digit.and_then(|d| options.get(d - 1)) {
                event.prevent_default();
                on_choose.emit(option.clone());
            }
        })
    };
    let onsubmit = {
        let on_next = props.on_next.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            on_next.emit(());
        })
    };
    let back = props.on_back.reform(|_: MouseEvent| ());
    let help_id = format!("crw-help-{qid}");
    let help = texts.question_help(qid);
    html! {
        <form class="crw-step crw-question" {onsubmit} {onkeydown} novalidate=true>
            <p class="crw-progress-text">{ progress_text.clone() }</p>
            <div class="crw-progress" aria-hidden="true">
                <div class={classes!("crw-progress-bar", format!("crw-w-{}", props.progress.percent() / 5 * 5))}></div>
            </div>
            <fieldset class="crw-fieldset" aria-describedby={help.map(|_| help_id.clone())}>
                <legend class="crw-legend">
                    <h2 class="crw-title" tabindex="-1" data-crw-focus="">{ texts.question_title(qid) }</h2>
                </legend>
                if let Some(help) = help {
                    <p id={help_id.clone()} class="crw-help">{ help }</p>
                }
                <p class="crw-hint">{ ui.t(if multi { "choose_any" } else { "choose_one" }) }</p>
                <div class="crw-options">
                    { for question.options.iter().enumerate().map(|(index, option)| {
                        let input_id = format!("crw-{qid}-{}", option.id);
                        let checked = props.chosen.contains(&option.id);
                        let onchange = {
                            let id = option.id.clone();
                            props.on_choose.reform(move |_: Event| id.clone())
                        };
                        html! {
                            <label class={classes!("crw-option", checked.then_some("crw-option--checked"))} for={input_id.clone()}>
                                <input
                                    id={input_id}
                                    type={if multi { "checkbox" } else { "radio" }}
                                    name={format!("crw-{qid}")}
                                    value={option.id.to_string()}
                                    {checked}
                                    {onchange}
                                />
                                <span class="crw-option-key" aria-hidden="true">{ index + 1 }</span>
                                <span class="crw-option-label">{ texts.option_label(qid, option.id.as_str()) }</span>
                            </label>
                        }
                    }) }
                </div>
            </fieldset>
            <div class="crw-actions crw-actions--split">
                <button type="button" class="crw-button" onclick={back}>{ ui.t("back") }</button>
                <button type="submit" class="crw-button crw-button--primary" disabled={!props.can_next}>
                    { ui.t(if props.progress.current == props.progress.total { "see_results" } else { "next" }) }
                </button>
            </div>
        </form>
    }
}
