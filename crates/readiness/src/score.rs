//! Scoring: readiness per dimension and overall, channel fit and whether each channel can
//! start now, blockers, next steps, confidence and the lead grade, each with the answers
//! that moved it; or no verdict when too few answers were given. Pure and deterministic:
//! the same quiz and answers always give the same assessment.

mod channels;
mod readiness;
mod report;
mod steps;

pub use report::{
    AnswerCounts, Assessment, ChannelFit, ChannelStatus, ConfidenceLevel, DimensionScore, Driver,
    Grade, Hold, Report, Shortfall,
};

use crate::answers::{condition_holds, Answers};
use crate::ids::QuestionId;
use crate::model::Quiz;

/// How many drivers are kept per dimension or channel.
const DRIVERS_KEPT: usize = 3;
/// How many next steps a report gives.
const NEXT_STEPS: usize = 3;

/// What one question contributes, once its answer is known.
struct Known<'a> {
    index: usize,
    chosen: &'a [usize],
}

/// The answers of one answer set, sorted by what they can tell.
struct Sorted<'a> {
    /// Real answers.
    known: Vec<Known<'a>>,
    /// "I don't know" answers: zero points, zero lead value, no effect on fit.
    unsure: Vec<Known<'a>>,
    counts: AnswerCounts,
}

impl Quiz {
    /// Assesses an answer set: the report, or a request for more answers when too few real
    /// answers were given for a verdict.
    ///
    /// ```
    /// use readiness::score::Assessment;
    /// use readiness::testing::{quiz, answers};
    /// let quiz = quiz();
    /// let few = quiz.assess(&answers(&[("trademark", &["none"])]));
    /// assert!(matches!(few, Assessment::NotEnoughAnswers(_)));
    /// let report = quiz.assess(&readiness::testing::answers(&[
    ///     ("industry", &["beauty"]), ("business_model", &["b2c"]), ("goals", &["online_sales"]),
    ///     ("trademark", &["none"]), ("chinese_name", &["none"]), ("website", &["english_only"]),
    ///     ("content", &["images"]), ("customer_service", &["partner"]), ("budget", &["under_2k"]),
    /// ]));
    /// let report = report.report().expect("enough answers");
    /// assert!(report.blockers.iter().any(|b| b.as_str() == "no_trademark"));
    /// assert!(report.start_here().all(|c| c.status.can_start()));
    /// ```
    pub fn assess(&self, answers: &Answers) -> Assessment {
        let resolved = self.shown(answers);
        let sorted = self.sort_answers(&resolved);
        let missing: Vec<QuestionId> = self
            .verdict
            .needs
            .iter()
            .filter(|&&q| !sorted.known.iter().any(|k| k.index == q))
            .map(|&q| self.questions[q].id.clone())
            .collect();
        if !missing.is_empty() || sorted.counts.known < self.verdict.min_known {
            return Assessment::NotEnoughAnswers(Shortfall {
                quiz_version: self.version.clone(),
                counts: sorted.counts,
                needed: self.verdict.min_known,
                missing,
            });
        }
        Assessment::Scored(self.report(&resolved, &sorted))
    }

    /// The chosen option indices per question, emptied for questions not shown.
    fn shown(&self, answers: &Answers) -> Vec<Vec<usize>> {
        let mut resolved = self.resolve(answers);
        let visible = self.visibility(&resolved);
        for (chosen, shown) in resolved.iter_mut().zip(&visible) {
            if !shown {
                chosen.clear();
            }
        }
        resolved
    }

    fn sort_answers<'a>(&self, resolved: &'a [Vec<usize>]) -> Sorted<'a> {
        let visible = self.visibility(resolved);
        let mut sorted = Sorted {
            known: Vec::new(),
            unsure: Vec::new(),
            counts: AnswerCounts {
                shown: 0,
                known: 0,
                dont_know: 0,
                skipped: 0,
            },
        };
        for (index, chosen) in resolved.iter().enumerate().filter(|(i, _)| visible[*i]) {
            sorted.counts.shown += 1;
            let options = &self.questions[index].options;
            if chosen.is_empty() {
                sorted.counts.skipped += 1;
            } else if chosen.iter().any(|&o| options[o].dont_know) {
                sorted.counts.dont_know += 1;
                sorted.unsure.push(Known { index, chosen });
            } else {
                sorted.counts.known += 1;
                sorted.known.push(Known { index, chosen });
            }
        }
        sorted
    }

    fn report(&self, resolved: &[Vec<usize>], sorted: &Sorted<'_>) -> Report {
        let counts = sorted.counts;
        let dimensions = self.dimension_scores(sorted);
        let readiness = self.overall(&dimensions);
        let blockers: Vec<usize> = (0..self.blockers.len())
            .filter(|&b| {
                self.blockers[b]
                    .when
                    .iter()
                    .all(|c| condition_holds(c, resolved))
            })
            .collect();
        let channels = self.channel_fits(&sorted.known, &blockers, self.stated_budget(resolved));
        let next_steps = self.next_steps(resolved, &blockers, &channels, &dimensions);
        let confidence = if counts.shown == 0 {
            0
        } else {
            round_percent(f64::from(counts.known) / f64::from(counts.shown))
        };
        let grade = self.grade(readiness, &channels, sorted);
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
}

/// The drivers with the largest effect, up or down, ties in quiz order.
fn strongest(mut drivers: Vec<Driver>) -> Vec<Driver> {
    drivers.retain(|driver| driver.effect != 0);
    crate::order::sort_by(&mut drivers, |a, b| {
        a.effect.unsigned_abs() > b.effect.unsigned_abs()
    });
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
