//! After send: what happens next, or an honest word that the lead waits on this device.

use yew::prelude::*;

use crate::components::keep::KeepReport;
use crate::hooks::LeadRef;
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
    /// The booking page offered to this lead, filled in, if any.
    #[prop_or_default]
    pub booking_url: Option<AttrValue>,
    /// The visitor opened the booking page.
    #[prop_or_default]
    pub on_booking: Callback<()>,
    /// The lead the intake acknowledged, to keep its report by a link.
    #[prop_or_default]
    pub lead: Option<LeadRef>,
}

/// The last step.
#[function_component]
pub fn Done(props: &DoneProps) -> Html {
    let ui = use_ui();
    let results = props.on_results.reform(|_: MouseEvent| ());
    let booking = props.on_booking.reform(|_: MouseEvent| ());
    let (title, detail) = match props.status {
        SendStatus::Sent => (ui.t("sent_title"), ui.t("sent_detail")),
        _ => (ui.t("sent_title"), ui.t("queued")),
    };
    html! {
        <div class="crw-step crw-done">
            <h2 class="crw-title" tabindex="-1" data-crw-focus="">{ title }</h2>
            <p class={classes!("crw-status", (props.status != SendStatus::Sent).then_some("crw-status--queued"))} role="status">{ detail }</p>
            if props.booking_url.is_some() {
                <p class="crw-lead">{ ui.t("book_call_detail") }</p>
            }
            <div class="crw-actions">
                if let Some(url) = props.booking_url.clone() {
                    // a plain link: it opens however the visitor opens links, and says so
                    <a class="crw-button crw-button--primary crw-booking" href={url} target="_blank" rel="noopener noreferrer" onclick={booking}>
                        { ui.t("book_call") }<span class="crw-sr-only">{ " " }{ ui.t("new_tab") }</span>
                    </a>
                }
                if props.has_report {
                    <button type="button" class={classes!("crw-button", props.booking_url.is_none().then_some("crw-button--primary"))} onclick={results}>{ ui.t("results_title") }</button>
                }
            </div>
            if let (Some(lead), true) = (props.lead.clone(), props.has_report) {
                <KeepReport {lead} />
            }
        </div>
    }
}
