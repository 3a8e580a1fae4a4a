//! The widget's root component: holds the journey, switches on its step, and runs the
//! effects the state asks for (focus, draft, outbox, analytics). Views stay in components.

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::StreamExt;
use readiness::lead::Attribution;
use readiness::{Locale, Quiz};
use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::prelude::*;

use crate::components::contact::ContactStep;
use crate::components::done::Done;
use crate::components::intro::Intro;
use crate::components::language::LanguageSwitcher;
use crate::components::launcher::Launcher;
use crate::components::question::QuestionStep;
use crate::components::results::Results;
use crate::config::{Config, Mode, Theme};
use crate::effects::{self, outbox};
use crate::journey::outbox::{Entry, Outcome};
use crate::journey::{Action, Draft, Field, Journey, SendStatus, Step};
use crate::ui::Ui;

/// What the widget runs with.
#[derive(Properties, Clone)]
pub struct AppProps {
    /// The embedded quiz.
    pub quiz: Rc<Quiz>,
    /// The embed's settings.
    pub config: Rc<Config>,
    /// The language to start in.
    pub locale: Locale,
    /// A saved journey to offer.
    #[prop_or_default]
    pub draft: Option<Draft>,
    /// Where the visitor came from.
    #[prop_or_default]
    pub attribution: Attribution,
    /// The element analytics events are dispatched on.
    #[prop_or_default]
    pub host: Option<Element>,
    /// In launcher mode, open the dialog at once.
    #[prop_or_default]
    pub open: bool,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.quiz, &other.quiz)
            && Rc::ptr_eq(&self.config, &other.config)
            && self.locale == other.locale
    }
}

/// The widget's root.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let journey = {
        let props = props.clone();
        use_reducer(move || {
            Journey::new(
                props.quiz,
                props.config,
                props.locale,
                props.draft,
                props.attribution,
            )
        })
    };
    let root = use_node_ref();
    let wake = use_delivery_loop(
        journey.dispatcher(),
        props.host.clone(),
        props.config.data_layer,
    );
    use_focus(&root, journey.focus_epoch);
    use_draft(&journey);
    use_outgoing(&journey, wake);
    use_analytics(&journey, props.host.clone());

    let ui = Ui {
        quiz: Rc::clone(&journey.quiz),
        locale: journey.locale.clone(),
    };
    let dispatch = |make: fn(()) -> Action| {
        let journey = journey.clone();
        Callback::from(move |()| journey.dispatch(make(())))
    };
    let theme = match props.config.theme {
        Theme::Auto => "crw--auto",
        Theme::Light => "crw--light",
        Theme::Dark => "crw--dark",
    };
    let body = match journey.step {
        Step::Intro => html! {
            <Intro can_resume={journey.draft.is_some()}
                on_start={dispatch(|()| Action::Start { now_ms: effects::now_ms() })}
                on_resume={dispatch(|()| Action::Resume)} />
        },
        Step::Question(index) => {
            let question = journey.quiz.questions()[index].clone();
            let chosen = journey
                .answers
                .get(question.id.as_str())
                .map(<[_]>::to_vec)
                .unwrap_or_default();
            let on_choose = {
                let journey = journey.clone();
                Callback::from(move |option| journey.dispatch(Action::Choose(option)))
            };
            html! {
                <QuestionStep {question} {chosen} progress={journey.progress().unwrap_or(readiness::Progress { current: 0, total: 0 })}
                    can_next={journey.can_go_next()} {on_choose}
                    on_next={dispatch(|()| Action::Next)} on_back={dispatch(|()| Action::Back)} />
            }
        }
        Step::Results => match &journey.report {
            Some(assessment) => html! {
                <Results assessment={Rc::clone(assessment)} show_contact={journey.send == SendStatus::Idle || matches!(journey.send, SendStatus::Rejected(_))}
                    on_contact={dispatch(|()| Action::OpenContact)} on_back={dispatch(|()| Action::Back)}
                    on_answer_more={dispatch(|()| Action::AnswerMore)} />
            },
            None => html! {},
        },
        Step::Contact => contact_view(&journey, props),
        Step::Done => html! {
            <Done status={journey.send.clone()} has_report={journey.report.is_some()} on_results={dispatch(|()| Action::OpenResults)} />
        },
    };
    let announcement = match (journey.step, &journey.report) {
        (Step::Results, Some(assessment)) => headline(&ui.texts(), assessment),
        _ => journey
            .progress()
            .map(|p| {
                ui.texts().fill(
                    "ui.progress",
                    &[
                        ("current", &p.current.to_string()),
                        ("total", &p.total.to_string()),
                    ],
                )
            })
            .unwrap_or_default(),
    };
    let on_locale = {
        let journey = journey.clone();
        Callback::from(move |locale| journey.dispatch(Action::SetLocale(locale)))
    };
    let widget = html! {
        <section class={classes!("crw", theme)} lang={ui.locale.to_string()} ref={root} aria-label={ui.t("intro_title")}>
            <div class="crw-bar-top"><LanguageSwitcher on_change={on_locale} /></div>
            { body }
            <div class="crw-sr-only" aria-live="polite" aria-atomic="true">{ announcement }</div>
        </section>
    };
    html! {
        <ContextProvider<Ui> context={ui.clone()}>
            if props.config.mode == Mode::Launcher {
                <Launcher open={props.open}>{ widget }</Launcher>
            } else {
                { widget }
            }
        </ContextProvider<Ui>>
    }
}

fn contact_view(journey: &UseReducerHandle<Journey>, props: &AppProps) -> Html {
    let values = Field::TEXT_FIELDS
        .iter()
        .map(|f| journey.form.value(f).to_owned())
        .collect::<Vec<_>>();
    let consented = journey
        .form
        .consents
        .iter()
        .filter(|(_, &v)| v)
        .map(|(k, _)| k.clone())
        .collect::<Vec<_>>();
    let countries = effects::country_names(journey.locale.as_str());
    let teaser = match (props.config.gate, &journey.report) {
        (crate::config::Gate::Before, Some(assessment)) => Some(headline(
            &journey.quiz.texts(journey.locale.as_str()),
            assessment,
        )),
        _ => None,
    };
    let on_edit = {
        let journey = journey.clone();
        Callback::from(move |(field, value)| journey.dispatch(Action::Edit(field, value)))
    };
    let on_blur = {
        let journey = journey.clone();
        Callback::from(move |field| journey.dispatch(Action::Blur(field)))
    };
    let on_consent = {
        let journey = journey.clone();
        Callback::from(move |purpose| journey.dispatch(Action::ToggleConsent(purpose)))
    };
    let on_submit = {
        let journey = journey.clone();
        Callback::from(move |()| {
            journey.dispatch(Action::Submit {
                key: effects::new_idempotency_key(),
                now_ms: effects::now_ms(),
            })
        })
    };
    let on_back = {
        let journey = journey.clone();
        Callback::from(move |()| journey.dispatch(Action::Back))
    };
    html! {
        <ContactStep {values} honeypot={journey.form.honeypot.clone()} {consented} errors={journey.visible_errors()}
            sending={journey.send == SendStatus::Sending} {countries} privacy_url={props.config.privacy_url.clone()} {teaser}
            {on_edit} {on_blur} {on_consent} {on_submit} {on_back} />
    }
}

/// Moves focus to the new step's heading or the error summary when the state asks.
#[hook]
fn use_focus(root: &NodeRef, epoch: u32) {
    let root = root.clone();
    use_effect_with(epoch, move |epoch| {
        if *epoch > 0 {
            if let Some(element) = root.cast::<Element>() {
                effects::focus_marked(&element);
            }
        }
    });
}

/// Keeps the draft on the device so a reload can resume.
#[hook]
fn use_draft(journey: &UseReducerHandle<Journey>) {
    let draft = journey.to_draft();
    let finished = matches!(journey.send, SendStatus::Sent | SendStatus::Queued);
    use_effect_with((draft, finished), |(draft, finished)| {
        if *finished {
            effects::save_draft(None);
        } else if draft.is_some() {
            effects::save_draft(draft.as_ref());
        }
    });
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
                let entry = Entry {
                    key: key.clone(),
                    endpoint,
                    body,
                    attempts: 0,
                    next_attempt_ms: 0.0,
                    in_flight_until_ms: 0.0,
                };
                if outbox::add(entry.clone()) {
                    let _ = wake.unbounded_send(());
                } else {
                    // no storage on this device: one direct attempt, reported like any other
                    wasm_bindgen_futures::spawn_local(async move {
                        let report = outbox::send_once(&entry).await;
                        dispatcher.dispatch(Action::Delivery {
                            key,
                            status: status_of(report.outcome, report.errors),
                        });
                    });
                }
            }
        },
    );
}

fn status_of(outcome: Outcome, errors: Vec<readiness::lead::FieldError>) -> SendStatus {
    match outcome {
        Outcome::Acknowledged => SendStatus::Sent,
        Outcome::RetryLater => SendStatus::Queued,
        Outcome::Refused => SendStatus::Rejected(errors),
    }
}

/// Delivers queued leads while the widget lives: at once when woken, then whenever the
/// next retry is due (also leads queued on an earlier visit).
#[hook]
fn use_delivery_loop(
    dispatcher: UseReducerDispatcher<Journey>,
    host: Option<Element>,
    data_layer: bool,
) -> Rc<mpsc::UnboundedSender<()>> {
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
                    for report in outbox::flush(effects::now_ms()).await {
                        if let Some(host) = &host {
                            let name = match report.outcome {
                                Outcome::Acknowledged => "sent",
                                Outcome::RetryLater => "queued",
                                Outcome::Refused => "error",
                            };
                            effects::emit(host, name, &[], data_layer);
                        }
                        dispatcher.dispatch(Action::Delivery {
                            key: report.key,
                            status: status_of(report.outcome, report.errors),
                        });
                    }
                    let wait = outbox::next_due_in_ms(effects::now_ms())
                        .unwrap_or(60_000.0)
                        .clamp(100.0, 60_000.0);
                    let sleep =
                        yew::platform::time::sleep(std::time::Duration::from_millis(wait as u64));
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

/// Analytics events on the host element as the visitor moves; no personal data.
#[hook]
fn use_analytics(journey: &UseReducerHandle<Journey>, host: Option<Element>) {
    let step = journey.step;
    let quiz = Rc::clone(&journey.quiz);
    let report = journey.report.clone();
    let data_layer = journey.config.data_layer;
    let submitted = journey.outgoing.as_ref().map(|l| l.idempotency_key.clone());
    {
        let host = host.clone();
        use_effect_with(step, move |step| {
            let Some(host) = host else { return };
            match step {
                Step::Question(index) => {
                    let question = quiz.questions()[*index].id.to_string();
                    if quiz.next_question(&readiness::Answers::new(), None) == Some(*index) {
                        effects::emit(&host, "start", &[], data_layer);
                    }
                    effects::emit(
                        &host,
                        "step",
                        &[
                            ("question", JsValue::from_str(&question)),
                            ("index", JsValue::from(*index as u32)),
                        ],
                        data_layer,
                    );
                }
                Step::Results => match report.as_deref() {
                    Some(readiness::Assessment::Scored(report)) => {
                        let detail = [
                            ("verdict", JsValue::from_str("scored")),
                            ("readiness", JsValue::from(report.readiness)),
                            ("tier", JsValue::from_str(report.tier.as_str())),
                            (
                                "top_channel",
                                JsValue::from_str(
                                    report.start_here().next().map_or("", |c| c.id.as_str()),
                                ),
                            ),
                        ];
                        effects::emit(&host, "complete", &detail, data_layer);
                    }
                    Some(readiness::Assessment::NotEnoughAnswers(_)) => {
                        let detail = [("verdict", JsValue::from_str("not_enough_answers"))];
                        effects::emit(&host, "complete", &detail, data_layer);
                    }
                    None => {}
                },
                _ => {}
            }
        });
    }
    use_effect_with(submitted, move |submitted| {
        if let (Some(_), Some(host)) = (submitted, host) {
            effects::emit(&host, "submit", &[], data_layer);
        }
    });
}

/// The one-line outcome, announced to screen readers and shown above a form that comes
/// first: "Readiness 62/100 (Ready to launch)", or that more answers are needed.
fn headline(texts: &readiness::text::Texts<'_>, assessment: &readiness::Assessment) -> String {
    match assessment {
        readiness::Assessment::Scored(report) => {
            let tier = texts.item("tier", report.tier.as_str(), "name");
            texts.fill(
                "summary.readiness",
                &[("score", &report.readiness.to_string()), ("tier", tier)],
            )
        }
        readiness::Assessment::NotEnoughAnswers(_) => texts.get("ui.not_enough_title").to_owned(),
    }
}
