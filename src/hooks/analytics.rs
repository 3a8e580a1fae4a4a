//! Analytics, all in one place: CustomEvents on the host element (and `dataLayer` when the
//! embed asks) as the visitor moves and as their lead is sent, and the steps counted for the
//! agency's funnel (`crate::funnel`; the report request and the booking click record
//! theirs where they happen). No personal data: question ids, the verdict, readiness, tier
//! and the first start-here channel.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::prelude::*;

use crate::effects;
use crate::funnel::{beacon, question, step as event};
use crate::journey::{Journey, SendStatus, Step};

/// Analytics events on the host element as the visitor moves; no personal data.
#[hook]
pub fn use_analytics(journey: &UseReducerHandle<Journey>, host: Option<Element>) {
    let step = journey.step;
    let quiz = Rc::clone(&journey.quiz);
    let report = journey.report.clone();
    let data_layer = journey.config.data_layer;
    let submitted = journey.outgoing.as_ref().map(|l| l.idempotency_key.clone());
    let send = journey.send.clone();
    use_funnel(journey);
    {
        let host = host.clone();
        use_effect_with(step, move |step| {
            let Some(host) = host else { return };
            step_event(&host, *step, &quiz, report.as_deref(), data_layer);
        });
    }
    {
        let host = host.clone();
        use_effect_with(submitted, move |submitted| {
            if let (Some(_), Some(host)) = (submitted, host) {
                effects::emit(&host, "submit", &[], data_layer);
            }
        });
    }
    use_effect_with(send, move |send| {
        let name = match send {
            SendStatus::Sent => "sent",
            SendStatus::Queued => "queued",
            SendStatus::Rejected(_) => "error",
            SendStatus::Idle | SendStatus::Sending => return,
        };
        if let Some(host) = host {
            effects::emit(&host, name, &[], data_layer);
        }
    });
}

/// The event of a step: `start` and `step` on questions, `complete` on the results.
fn step_event(
    host: &Element,
    step: Step,
    quiz: &readiness::Quiz,
    report: Option<&readiness::Assessment>,
    data_layer: bool,
) {
    match step {
        Step::Question(index) => {
            let question = quiz.questions()[index].id.to_string();
            if quiz.next_question(&readiness::Answers::new(), None) == Some(index) {
                effects::emit(host, "start", &[], data_layer);
            }
            effects::emit(
                host,
                "step",
                &[
                    ("question", JsValue::from_str(&question)),
                    ("index", JsValue::from(index as u32)),
                ],
                data_layer,
            );
        }
        Step::Results => match report {
            Some(readiness::Assessment::Scored(report)) => {
                let detail = [
                    ("verdict", JsValue::from_str("scored")),
                    ("readiness", JsValue::from(report.readiness)),
                    ("tier", JsValue::from_str(report.tier.as_str())),
                    (
                        "top_channel",
                        JsValue::from_str(report.start_here().next().map_or("", |c| c.id.as_str())),
                    ),
                ];
                effects::emit(host, "complete", &detail, data_layer);
            }
            Some(readiness::Assessment::NotEnoughAnswers(_)) => {
                let detail = [("verdict", JsValue::from_str("not_enough_answers"))];
                effects::emit(host, "complete", &detail, data_layer);
            }
            None => {}
        },
        _ => {}
    }
}

/// The journey's steps for the funnel: seen on mount, then started, each question shown
/// and answered, the results, the form, the lead, a language switch.
#[hook]
fn use_funnel(journey: &UseReducerHandle<Journey>) {
    {
        let config = Rc::clone(&journey.config);
        let quiz = Rc::clone(&journey.quiz);
        let attribution = journey.attribution.clone();
        let locale = journey.locale.to_string();
        use_effect_with((), move |()| {
            let page = web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .unwrap_or_default();
            let facts = crate::funnel::Journey {
                // random, in memory only: a fresh one on every page load
                id: effects::new_idempotency_key().replace('-', ""),
                quiz_version: quiz.version().to_owned(),
                page,
                source: attribution.utm_source.unwrap_or_default(),
                medium: attribution.utm_medium.unwrap_or_default(),
                campaign: attribution.utm_campaign.unwrap_or_default(),
            };
            beacon::start(config.analytics, &config.endpoint, facts, &locale);
            beacon::record(event("seen"));
        });
    }
    {
        let quiz = Rc::clone(&journey.quiz);
        let report = journey.report.clone();
        use_effect_with(journey.step, move |step| match *step {
            Step::Question(index) => {
                if quiz.next_question(&readiness::Answers::new(), None) == Some(index) {
                    beacon::record(event("started"));
                }
                beacon::record(question("shown", quiz.questions()[index].id.as_str()));
            }
            Step::Results => {
                let scored = report.as_deref().and_then(readiness::Assessment::report);
                beacon::record(readiness::funnel::EventInput {
                    tier: scored.map(|r| r.tier.to_string()),
                    channel: scored
                        .and_then(|r| r.start_here().next())
                        .map(|c| c.id.to_string()),
                    ..event("results")
                });
            }
            Step::Contact => beacon::record(event("form_opened")),
            _ => {}
        });
    }
    use_effect_with(journey.answers.clone(), |answers| {
        for (question_id, _) in answers.iter() {
            beacon::record(question("answered", question_id.as_str()));
        }
    });
    use_effect_with(journey.outgoing.is_some(), |sent| {
        if *sent {
            beacon::record(event("lead_sent"));
        }
    });
    {
        let mounted = use_mut_ref(|| false);
        use_effect_with(journey.locale.clone(), move |locale| {
            if std::mem::replace(&mut *mounted.borrow_mut(), true) {
                beacon::set_locale(locale.as_str());
                beacon::record(event("language_switched"));
            }
        });
    }
}
