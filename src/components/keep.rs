//! "Keep this report" after the lead is acknowledged: a private link to the report's own
//! page (to print, save as PDF or forward), opened in a new tab or copied.

use yew::prelude::*;

use crate::hooks::{use_report_link, LeadRef, LinkState};
use crate::ui::use_ui;

/// Props of [`KeepReport`].
#[derive(Properties, PartialEq)]
pub struct KeepReportProps {
    /// The acknowledged lead.
    pub lead: LeadRef,
}

/// The offer, then the link; a polite status region says what happens.
#[function_component]
pub fn KeepReport(props: &KeepReportProps) -> Html {
    let ui = use_ui();
    let link = use_report_link(props.lead.clone());
    let opened = use_node_ref();
    // the button the visitor pressed is gone once the link is there: focus goes to the link
    {
        let opened = opened.clone();
        use_effect_with(matches!(link.state, LinkState::Ready(_)), move |ready| {
            if *ready {
                if let Some(anchor) = opened.cast::<web_sys::HtmlElement>() {
                    let _ = anchor.focus();
                }
            }
        });
    }
    let make = link.make.reform(|_: MouseEvent| ());
    let copy = link.copy.reform(|_: MouseEvent| ());
    let status = match (&link.state, link.copied) {
        (LinkState::Making, _) => ui.t("report_link_making"),
        (LinkState::Failed, _) => ui.t("report_link_failed"),
        (LinkState::Ready(_), true) => ui.t("report_copied"),
        _ => String::new(),
    };
    html! {
        <section class="crw-section crw-keep" aria-labelledby="crw-keep-title">
            <h3 id="crw-keep-title" class="crw-subtitle">{ ui.t("report_link") }</h3>
            <p>{ ui.t("report_link_detail") }</p>
            <div class="crw-actions">
                if let LinkState::Ready(url) = &link.state {
                    <a ref={opened} class="crw-button crw-report-open" href={url.clone()} target="_blank" rel="noopener noreferrer">
                        { ui.t("report_open") }<span class="crw-sr-only">{ " " }{ ui.t("new_tab") }</span>
                    </a>
                    <button type="button" class="crw-button crw-report-copy" onclick={copy}>{ ui.t("report_copy") }</button>
                } else {
                    <button type="button" class="crw-button crw-report-link" onclick={make}
                        disabled={link.state == LinkState::Making}>{ ui.t("report_link") }</button>
                }
            </div>
            <p class={classes!("crw-keep-status", (link.state == LinkState::Failed).then_some("crw-keep-status--failed"))} role="status">{ status }</p>
        </section>
    }
}
