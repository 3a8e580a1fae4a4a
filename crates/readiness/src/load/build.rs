//! Turns the raw files into a [`Quiz`]: resolves every reference to an index and checks
//! every rule, collecting all problems instead of stopping at the first.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::raw::{
    RawAnswerCondition, RawModel, RawOption, RawQuestion, RawQuestions, RawStepCondition,
};
use super::{texts, LoadError, LoadErrors, Sources};
use crate::ids::{ChannelId, DimensionId, ItemId, Locale, OptionId, QuestionId};
use crate::model::{
    AnswerCondition, AnswerOption, Blocker, Channel, ConsentPurpose, Dimension, GradeBand,
    GradeModel, NextStep, Question, QuestionKind, Quiz, StepCondition, Tier, VerdictRule,
};

pub const MODEL: &str = "model.toml";
pub const QUESTIONS: &str = "questions.toml";

/// Collected problems.
#[derive(Default)]
pub struct Problems(pub Vec<LoadError>);

impl Problems {
    pub fn add(&mut self, file: &str, item: impl Into<String>, problem: impl Into<String>) {
        self.0.push(LoadError {
            file: file.into(),
            item: item.into(),
            problem: problem.into(),
        });
    }
}

pub fn build(sources: &Sources) -> Result<Quiz, LoadErrors> {
    let mut problems = Problems::default();
    let model: Option<RawModel> = parse(MODEL, &sources.model, &mut problems);
    let questions: Option<RawQuestions> = parse(QUESTIONS, &sources.questions, &mut problems);
    let (Some(model), Some(questions)) = (model, questions) else {
        return Err(LoadErrors(problems.0));
    };
    let quiz = assemble(&model, &questions, &mut problems);
    let catalogs = texts::catalogs(
        &sources.locales,
        &quiz.reference_locale,
        &quiz,
        &mut problems,
    );
    if !problems.0.is_empty() {
        return Err(LoadErrors(problems.0));
    }
    let mut quiz = Quiz { catalogs, ..quiz };
    texts::hash_consent_texts(&mut quiz);
    quiz.version = content_hash(&quiz);
    Ok(quiz)
}

fn parse<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    problems: &mut Problems,
) -> Option<T> {
    match toml::from_str(text) {
        Ok(value) => Some(value),
        Err(error) => {
            problems.add(file, "", error.to_string().trim_end().replace('\n', " "));
            None
        }
    }
}

/// A hash of the validated content, so comments and formatting do not change the version.
fn content_hash(quiz: &Quiz) -> String {
    let encoded = postcard::to_allocvec(quiz).unwrap_or_default();
    let digest = Sha256::digest(&encoded);
    digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A hex digest prefix used for consent texts.
pub fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn assemble(model: &RawModel, raw_questions: &RawQuestions, problems: &mut Problems) -> Quiz {
    let reference_locale =
        Locale::new(model.quiz.reference_locale.clone()).unwrap_or_else(|error| {
            problems.add(MODEL, "quiz", format!("reference_locale: {error}"));
            Locale::new("en").unwrap_or_else(|_| unreachable!("`en` is a valid locale"))
        });
    let dimensions = dimensions(model, problems);
    let channels = channels(model, problems);
    let dimension_ids: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
    let channel_ids: Vec<&str> = channels.iter().map(|c| c.id.as_str()).collect();
    let questions = questions(raw_questions, &dimension_ids, &channel_ids, problems);
    check_fed(&questions, &dimension_ids, &channel_ids, problems);
    let budget_question = budget_question(&questions, &channels, problems);
    let verdict = verdict(model, &questions, problems);
    let blockers = blockers(model, &questions, &channel_ids, problems);
    let next_steps = next_steps(
        model,
        &questions,
        &blockers,
        &dimension_ids,
        &channel_ids,
        problems,
    );
    let consents = consents(model, problems);
    Quiz {
        id: model.quiz.id.clone(),
        version: String::new(),
        reference_locale,
        tiers: tiers(model, problems),
        weak_dimension: percent(
            model.thresholds.weak_dimension,
            "thresholds",
            "weak_dimension",
            problems,
        ),
        start_here: start_here(model, channels.len(), problems),
        min_fit: percent(model.thresholds.min_fit, "thresholds", "min_fit", problems),
        verdict,
        grade: grade(model, problems),
        dimensions,
        channels,
        questions,
        budget_question,
        blockers,
        next_steps,
        consents,
        catalogs: Vec::new(),
    }
}

/// Parses a list of ids, reporting malformed and duplicate ones.
fn ids<'a, T>(
    file: &str,
    kind: &str,
    raw: impl Iterator<Item = &'a str>,
    make: fn(String) -> Result<T, crate::ids::InvalidId>,
    problems: &mut Problems,
) -> Vec<T> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for text in raw {
        if !seen.insert(text.to_owned()) {
            problems.add(file, format!("{kind} {text}"), "duplicate id");
            continue;
        }
        match make(text.to_owned()) {
            Ok(id) => out.push(id),
            Err(error) => problems.add(file, format!("{kind} {text}"), error.to_string()),
        }
    }
    out
}

fn in_range(
    value: i64,
    range: std::ops::RangeInclusive<i64>,
    file: &str,
    item: &str,
    field: &str,
    problems: &mut Problems,
) -> i64 {
    if range.contains(&value) {
        value
    } else {
        problems.add(
            file,
            item,
            format!(
                "{field} = {value} is out of range ({}..={})",
                range.start(),
                range.end()
            ),
        );
        value.clamp(*range.start(), *range.end())
    }
}

fn percent(value: i64, item: &str, field: &str, problems: &mut Problems) -> u8 {
    u8::try_from(in_range(value, 0..=100, MODEL, item, field, problems)).unwrap_or(0)
}

fn dimensions(model: &RawModel, problems: &mut Problems) -> Vec<Dimension> {
    let ids = ids(
        MODEL,
        "dimension",
        model.dimension.iter().map(|d| d.id.as_str()),
        DimensionId::new,
        problems,
    );
    ids.into_iter()
        .map(|id| {
            let raw = model
                .dimension
                .iter()
                .find(|d| id == d.id.as_str())
                .map_or(1, |d| d.weight);
            let weight = in_range(
                raw,
                1..=10,
                MODEL,
                &format!("dimension {id}"),
                "weight",
                problems,
            );
            Dimension {
                id,
                weight: u8::try_from(weight).unwrap_or(1),
            }
        })
        .collect()
}

fn tiers(model: &RawModel, problems: &mut Problems) -> Vec<Tier> {
    let ids = ids(
        MODEL,
        "tier",
        model.tier.iter().map(|t| t.id.as_str()),
        ItemId::new,
        problems,
    );
    let tiers: Vec<Tier> = ids
        .into_iter()
        .zip(&model.tier)
        .map(|(id, raw)| Tier {
            min: percent(raw.min, &format!("tier {id}"), "min", problems),
            id,
        })
        .collect();
    if tiers.first().is_none_or(|tier| tier.min != 0) {
        problems.add(MODEL, "tier", "the first tier must start at min = 0");
    }
    if tiers.windows(2).any(|pair| pair[0].min >= pair[1].min) {
        problems.add(
            MODEL,
            "tier",
            "tiers must be listed with strictly ascending min",
        );
    }
    tiers
}

fn start_here(model: &RawModel, channels: usize, problems: &mut Problems) -> u8 {
    let most = i64::try_from(channels).unwrap_or(i64::MAX).max(1);
    let value = in_range(
        model.thresholds.start_here,
        1..=most,
        MODEL,
        "thresholds",
        "start_here",
        problems,
    );
    u8::try_from(value).unwrap_or(1)
}

fn channels(model: &RawModel, problems: &mut Problems) -> Vec<Channel> {
    let ids = ids(
        MODEL,
        "channel",
        model.channel.iter().map(|c| c.id.as_str()),
        ChannelId::new,
        problems,
    );
    ids.into_iter()
        .map(|id| {
            let raw = model.channel.iter().find(|c| id == c.id.as_str());
            let min_budget = in_range(
                raw.map_or(0, |c| c.min_budget),
                0..=10_000_000,
                MODEL,
                &format!("channel {id}"),
                "min_budget",
                problems,
            );
            Channel {
                base_fit: percent(
                    raw.map_or(50, |c| c.base_fit),
                    &format!("channel {id}"),
                    "base_fit",
                    problems,
                ),
                organic: raw.is_some_and(|c| c.organic),
                min_budget: u32::try_from(min_budget).unwrap_or(0),
                id,
            }
        })
        .collect()
}

/// The one question whose options state a monthly budget; needed as soon as a channel has
/// a minimum.
fn budget_question(
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

fn verdict(model: &RawModel, questions: &[Question], problems: &mut Problems) -> VerdictRule {
    let needs = model
        .verdict
        .needs
        .iter()
        .filter_map(|name| {
            let found = questions.iter().position(|q| q.id == name.as_str());
            match found {
                Some(index) if questions[index].show_if.is_some() => problems.add(
                    MODEL,
                    "verdict",
                    format!("needs `{name}`, which is not shown to every visitor"),
                ),
                Some(_) => {}
                None => problems.add(MODEL, "verdict", format!("needs unknown question `{name}`")),
            }
            found
        })
        .collect();
    let most = i64::try_from(questions.len()).unwrap_or(i64::MAX);
    let min_known = in_range(
        model.verdict.min_known,
        1..=most.max(1),
        MODEL,
        "verdict",
        "min_known",
        problems,
    );
    VerdictRule {
        needs,
        min_known: u16::try_from(min_known).unwrap_or(1),
    }
}

fn grade(model: &RawModel, problems: &mut Problems) -> GradeModel {
    let weight = |value, field, problems: &mut Problems| {
        u8::try_from(in_range(value, 0..=10, MODEL, "grade", field, problems)).unwrap_or(0)
    };
    let readiness_weight = weight(model.grade.readiness_weight, "readiness_weight", problems);
    let fit_weight = weight(model.grade.fit_weight, "fit_weight", problems);
    let mut bands: Vec<GradeBand> = Vec::new();
    for raw in &model.grade.band {
        let valid = raw.id.len() == 1 && raw.id.chars().all(|c| c.is_ascii_uppercase());
        if !valid {
            problems.add(
                MODEL,
                format!("grade band {}", raw.id),
                "a grade is one capital letter",
            );
        } else if bands.iter().any(|band| band.id == raw.id) {
            problems.add(MODEL, format!("grade band {}", raw.id), "duplicate id");
        }
        bands.push(GradeBand {
            id: raw.id.clone(),
            min: percent(raw.min, &format!("grade band {}", raw.id), "min", problems),
        });
    }
    if bands.windows(2).any(|pair| pair[0].min <= pair[1].min) {
        problems.add(
            MODEL,
            "grade band",
            "bands must be listed best first, with strictly descending min",
        );
    }
    if bands.last().is_none_or(|band| band.min != 0) {
        problems.add(MODEL, "grade band", "the last band must have min = 0");
    }
    GradeModel {
        readiness_weight,
        fit_weight,
        bands,
    }
}

fn questions(
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

fn question(
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
            option(
                id,
                raw_option,
                kind,
                lead_weight,
                dimensions,
                channels,
                &option_item,
                problems,
            )
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

#[allow(clippy::too_many_arguments)] // one option's context: where it is and what it may name
fn option(
    id: OptionId,
    raw: &RawOption,
    kind: QuestionKind,
    lead_weight: u8,
    dimensions: &[&str],
    channels: &[&str],
    item: &str,
    problems: &mut Problems,
) -> AnswerOption {
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
fn max_points(
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

fn answer_condition(
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
fn check_fed(
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

fn blockers(
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

fn next_steps(
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

fn step_condition(
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

fn consents(model: &RawModel, problems: &mut Problems) -> Vec<ConsentPurpose> {
    let ids = ids(
        MODEL,
        "consent",
        model.consent.iter().map(|c| c.id.as_str()),
        ItemId::new,
        problems,
    );
    if !model.consent.iter().any(|c| c.required) {
        problems.add(
            MODEL,
            "consent",
            "at least one consent must be required (the agency needs leave to contact the visitor)",
        );
    }
    ids.into_iter()
        .zip(&model.consent)
        .map(|(id, raw)| ConsentPurpose {
            id,
            required: raw.required,
            text_hashes: Vec::new(),
        })
        .collect()
}
