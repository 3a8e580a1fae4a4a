//! Properties over every reachable answer set: bounds, completeness, determinism,
//! monotonicity, and the strategist's rules (budget, feasibility, "don't know", what is
//! already done).
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use proptest::prelude::*;
use readiness::model::QuestionKind;
use readiness::score::Assessment;
use readiness::{Answers, OptionId, QuestionId, Quiz, Report};

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

/// Answers that say something is done, and the steps that must then not appear. Written
/// here, apart from the model's own `unless` lists, so a model edit that forgets one fails.
const DONE: &[(&str, &[&str], &[&str])] = &[
    (
        "trademark",
        &["registered"],
        &["register_trademark", "check_trademark", "trademark_pending"],
    ),
    (
        "trademark",
        &["pending"],
        &["register_trademark", "check_trademark"],
    ),
    (
        "chinese_name",
        &["registered"],
        &["chinese_name", "register_chinese_name"],
    ),
    (
        "website",
        &["china_hosted", "chinese_fast"],
        &["fix_website", "check_website"],
    ),
    ("customer_service", &["chinese_team"], &["chinese_service"]),
    (
        "selling",
        &["cross_border_store"],
        &["start_cross_border", "sales_route"],
    ),
    (
        "selling",
        &["distributor"],
        &["find_distributor", "sales_route"],
    ),
    ("selling", &["chinese_entity"], &["sales_route"]),
    (
        "compliance",
        &["certified", "not_required"],
        &[
            "nmpa_filing",
            "gacc_registration",
            "blue_hat",
            "ccc_certification",
            "game_licence",
            "product_compliance",
            "finish_compliance",
        ],
    ),
    (
        "budget",
        &[
            "under_2k",
            "from_2k_to_5k",
            "from_5k_to_15k",
            "from_15k_to_50k",
            "over_50k",
        ],
        &["set_budget"],
    ),
];

fn id(text: &str) -> QuestionId {
    QuestionId::new(text).unwrap()
}

fn readiness_of(quiz: &Quiz, answers: &Answers) -> Option<u8> {
    quiz.assess(answers).report().map(|r| r.readiness)
}

/// The monthly budget the answers state, read from the quiz data (0 when unknown).
fn stated_budget(quiz: &Quiz, answers: &Answers) -> u32 {
    let question = quiz.question(&id("budget")).unwrap();
    answers
        .get("budget")
        .unwrap_or_default()
        .iter()
        .filter_map(|o: &OptionId| question.option(o.as_str())?.monthly_eur)
        .max()
        .unwrap_or(0)
}

fn choices() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), 1..64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_reachable_answer_set_gives_a_complete_assessment_within_bounds(choices in choices()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        let assessment = quiz.assess(&answers);
        for locale in ["en", "fr", "de", "zh-Hans"] {
            let summary = quiz.texts(locale).sales_summary(&assessment, &answers);
            prop_assert!(!summary.contains("[missing text]"), "{}", summary);
        }
        let Assessment::Scored(report) = assessment else { return Ok(()) };
        prop_assert!(report.readiness <= 100 && report.confidence <= 100 && report.grade.score <= 100);
        prop_assert_eq!(report.dimensions.len(), quiz.dimensions().len());
        prop_assert_eq!(report.channels.len(), quiz.channels().len());
        prop_assert!(report.channels.iter().all(|c| c.fit <= 100));
        prop_assert!(report.channels.windows(2).all(|pair| pair[0].fit >= pair[1].fit));
        prop_assert!(report.start_here().count() <= 3 && report.later().count() <= 3);
        prop_assert!(report.channels.iter().all(|c| !(c.start_here && c.later)));
        prop_assert_eq!(report.next_steps.len(), 3);
        prop_assert!(report.dimensions.iter().filter_map(|d| d.score).all(|s| s <= 100));
        prop_assert!(["A", "B", "C", "D"].contains(&report.grade.letter.as_str()));
        prop_assert_eq!(usize::from(report.counts.shown), quiz.visible_questions(&answers).len());
    }

    #[test]
    fn scoring_is_deterministic(choices in choices()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        prop_assert_eq!(quiz.assess(&answers), quiz.assess(&answers.clone()));
    }

    #[test]
    fn a_better_answer_on_a_readiness_question_never_lowers_readiness(choices in choices(), pick in any::<u32>()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        let Some(before) = readiness_of(quiz, &answers) else { return Ok(()) };
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
            let Some(after) = readiness_of(quiz, &improved) else { continue };
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
        if let Some(report) = quiz.assess(&answers).report() {
            prop_assert!(report.readiness <= 100);
        }
    }

    #[test]
    fn readiness_and_grade_never_fall_when_only_the_budget_rises(choices in choices()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        let budget = quiz.question(&id("budget")).unwrap();
        let mut previous: Option<Report> = None;
        for option in budget.options.iter().filter(|o| !o.dont_know) {
            let mut given = answers.clone();
            given.set(id("budget"), vec![option.id.clone()]);
            let Some(report) = quiz.assess(&given).into_report() else { return Ok(()) };
            if let Some(lower) = &previous {
                prop_assert!(report.readiness >= lower.readiness, "{}: {} < {}", option.id, report.readiness, lower.readiness);
                prop_assert!(report.grade.score >= lower.grade.score, "{}: grade {} < {}", option.id, report.grade.score, lower.grade.score);
                let before: Vec<_> = lower.start_here().map(|c| &c.id).collect();
                prop_assert!(report.channels.iter().filter(|c| before.contains(&&c.id)).all(|c| c.status.can_start()),
                    "a channel that could start at a lower budget cannot at {}", option.id);
            }
            previous = Some(report);
        }
    }

    #[test]
    fn no_start_here_channel_is_blocked_or_over_budget(choices in choices()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        let Some(report) = quiz.assess(&answers).into_report() else { return Ok(()) };
        let budget = stated_budget(quiz, &answers);
        for channel in report.start_here() {
            let model = quiz.channel(channel.id.as_str()).unwrap();
            prop_assert!(model.organic || budget >= model.min_budget,
                "{} starts at €{} a month, below its minimum €{}", channel.id, budget, model.min_budget);
            for blocker in &report.blockers {
                prop_assert!(!quiz.blocker_blocks(blocker.as_str(), channel.id.as_str()),
                    "{} starts although {} blocks it", channel.id, blocker);
            }
        }
        for channel in report.later() {
            prop_assert!(!channel.status.can_start(), "{} is named as later but can start", channel.id);
        }
    }

    #[test]
    fn dont_know_never_scores_above_a_real_answer(choices in choices()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        for index in quiz.visible_questions(&answers) {
            let question = &quiz.questions()[index];
            let Some(unsure) = question.options.iter().find(|o| o.dont_know) else { continue };
            let mut given = answers.clone();
            given.set(question.id.clone(), vec![unsure.id.clone()]);
            let Some(with_dont_know) = quiz.assess(&given).into_report() else { continue };
            // the fit of channels moves with real answers, so the grade is compared only on
            // questions that carry no channel affinity
            let moves_fit = question.options.iter().any(|o| o.affinity.iter().any(|&a| a != 0));
            for option in question.options.iter().filter(|o| !o.dont_know && !o.exclusive) {
                given.set(question.id.clone(), vec![option.id.clone()]);
                let Some(real) = quiz.assess(&given).into_report() else { continue };
                prop_assert!(with_dont_know.readiness <= real.readiness,
                    "{}: don't know {} > {} {}", question.id, with_dont_know.readiness, option.id, real.readiness);
                if !moves_fit {
                    prop_assert!(with_dont_know.grade.score <= real.grade.score,
                        "{}: don't know grade {} > {} {}", question.id, with_dont_know.grade.score, option.id, real.grade.score);
                }
            }
        }
    }

    #[test]
    fn no_step_proposes_what_the_answers_say_is_done(choices in choices()) {
        let quiz = quiz();
        let answers = walk(quiz, &choices);
        let Some(report) = quiz.assess(&answers).into_report() else { return Ok(()) };
        let steps: Vec<&str> = report.next_steps.iter().map(|s| s.as_str()).collect();
        for (question, done, not_again) in DONE {
            let answered = answers.get(question).unwrap_or_default();
            if answered.iter().any(|o| done.contains(&o.as_str())) {
                for step in *not_again {
                    prop_assert!(!steps.contains(step), "{} = {:?} and yet step {}", question, answered, step);
                }
            }
        }
    }
}
