//! Helpers for tests and examples: the repository's own quiz and answer sets by literal.

use crate::answers::Answers;
use crate::ids::{OptionId, QuestionId};
use crate::model::Quiz;

/// The quiz in the repository's `quiz/` folder; panics with every error if it is invalid.
pub fn quiz() -> Quiz {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz");
    match crate::load::load_dir(dir.as_ref()) {
        Ok(quiz) => quiz,
        Err(errors) => panic!("the repository's quiz is invalid:\n{errors}"),
    }
}

/// Answers from `(question, [options])` pairs; panics on malformed ids.
pub fn answers(pairs: &[(&str, &[&str])]) -> Answers {
    let mut answers = Answers::new();
    for (question, options) in pairs {
        let question = QuestionId::new(*question).unwrap_or_else(|e| panic!("{e}"));
        let options = options
            .iter()
            .map(|o| OptionId::new(*o).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        answers.set(question, options);
    }
    answers
}
