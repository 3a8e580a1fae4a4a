//! The results step: the report, or, when too few real answers were given for a verdict, a
//! request for more answers (no score, no ranking).

mod channels;
mod email;
mod shortfall;

use std::rc::Rc;

use readiness::{Assessment, Report};
use yew::prelude::*;

use crate::components::charts::{Bar, BarChart};
use crate::ui::use_ui;
use channels::ChannelList;
use email::EmailReport;
use shortfall::NotEnough;

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// What the quiz made of the answers.
    pub assessment: Rc<Assessment>,
    /// Show the contact call to action (not once the lead is sent).
    pub show_contact: bool,
    /// Open the contact form.
    pub on_contact: Callback<()>,
    /// Go back to the questions.
    pub on_back: Callback<()>,
    /// Go to the first question without a real answer.
    pub on_answer_more: Callback<()>,
    /// The lead endpoint, beside which the report can be asked for by email.
    pub endpoint: AttrValue,
    /// The request for the report by email to an address, from the journey.
    pub email_request: Callback<String, Option<readiness::lead::ReportRequestSubmission>>,
    /// The visitor's industry, which their readiness is compared within.
    pub industry: Option<AttrValue>,
}

/// The results step.
#[function_component]
pub fn Results(props: &ResultsProps) -> Html {
    let ui = use_ui();
    let contact = props.on_contact.reform(|_: MouseEvent| ());
    let back = props.on_back.reform(|_: MouseEvent| ());
    // without a verdict, answering more is the step to take; contact stays possible
    let scored = props.assessment.report().is_some();
    let body = match props.assessment.as_ref() {
        Assessment::Scored(report) => html! {
            <>
                <ReportView report={Rc::new(report.clone())} endpoint={props.endpoint.clone()} industry={props.industry.clone()} />
                <EmailReport endpoint={props.endpoint.clone()} request={props.email_request.clone()} />
            </>
        },
        Assessment::NotEnoughAnswers(shortfall) => html! {
            <NotEnough shortfall={shortfall.clone()} on_answer_more={props.on_answer_more.clone()} />
        },
    };
    html! {
        <div class="crw-step crw-results">
            { body }
            <div class="crw-actions crw-actions--split">
                <button type="button" class="crw-button" onclick={back}>{ ui.t("back") }</button>
                if props.show_contact {
                    <button type="button" class={classes!("crw-button", "crw-contact", scored.then_some("crw-button--primary"))} onclick={contact}>{ ui.t("contact_title") }</button>
                }
            </div>
        </div>
    }
}

/// Props of [`ReportView`].
#[derive(Properties, PartialEq)]
struct ReportViewProps {
    report: Rc<Report>,
    endpoint: AttrValue,
    industry: Option<AttrValue>,
}

/// Readiness and tier, where to start and what waits, the charts, blockers and steps.
#[function_component]
fn ReportView(props: &ReportViewProps) -> Html {
    let ui = use_ui();
    let texts = ui.texts();
    let report = &props.report;
    let industry = props.industry.as_deref();
    let peers = crate::hooks::use_comparison(&props.endpoint, industry, report.readiness);
    let item = |kind: &str, id: &str, field: &str| texts.item(kind, id, field).to_owned();
    let dimension_bars: Vec<Bar> = report
        .dimensions
        .iter()
        .map(|d| Bar {
            label: item("dimension", d.id.as_str(), "name"),
            value: d.score,
            highlight: !d.weak,
        })
        .collect();
    let channel_bars: Vec<Bar> = report
        .channels
        .iter()
        .map(|c| Bar {
            label: item("channel", c.id.as_str(), "name"),
            value: Some(c.fit),
            highlight: c.start_here,
        })
        .collect();
    let confidence = texts.get(&format!("confidence.{}", report.confidence_level.as_str()));
    let start: Vec<_> = report.start_here().cloned().collect();
    let later: Vec<_> = report.later().cloned().collect();
    html! {
        <>
            <h2 class="crw-title" tabindex="-1" data-crw-focus="">{ ui.t("results_title") }</h2>
            <div class="crw-score">
                <p class="crw-score-number">
                    <span class="crw-score-value">{ report.readiness }</span>
                    <span class="crw-score-max">{ "/100" }</span>
                </p>
                <div>
                    <p class="crw-score-label">{ ui.t("readiness") }{ texts.get("meta.label_separator") }<strong>{ item("tier", report.tier.as_str(), "name") }</strong></p>
                    <p class="crw-score-detail">{ item("tier", report.tier.as_str(), "description") }</p>
                    <p class="crw-score-detail">{ ui.t("confidence") }{ texts.get("meta.label_separator") }{ confidence }</p>
                </div>
            </div>
            if let Some((line, basis)) = peers.map(|place| texts.comparison(place)) {
                <p class="crw-peers">
                    <strong>{ line }</strong>
                    <span class="crw-peers-basis">{ basis }</span>
                </p>
            }
            <ChannelList id="crw-start" title={ui.t("start_here_title")} lead={ui.t("start_here_lead")}
                empty={Some(ui.t("no_start_here"))} channels={start} />
            if !later.is_empty() {
                <ChannelList id="crw-later" title={ui.t("later_title")} lead={ui.t("later_lead")}
                    empty={None::<String>} channels={later} />
            }
            <div class="crw-charts">
                <BarChart title={ui.t("dimensions_title")} bars={dimension_bars} value_header={ui.t("readiness")} unknown={texts.get("explain.not_enough").to_owned()} />
                <BarChart title={ui.t("channels_title")} bars={channel_bars} value_header={ui.t("channels_title")} unknown={texts.get("explain.not_enough").to_owned()} />
            </div>
            <section class="crw-section" aria-labelledby="crw-blockers-title">
                <h3 id="crw-blockers-title" class="crw-subtitle">{ ui.t("blockers_title") }</h3>
                if report.blockers.is_empty() {
                    <p>{ ui.t("no_blockers") }</p>
                } else {
                    <ul class="crw-blockers">
                        { for report.blockers.iter().map(|b| html! {
                            <li><strong>{ item("blocker", b.as_str(), "title") }</strong><br />{ item("blocker", b.as_str(), "detail") }</li>
                        }) }
                    </ul>
                }
            </section>
            <section class="crw-section" aria-labelledby="crw-steps-title">
                <h3 id="crw-steps-title" class="crw-subtitle">{ ui.t("next_steps_title") }</h3>
                <ol class="crw-steps">
                    { for report.next_steps.iter().map(|s| html! {
                        <li><strong>{ item("next_step", s.as_str(), "title") }</strong><br />{ item("next_step", s.as_str(), "detail") }</li>
                    }) }
                </ol>
            </section>
        </>
    }
}
