//! The questions in `questions.toml`: options, points, channel affinities, lead values,
//! the budget, skip logic, and the answer conditions the model's items refer to.

use super::options;
use super::problems::{ids, in_range, Problems, MODEL, QUESTIONS};
use super::raw::{RawAnswerCondition, RawQuestion, RawQuestions};
use crate::ids::{OptionId, QuestionId};
use crate::model::{AnswerCondition, AnswerOption, Channel, Question, QuestionKind};

pub(super) fn questions(
    raw: &RawQuestions,
    dimensions: &[&str],
    channels: &[&str],
    problems: &mut Problems,
) -> Vec<Question> {
    let ids = ids(
        QUESTIONS,
        "question",
        raw.question.iter().map(|q| q.id.as_str()),
        QuestionId::new,
        problems,
    );
    let mut out: Vec<Question> = Vec::new();
    for (id, raw_question) in ids.into_iter().zip(&raw.question) {
        let item = format!("question {id}");
        let question = question(
            id,
            raw_question,
            &out,
            dimensions,
            channels,
            &item,
            problems,
        );
        out.push(question);
    }
    out
}

pub(super) fn question(
    id: QuestionId,
    raw: &RawQuestion,
    earlier: &[Question],
    dimensions: &[&str],
    channels: &[&str],
    item: &str,
    problems: &mut Problems,
) -> Question {
    let kind = kind_of(raw, item, problems);
    let lead_weight = u8::try_from(in_range(
        raw.lead_weight,
        0..=10,
        QUESTIONS,
        item,
        "lead_weight",
        problems,
    ))
    .unwrap_or(0);
    let option_ids = ids(
        QUESTIONS,
        &format!("{item}, option"),
        raw.options.iter().map(|o| o.id.as_str()),
        OptionId::new,
        problems,
    );
    if option_ids.len() < 2 {
        problems.add(QUESTIONS, item, "a question needs at least two options");
    }
    let options: Vec<AnswerOption> = option_ids
        .into_iter()
        .zip(&raw.options)
        .map(|(id, raw_option)| {
            let option_item = format!("{item}, option {id}");
            let asked = options::Asked {
                kind,
                lead_weight,
                dimensions,
                channels,
            };
            options::option(id, raw_option, &asked, &option_item, problems)
        })
        .collect();
    let max_points = max_points(raw, kind, &options, dimensions, item, problems);
    let show_if = show_if(raw, earlier, item, problems);
    Question {
        id,
        kind,
        show_if,
        options,
        max_points,
        lead_weight,
    }
}

fn kind_of(raw: &RawQuestion, item: &str, problems: &mut Problems) -> QuestionKind {
    match raw.kind.as_str() {
        "single" => QuestionKind::Single,
        "multi" => QuestionKind::Multi,
        other => {
            problems.add(
                QUESTIONS,
                item,
                format!("kind = \"{other}\" is unknown (use \"single\" or \"multi\")"),
            );
            QuestionKind::Single
        }
    }
}

/// The condition that shows a question: on an earlier, point-free question.
fn show_if(
    raw: &RawQuestion,
    earlier: &[Question],
    item: &str,
    problems: &mut Problems,
) -> Option<AnswerCondition> {
    raw.show_if.as_ref().and_then(|condition| {
        let resolved = answer_condition(QUESTIONS, &format!("{item}, show_if"), condition, earlier, problems)?;
        let gate = &earlier[resolved.question];
        if gate.carries_points() {
            problems.add(
                QUESTIONS,
                format!("{item}, show_if"),
                format!("question {} carries readiness points; only point-free questions may decide what is shown", gate.id),
            );
        }
        Some(resolved)
    })
}

/// Single: the best option's points. Multi: the sum of the options' points, capped by
/// `max_points` where given.
pub(super) fn max_points(
    raw: &RawQuestion,
    kind: QuestionKind,
    options: &[AnswerOption],
    dimensions: &[&str],
    item: &str,
    problems: &mut Problems,
) -> Vec<u8> {
    let mut max = vec![0u8; dimensions.len()];
    for (d, slot) in max.iter_mut().enumerate() {
        let values = options.iter().map(|option| option.points[d]);
        *slot = match kind {
            QuestionKind::Single => values.max().unwrap_or(0),
            QuestionKind::Multi => {
                u8::try_from(values.map(u32::from).sum::<u32>().min(u32::from(u8::MAX)))
                    .unwrap_or(u8::MAX)
            }
        };
    }
    for (name, &cap) in &raw.max_points {
        let Some(d) = dimensions.iter().position(|dim| dim == name) else {
            problems.add(
                QUESTIONS,
                item,
                format!("max_points names unknown dimension `{name}`"),
            );
            continue;
        };
        if kind == QuestionKind::Single {
            problems.add(
                QUESTIONS,
                item,
                "max_points only applies to multi questions",
            );
        }
        let cap = in_range(
            cap,
            1..=i64::from(max[d].max(1)),
            QUESTIONS,
            item,
            &format!("max_points.{name}"),
            problems,
        );
        max[d] = u8::try_from(cap).unwrap_or(max[d]);
    }
    max
}

pub(super) fn answer_condition(
    file: &str,
    item: &str,
    raw: &RawAnswerCondition,
    questions: &[Question],
    problems: &mut Problems,
) -> Option<AnswerCondition> {
    let Some(question) = questions.iter().position(|q| q.id == raw.question.as_str()) else {
        problems.add(
            file,
            item,
            format!(
                "question `{}` is unknown or does not come earlier",
                raw.question
            ),
        );
        return None;
    };
    if raw.any_of.is_empty() {
        problems.add(
            file,
            item,
            "any_of is empty, so the condition can never hold",
        );
        return None;
    }
    let mut any_of = Vec::new();
    for option in &raw.any_of {
        match questions[question].option_index(option) {
            Some(index) => any_of.push(index),
            None => problems.add(
                file,
                item,
                format!("question `{}` has no option `{option}`", raw.question),
            ),
        }
    }
    (any_of.len() == raw.any_of.len()).then_some(AnswerCondition { question, any_of })
}

/// Every dimension needs a question that feeds it and every channel an option that moves it.
pub(super) fn check_fed(
    questions: &[Question],
    dimensions: &[&str],
    channels: &[&str],
    problems: &mut Problems,
) {
    for (d, name) in dimensions.iter().enumerate() {
        if !questions.iter().any(|q| q.max_points[d] > 0) {
            problems.add(
                MODEL,
                format!("dimension {name}"),
                "no option gives it points",
            );
        }
    }
    for (c, name) in channels.iter().enumerate() {
        if !questions
            .iter()
            .flat_map(|q| &q.options)
            .any(|o| o.affinity[c] != 0)
        {
            problems.add(MODEL, format!("channel {name}"), "no option moves its fit");
        }
    }
}

/// The one question whose options state a monthly budget; needed as soon as a channel has
/// a minimum.
pub(super) fn budget_question(
    questions: &[Question],
    channels: &[Channel],
    problems: &mut Problems,
) -> Option<usize> {
    let carrying: Vec<usize> = (0..questions.len())
        .filter(|&q| questions[q].options.iter().any(|o| o.monthly_eur.is_some()))
        .collect();
    if carrying.len() > 1 {
        problems.add(
            QUESTIONS,
            "monthly_eur",
            "only one question may state a monthly budget",
        );
    }
    let found = carrying.first().copied();
    if let Some(q) = found {
        let question = &questions[q];
        if question.kind != QuestionKind::Single {
            problems.add(
                QUESTIONS,
                format!("question {}", question.id),
                "the budget question must be single choice",
            );
        }
        for option in question.options.iter().filter(|o| !o.dont_know) {
            if option.monthly_eur.is_none() {
                problems.add(
                    QUESTIONS,
                    format!("question {}, option {}", question.id, option.id),
                    "every option of the budget question except \"don't know\" needs monthly_eur",
                );
            }
        }
    } else if channels.iter().any(|c| c.min_budget > 0) {
        problems.add(
            MODEL,
            "channel",
            "channels have a min_budget but no question states a budget (monthly_eur)",
        );
    }
    found
}
