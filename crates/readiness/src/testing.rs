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

/// A deterministic complete answer set, the `seed`-th of its kind: the path through the
/// quiz and the picks (one or two on multiple-choice questions) follow a xorshift of `seed`.
/// The benchmarks score these, natively and in wasm.
pub fn varied_answers(quiz: &Quiz, seed: u64) -> Answers {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut answers = Answers::new();
    let mut current = quiz.next_question(&answers, None);
    while let Some(index) = current {
        let question = &quiz.questions()[index];
        let picks = if question.kind == crate::model::QuestionKind::Multi {
            1 + next() % 2
        } else {
            1
        };
        for _ in 0..picks {
            let option = &question.options[(next() % question.options.len() as u64) as usize];
            if !answers
                .get(question.id.as_str())
                .is_some_and(|c| c.contains(&option.id))
            {
                answers = quiz.choose(&answers, &question.id, &option.id);
            }
        }
        current = quiz.next_question(&answers, Some(index));
    }
    answers
}
