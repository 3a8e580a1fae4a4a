//! Collecting problems while the quiz files are checked, and the small checks every part
//! of the loader shares: ids, number ranges, hashes.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::LoadError;

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

/// A hex digest prefix used for consent texts.
pub fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Parses a list of ids, reporting malformed and duplicate ones.
pub(super) fn ids<'a, T>(
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

pub(super) fn in_range(
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

pub(super) fn percent(value: i64, item: &str, field: &str, problems: &mut Problems) -> u8 {
    u8::try_from(in_range(value, 0..=100, MODEL, item, field, problems)).unwrap_or(0)
}
