//! Delivery: each new lead is written to the outbox before its request goes out, and a
//! loop delivers queued leads while the widget lives, at once when woken and whenever the
//! next retry is due (also leads queued on an earlier visit). What an attempt came to goes
//! back to the journey as an `Action::Delivery`; the rules are in `crate::outbox`.

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::StreamExt;
use yew::prelude::*;

use crate::effects;
use crate::journey::{Action, Journey};
use crate::outbox::{device, Entry};

/// Starts the delivery loop and writes new leads to the outbox, waking the loop.
#[hook]
pub fn use_delivery(journey: &UseReducerHandle<Journey>) {
    let wake = use_delivery_loop(journey.dispatcher());
    use_outgoing(journey, wake);
}

/// Writes each new lead to the outbox before its request goes out, then wakes delivery.
#[hook]
fn use_outgoing(journey: &UseReducerHandle<Journey>, wake: Rc<mpsc::UnboundedSender<()>>) {
    let outgoing = journey.outgoing.clone();
    let endpoint = journey.config.endpoint.clone();
    let dispatcher = journey.dispatcher();
    use_effect_with(
        outgoing.as_ref().map(|lead| lead.idempotency_key.clone()),
        move |key| {
            if let (Some(key), Some(lead)) = (key.clone(), outgoing) {
                let body = serde_json::to_string(&*lead).unwrap_or_default();
                let entry = Entry::new(key.clone(), endpoint, body);
                if device::add(entry.clone()) {
                    let _ = wake.unbounded_send(());
                } else {
                    // no storage on this device: one direct attempt, reported like any other
                    wasm_bindgen_futures::spawn_local(async move {
                        let attempted = device::send_once(&entry).await;
                        dispatcher.dispatch(Action::Delivery {
                            key,
                            outcome: attempted.outcome,
                            errors: attempted.errors,
                            lead_id: attempted.lead_id,
                        });
                    });
                }
            }
        },
    );
}

/// Delivers queued leads while the widget lives: at once when woken, then whenever the
/// next retry is due (also leads queued on an earlier visit).
#[hook]
fn use_delivery_loop(dispatcher: UseReducerDispatcher<Journey>) -> Rc<mpsc::UnboundedSender<()>> {
    let channel = use_memo((), |()| {
        let (sender, receiver) = mpsc::unbounded::<()>();
        (Rc::new(sender), Rc::new(Cell::new(Some(receiver))))
    });
    let (sender, receiver) = (Rc::clone(&channel.0), Rc::clone(&channel.1));
    use_effect_with((), move |()| {
        let alive = Rc::new(Cell::new(true));
        if let Some(mut wake) = receiver.take() {
            let alive = Rc::clone(&alive);
            wasm_bindgen_futures::spawn_local(async move {
                while alive.get() {
                    for attempted in device::flush(effects::now_ms()).await {
                        dispatcher.dispatch(Action::Delivery {
                            key: attempted.key,
                            outcome: attempted.outcome,
                            errors: attempted.errors,
                            lead_id: attempted.lead_id,
                        });
                    }
                    let wait = device::next_due_in_ms(effects::now_ms())
                        .unwrap_or(60_000.0)
                        .clamp(100.0, 60_000.0);
                    let sleep =
                        gloo_timers::future::sleep(std::time::Duration::from_millis(wait as u64));
                    let woken = futures::future::select(wake.next(), Box::pin(sleep)).await;
                    if let futures::future::Either::Left((None, _)) = woken {
                        break; // the widget is gone
                    }
                }
            });
        }
        move || alive.set(false)
    });
    sender
}
