//! Times `Quiz::score` natively for `cargo xtask bench`: 2,000 varied complete answer sets,
//! scored in 15 rounds; prints the median time per score as JSON.

use std::time::Instant;

use readiness::model::QuestionKind;
use readiness::{Answers, Quiz};

/// A deterministic complete answer set, the `seed`-th of its kind.
fn answers(quiz: &Quiz, seed: u64) -> Answers {
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
        let picks = if question.kind == QuestionKind::Multi {
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

fn main() {
    let quiz = readiness::testing::quiz();
    let sets: Vec<Answers> = (0..2_000).map(|i| answers(&quiz, i + 1)).collect();
    let mut rounds = Vec::new();
    let mut checksum = 0u64;
    for _ in 0..15 {
        let started = Instant::now();
        for set in &sets {
            checksum +=
                u64::from(std::hint::black_box(quiz.score(std::hint::black_box(set))).readiness);
        }
        rounds.push(started.elapsed().as_secs_f64() * 1e6 / sets.len() as f64);
    }
    rounds.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{{\"score_us_median\": {:.2}, \"score_us_best\": {:.2}, \"checksum\": {checksum}}}",
        rounds[rounds.len() / 2],
        rounds[0]
    );
}
