//! Readiness per dimension and overall, the tier, and the lead grade.

use super::{round_percent, strongest, ChannelFit, DimensionScore, Grade, Sorted};
use crate::ids::ItemId;
use crate::model::{QuestionKind, Quiz};

impl Quiz {
    pub(super) fn dimension_scores(&self, sorted: &Sorted<'_>) -> Vec<DimensionScore> {
        (0..self.dimensions.len())
            .map(|d| {
                let (mut earned_total, mut max_total) = (0u32, 0u32);
                let mut drivers = Vec::new();
                let answers = sorted.known.iter().map(|a| (a, false));
                for (answer, unsure) in answers.chain(sorted.unsure.iter().map(|a| (a, true))) {
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
                    let earned = match (unsure, question.kind) {
                        (true, _) => 0,
                        (false, QuestionKind::Single) => sum,
                        (false, QuestionKind::Multi) => sum.min(max),
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

    pub(super) fn overall(&self, dimensions: &[DimensionScore]) -> u8 {
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

    pub(super) fn tier_for(&self, readiness: u8) -> &ItemId {
        let tier = self
            .tiers
            .iter()
            .rev()
            .find(|tier| tier.min <= readiness)
            .unwrap_or(&self.tiers[0]);
        &tier.id
    }

    /// Readiness, the three best fits (whatever can start now, so the grade never falls
    /// when only the budget rises) and the lead values; "I don't know" counts as zero.
    pub(super) fn grade(
        &self,
        readiness: u8,
        channels: &[ChannelFit],
        sorted: &Sorted<'_>,
    ) -> Grade {
        let best: Vec<f64> = channels
            .iter()
            .take(usize::from(self.start_here))
            .map(|c| f64::from(c.fit))
            .collect();
        let fit = if best.is_empty() {
            0.0
        } else {
            best.iter().sum::<f64>() / best.len() as f64
        };
        let mut sum = f64::from(readiness) * f64::from(self.grade.readiness_weight)
            + fit * f64::from(self.grade.fit_weight);
        let mut weights = f64::from(self.grade.readiness_weight) + f64::from(self.grade.fit_weight);
        let answers = sorted.known.iter().map(|a| (a, false));
        for (answer, unsure) in answers.chain(sorted.unsure.iter().map(|a| (a, true))) {
            let question = &self.questions[answer.index];
            if question.lead_weight == 0 {
                continue;
            }
            let best = answer
                .chosen
                .iter()
                .filter_map(|&o| question.options[o].lead)
                .max()
                .filter(|_| !unsure)
                .unwrap_or(0);
            sum += f64::from(best) * 10.0 * f64::from(question.lead_weight);
            weights += f64::from(question.lead_weight);
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
