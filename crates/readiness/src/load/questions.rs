//! The questions in `questions.toml`: options, points, channel affinities, lead values,
//! the budget, skip logic, and the answer conditions the model's items refer to.

use super::problems::{ids, in_range, Problems, MODEL, QUESTIONS};
use super::raw::{RawAnswerCondition, RawOption, RawQuestion, RawQuestions};
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
    let kind = match raw.kind.as_str() {
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
    };
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
            let asked = Asked {
                kind,
                lead_weight,
                dimensions,
                channels,
            };
            option(id, raw_option, &asked, &option_item, problems)
        })
        .collect();
    let max_points = max_points(raw, kind, &options, dimensions, item, problems);
    let show_if = raw.show_if.as_ref().and_then(|condition| {
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
    });
    Question {
        id,
        kind,
        show_if,
        options,
        max_points,
        lead_weight,
    }
}

/// How an option's question is asked, and what its option may name.
struct Asked<'a> {
    kind: QuestionKind,
    lead_weight: u8,
    dimensions: &'a [&'a str],
    channels: &'a [&'a str],
}

fn option(
    id: OptionId,
    raw: &RawOption,
    asked: &Asked<'_>,
    item: &str,
    problems: &mut Problems,
) -> AnswerOption {
    let Asked {
        kind,
        lead_weight,
        dimensions,
        channels,
    } = *asked;
    let mut points = vec![0u8; dimensions.len()];
    for (name, &value) in &raw.points {
        match dimensions.iter().position(|d| d == name) {
            Some(index) => {
                points[index] = u8::try_from(in_range(
                    value,
                    0..=10,
                    QUESTIONS,
                    item,
                    &format!("points.{name}"),
                    problems,
                ))
                .unwrap_or(0)
            }
            None => problems.add(
                QUESTIONS,
                item,
                format!("points name unknown dimension `{name}`"),
            ),
        }
    }
    let mut affinity = vec![0i8; channels.len()];
    for (name, &value) in &raw.channels {
        match channels.iter().position(|c| c == name) {
            Some(index) => {
                affinity[index] = i8::try_from(in_range(
                    value,
                    -5..=5,
                    QUESTIONS,
                    item,
                    &format!("channels.{name}"),
                    problems,
                ))
                .unwrap_or(0)
            }
            None => problems.add(
                QUESTIONS,
                item,
                format!("channels name unknown channel `{name}`"),
            ),
        }
    }
    let lead = raw.lead.map(|value| {
        u8::try_from(in_range(value, 0..=10, QUESTIONS, item, "lead", problems)).unwrap_or(0)
    });
    let monthly_eur = raw.monthly_eur.map(|value| {
        u32::try_from(in_range(
            value,
            0..=10_000_000,
            QUESTIONS,
            item,
            "monthly_eur",
            problems,
        ))
        .unwrap_or(0)
    });
    if raw.dont_know
        && (!raw.points.is_empty()
            || !raw.channels.is_empty()
            || lead.is_some()
            || monthly_eur.is_some())
    {
        problems.add(QUESTIONS, item, "a \"don't know\" option scores as nothing: it may not carry points, channels, lead or monthly_eur");
    }
    if !raw.dont_know && lead_weight > 0 && lead.is_none() {
        problems.add(QUESTIONS, item, "the question has a lead_weight, so every option except \"don't know\" needs a lead value");
    }
    if lead_weight == 0 && lead.is_some() {
        problems.add(
            QUESTIONS,
            item,
            "lead is set but the question has no lead_weight",
        );
    }
    if raw.exclusive && kind == QuestionKind::Single {
        problems.add(QUESTIONS, item, "exclusive only applies to multi questions");
    }
    AnswerOption {
        id,
        dont_know: raw.dont_know,
        exclusive: raw.exclusive || raw.dont_know,
        points,
        affinity,
        lead,
        monthly_eur,
    }
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
