//! The report: readiness and tier, the dimension and channel charts, the top channels and
//! why, blockers, and the first three steps.

use std::rc::Rc;

use readiness::Report;
use yew::prelude::*;

use crate::components::charts::{Bar, BarChart};
use crate::ui::use_ui;

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// The report.
    pub report: Rc<Report>,
    /// Show the contact call to action (not once the lead is sent).
    pub show_contact: bool,
    /// Open the contact form.
    pub on_contact: Callback<()>,
    /// Go back to the questions.
    pub on_back: Callback<()>,
}

/// The results step.
#[function_component]
pub fn Results(props: &ResultsProps) -> Html {
    let ui = use_ui();
    let texts = ui.texts();
    let report = &props.report;
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
            highlight: c.recommended,
        })
        .collect();
    let contact = props.on_contact.reform(|_: MouseEvent| ());
    let back = props.on_back.reform(|_: MouseEvent| ());
    let confidence = texts.get(&format!("confidence.{}", report.confidence_level.as_str()));
    html! {
        <div class="crw-step crw-results">
            <h2 class="crw-title" tabindex="-1" data-crw-focus="">{ ui.t("results_title") }</h2>
            <div class="crw-score">
                <p class="crw-score-number">
                    <span class="crw-score-value">{ report.readiness }</span>
                    <span class="crw-score-max">{ "/100" }</span>
                </p>
                <div>
                    <p class="crw-score-label">{ ui.t("readiness") }{ ": " }<strong>{ item("tier", report.tier.as_str(), "name") }</strong></p>
                    <p class="crw-score-detail">{ item("tier", report.tier.as_str(), "description") }</p>
                    <p class="crw-score-detail">{ ui.t("confidence") }{ ": " }{ confidence }</p>
                </div>
            </div>
            <section class="crw-section" aria-labelledby="crw-top-title">
                <h3 id="crw-top-title" class="crw-subtitle">{ ui.t("recommended_title") }</h3>
                <ol class="crw-channels">
                    { for report.channels.iter().filter(|c| c.recommended).map(|channel| html! {
                        <li class="crw-channel">
                            <p class="crw-channel-name">
                                <strong>{ item("channel", channel.id.as_str(), "name") }</strong>
                                { " · " }{ texts.fill("explain.score_out_of", &[("score", &channel.fit.to_string())]) }
                            </p>
                            <p class="crw-channel-summary">{ item("channel", channel.id.as_str(), "summary") }</p>
                            <ul class="crw-drivers">
                                { for channel.drivers.iter().map(|driver| html! {
                                    <li class={if driver.effect >= 0 { "crw-driver crw-driver--up" } else { "crw-driver crw-driver--down" }}>
                                        { texts.driver(driver) }
                                    </li>
                                }) }
                                { for channel.blocked_by.iter().map(|blocker| html! {
                                    <li class="crw-driver crw-driver--blocked">
                                        { texts.fill("explain.blocked_by", &[("blocker", texts.item("blocker", blocker.as_str(), "title"))]) }
                                    </li>
                                }) }
                            </ul>
                        </li>
                    }) }
                </ol>
            </section>
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
            <div class="crw-actions crw-actions--split">
                <button type="button" class="crw-button" onclick={back}>{ ui.t("back") }</button>
                if props.show_contact {
                    <button type="button" class="crw-button crw-button--primary" onclick={contact}>{ ui.t("contact_title") }</button>
                }
            </div>
        </div>
    }
}
