//! What scoring returns: the assessment, the report and its parts, as the widget, the server
//! and the wire (stored reports, webhook) see them.

use serde::{Deserialize, Serialize};

use crate::ids::{ChannelId, DimensionId, ItemId, OptionId, QuestionId};

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
