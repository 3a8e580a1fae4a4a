//! Blockers and next steps in `model.toml`: their conditions resolved to indices, the
//! channels a blocker holds back, and the rule that every visitor gets three steps.

use super::problems::{ids, in_range, Problems, MODEL};
use super::questions::answer_condition;
use super::raw::{RawAnswerCondition, RawModel, RawStepCondition};
use crate::ids::ItemId;
use crate::model::{Blocker, NextStep, Question, StepCondition};

pub(super) fn blockers(
    model: &RawModel,
    questions: &[Question],
    channels: &[&str],
    problems: &mut Problems,
) -> Vec<Blocker> {
    let ids = ids(
        MODEL,
        "blocker",
        model.blocker.iter().map(|b| b.id.as_str()),
        ItemId::new,
        problems,
    );
    ids.into_iter()
        .zip(&model.blocker)
        .map(|(id, raw)| {
            let item = format!("blocker {id}");
            if raw.when.is_empty() {
                problems.add(MODEL, &item, "when is empty");
            }
            let when = raw
                .when
                .iter()
                .filter_map(|c| answer_condition(MODEL, &item, c, questions, problems))
                .collect();
            let channels = raw
                .channels
                .iter()
                .filter_map(|name| {
                    let index = channels.iter().position(|c| c == name);
                    if index.is_none() {
                        problems.add(MODEL, &item, format!("unknown channel `{name}`"));
                    }
                    index
                })
                .collect();
            Blocker { id, when, channels }
        })
        .collect()
}

pub(super) fn next_steps(
    model: &RawModel,
    questions: &[Question],
    blockers: &[Blocker],
    dimensions: &[&str],
    channels: &[&str],
    problems: &mut Problems,
) -> Vec<NextStep> {
    let ids = ids(
        MODEL,
        "next_step",
        model.next_step.iter().map(|s| s.id.as_str()),
        ItemId::new,
        problems,
    );
    let mut steps: Vec<NextStep> = ids
        .into_iter()
        .zip(&model.next_step)
        .map(|(id, raw)| {
            let item = format!("next_step {id}");
            let priority = u16::try_from(in_range(
                raw.priority,
                0..=1000,
                MODEL,
                &item,
                "priority",
                problems,
            ))
            .unwrap_or(0);
            let when = step_condition(
                &raw.when, &item, questions, blockers, dimensions, channels, problems,
            );
            let unless = raw
                .unless
                .iter()
                .filter_map(|c| {
                    answer_condition(MODEL, &format!("{item}, unless"), c, questions, problems)
                })
                .collect();
            NextStep {
                id,
                priority,
                when,
                unless,
            }
        })
        .collect();
    steps.sort_by_key(|step| std::cmp::Reverse(step.priority));
    let always = steps
        .iter()
        .filter(|s| s.when == StepCondition::Always && s.unless.is_empty())
        .count();
    if always < 3 {
        problems.add(MODEL, "next_step", "some visitors would get fewer than three next steps: add `always` steps (without `unless`) until there are three");
    }
    steps
}

pub(super) fn step_condition(
    raw: &RawStepCondition,
    item: &str,
    questions: &[Question],
    blockers: &[Blocker],
    dimensions: &[&str],
    channels: &[&str],
    problems: &mut Problems,
) -> StepCondition {
    let forms = [
        raw.question.is_some() || raw.any_of.is_some(),
        raw.blocker.is_some(),
        raw.start_here.is_some(),
        raw.weak_dimension.is_some(),
        raw.always.is_some(),
    ];
    if forms.iter().filter(|&&set| set).count() != 1 {
        problems.add(MODEL, item, "when must have exactly one of: question + any_of, blocker, start_here, weak_dimension, always");
        return StepCondition::Always;
    }
    let find = |list: &[&str], name: &str, kind: &str, problems: &mut Problems| {
        let found = list.iter().position(|entry| *entry == name);
        if found.is_none() {
            problems.add(MODEL, item, format!("unknown {kind} `{name}`"));
        }
        found
    };
    if let Some(name) = &raw.blocker {
        let names: Vec<&str> = blockers.iter().map(|b| b.id.as_str()).collect();
        return find(&names, name, "blocker", problems)
            .map_or(StepCondition::Always, StepCondition::Blocker);
    }
    if let Some(name) = &raw.start_here {
        return find(channels, name, "channel", problems)
            .map_or(StepCondition::Always, StepCondition::StartHere);
    }
    if let Some(name) = &raw.weak_dimension {
        return find(dimensions, name, "dimension", problems)
            .map_or(StepCondition::Always, StepCondition::WeakDimension);
    }
    always_or_answer(raw, item, questions, problems)
}

/// The two remaining forms of `when`: `always`, or `question` with `any_of`.
fn always_or_answer(
    raw: &RawStepCondition,
    item: &str,
    questions: &[Question],
    problems: &mut Problems,
) -> StepCondition {
    if raw.always == Some(false) {
        problems.add(
            MODEL,
            item,
            "always = false never applies; remove the step instead",
        );
    }
    match (&raw.question, &raw.any_of) {
        (Some(question), Some(any_of)) => {
            let condition = RawAnswerCondition {
                question: question.clone(),
                any_of: any_of.clone(),
            };
            answer_condition(MODEL, item, &condition, questions, problems)
                .map_or(StepCondition::Always, StepCondition::Answer)
        }
        (None, None) => StepCondition::Always,
        _ => {
            problems.add(MODEL, item, "question and any_of go together");
            StepCondition::Always
        }
    }
}
