//! The widget's root component: holds the journey, switches on its step, and calls the
//! hooks that run the effects the state asks for (`crate::hooks`). Views stay in components.

use std::rc::Rc;

use readiness::lead::{Attribution, ContactField};
use readiness::{Locale, Quiz};
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
use crate::effects;
use crate::hooks::{use_analytics, use_delivery, use_draft, use_focus, use_texts};
use crate::journey::{Action, Draft, Journey, Prelude, SendStatus, Step};
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
    /// What the visitor did on the prerendered first screen, when the widget hydrates it.
    #[prop_or_default]
    pub prelude: Prelude,
    /// The loader's URL: other languages' texts are fetched from beside it.
    #[prop_or_default]
    pub loader_src: Option<AttrValue>,
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
            .after_prelude(&props.prelude)
        })
    };
    let root = use_node_ref();
    {
        // what was asked on the prerendered screen that changes the screen: done now that the
        // widget has taken it over as it was
        let (journey, prelude) = (journey.clone(), props.prelude.clone());
        use_effect_with((), move |()| {
            if let Some(locale) = prelude.switch_to {
                journey.dispatch(Action::SetLocale(locale));
            }
            if prelude.resume {
                journey.dispatch(Action::Resume);
            }
            if prelude.next {
                journey.dispatch(Action::Next);
            }
        });
    }
    use_delivery(&journey);
    use_focus(&root, journey.focus_epoch);
    use_draft(&journey);
    use_texts(&journey, props.loader_src.clone());
    use_analytics(&journey, props.host.clone());

    let ui = Ui {
        quiz: Rc::clone(&journey.quiz),
        locale: journey.locale.clone(),
    };
    let dispatch = |make: fn(()) -> Action| make_callback(&journey, make);
    let config = Rc::clone(&journey.config);
    let theme = match config.theme {
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
            let on_choose = make_callback(&journey, Action::Choose);
            html! {
                <QuestionStep {question} {chosen} progress={journey.progress().unwrap_or(readiness::Progress { current: 0, total: 0 })}
                    can_next={journey.can_go_next()} {on_choose}
                    on_next={dispatch(|()| Action::Next)} on_back={dispatch(|()| Action::Back)} />
            }
        }
        Step::Results => match &journey.report {
            Some(assessment) => html! {
                <Results assessment={Rc::clone(assessment)} show_contact={journey.can_contact()}
                    on_contact={dispatch(|()| Action::OpenContact)} on_back={dispatch(|()| Action::Back)}
                    on_answer_more={dispatch(|()| Action::AnswerMore)}
                    endpoint={journey.config.endpoint.clone()} email_request={email_request(&journey)}
                    industry={industry(&journey)} />
            },
            None => html! {},
        },
        Step::Contact => contact_view(&journey),
        Step::Done => html! {
            <Done status={journey.send.clone()} has_report={journey.report.is_some()} on_results={dispatch(|()| Action::OpenResults)}
                booking_url={journey.booking_url().map(AttrValue::from)} on_booking={on_booking(&journey, props.host.clone())}
                lead={acknowledged(&journey)} />
        },
    };
    let announcement = match (journey.step, &journey.report) {
        (Step::Results, Some(assessment)) => ui.texts().headline(assessment),
        _ => journey
            .progress()
            .map(|p| ui.texts().progress(p))
            .unwrap_or_default(),
    };
    let on_locale = make_callback(&journey, Action::SetLocale);
    let widget = html! {
        <section class={classes!("crw", theme)} lang={ui.locale.to_string()} ref={root} aria-label={ui.t("intro_title")}>
            <div class="crw-bar-top"><LanguageSwitcher on_change={on_locale} fetch={journey.texts.clone()} /></div>
            { body }
            <div class="crw-sr-only" aria-live="polite" aria-atomic="true">{ announcement }</div>
        </section>
    };
    html! {
        <ContextProvider<Ui> context={ui.clone()}>
            if config.mode == Mode::Launcher {
                <Launcher open={props.open}>{ widget }</Launcher>
            } else {
                { widget }
            }
        </ContextProvider<Ui>>
    }
}

fn contact_view(journey: &UseReducerHandle<Journey>) -> Html {
    let values = ContactField::ALL
        .into_iter()
        .map(|f| journey.form.value(&f.into()).to_owned())
        .collect::<Vec<_>>();
    let consented = journey.form.consents.clone();
    let countries = effects::country_names(journey.locale.as_str());
    let teaser = match (journey.config.gate, &journey.report) {
        (crate::config::Gate::Before, Some(assessment)) => Some(
            journey
                .quiz
                .texts(journey.locale.as_str())
                .headline(assessment),
        ),
        _ => None,
    };
    let on_edit = make_callback(journey, |(field, value)| Action::Edit(field, value));
    let on_blur = make_callback(journey, Action::Blur);
    let on_consent = make_callback(journey, Action::ToggleConsent);
    let on_submit = make_callback(journey, |()| Action::Submit {
        key: effects::new_idempotency_key(),
        now_ms: effects::now_ms(),
    });
    let on_back = make_callback(journey, |()| Action::Back);
    html! {
        <ContactStep {values} honeypot={journey.form.honeypot.clone()} {consented} errors={journey.visible_errors()}
            sending={journey.send == SendStatus::Sending} {countries} privacy_url={journey.config.privacy_url.clone()} {teaser}
            {on_edit} {on_blur} {on_consent} {on_submit} {on_back} />
    }
}

/// A callback that turns what a component reports into an action on the journey (as in
/// yew's todomvc).
fn make_callback<E: 'static>(
    journey: &UseReducerHandle<Journey>,
    action: impl Fn(E) -> Action + 'static,
) -> Callback<E> {
    let journey = journey.clone();
    Callback::from(move |event| journey.dispatch(action(event)))
}

/// The report by email to an address: the journey's request, with a new key.
fn email_request(
    journey: &UseReducerHandle<Journey>,
) -> Callback<String, Option<readiness::lead::ReportRequestSubmission>> {
    let journey = journey.clone();
    Callback::from(move |email: String| {
        journey.report_request(&email, effects::new_idempotency_key())
    })
}

/// The lead as the intake acknowledged it (its id, and the key that proves the visitor sent
/// it), for the requests made after it.
fn acknowledged(journey: &Journey) -> Option<crate::hooks::LeadRef> {
    let key = journey.outgoing.as_ref()?.idempotency_key.clone();
    Some(crate::hooks::LeadRef {
        endpoint: journey.config.endpoint.clone(),
        id: journey.lead_id.clone()?,
        key,
    })
}

/// The visitor opened the booking page: an analytics event, and the time recorded on their
/// lead once the server has acknowledged it (proved by the lead's idempotency key).
fn on_booking(journey: &UseReducerHandle<Journey>, host: Option<Element>) -> Callback<()> {
    let endpoint = journey.config.endpoint.clone();
    let data_layer = journey.config.data_layer;
    let lead = journey.lead_id.clone().zip(
        journey
            .outgoing
            .as_ref()
            .map(|lead| lead.idempotency_key.clone()),
    );
    Callback::from(move |()| {
        if let Some(host) = &host {
            effects::emit(host, "booking", &[], data_layer);
        }
        crate::funnel::beacon::record(crate::funnel::step("booking_clicked"));
        if let Some((id, key)) = lead.clone() {
            effects::record_booking(&endpoint, &id, &key);
        }
    })
}

/// The visitor's industry (what "How do you compare?" compares within), if answered.
fn industry(journey: &Journey) -> Option<AttrValue> {
    readiness::benchmark::industry(&journey.answers).map(|i| AttrValue::from(i.to_owned()))
}
