//! An answer option: its points per dimension, its pull on each channel, its lead value
//! and budget, each checked against the question it belongs to.

use super::problems::{in_range, Problems, QUESTIONS};
use super::raw::RawOption;
use crate::ids::OptionId;
use crate::model::{AnswerOption, QuestionKind};

/// How an option's question is asked, and what its option may name.
pub(super) struct Asked<'a> {
    pub kind: QuestionKind,
    pub lead_weight: u8,
    pub dimensions: &'a [&'a str],
    pub channels: &'a [&'a str],
}

pub(super) fn option(
    id: OptionId,
    raw: &RawOption,
    asked: &Asked<'_>,
    item: &str,
    problems: &mut Problems,
) -> AnswerOption {
    let Asked {
        dimensions,
        channels,
        ..
    } = *asked;
    let points = by_name(&raw.points, dimensions, 0..=10, "points", item, problems)
        .into_iter()
        .map(|value| u8::try_from(value).unwrap_or(0))
        .collect();
    let affinity = by_name(&raw.channels, channels, -5..=5, "channels", item, problems)
        .into_iter()
        .map(|value| i8::try_from(value).unwrap_or(0))
        .collect();
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
    check_option(
        raw,
        asked,
        lead.is_some() || monthly_eur.is_some(),
        item,
        problems,
    );
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

/// Values keyed by the names of a list (dimensions, channels), in the list's order; a name
/// the list does not have and a value out of `range` are problems.
fn by_name(
    values: &std::collections::BTreeMap<String, i64>,
    names: &[&str],
    range: std::ops::RangeInclusive<i64>,
    field: &str,
    item: &str,
    problems: &mut Problems,
) -> Vec<i64> {
    let mut out = vec![0; names.len()];
    for (name, &value) in values {
        match names.iter().position(|n| n == name) {
            Some(index) => {
                let field = format!("{field}.{name}");
                out[index] = in_range(value, range.clone(), QUESTIONS, item, &field, problems);
            }
            None => problems.add(
                QUESTIONS,
                item,
                format!(
                    "{field} name unknown {} `{name}`",
                    if field == "points" {
                        "dimension"
                    } else {
                        "channel"
                    }
                ),
            ),
        }
    }
    out
}

/// The rules an option must follow given how its question is asked; `valued` when it
/// carries a lead value or a monthly budget.
fn check_option(
    raw: &RawOption,
    asked: &Asked<'_>,
    valued: bool,
    item: &str,
    problems: &mut Problems,
) {
    if raw.dont_know && (!raw.points.is_empty() || !raw.channels.is_empty() || valued) {
        problems.add(QUESTIONS, item, "a \"don't know\" option scores as nothing: it may not carry points, channels, lead or monthly_eur");
    }
    if !raw.dont_know && asked.lead_weight > 0 && raw.lead.is_none() {
        problems.add(QUESTIONS, item, "the question has a lead_weight, so every option except \"don't know\" needs a lead value");
    }
    if asked.lead_weight == 0 && raw.lead.is_some() {
        problems.add(
            QUESTIONS,
            item,
            "lead is set but the question has no lead_weight",
        );
    }
    if raw.exclusive && asked.kind == QuestionKind::Single {
        problems.add(QUESTIONS, item, "exclusive only applies to multi questions");
    }
}
