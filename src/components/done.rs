//! After send: what happens next, or an honest word that the lead waits on this device.

use yew::prelude::*;

use crate::journey::SendStatus;
use crate::ui::use_ui;

/// Props of [`Done`].
#[derive(Properties, PartialEq)]
pub struct DoneProps {
    /// Sent or queued.
    pub status: SendStatus,
    /// A report can be shown.
    pub has_report: bool,
    /// Show the report.
    pub on_results: Callback<()>,
}

/// The last step.
#[function_component]
pub fn Done(props: &DoneProps) -> Html {
    let ui = use_ui();
    let results = props.on_results.reform(|_: MouseEvent| ());
    let (title, detail) = match props.status {
        SendStatus::Sent => (ui.t("sent_title"), ui.t("sent_detail")),
        _ => (ui.t("sent_title"), ui.t("queued")),
    };
    html! {
        <div class="crw-step crw-done">
            <h2 class="crw-title" tabindex="-1" data-crw-focus="">{ title }</h2>
            <p class={classes!("crw-status", (props.status != SendStatus::Sent).then_some("crw-status--queued"))} role="status">{ detail }</p>
            if props.has_report {
                <div class="crw-actions">
                    <button type="button" class="crw-button crw-button--primary" onclick={results}>{ ui.t("results_title") }</button>
                </div>
            }
        </div>
    }
}
