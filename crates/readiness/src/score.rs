//! Scoring: readiness per dimension and overall, channel fit and whether each channel can
//! start now, blockers, next steps, confidence and the lead grade, each with the answers
//! that moved it; or no verdict when too few answers were given. Pure and deterministic:
//! the same quiz and answers always give the same assessment.

use serde::{Deserialize, Serialize};

use crate::answers::{condition_holds, Answers};
use crate::ids::{ChannelId, DimensionId, ItemId, OptionId, QuestionId};
use crate::model::{NextStep, QuestionKind, Quiz, StepCondition};

/// How many drivers are kept per dimension or channel.
const DRIVERS_KEPT: usize = 3;
/// How many next steps a report gives.
const NEXT_STEPS: usize = 3;

/// What a quiz makes of an answer set: a report, or a request for more answers when too
/// few were given for a verdict (brief rule 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Assessment {
    /// Enough answers: the full report.
    Scored(Report),
    /// Too few real answers: no score, no ranking.
    NotEnoughAnswers(Shortfall),
}

impl Assessment {
    /// The report, when there is a verdict.
    pub fn report(&self) -> Option<&Report> {
        match self {
            Self::Scored(report) => Some(report),
            Self::NotEnoughAnswers(_) => None,
        }
    }

    /// The report, when there is a verdict.
    pub fn into_report(self) -> Option<Report> {
        match self {
            Self::Scored(report) => Some(report),
            Self::NotEnoughAnswers(_) => None,
        }
    }

    /// The verdict's id: `scored` or `not_enough_answers` (also its text key).
    pub fn verdict(&self) -> &'static str {
        match self {
            Self::Scored(_) => "scored",
            Self::NotEnoughAnswers(_) => "not_enough_answers",
        }
    }

    /// The quiz version it was computed with.
    pub fn quiz_version(&self) -> &str {
        match self {
            Self::Scored(report) => &report.quiz_version,
            Self::NotEnoughAnswers(shortfall) => &shortfall.quiz_version,
        }
    }
}

/// Why there is no verdict yet, and what would give one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortfall {
    /// The quiz version it was computed with.
    pub quiz_version: String,
    /// How the shown questions were answered.
    pub counts: AnswerCounts,
    /// Real answers a verdict needs in all.
    pub needed: u16,
    /// Questions a verdict needs that have no real answer, in quiz order.
    pub missing: Vec<QuestionId>,
}

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

impl Report {
    /// The channels that fit and can start now, best first ("start here").
    pub fn start_here(&self) -> impl Iterator<Item = &ChannelFit> {
        self.channels.iter().filter(|c| c.start_here)
    }

    /// The channels that fit but must wait, best first ("later, once …").
    pub fn later(&self) -> impl Iterator<Item = &ChannelFit> {
        self.channels.iter().filter(|c| c.later)
    }
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

/// The fit of one channel, and whether it can start now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelFit {
    /// The channel.
    pub id: ChannelId,
    /// How well it suits the brand, 0–100, from the answers alone (never the budget).
    pub fit: u8,
    /// Whether it can start now.
    pub status: ChannelStatus,
    /// One of the channels the report says to start with: it fits and can start now.
    pub start_here: bool,
    /// One of the channels that fit but must wait, named with their reasons.
    pub later: bool,
    /// The answers that moved its fit most.
    pub drivers: Vec<Driver>,
}

/// Whether a channel can start now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ChannelStatus {
    /// Nothing stands in the way and the budget covers its minimum.
    Now,
    /// The budget is below its paid minimum, but owned, unpaid work can start now.
    Organic {
        /// The monthly budget its paid work needs.
        paid_from_eur: u32,
    },
    /// It must wait for these.
    Later {
        /// What must happen first, blockers in model order, then the budget.
        reasons: Vec<Hold>,
    },
}

impl ChannelStatus {
    /// Whether work on the channel can start now (fully or organically).
    pub fn can_start(&self) -> bool {
        !matches!(self, Self::Later { .. })
    }

    /// The status's id: `now`, `organic` or `later`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Now => "now",
            Self::Organic { .. } => "organic",
            Self::Later { .. } => "later",
        }
    }
}

/// Something a channel waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Hold {
    /// A blocker must be solved first.
    Blocker {
        /// The blocker.
        id: ItemId,
    },
    /// The monthly budget is below the channel's minimum.
    Budget {
        /// The channel's minimum monthly budget, EUR.
        min_eur: u32,
    },
}

impl Hold {
    /// A short code for lists and exports: the blocker's id, or `budget_below_<min>`.
    pub fn code(&self) -> String {
        match self {
            Self::Blocker { id } => id.to_string(),
            Self::Budget { min_eur } => format!("budget_below_{min_eur}"),
        }
    }
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

/// The weight of a channel's base fit against the answers, in affinity points: one
/// answer at the strongest affinity (5) moves a fit halfway from its base to 0 or 100,
/// never all the way.
const FIT_PRIOR_WEIGHT: f64 = 5.0;

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

    /// The monthly budget the answers state; "I don't know" and no answer count as nothing,
    /// never more than the lowest band.
    fn stated_budget(&self, resolved: &[Vec<usize>]) -> u32 {
        self.budget_question
            .and_then(|q| {
                let options = &self.questions[q].options;
                resolved[q]
                    .iter()
                    .filter_map(|&o| options[o].monthly_eur)
                    .max()
            })
            .unwrap_or(0)
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

    fn dimension_scores(&self, sorted: &Sorted<'_>) -> Vec<DimensionScore> {
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

    /// How well a channel suits the brand, from the real answers: each answer moves the
    /// fit up or down from the channel's base by its affinity (0 is neutral), relative to
    /// the strongest affinity the question could have given, with the base weighing
    /// [`FIT_PRIOR_WEIGHT`].
    fn fit(&self, c: usize, known: &[Known<'_>]) -> (u8, Vec<Driver>) {
        let (mut value_sum, mut scale_sum) = (0.0, FIT_PRIOR_WEIGHT);
        let mut drivers = Vec::new();
        for answer in known {
            let options = &self.questions[answer.index].options;
            let scale = options
                .iter()
                .filter(|o| !o.dont_know)
                .map(|o| f64::from(o.affinity[c].unsigned_abs()))
                .fold(0.0, f64::max);
            if scale == 0.0 {
                continue;
            }
            // a channel serves a multi answer ("awareness and retention") when it serves
            // any of its options well: the best counts, not the mean
            let value = answer
                .chosen
                .iter()
                .map(|&o| f64::from(options[o].affinity[c]))
                .fold(f64::NEG_INFINITY, f64::max);
            value_sum += value;
            scale_sum += scale;
            drivers.push(self.driver(answer, value));
        }
        let pull = value_sum / scale_sum;
        let base = f64::from(self.channels[c].base_fit);
        let fit = if pull >= 0.0 {
            base + (100.0 - base) * pull
        } else {
            base + base * pull
        };
        (round_percent(fit / 100.0), strongest(drivers))
    }

    /// Whether a channel can start now: its blockers, then its minimum budget.
    fn status(&self, c: usize, blockers: &[usize], budget: u32) -> ChannelStatus {
        let channel = &self.channels[c];
        let mut reasons: Vec<Hold> = blockers
            .iter()
            .filter(|&&b| self.blockers[b].channels.contains(&c))
            .map(|&b| Hold::Blocker {
                id: self.blockers[b].id.clone(),
            })
            .collect();
        let affordable = budget >= channel.min_budget;
        if !affordable && !channel.organic {
            reasons.push(Hold::Budget {
                min_eur: channel.min_budget,
            });
        }
        match (reasons.is_empty(), affordable) {
            (false, _) => ChannelStatus::Later { reasons },
            (true, true) => ChannelStatus::Now,
            (true, false) => ChannelStatus::Organic {
                paid_from_eur: channel.min_budget,
            },
        }
    }

    fn channel_fits(
        &self,
        known: &[Known<'_>],
        blockers: &[usize],
        budget: u32,
    ) -> Vec<ChannelFit> {
        let mut fits: Vec<(usize, ChannelFit)> = (0..self.channels.len())
            .map(|c| {
                let (fit, drivers) = self.fit(c, known);
                let channel = ChannelFit {
                    id: self.channels[c].id.clone(),
                    fit,
                    status: self.status(c, blockers, budget),
                    start_here: false,
                    later: false,
                    drivers,
                };
                (c, channel)
            })
            .collect();
        fits.sort_by(|(a_index, a), (b_index, b)| b.fit.cmp(&a.fit).then(a_index.cmp(b_index)));
        let wanted = usize::from(self.start_here);
        let (mut starts, mut laters) = (0, 0);
        for (_, channel) in fits.iter_mut().filter(|(_, c)| c.fit >= self.min_fit) {
            if channel.status.can_start() && starts < wanted {
                channel.start_here = true;
                starts += 1;
            } else if !channel.status.can_start() && laters < wanted {
                channel.later = true;
                laters += 1;
            }
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
        // the start-here channels' model indices, best fit first
        let start: Vec<usize> = channels
            .iter()
            .filter(|c| c.start_here)
            .filter_map(|fit| self.channels.iter().position(|c| c.id == fit.id))
            .collect();
        let mut applying: Vec<(&NextStep, usize)> = self
            .next_steps
            .iter()
            .filter_map(|step| {
                let rank = match &step.when {
                    StepCondition::Answer(condition) => {
                        condition_holds(condition, resolved).then_some(0)
                    }
                    StepCondition::Blocker(b) => blockers.contains(b).then_some(0),
                    StepCondition::StartHere(c) => start.iter().position(|s| s == c),
                    StepCondition::WeakDimension(d) => dimensions[*d].weak.then_some(0),
                    StepCondition::Always => Some(0),
                }?;
                let done = step.unless.iter().any(|c| condition_holds(c, resolved));
                (!done).then_some((step, rank))
            })
            .collect();
        // already by priority; a stable sort keeps the model's order within a rank
        applying.sort_by_key(|(step, rank)| (std::cmp::Reverse(step.priority), *rank));
        applying
            .into_iter()
            .take(NEXT_STEPS)
            .map(|(step, _)| step.id.clone())
            .collect()
    }

    /// Readiness, the three best fits (whatever can start now, so the grade never falls
    /// when only the budget rises) and the lead values; "I don't know" counts as zero.
    fn grade(&self, readiness: u8, channels: &[ChannelFit], sorted: &Sorted<'_>) -> Grade {
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
