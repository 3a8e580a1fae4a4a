//! Moving through the journey: start, resume, answer, forward and back, and starting over.
//! Each is a pure step from one journey to the next; the reducer only picks which.

use std::rc::Rc;

use readiness::lead::FieldError;
use readiness::{Answers, OptionId};

use super::{Gate, Journey, SendStatus, Step};
use crate::outbox::Outcome;

impl Journey {
    /// A fresh start at the first question.
    pub(super) fn start(self, now_ms: f64) -> Self {
        let first = self
            .quiz
            .next_question(&Answers::new(), None)
            .map_or(Step::Results, Step::Question);
        Journey {
            answers: Answers::new(),
            draft: None,
            started_at_ms: Some(now_ms),
            ..self
        }
        .with_step(first)
    }

    /// Back where the saved draft left off, if there is one.
    pub(super) fn resume(self) -> Self {
        let Some(draft) = self.draft.clone() else {
            return self;
        };
        let quiz = Rc::clone(&self.quiz);
        let resumed = Journey {
            answers: draft.answers,
            started_at_ms: Some(draft.started_at_ms),
            draft: None,
            ..self
        };
        match draft.step {
            Step::Question(index) if index < quiz.questions().len() => {
                resumed.with_step(Step::Question(index))
            }
            Step::Question(_) | Step::Intro => {
                let first = quiz
                    .next_question(&resumed.answers, None)
                    .map_or(Step::Results, Step::Question);
                resumed.with_step(first)
            }
            Step::Results | Step::Contact | Step::Done => resumed.after_questions(),
        }
    }

    /// An option chosen on the current question.
    pub(super) fn choose(self, option: &OptionId) -> Self {
        match self.step {
            Step::Question(index) => {
                let question = &self.quiz.questions()[index].id;
                let answers = self.quiz.choose(&self.answers, question, option);
                Journey { answers, ..self }
            }
            _ => self,
        }
    }

    /// The next question, or the results after the last.
    pub(super) fn next(self) -> Self {
        match self.step {
            Step::Question(index) if self.can_go_next() => {
                match self.quiz.next_question(&self.answers, Some(index)) {
                    Some(next) => self.with_step(Step::Question(next)),
                    None => self.after_questions(),
                }
            }
            _ => self,
        }
    }

    /// One step back: the previous question, the intro, or from the form to the results.
    pub(super) fn back(self) -> Self {
        match self.step {
            Step::Question(index) => match self.quiz.previous_question(&self.answers, index) {
                Some(previous) => self.with_step(Step::Question(previous)),
                None => self.with_step(Step::Intro),
            },
            Step::Results | Step::Contact if self.can_contact() => {
                let last = self.quiz.visible_questions(&self.answers).last().copied();
                match (self.step, self.config.gate) {
                    (Step::Contact, Gate::After) => self.with_step(Step::Results),
                    _ => self.with_step(last.map_or(Step::Intro, Step::Question)),
                }
            }
            _ => self,
        }
    }

    /// From the results or the form to the first question still unanswered.
    pub(super) fn answer_more(self) -> Self {
        match self.step {
            Step::Results | Step::Contact => {
                let first = self
                    .quiz
                    .first_unanswered(&self.answers)
                    .or_else(|| self.quiz.next_question(&self.answers, None));
                self.with_step(first.map_or(Step::Intro, Step::Question))
            }
            _ => self,
        }
    }

    /// What became of a delivery attempt; only the lead this journey sent changes it.
    pub(super) fn delivered(
        self,
        key: &str,
        outcome: Outcome,
        errors: Vec<FieldError>,
        lead_id: Option<String>,
    ) -> Self {
        let ours = self
            .outgoing
            .as_ref()
            .is_some_and(|lead| lead.idempotency_key == key);
        if ours {
            let lead_id = lead_id.or(self.lead_id.clone());
            Journey { lead_id, ..self }.send_update(SendStatus::after(outcome, errors))
        } else {
            self
        }
    }

    /// A new journey at the intro, in the same language, with the same attribution.
    pub(super) fn restart(self) -> Self {
        Journey::new(
            Rc::clone(&self.quiz),
            Rc::clone(&self.config),
            self.locale.clone(),
            None,
            self.attribution.clone(),
        )
        .with_step(Step::Intro)
    }
}
