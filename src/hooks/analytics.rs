//! Analytics, all in one place: CustomEvents on the host element (and `dataLayer` when the
//! embed asks) as the visitor moves and as their lead is sent. No personal data: question
//! ids, the verdict, readiness, tier and the first start-here channel.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::prelude::*;

use crate::effects;
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
