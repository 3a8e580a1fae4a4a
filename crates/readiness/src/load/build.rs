//! Turns the raw files into a [`Quiz`]: resolves every reference to an index and checks
//! every rule, collecting all problems instead of stopping at the first.

use sha2::{Digest, Sha256};

use super::problems::{percent, Problems, MODEL, QUESTIONS};
use super::questions::{budget_question, check_fed, questions};
use super::raw::{RawModel, RawQuestions};
use super::scoring::{channels, consents, dimensions, grade, start_here, tiers, verdict};
use super::steps::{blockers, next_steps};
use super::{texts, LoadErrors, Sources};
use crate::ids::Locale;
use crate::model::{Language, Quiz};

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
    let languages = catalogs
        .iter()
        .map(|catalog| Language {
            locale: catalog.locale.clone(),
            name: catalog
                .entries
                .get("meta.language_name")
                .cloned()
                .unwrap_or_else(|| catalog.locale.to_string()),
        })
        .collect();
    let mut quiz = Quiz {
        languages,
        catalogs,
        ..quiz
    };
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
        languages: Vec::new(),
        catalogs: Vec::new(),
    }
}
