//! The visitor's journey as one state and the intents that move it: pure, so it is tested
//! natively. Effects (storage, network, focus, analytics) live in the components and
//! `effects`, driven by what this state says.

mod booking;
pub mod form;
mod language;
mod prelude;
mod report_request;

use std::rc::Rc;

use readiness::lead::{Attribution, ClientScore, FieldError, LeadSubmission};
use readiness::{Answers, Assessment, ItemId, Locale, OptionId, Quiz};
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::config::{Config, Gate};
use crate::outbox::Outcome;
pub use form::{ContactForm, Field};
pub use language::TextsFetch;
pub use prelude::Prelude;

/// Where the visitor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// What they get, start or resume.
    Intro,
    /// The question at this index of the quiz.
    Question(usize),
    /// The report.
    Results,
    /// The contact form.
    Contact,
    /// Sent or queued.
    Done,
}

/// What happened to the lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendStatus {
    /// Nothing sent yet.
    Idle,
    /// In flight.
    Sending,
    /// Saved on this device; retried until the server acknowledges it.
    Queued,
    /// Acknowledged by the server.
    Sent,
    /// Refused by the server; the form shows why.
    Rejected(Vec<FieldError>),
}

impl SendStatus {
    /// What an attempt's outcome means for the visitor's lead: sent, queued on this device
    /// for a later attempt, or refused with the fields to correct.
    pub fn after(outcome: Outcome, errors: Vec<FieldError>) -> SendStatus {
        match outcome {
            Outcome::Acknowledged => SendStatus::Sent,
            Outcome::RetryLater => SendStatus::Queued,
            Outcome::Refused => SendStatus::Rejected(errors),
        }
    }
}

/// A journey saved on the device, to resume after a reload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The quiz version it was answered with; another version's draft is dropped.
    pub quiz_version: String,
    /// The answers so far.
    pub answers: Answers,
    /// Where the visitor was.
    pub step: Step,
    /// When the quiz started, ms since the epoch.
    pub started_at_ms: f64,
}

impl Draft {
    /// Whether the intro offers to resume it: answered with this version of the quiz, and
    /// not empty.
    pub fn offered(&self, quiz: &Quiz) -> bool {
        self.quiz_version == quiz.version() && !self.answers.is_empty()
    }
}

/// The whole widget state.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    /// The quiz.
    pub quiz: Rc<Quiz>,
    /// The embed's settings.
    pub config: Rc<Config>,
    /// The language shown.
    pub locale: Locale,
    /// Another language's texts on their way.
    pub texts: TextsFetch,
    /// Where the visitor is.
    pub step: Step,
    /// The answers so far.
    pub answers: Answers,
    /// A saved journey that can be resumed from the intro.
    pub draft: Option<Draft>,
    /// When the quiz started (for the lead's elapsed time).
    pub started_at_ms: Option<f64>,
    /// The assessment (a report, or a request for more answers), once the questions are
    /// done.
    pub report: Option<Rc<Assessment>>,
    /// The contact form.
    pub form: ContactForm,
    /// The lead's fate.
    pub send: SendStatus,
    /// The lead to write to the outbox and send; set once per submit.
    pub outgoing: Option<Rc<LeadSubmission>>,
    /// The lead's id, once the server has acknowledged it.
    pub lead_id: Option<String>,
    /// Bumped whenever focus should move (new step, error summary).
    pub focus_epoch: u32,
    /// UTM parameters, referrer and landing page, captured at load.
    pub attribution: Attribution,
}

/// What the visitor (or an effect reporting back) does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Start the quiz.
    Start { now_ms: f64 },
    /// Continue the saved draft.
    Resume,
    /// Pick an option of the current question (toggle on multi).
    Choose(OptionId),
    /// Go on.
    Next,
    /// Go back.
    Back,
    /// From a report short of answers, back to the first question without a real answer.
    AnswerMore,
    /// Open the contact form.
    OpenContact,
    /// Back from the form to the results.
    OpenResults,
    /// Switch language (its texts are fetched first when not at hand).
    SetLocale(Locale),
    /// A language's texts arrived: the quiz with them.
    TextsArrived(Rc<Quiz>, Locale),
    /// A language's texts could not be fetched.
    TextsFailed(Locale),
    /// Type into a field.
    Edit(Field, String),
    /// Leave a field.
    Blur(Field),
    /// Tick or untick a consent.
    ToggleConsent(ItemId),
    /// Press send, with a fresh idempotency key and the time.
    Submit { key: String, now_ms: f64 },
    /// An attempt to deliver the lead with this idempotency key came to `outcome` (with the
    /// field errors of a refusal).
    Delivery {
        key: String,
        outcome: Outcome,
        errors: Vec<FieldError>,
        /// The lead's id, when the server acknowledged it.
        lead_id: Option<String>,
    },
    /// Drop everything and start over.
    Restart,
}

impl Journey {
    /// A new journey at the intro.
    pub fn new(
        quiz: Rc<Quiz>,
        config: Rc<Config>,
        locale: Locale,
        draft: Option<Draft>,
        attribution: Attribution,
    ) -> Self {
        let draft = draft.filter(|d| d.offered(&quiz));
        Journey {
            quiz,
            config,
            locale: locale.clone(),
            texts: TextsFetch::Idle,
            step: Step::Intro,
            answers: Answers::new(),
            draft,
            started_at_ms: None,
            report: None,
            form: ContactForm::default(),
            send: SendStatus::Idle,
            outgoing: None,
            lead_id: None,
            focus_epoch: 0,
            attribution,
        }
        .starting_in(locale)
    }

    /// The draft to save now, if the visitor has started.
    pub fn to_draft(&self) -> Option<Draft> {
        let started_at_ms = self.started_at_ms?;
        (!self.answers.is_empty() && self.send == SendStatus::Idle).then(|| Draft {
            quiz_version: self.quiz.version().to_owned(),
            answers: self.answers.clone(),
            step: self.step,
            started_at_ms,
        })
    }

    /// Whether the visitor may (still) send a contact request: nothing sent yet, or the last
    /// attempt refused with fields to correct.
    pub fn can_contact(&self) -> bool {
        matches!(self.send, SendStatus::Idle | SendStatus::Rejected(_))
    }

    /// Whether the current question has an answer, so Next may go on.
    pub fn can_go_next(&self) -> bool {
        match self.step {
            Step::Question(index) => {
                let question = &self.quiz.questions()[index];
                self.answers
                    .get(question.id.as_str())
                    .is_some_and(|chosen| !chosen.is_empty())
            }
            _ => false,
        }
    }

    /// The current question's position, "4 of 12".
    pub fn progress(&self) -> Option<readiness::Progress> {
        match self.step {
            Step::Question(index) => Some(self.quiz.progress(&self.answers, index)),
            _ => None,
        }
    }

    /// Field errors to show now: those of touched fields, all after a submit, and the
    /// server's after a refusal.
    pub fn visible_errors(&self) -> Vec<FieldError> {
        let mut errors = self.form.errors(&self.quiz, &self.locale);
        if !self.form.submitted {
            errors.retain(|e| Field::of(&e.field).is_some_and(|f| self.form.touched.contains(&f)));
        }
        if let SendStatus::Rejected(server) = &self.send {
            for error in server {
                if !errors.iter().any(|e| e.field == error.field) {
                    errors.push(error.clone());
                }
            }
        }
        errors
    }

    fn with_step(mut self, step: Step) -> Self {
        self.step = step;
        self.focus_epoch += 1;
        self
    }

    fn after_questions(mut self) -> Self {
        self.report = Some(Rc::new(
            self.quiz.assess(&self.quiz.shown_answers(&self.answers)),
        ));
        let step = match self.config.gate {
            Gate::After => Step::Results,
            Gate::Before => Step::Contact,
        };
        self.with_step(step)
    }

    fn submit(mut self, key: String, now_ms: f64) -> Self {
        if matches!(
            self.send,
            SendStatus::Sending | SendStatus::Queued | SendStatus::Sent
        ) {
            return self; // a double click sends one lead
        }
        self.form.submitted = true;
        if !self.form.errors(&self.quiz, &self.locale).is_empty() {
            self.focus_epoch += 1; // to the error summary
            return self;
        }
        let elapsed = self
            .started_at_ms
            .map_or(0.0, |start| (now_ms - start).max(0.0));
        let client_score = self
            .report
            .as_ref()
            .and_then(|a| a.report())
            .map(|r| ClientScore {
                readiness: r.readiness,
                grade: r.grade.letter.clone(),
            });
        let answers = self.quiz.shown_answers(&self.answers);
        let mut submission = self.form.submission(
            &self.quiz,
            &self.locale,
            &answers,
            key,
            client_score,
            elapsed as u64,
        );
        submission.attribution = self.attribution.clone();
        self.outgoing = Some(Rc::new(submission));
        self.send = SendStatus::Sending;
        self
    }

    fn send_update(mut self, status: SendStatus) -> Self {
        match &status {
            SendStatus::Sent | SendStatus::Queued => {
                let moved = self.step != Step::Done;
                self.send = status;
                self.draft = None;
                return if moved {
                    self.with_step(Step::Done)
                } else {
                    self
                };
            }
            SendStatus::Rejected(_) => {
                self.outgoing = None;
                self.focus_epoch += 1;
            }
            SendStatus::Idle | SendStatus::Sending => {}
        }
        self.send = status;
        self
    }
}

impl Reducible for Journey {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut journey = (*self).clone();
        let next = match action {
            Action::Start { now_ms } => journey.start(now_ms),
            Action::Resume => journey.resume(),
            Action::Choose(option) => journey.choose(&option),
            Action::Next => journey.next(),
            Action::Back => journey.back(),
            Action::AnswerMore => journey.answer_more(),
            Action::OpenContact => journey.with_step(Step::Contact),
            Action::OpenResults => match journey.report {
                Some(_) => journey.with_step(Step::Results),
                None => journey,
            },
            Action::SetLocale(locale) => journey.choose_language(locale),
            Action::TextsArrived(quiz, locale) => journey.texts_arrived(quiz, locale),
            Action::TextsFailed(locale) => journey.texts_failed(locale),
            Action::Edit(field, value) => {
                journey.form.set(field, value);
                journey
            }
            Action::Blur(field) => {
                journey.form.touch(field);
                journey
            }
            Action::ToggleConsent(purpose) => {
                journey.form.toggle_consent(&purpose);
                journey
            }
            Action::Submit { key, now_ms } => journey.submit(key, now_ms),
            Action::Delivery {
                key,
                outcome,
                errors,
                lead_id,
            } => journey.delivered(&key, outcome, errors, lead_id),
            Action::Restart => journey.restart(),
        };
        Rc::new(next)
    }
}

mod navigation;
#[cfg(test)]
mod tests;
