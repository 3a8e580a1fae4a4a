//! The scoring model's items in `model.toml`: dimensions, channels and their minimum
//! budgets, tiers, thresholds, the verdict rule, the lead grade and consent purposes.

use super::problems::{ids, in_range, percent, Problems, MODEL};
use super::raw::RawModel;
use crate::ids::{ChannelId, DimensionId, ItemId};
use crate::model::{
    Channel, ConsentPurpose, Dimension, GradeBand, GradeModel, Question, Tier, VerdictRule,
};

pub(super) fn dimensions(model: &RawModel, problems: &mut Problems) -> Vec<Dimension> {
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

pub(super) fn tiers(model: &RawModel, problems: &mut Problems) -> Vec<Tier> {
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

pub(super) fn start_here(model: &RawModel, channels: usize, problems: &mut Problems) -> u8 {
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

pub(super) fn channels(model: &RawModel, problems: &mut Problems) -> Vec<Channel> {
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

pub(super) fn verdict(
    model: &RawModel,
    questions: &[Question],
    problems: &mut Problems,
) -> VerdictRule {
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

pub(super) fn grade(model: &RawModel, problems: &mut Problems) -> GradeModel {
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

pub(super) fn consents(model: &RawModel, problems: &mut Problems) -> Vec<ConsentPurpose> {
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
