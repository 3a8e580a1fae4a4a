//! A visitor's answers and the quiz's navigation over them: which questions are shown,
//! what comes next, how far along the visitor is.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::{OptionId, QuestionId};
use crate::model::{AnswerCondition, QuestionKind, Quiz};

/// The chosen options per question. The JSON shape is `{"trademark": ["none"], ...}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<QuestionId, Vec<OptionId>>);

impl Answers {
    /// No answers yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The options chosen for a question, if any.
    pub fn get(&self, question: &str) -> Option<&[OptionId]> {
        self.0
            .iter()
            .find(|(id, _)| id.as_str() == question)
            .map(|(_, options)| options.as_slice())
    }

    /// Sets the answer to a question (an empty list removes it).
    pub fn set(&mut self, question: QuestionId, options: Vec<OptionId>) {
        if options.is_empty() {
            self.0.remove(&question);
        } else {
            self.0.insert(question, options);
        }
    }

    /// Every answer, by question id.
    pub fn iter(&self) -> impl Iterator<Item = (&QuestionId, &[OptionId])> {
        self.0.iter().map(|(id, options)| (id, options.as_slice()))
    }

    /// Number of questions answered.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing is answered.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// "Question 4 of 12".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// 1-based position of the current question among those shown.
    pub current: usize,
    /// Questions shown with the answers so far.
    pub total: usize,
}

impl Progress {
    /// Share done, 0–100, for a progress bar.
    pub fn percent(&self) -> u8 {
        if self.total == 0 {
            return 0;
        }
        u8::try_from(self.current * 100 / self.total).unwrap_or(100)
    }
}

impl Quiz {
    /// The option indices chosen for each question (unknown ids ignored; validation of a
    /// lead reports them).
    pub(crate) fn resolve(&self, answers: &Answers) -> Vec<Vec<usize>> {
        self.questions
            .iter()
            .map(|question| {
                answers
                    .get(question.id.as_str())
                    .map(|chosen| {
                        chosen
                            .iter()
                            .filter_map(|o| question.option_index(o.as_str()))
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect()
    }

    /// For each question, whether it is shown given the answers so far.
    pub(crate) fn visibility(&self, resolved: &[Vec<usize>]) -> Vec<bool> {
        let mut visible = Vec::with_capacity(self.questions.len());
        for question in &self.questions {
            let shown = question.show_if.as_ref().is_none_or(|condition| {
                visible[condition.question] && condition_holds(condition, resolved)
            });
            visible.push(shown);
        }
        visible
    }

    /// Indices of the questions shown with these answers, in order.
    ///
    /// ```
    /// use readiness::{Answers, testing::{quiz, answers}};
    /// let quiz = quiz();
    /// let b2b = answers(&[("business_model", &["b2b"])]);
    /// let b2c = answers(&[("business_model", &["b2c"])]);
    /// assert!(quiz.visible_questions(&b2b).len() < quiz.visible_questions(&b2c).len());
    /// ```
    pub fn visible_questions(&self, answers: &Answers) -> Vec<usize> {
        let visible = self.visibility(&self.resolve(answers));
        (0..self.questions.len()).filter(|&i| visible[i]).collect()
    }

    /// The first question shown after `current` (or the first of all for `None`).
    pub fn next_question(&self, answers: &Answers, current: Option<usize>) -> Option<usize> {
        self.visible_questions(answers)
            .into_iter()
            .find(|&i| current.is_none_or(|c| i > c))
    }

    /// The last question shown before `current`.
    pub fn previous_question(&self, answers: &Answers, current: usize) -> Option<usize> {
        self.visible_questions(answers)
            .into_iter()
            .rev()
            .find(|&i| i < current)
    }

    /// Where `current` stands among the questions that are or may yet be shown: a
    /// question whose gate is still unanswered counts, so the total only shrinks as the
    /// visitor answers, never jumps up.
    pub fn progress(&self, answers: &Answers, current: usize) -> Progress {
        let resolved = self.resolve(answers);
        let mut possible: Vec<bool> = Vec::with_capacity(self.questions.len());
        for question in &self.questions {
            let maybe = question.show_if.as_ref().is_none_or(|condition| {
                possible[condition.question]
                    && (resolved[condition.question].is_empty()
                        || condition_holds(condition, &resolved))
            });
            possible.push(maybe);
        }
        let counted: Vec<usize> = (0..self.questions.len()).filter(|&i| possible[i]).collect();
        let position = counted
            .iter()
            .position(|&i| i == current)
            .map_or(0, |p| p + 1);
        Progress {
            current: position,
            total: counted.len(),
        }
    }

    /// The first shown question without a real answer (skipped or "I don't know"), where
    /// a visitor short of a verdict is best sent back to.
    ///
    /// ```
    /// use readiness::testing::{quiz, answers};
    /// let quiz = quiz();
    /// let given = answers(&[("industry", &["beauty"]), ("business_model", &["dont_know"])]);
    /// let first = quiz.first_unanswered(&given).unwrap();
    /// assert_eq!(quiz.questions()[first].id.as_str(), "business_model");
    /// ```
    pub fn first_unanswered(&self, answers: &Answers) -> Option<usize> {
        self.visible_questions(answers).into_iter().find(|&i| {
            let question = &self.questions[i];
            answers.get(question.id.as_str()).is_none_or(|chosen| {
                chosen.is_empty()
                    || chosen
                        .iter()
                        .any(|o| question.option(o.as_str()).is_none_or(|o| o.dont_know))
            })
        })
    }

    /// Whether every shown question has an answer.
    pub fn is_complete(&self, answers: &Answers) -> bool {
        self.visible_questions(answers).into_iter().all(|i| {
            answers
                .get(self.questions[i].id.as_str())
                .is_some_and(|chosen| !chosen.is_empty())
        })
    }

    /// The answers after the visitor picks `option` for `question`: a single question takes
    /// it as its answer; a multi question toggles it, and an exclusive option ("none yet",
    /// "I don't know") stands alone.
    pub fn choose(&self, answers: &Answers, question: &QuestionId, option: &OptionId) -> Answers {
        let mut next = answers.clone();
        let Some(q) = self.question(question) else {
            return next;
        };
        let Some(picked) = q.option(option.as_str()) else {
            return next;
        };
        let chosen = match q.kind {
            QuestionKind::Single => vec![option.clone()],
            QuestionKind::Multi => {
                let current = answers.get(question.as_str()).unwrap_or_default();
                if current.contains(option) {
                    current.iter().filter(|o| *o != option).cloned().collect()
                } else if picked.exclusive {
                    vec![option.clone()]
                } else {
                    let mut kept: Vec<OptionId> = current
                        .iter()
                        .filter(|o| q.option(o.as_str()).is_some_and(|known| !known.exclusive))
                        .cloned()
                        .collect();
                    kept.push(option.clone());
                    // keep the quiz's order, whatever the order of the clicks
                    crate::order::sort_by(&mut kept, |a, b| {
                        q.option_index(a.as_str()) < q.option_index(b.as_str())
                    });
                    kept
                }
            }
        };
        next.set(question.clone(), chosen);
        next
    }

    /// The answers without those to questions no longer shown (after an earlier answer
    /// changed), as they are sent with a lead.
    pub fn shown_answers(&self, answers: &Answers) -> Answers {
        let visible = self.visibility(&self.resolve(answers));
        let mut kept = Answers::new();
        for (question, options) in answers.iter() {
            if self
                .question_index(question.as_str())
                .is_some_and(|i| visible[i])
            {
                kept.set(question.clone(), options.to_vec());
            }
        }
        kept
    }
}

/// Whether the answer to the condition's question includes one of its options.
pub(crate) fn condition_holds(condition: &AnswerCondition, resolved: &[Vec<usize>]) -> bool {
    resolved[condition.question]
        .iter()
        .any(|chosen| condition.any_of.contains(chosen))
}
