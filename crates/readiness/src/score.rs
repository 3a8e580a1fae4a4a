//! Scoring: readiness per dimension and overall, channel fit, blockers, next steps,
//! confidence and the lead grade, each with the answers that moved it. Pure and
//! deterministic: the same quiz and answers always give the same report.

use serde::{Deserialize, Serialize};

use crate::answers::{condition_holds, Answers};
use crate::ids::{ChannelId, DimensionId, ItemId, OptionId, QuestionId};
use crate::model::{QuestionKind, Quiz, StepCondition};

/// How many drivers are kept per dimension or channel.
const DRIVERS_KEPT: usize = 3;
/// How many next steps a report gives.
const NEXT_STEPS: usize = 3;

/// Everything the visitor sees and the sales team receives about one answer set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The quiz version the report was computed with.
    pub quiz_version: String,
    /// Overall readiness, 0–100.
    pub readiness: u8,
    /// The readiness tier.
    pub tier: ItemId,
    /// How much of the report rests on real answers, 0–100.
    pub confidence: u8,
    /// The confidence as a level.
    pub confidence_level: ConfidenceLevel,
    /// One score per dimension, in model order.
    pub dimensions: Vec<DimensionScore>,
    /// Every channel, best fit first.
    pub channels: Vec<ChannelFit>,
    /// Blockers found, in model order.
    pub blockers: Vec<ItemId>,
    /// Three next steps, most important first.
    pub next_steps: Vec<ItemId>,
    /// The lead grade for the sales team.
    pub grade: Grade,
    /// How the shown questions were answered.
    pub counts: AnswerCounts,
}

/// The score of one readiness dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionScore {
    /// The dimension.
    pub id: DimensionId,
    /// 0–100, or `None` when no answer informs it.
    pub score: Option<u8>,
    /// Below the model's weak threshold.
    pub weak: bool,
    /// The answers that moved it most.
    pub drivers: Vec<Driver>,
}

/// The fit of one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelFit {
    /// The channel.
    pub id: ChannelId,
    /// 0–100.
    pub fit: u8,
    /// Among the top channels recommended.
    pub recommended: bool,
    /// The answers that moved it most.
    pub drivers: Vec<Driver>,
    /// Blockers to solve before this channel works.
    pub blocked_by: Vec<ItemId>,
}

/// An answer and how much it moved a score: positive up, negative down (in tenths of a
/// point relative to the question's midpoint).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Driver {
    /// The question.
    pub question: QuestionId,
    /// The options chosen.
    pub options: Vec<OptionId>,
    /// Signed effect; only the sign and the order matter to a reader.
    pub effect: i16,
}

/// High, medium or low confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfidenceLevel {
    /// 80 and above.
    High,
    /// 50 to 79.
    Medium,
    /// Below 50.
    Low,
}

impl ConfidenceLevel {
    /// The level's id, used in text keys (`confidence.high`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }
}

/// The lead grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    /// `A` (best) to `D`.
    pub letter: String,
    /// The weighted score behind the letter, 0–100.
    pub score: u8,
}

/// How the shown questions were answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerCounts {
    /// Questions shown.
    pub shown: u16,
    /// Answered with a real answer.
    pub known: u16,
    /// Answered "I don't know".
    pub dont_know: u16,
    /// Not answered.
    pub skipped: u16,
}

/// What one question contributes, once its answer is known.
struct Known<'a> {
    index: usize,
    chosen: &'a [usize],
}

impl Quiz {
    /// Scores an answer set.
    ///
    /// ```
    /// use readiness::testing::{quiz, answers};
    /// let quiz = quiz();
    /// let report = quiz.score(&answers(&[("trademark", &["none"])]));
    /// assert!(report.blockers.iter().any(|b| b.as_str() == "no_trademark"));
    /// assert!(report.readiness <= 100 && report.next_steps.len() == 3);
    /// ```
    pub fn score(&self, answers: &Answers) -> Report {
        let mut resolved = self.resolve(answers);
        let visible = self.visibility(&resolved);
        for (chosen, shown) in resolved.iter_mut().zip(&visible) {
            if !shown {
                chosen.clear();
            }
        }
        let mut counts = AnswerCounts {
            shown: 0,
            known: 0,
            dont_know: 0,
            skipped: 0,
        };
        let mut known = Vec::new();
        for (index, chosen) in resolved.iter().enumerate().filter(|(i, _)| visible[*i]) {
            counts.shown += 1;
            let options = &self.questions[index].options;
            if chosen.is_empty() {
                counts.skipped += 1;
            } else if chosen.iter().any(|&o| options[o].dont_know) {
                counts.dont_know += 1;
            } else {
                counts.known += 1;
                known.push(Known { index, chosen });
            }
        }
        let dimensions = self.dimension_scores(&known);
        let readiness = self.overall(&dimensions);
        let blockers: Vec<usize> = (0..self.blockers.len())
            .filter(|&b| {
                self.blockers[b]
                    .when
                    .iter()
                    .all(|c| condition_holds(c, &resolved))
            })
            .collect();
        let channels = self.channel_fits(&known, &blockers);
        let next_steps = self.next_steps(&resolved, &blockers, &channels, &dimensions);
        let confidence = if counts.shown == 0 {
            0
        } else {
            round_percent(f64::from(counts.known) / f64::from(counts.shown))
        };
        let grade = self.grade(readiness, &channels, &known);
        Report {
            quiz_version: self.version.clone(),
            readiness,
            tier: self.tier_for(readiness).clone(),
            confidence,
            confidence_level: match confidence {
                80.. => ConfidenceLevel::High,
                50..=79 => ConfidenceLevel::Medium,
                _ => ConfidenceLevel::Low,
            },
            dimensions,
            channels,
            blockers: blockers
                .iter()
                .map(|&b| self.blockers[b].id.clone())
                .collect(),
            next_steps,
            grade,
            counts,
        }
    }

    fn driver(&self, known: &Known<'_>, effect: f64) -> Driver {
        let question = &self.questions[known.index];
        Driver {
            question: question.id.clone(),
            options: known
                .chosen
                .iter()
                .map(|&o| question.options[o].id.clone())
                .collect(),
            effect: clamp_i16((effect * 10.0).round()),
        }
    }

    fn dimension_scores(&self, known: &[Known<'_>]) -> Vec<DimensionScore> {
        (0..self.dimensions.len())
            .map(|d| {
                let (mut earned_total, mut max_total) = (0u32, 0u32);
                let mut drivers = Vec::new();
                for answer in known {
                    let question = &self.questions[answer.index];
                    let max = u32::from(question.max_points[d]);
                    if max == 0 {
                        continue;
                    }
                    let sum: u32 = answer
                        .chosen
                        .iter()
                        .map(|&o| u32::from(question.options[o].points[d]))
                        .sum();
                    let earned = match question.kind {
                        QuestionKind::Single => sum,
                        QuestionKind::Multi => sum.min(max),
                    };
                    earned_total += earned;
                    max_total += max;
                    drivers.push(self.driver(answer, f64::from(earned) - f64::from(max) / 2.0));
                }
                let score = (max_total > 0)
                    .then(|| round_percent(f64::from(earned_total) / f64::from(max_total)));
                DimensionScore {
                    id: self.dimensions[d].id.clone(),
                    score,
                    weak: score.is_some_and(|s| s < self.weak_dimension),
                    drivers: strongest(drivers),
                }
            })
            .collect()
    }

    fn overall(&self, dimensions: &[DimensionScore]) -> u8 {
        let (mut sum, mut weights) = (0.0, 0.0);
        for (score, dimension) in dimensions.iter().zip(&self.dimensions) {
            if let Some(value) = score.score {
                sum += f64::from(value) * f64::from(dimension.weight);
                weights += f64::from(dimension.weight);
            }
        }
        if weights == 0.0 {
            0
        } else {
            round_percent(sum / weights / 100.0)
        }
    }

    fn tier_for(&self, readiness: u8) -> &ItemId {
        let tier = self
            .tiers
            .iter()
            .rev()
            .find(|tier| tier.min <= readiness)
            .unwrap_or(&self.tiers[0]);
        &tier.id
    }

    fn channel_fits(&self, known: &[Known<'_>], blockers: &[usize]) -> Vec<ChannelFit> {
        let mut fits: Vec<(usize, ChannelFit)> = (0..self.channels.len())
            .map(|c| {
                let (mut value_sum, mut low_sum, mut high_sum) = (0.0, 0.0, 0.0);
                let mut drivers = Vec::new();
                for answer in known {
                    let options = &self.questions[answer.index].options;
                    let range = options
                        .iter()
                        .filter(|o| !o.dont_know)
                        .map(|o| f64::from(o.affinity[c]));
                    let low = range.clone().fold(f64::INFINITY, f64::min);
                    let high = range.fold(f64::NEG_INFINITY, f64::max);
                    if high <= low {
                        continue;
                    }
                    let chosen = answer
                        .chosen
                        .iter()
                        .map(|&o| f64::from(options[o].affinity[c]));
                    let value = chosen.clone().sum::<f64>() / answer.chosen.len() as f64;
                    value_sum += value;
                    low_sum += low;
                    high_sum += high;
                    drivers.push(self.driver(answer, value - (low + high) / 2.0));
                }
                let fit = if high_sum > low_sum {
                    round_percent((value_sum - low_sum) / (high_sum - low_sum))
                } else {
                    50
                };
                let blocked_by = blockers
                    .iter()
                    .filter(|&&b| self.blockers[b].channels.contains(&c))
                    .map(|&b| self.blockers[b].id.clone())
                    .collect();
                let channel = ChannelFit {
                    id: self.channels[c].clone(),
                    fit,
                    recommended: false,
                    drivers: strongest(drivers),
                    blocked_by,
                };
                (c, channel)
            })
            .collect();
        fits.sort_by(|(a_index, a), (b_index, b)| b.fit.cmp(&a.fit).then(a_index.cmp(b_index)));
        for (_, fit) in fits.iter_mut().take(usize::from(self.recommended_channels)) {
            fit.recommended = true;
        }
        fits.into_iter().map(|(_, fit)| fit).collect()
    }

    fn next_steps(
        &self,
        resolved: &[Vec<usize>],
        blockers: &[usize],
        channels: &[ChannelFit],
        dimensions: &[DimensionScore],
    ) -> Vec<ItemId> {
        let top = channels
            .first()
            .and_then(|first| self.channels.iter().position(|c| *c == first.id));
        self.next_steps
            .iter()
            .filter(|step| match &step.when {
                StepCondition::Answer(condition) => condition_holds(condition, resolved),
                StepCondition::Blocker(b) => blockers.contains(b),
                StepCondition::TopChannel(c) => top == Some(*c),
                StepCondition::WeakDimension(d) => dimensions[*d].weak,
                StepCondition::Always => true,
            })
            .take(NEXT_STEPS)
            .map(|step| step.id.clone())
            .collect()
    }

    fn grade(&self, readiness: u8, channels: &[ChannelFit], known: &[Known<'_>]) -> Grade {
        let recommended: Vec<f64> = channels
            .iter()
            .filter(|c| c.recommended)
            .map(|c| f64::from(c.fit))
            .collect();
        let fit = if recommended.is_empty() {
            0.0
        } else {
            recommended.iter().sum::<f64>() / recommended.len() as f64
        };
        let mut sum = f64::from(readiness) * f64::from(self.grade.readiness_weight)
            + fit * f64::from(self.grade.fit_weight);
        let mut weights = f64::from(self.grade.readiness_weight) + f64::from(self.grade.fit_weight);
        for answer in known {
            let question = &self.questions[answer.index];
            if question.lead_weight == 0 {
                continue;
            }
            let values: Vec<f64> = answer
                .chosen
                .iter()
                .filter_map(|&o| question.options[o].lead)
                .map(f64::from)
                .collect();
            if let Some(best) = values.into_iter().reduce(f64::max) {
                sum += best * 10.0 * f64::from(question.lead_weight);
                weights += f64::from(question.lead_weight);
            }
        }
        let score = if weights == 0.0 {
            0
        } else {
            round_percent(sum / weights / 100.0)
        };
        let letter = self
            .grade
            .bands
            .iter()
            .find(|band| band.min <= score)
            .map_or_else(|| "D".to_owned(), |band| band.id.clone());
        Grade { letter, score }
    }
}

/// The drivers with the largest effect, up or down, ties in quiz order.
fn strongest(mut drivers: Vec<Driver>) -> Vec<Driver> {
    drivers.retain(|driver| driver.effect != 0);
    drivers.sort_by_key(|driver| std::cmp::Reverse(driver.effect.unsigned_abs()));
    drivers.truncate(DRIVERS_KEPT);
    drivers
}

/// A share 0.0–1.0 as a whole percentage.
fn round_percent(share: f64) -> u8 {
    let percent = (share * 100.0).round().clamp(0.0, 100.0);
    // in range by the clamp above
    percent as u8
}

fn clamp_i16(value: f64) -> i16 {
    value.clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
}
