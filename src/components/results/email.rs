//! "Email me this report" on the results screen: an address and the consent `report_email`,
//! checked by the core before sending; then a word to check the inbox. Not a contact
//! request.

use readiness::lead::{
    ContactField, Email, FieldError, FieldPath, ReportRequestSubmission, REPORT_EMAIL,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::hooks::{use_report_request, RequestState};
use crate::ui::use_ui;

/// Props of [`EmailReport`].
#[derive(Properties, PartialEq)]
pub struct EmailReportProps {
    /// The lead endpoint the request goes beside.
    pub endpoint: AttrValue,
    /// The request for an address (with a new key), from the journey.
    pub request: Callback<String, Option<ReportRequestSubmission>>,
}

const ADDRESS: &str = "crw-email-report-address";
const CONSENT: &str = "crw-email-report-consent";

/// The offer and its small form.
#[function_component]
pub fn EmailReport(props: &EmailReportProps) -> Html {
    let ui = use_ui();
    let (state, send) = use_report_request(props.endpoint.to_string());
    let address = use_state(String::new);
    let consented = use_state(|| false);
    // the checks shown: the core's, after a send was tried, and then the server's
    let tried = use_state(|| false);
    let status = use_node_ref();
    {
        let status = status.clone();
        use_effect_with(state == RequestState::Sent, move |sent| {
            if *sent {
                if let Some(element) = status.cast::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            }
        });
    }
    let quiz = ui.quiz.clone();
    let message = |error: &FieldError| error.message(&quiz, ui.locale.as_str());
    let server = |path: FieldPath| match &state {
        RequestState::Invalid(errors) => errors.iter().find(|e| e.field == path).map(message),
        _ => None,
    };
    let address_error = (*tried && Email::parse(&address).is_none())
        .then(|| ui.texts().get("error.email_invalid").to_owned())
        .or_else(|| server(FieldPath::Contact(ContactField::Email)));
    let consent_error = (*tried && !*consented)
        .then(|| ui.t("email_report_consent_needed"))
        .or_else(|| server(FieldPath::Consent(REPORT_EMAIL.to_owned())));
    let submit = {
        let (address, consented, tried) = (address.clone(), consented.clone(), tried.clone());
        let (request, send) = (props.request.clone(), send.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            tried.set(true);
            if Email::parse(&address).is_some() && *consented {
                if let Some(submission) = request.emit(address.to_string()) {
                    send.emit(submission);
                }
            }
        })
    };
    let edit = {
        let address = address.clone();
        Callback::from(move |e: InputEvent| {
            address.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let toggle = {
        let consented = consented.clone();
        Callback::from(move |_: Event| consented.set(!*consented))
    };
    let sending = state == RequestState::Sending;
    html! {
        <section class="crw-section crw-email-report" aria-labelledby="crw-email-report-title">
            <h3 id="crw-email-report-title" class="crw-subtitle">{ ui.t("email_report_title") }</h3>
            if state == RequestState::Sent {
                <p ref={status} class="crw-status" role="status" tabindex="-1">{ ui.t("email_report_sent") }</p>
            } else {
                <p>{ ui.t("email_report_lead") }</p>
                <form class="crw-email-report-form" novalidate=true onsubmit={submit}>
                    <div class={classes!("crw-field", address_error.is_some().then_some("crw-field--invalid"))}>
                        <label for={ADDRESS}>{ ui.t("email") }</label>
                        <input id={ADDRESS} type="email" name="email" autocomplete="email" value={(*address).clone()} oninput={edit}
                            aria-invalid={address_error.is_some().then_some("true")}
                            aria-describedby={address_error.is_some().then(|| format!("{ADDRESS}-error"))} />
                        if let Some(error) = &address_error {
                            <p id={format!("{ADDRESS}-error")} class="crw-field-error">{ error }</p>
                        }
                    </div>
                    <div class={classes!("crw-consent", consent_error.is_some().then_some("crw-consent--invalid"))}>
                        <input type="checkbox" id={CONSENT} checked={*consented} onchange={toggle}
                            aria-invalid={consent_error.is_some().then_some("true")}
                            aria-describedby={consent_error.is_some().then(|| format!("{CONSENT}-error"))} />
                        <label for={CONSENT}>{ ui.texts().item("consent", REPORT_EMAIL, "text") }</label>
                        if let Some(error) = &consent_error {
                            <p id={format!("{CONSENT}-error")} class="crw-field-error">{ error }</p>
                        }
                    </div>
                    <div class="crw-actions">
                        <button type="submit" class="crw-button" aria-disabled={sending.then_some("true")}>
                            { ui.t(if sending { "sending" } else { "email_report_send" }) }
                        </button>
                    </div>
                </form>
                <p class={classes!("crw-keep-status", (state == RequestState::Failed).then_some("crw-keep-status--failed"))} role="status">
                    { if state == RequestState::Failed { ui.t("email_report_failed") } else { String::new() } }
                </p>
            }
        </section>
    }
}
