//! The journey's rules, natively: navigation, skip logic, gate, form checks, one lead per
//! submit.

use std::rc::Rc;

use readiness::lead::{Attribution, ContactField, FieldPath};
use readiness::{ItemId, Locale, OptionId};
use yew::Reducible;

use super::*;
use crate::config::Config;
use crate::outbox::Outcome;

fn quiz() -> Rc<Quiz> {
    crate::quiz::embedded().expect("the embedded quiz decodes")
}

fn start(gate: Gate) -> Rc<Journey> {
    let config = Rc::new(Config {
        gate,
        ..Config::default()
    });
    let locale = Locale::new("en").expect("locale");
    let journey = Rc::new(Journey::new(
        quiz(),
        config,
        locale,
        None,
        Attribution::default(),
    ));
    journey.reduce(Action::Start { now_ms: 1_000.0 })
}

fn act(journey: Rc<Journey>, actions: impl IntoIterator<Item = Action>) -> Rc<Journey> {
    actions.into_iter().fold(journey, Reducible::reduce)
}

fn pick(option: &str) -> Action {
    Action::Choose(OptionId::new(option).expect("option id"))
}

fn question_id(journey: &Journey) -> Option<String> {
    match journey.step {
        Step::Question(i) => Some(journey.quiz.questions()[i].id.to_string()),
        _ => None,
    }
}

/// Answers every question with its first option, or "b2b"/software to keep it short.
fn answer_all(mut journey: Rc<Journey>) -> Rc<Journey> {
    while let Step::Question(index) = journey.step {
        let question = &journey.quiz.questions()[index];
        let option = match question.id.as_str() {
            "industry" => "software_saas".to_owned(),
            "business_model" => "b2b".to_owned(),
            _ => question.options[0].id.to_string(),
        };
        journey = act(journey, [pick(&option), Action::Next]);
    }
    journey
}

fn fill_contact(journey: Rc<Journey>) -> Rc<Journey> {
    act(
        journey,
        [
            Action::Edit(Field::Contact(ContactField::Name), "Mikko Virtanen".into()),
            Action::Edit(Field::Contact(ContactField::Email), "mikko@saas.fi".into()),
            Action::Edit(Field::Contact(ContactField::Company), "Saas Oy".into()),
            Action::Edit(Field::Contact(ContactField::Country), "FI".into()),
            Action::Edit(Field::Contact(ContactField::Role), "CMO".into()),
            Action::ToggleConsent(ItemId::new("contact").expect("id")),
        ],
    )
}

#[test]
fn start_goes_to_the_first_question() {
    let journey = start(Gate::After);
    assert_eq!(question_id(&journey).as_deref(), Some("industry"));
    assert_eq!(journey.progress().map(|p| p.current), Some(1));
}

#[test]
fn next_waits_for_an_answer() {
    let journey = start(Gate::After);
    let still = act(journey, [Action::Next]);
    assert_eq!(question_id(&still).as_deref(), Some("industry"));
}

#[test]
fn back_keeps_the_answers() {
    let journey = act(
        start(Gate::After),
        [pick("beauty"), Action::Next, Action::Back],
    );
    assert_eq!(question_id(&journey).as_deref(), Some("industry"));
    assert_eq!(
        journey.answers.get("industry").map(|o| o[0].as_str()),
        Some("beauty")
    );
}

#[test]
fn skip_logic_leaves_out_audience_questions_for_b2b() {
    let journey = act(
        start(Gate::After),
        [
            pick("software_saas"),
            Action::Next,
            pick("b2b"),
            Action::Next,
        ],
    );
    assert_eq!(question_id(&journey).as_deref(), Some("goals"));
}

#[test]
fn the_default_gate_shows_results_before_the_form() {
    let journey = answer_all(start(Gate::After));
    assert_eq!(journey.step, Step::Results);
    assert!(journey.report.is_some());
}

#[test]
fn too_few_real_answers_end_in_a_request_for_more_that_leads_back_to_the_first_gap() {
    let mut journey = start(Gate::After);
    while let Step::Question(index) = journey.step {
        let question = &journey.quiz.questions()[index];
        let option = match question.id.as_str() {
            "industry" => "beauty".to_owned(),
            "business_model" => "b2c".to_owned(),
            _ => question
                .options
                .iter()
                .find(|o| o.dont_know)
                .or(question.options.last())
                .map(|o| o.id.to_string())
                .expect("options"),
        };
        journey = act(journey, [pick(&option), Action::Next]);
    }
    assert_eq!(journey.step, Step::Results);
    assert!(matches!(
        journey.report.as_deref(),
        Some(readiness::Assessment::NotEnoughAnswers(_))
    ));
    let journey = act(journey, [Action::AnswerMore]);
    assert_eq!(question_id(&journey).as_deref(), Some("audience_age"));
    assert_eq!(
        journey.answers.get("trademark").map(|o| o[0].as_str()),
        Some("dont_know"),
        "the answers given are kept"
    );
}

#[test]
fn the_before_gate_asks_for_contact_details_first() {
    let journey = answer_all(start(Gate::Before));
    assert_eq!(journey.step, Step::Contact);
}

#[test]
fn errors_show_on_blur_and_all_of_them_on_submit() {
    let journey = act(answer_all(start(Gate::After)), [Action::OpenContact]);
    assert!(
        journey.visible_errors().is_empty(),
        "nothing shows before the visitor acts"
    );
    let blurred = act(
        journey,
        [
            Action::Edit(Field::Contact(ContactField::Email), "not-an-email".into()),
            Action::Blur(Field::Contact(ContactField::Email)),
        ],
    );
    let fields: Vec<String> = blurred
        .visible_errors()
        .into_iter()
        .map(|e| e.field.to_string())
        .collect();
    assert_eq!(fields, ["contact.email"]);
    let submitted = act(
        blurred,
        [Action::Submit {
            key: "k".repeat(20),
            now_ms: 90_000.0,
        }],
    );
    let fields: Vec<String> = submitted
        .visible_errors()
        .into_iter()
        .map(|e| e.field.to_string())
        .collect();
    assert_eq!(
        fields,
        [
            "contact.name",
            "contact.email",
            "contact.company",
            "contact.country",
            "contact.role",
            "consents.contact"
        ]
    );
    assert!(submitted.outgoing.is_none());
}

#[test]
fn marketing_consent_is_optional() {
    let journey = fill_contact(act(answer_all(start(Gate::After)), [Action::OpenContact]));
    let sent = act(
        journey,
        [Action::Submit {
            key: "k".repeat(20),
            now_ms: 90_000.0,
        }],
    );
    let lead = sent.outgoing.as_ref().expect("a lead to send");
    assert!(lead
        .consents
        .iter()
        .any(|c| c.purpose == "contact" && c.granted));
    assert!(lead
        .consents
        .iter()
        .any(|c| c.purpose == "marketing" && !c.granted));
    assert_eq!(lead.form.elapsed_ms, 89_000);
}

#[test]
fn a_double_click_makes_one_lead() {
    let journey = fill_contact(act(answer_all(start(Gate::After)), [Action::OpenContact]));
    let once = act(
        journey,
        [Action::Submit {
            key: "a".repeat(20),
            now_ms: 5.0,
        }],
    );
    let twice = act(
        Rc::clone(&once),
        [Action::Submit {
            key: "b".repeat(20),
            now_ms: 6.0,
        }],
    );
    assert_eq!(
        twice.outgoing.as_ref().map(|l| l.idempotency_key.clone()),
        Some("a".repeat(20))
    );
    assert!(Rc::ptr_eq(
        &once.outgoing.clone().expect("sent"),
        &twice.outgoing.clone().expect("sent")
    ));
}

#[test]
fn a_refusal_brings_the_servers_errors_back_to_the_fields() {
    let journey = fill_contact(act(answer_all(start(Gate::After)), [Action::OpenContact]));
    let refused = act(
        journey,
        [
            Action::Submit {
                key: "a".repeat(20),
                now_ms: 5.0,
            },
            Action::Delivery {
                key: "a".repeat(20),
                outcome: Outcome::Refused,
                errors: vec![readiness::lead::FieldError::new(
                    FieldPath::Contact(ContactField::Email),
                    readiness::lead::ErrorCode::EmailInvalid,
                )],
                lead_id: None,
            },
        ],
    );
    assert_eq!(refused.step, Step::Contact);
    assert_eq!(
        refused
            .visible_errors()
            .into_iter()
            .map(|e| e.field)
            .collect::<Vec<_>>(),
        [FieldPath::Contact(ContactField::Email)]
    );
}

#[test]
fn queued_and_sent_both_end_the_journey_with_an_honest_status() {
    let filled = fill_contact(act(answer_all(start(Gate::After)), [Action::OpenContact]));
    let journey = act(
        filled,
        [Action::Submit {
            key: "a".repeat(20),
            now_ms: 5.0,
        }],
    );
    let other = act(
        Rc::clone(&journey),
        [Action::Delivery {
            key: "b".repeat(20),
            outcome: Outcome::Acknowledged,
            errors: Vec::new(),
            lead_id: None,
        }],
    );
    assert_eq!(
        other.send,
        SendStatus::Sending,
        "another lead's delivery does not touch this one"
    );
    let queued = act(
        journey,
        [Action::Delivery {
            key: "a".repeat(20),
            outcome: Outcome::RetryLater,
            errors: Vec::new(),
            lead_id: None,
        }],
    );
    assert_eq!(
        (queued.step, queued.send.clone()),
        (Step::Done, SendStatus::Queued)
    );
    let sent = act(
        queued,
        [Action::Delivery {
            key: "a".repeat(20),
            outcome: Outcome::Acknowledged,
            errors: Vec::new(),
            lead_id: None,
        }],
    );
    assert_eq!(
        (sent.step, sent.send.clone()),
        (Step::Done, SendStatus::Sent)
    );
}

#[test]
fn a_draft_resumes_where_the_visitor_left() {
    let journey = act(start(Gate::After), [pick("beauty"), Action::Next]);
    let draft = journey.to_draft().expect("a draft");
    let config = Rc::new(Config::default());
    let fresh = Rc::new(Journey::new(
        quiz(),
        config,
        Locale::new("en").expect("locale"),
        Some(draft),
        Attribution::default(),
    ));
    assert!(fresh.draft.is_some());
    let resumed = act(fresh, [Action::Resume]);
    assert_eq!(question_id(&resumed).as_deref(), Some("business_model"));
    assert_eq!(
        resumed.answers.get("industry").map(|o| o[0].as_str()),
        Some("beauty")
    );
}

#[test]
fn a_draft_from_another_quiz_version_is_dropped() {
    let mut answers = Answers::new();
    answers.set(
        readiness::QuestionId::new("industry").expect("id"),
        vec![OptionId::new("beauty").expect("id")],
    );
    let draft = Draft {
        quiz_version: "0000".into(),
        answers,
        step: Step::Question(1),
        started_at_ms: 0.0,
    };
    let journey = Journey::new(
        quiz(),
        Rc::new(Config::default()),
        Locale::new("en").expect("locale"),
        Some(draft),
        Attribution::default(),
    );
    assert!(journey.draft.is_none());
}
