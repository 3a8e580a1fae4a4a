//! Properties over every reachable answer set: bounds, completeness, determinism,
//! monotonicity.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use proptest::prelude::*;
use readiness::model::QuestionKind;
use readiness::{Answers, Quiz};

/// The shipped quiz, loaded once for all cases.
fn quiz() -> &'static Quiz {
    static QUIZ: std::sync::OnceLock<Quiz> = std::sync::OnceLock::new();
    QUIZ.get_or_init(readiness::testing::quiz)
}

/// Walks the quiz as a visitor would, driven by `choices`: each question is answered with
/// one or more options, or skipped when the choice says so.
fn walk(quiz: &Quiz, choices: &[u32]) -> Answers {
    let mut answers = Answers::new();
    let mut picks = choices.iter().copied().cycle();
    let mut current = quiz.next_question(&answers, None);
    while let Some(index) = current {
        let question = &quiz.questions()[index];
        let roll = picks.next().unwrap_or(0);
        if roll % 11 != 0 {
            let count = match question.kind {
                QuestionKind::Single => 1,
                QuestionKind::Multi => 1 + roll as usize % 3,
            };
            for _ in 0..count {
                let option =
                    &question.options[picks.next().unwrap_or(0) as usize % question.options.len()];
                if !answers
                    .get(question.id.as_str())
                    .is_some_and(|chosen| chosen.contains(&option.id))
                {
                    answers = quiz.choose(&answers, &question.id, &option.id);
                }
            }
        }
        current = quiz.next_question(&answers, Some(index));
    }
    answers
}

fn choices() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), 1..64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_reachable_answer_set_gives_a_complete_report_within_bounds(choices in choices()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        let report = quiz.score(&answers);
        prop_assert!(report.readiness <= 100 && report.confidence <= 100 && report.grade.score <= 100);
        prop_assert_eq!(report.dimensions.len(), quiz.dimensions().len());
        prop_assert_eq!(report.channels.len(), quiz.channels().len());
        prop_assert!(report.channels.iter().all(|c| c.fit <= 100));
        prop_assert!(report.channels.windows(2).all(|pair| pair[0].fit >= pair[1].fit));
        prop_assert_eq!(report.channels.iter().filter(|c| c.recommended).count(), 3);
        prop_assert_eq!(report.next_steps.len(), 3);
        prop_assert!(report.dimensions.iter().filter_map(|d| d.score).all(|s| s <= 100));
        prop_assert!(["A", "B", "C", "D"].contains(&report.grade.letter.as_str()));
        prop_assert_eq!(usize::from(report.counts.shown), quiz.visible_questions(&answers).len());
        for locale in ["en", "fr", "de", "zh-Hans"] {
            let summary = quiz.texts(locale).sales_summary(&report, &answers);
            prop_assert!(!summary.contains("[missing text]"), "{}", summary);
        }
    }

    #[test]
    fn scoring_is_deterministic(choices in choices()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        prop_assert_eq!(quiz.score(&answers), quiz.score(&answers.clone()));
    }

    #[test]
    fn a_better_answer_on_a_readiness_question_never_lowers_readiness(choices in choices(), pick in any::<u32>()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        let before = quiz.score(&answers).readiness;
        let shown = quiz.visible_questions(&answers);
        for index in shown {
            let question = &quiz.questions()[index];
            if !question.carries_points() {
                continue; // profile questions change which channels fit, not readiness
            }
            let Some(current) = answers.get(question.id.as_str()) else { continue };
            let current: Vec<_> = current.iter().filter_map(|o| question.option(o.as_str())).collect();
            if current.iter().any(|o| o.dont_know) || question.kind == QuestionKind::Multi && current.iter().any(|o| o.exclusive) {
                continue;
            }
            // a single answer replaced by one that gives at least as many points everywhere
            let candidates: Vec<_> = question.options.iter().filter(|better| {
                !better.dont_know && !better.exclusive && match question.kind {
                    QuestionKind::Single => current.iter().all(|o| better.points.iter().zip(&o.points).all(|(b, c)| b >= c)),
                    QuestionKind::Multi => !current.iter().any(|o| o.id == better.id),
                }
            }).collect();
            if candidates.is_empty() {
                continue;
            }
            let better = candidates[pick as usize % candidates.len()];
            let improved = quiz.choose(&answers, &question.id, &better.id);
            let after = quiz.score(&improved).readiness;
            prop_assert!(after >= before, "{} -> {}: {} became {}", question.id, better.id, before, after);
        }
    }

    #[test]
    fn scoring_arbitrary_ids_never_panics(pairs in prop::collection::vec(("[a-z_]{1,12}", prop::collection::vec("[a-z_]{1,12}", 0..4)), 0..20)) {
        let quiz = quiz();
        let mut answers = Answers::new();
        for (question, options) in pairs {
            if let Ok(question) = readiness::QuestionId::new(question) {
                answers.set(question, options.into_iter().filter_map(|o| readiness::OptionId::new(o).ok()).collect());
            }
        }
        let report = quiz.score(&answers);
        prop_assert!(report.readiness <= 100);
    }
}
