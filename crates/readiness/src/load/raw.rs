//! The quiz files as written, before validation: plain strings and numbers, unknown
//! fields rejected so a typo is reported instead of silently ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    pub quiz: RawQuizHeader,
    #[serde(default)]
    pub dimension: Vec<RawDimension>,
    #[serde(default)]
    pub channel: Vec<RawChannel>,
    #[serde(default)]
    pub tier: Vec<RawTier>,
    pub thresholds: RawThresholds,
    pub verdict: RawVerdict,
    pub grade: RawGrade,
    #[serde(default)]
    pub blocker: Vec<RawBlocker>,
    #[serde(default)]
    pub next_step: Vec<RawNextStep>,
    #[serde(default)]
    pub consent: Vec<RawConsent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuizHeader {
    pub id: String,
    pub reference_locale: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDimension {
    pub id: String,
    pub weight: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    pub id: String,
    #[serde(default = "half")]
    pub base_fit: i64,
    #[serde(default)]
    pub min_budget: i64,
    #[serde(default)]
    pub organic: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    pub id: String,
    pub min: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThresholds {
    pub weak_dimension: i64,
    pub start_here: i64,
    pub min_fit: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVerdict {
    pub needs: Vec<String>,
    pub min_known: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    pub readiness_weight: i64,
    pub fit_weight: i64,
    #[serde(default)]
    pub band: Vec<RawTier>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBlocker {
    pub id: String,
    pub when: Vec<RawAnswerCondition>,
    #[serde(default)]
    pub channels: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnswerCondition {
    pub question: String,
    pub any_of: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNextStep {
    pub id: String,
    pub priority: i64,
    pub when: RawStepCondition,
    #[serde(default)]
    pub unless: Vec<RawAnswerCondition>,
}

/// Exactly one way of saying when a step applies; checked in the builder.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStepCondition {
    pub question: Option<String>,
    pub any_of: Option<Vec<String>>,
    pub blocker: Option<String>,
    pub start_here: Option<String>,
    pub weak_dimension: Option<String>,
    pub always: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConsent {
    pub id: String,
    pub required: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestions {
    #[serde(default)]
    pub question: Vec<RawQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: String,
    pub kind: String,
    pub show_if: Option<RawAnswerCondition>,
    #[serde(default)]
    pub max_points: BTreeMap<String, i64>,
    #[serde(default)]
    pub lead_weight: i64,
    #[serde(default)]
    pub options: Vec<RawOption>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: String,
    #[serde(default)]
    pub dont_know: bool,
    #[serde(default)]
    pub exclusive: bool,
    #[serde(default)]
    pub points: BTreeMap<String, i64>,
    #[serde(default)]
    pub channels: BTreeMap<String, i64>,
    pub lead: Option<i64>,
    pub monthly_eur: Option<i64>,
}

fn half() -> i64 {
    50
}
