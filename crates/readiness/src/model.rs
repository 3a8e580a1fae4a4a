//! The validated quiz: questions, options and the scoring model, with indices resolved.
//!
//! A [`Quiz`] is only made by the loader ([`crate::load`]) or decoded from a bundle the
//! loader wrote ([`crate::bundle`]), so every index in it points at something that exists.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::{ChannelId, DimensionId, ItemId, Locale, OptionId, QuestionId};

/// The whole questionnaire and its scoring model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quiz {
    pub(crate) id: String,
    pub(crate) version: String,
    pub(crate) reference_locale: Locale,
    pub(crate) dimensions: Vec<Dimension>,
    pub(crate) channels: Vec<Channel>,
    pub(crate) questions: Vec<Question>,
    /// The question whose options carry `monthly_eur`, if any.
    pub(crate) budget_question: Option<usize>,
    pub(crate) tiers: Vec<Tier>,
    pub(crate) weak_dimension: u8,
    pub(crate) start_here: u8,
    pub(crate) min_fit: u8,
    pub(crate) verdict: VerdictRule,
    pub(crate) grade: GradeModel,
    pub(crate) blockers: Vec<Blocker>,
    /// Sorted by priority, highest first.
    pub(crate) next_steps: Vec<NextStep>,
    pub(crate) consents: Vec<ConsentPurpose>,
    /// Every language the quiz has, reference first, each named in itself.
    pub(crate) languages: Vec<Language>,
    /// The texts at hand: all of them as loaded, the reference's alone in the widget's
    /// embedded bundle until another language's arrive ([`crate::bundle`]).
    pub(crate) catalogs: Vec<Catalog>,
}

/// A language of the quiz, for the language switch: it can be offered before its texts
/// are at hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Language {
    /// Its tag.
    pub locale: Locale,
    /// Its name in itself (`meta.language_name`): "Deutsch", "中文（简体）".
    pub name: String,
}

/// All texts of one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// The language of the texts.
    pub locale: Locale,
    /// Text by dotted key.
    pub entries: BTreeMap<String, String>,
}

/// A readiness dimension and its share of overall readiness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    /// The dimension's id.
    pub id: DimensionId,
    /// Relative weight in overall readiness (1–10).
    pub weight: u8,
}

/// A channel scored for fit, and what it takes to start on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    /// The channel's id.
    pub id: ChannelId,
    /// Its fit before any answer (0–100): how widely it serves brands at all.
    pub base_fit: u8,
    /// The monthly budget (EUR) the channel's paid work needs at the least.
    pub min_budget: u32,
    /// Whether owned, unpaid work can start below `min_budget` (the paid work waits).
    pub organic: bool,
}

/// When a report may give a verdict at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictRule {
    /// Indices of the questions that need a real answer.
    pub needs: Vec<usize>,
    /// Real answers needed in all.
    pub min_known: u16,
}

/// Single choice or multiple choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    /// Exactly one option.
    Single,
    /// One or more options; exclusive options stand alone.
    Multi,
}

/// One question and its options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The question's id.
    pub id: QuestionId,
    /// Single or multiple choice.
    pub kind: QuestionKind,
    /// Shown only when this condition on an earlier, point-free question holds.
    pub show_if: Option<AnswerCondition>,
    /// The options, in display order.
    pub options: Vec<AnswerOption>,
    /// Most a (multi) answer can add to each dimension, indexed like the dimensions.
    pub max_points: Vec<u8>,
    /// Weight of the answer's `lead` value in the lead grade (0: not used).
    pub lead_weight: u8,
}

/// One answer option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerOption {
    /// The option's id, unique within its question.
    pub id: OptionId,
    /// "I don't know": left out of scoring, lowers confidence.
    pub dont_know: bool,
    /// Cannot be combined with other options of a multi question.
    pub exclusive: bool,
    /// Readiness points per dimension (0–10), indexed like the dimensions.
    pub points: Vec<u8>,
    /// Fit affinity per channel (-5..5), indexed like the channels.
    pub affinity: Vec<i8>,
    /// Value for the lead grade (0–10), when the question has a lead weight.
    pub lead: Option<u8>,
    /// The monthly budget (EUR, bottom of the band) this option states, on the budget
    /// question.
    pub monthly_eur: Option<u32>,
}

/// "The answer to question Q includes any of these options", by index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerCondition {
    /// Index of the question.
    pub question: usize,
    /// Indices of the options, any of which satisfies the condition.
    pub any_of: Vec<usize>,
}

/// A readiness tier and its lower bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// The tier's id.
    pub id: ItemId,
    /// Lowest readiness (0–100) in this tier.
    pub min: u8,
}

/// How the lead grade is computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeModel {
    /// Weight of overall readiness.
    pub readiness_weight: u8,
    /// Weight of the mean of the three best channel fits.
    pub fit_weight: u8,
    /// Grade letters by lower bound, highest first.
    pub bands: Vec<GradeBand>,
}

/// A grade letter and its lower bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeBand {
    /// The letter, `A` to `D`.
    pub id: String,
    /// Lowest grade score (0–100) with this letter.
    pub min: u8,
}

/// Something that blocks readiness whatever the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocker {
    /// The blocker's id.
    pub id: ItemId,
    /// Holds when all of these hold.
    pub when: Vec<AnswerCondition>,
    /// Indices of the channels it blocks.
    pub channels: Vec<usize>,
}

/// A candidate next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStep {
    /// The step's id.
    pub id: ItemId,
    /// Higher comes first.
    pub priority: u16,
    /// When it applies.
    pub when: StepCondition,
    /// It does not apply when any of these holds (the answers say it is done).
    pub unless: Vec<AnswerCondition>,
}

/// When a next step applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepCondition {
    /// An answer matches.
    Answer(AnswerCondition),
    /// A blocker (by index) was found.
    Blocker(usize),
    /// This channel (by index) is a "start here" channel; among steps of equal priority,
    /// the better-fitting channel's comes first.
    StartHere(usize),
    /// This dimension (by index) scores below the weak threshold.
    WeakDimension(usize),
    /// Always.
    Always,
}

/// A consent the contact form asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentPurpose {
    /// The purpose's id, e.g. `contact`.
    pub id: ItemId,
    /// Must be granted for a lead to be accepted.
    pub required: bool,
    /// Hash of the consent text per language, recorded with every consent given.
    pub text_hashes: Vec<(Locale, String)>,
}

impl ConsentPurpose {
    /// The hash of this consent's text in `locale`, if the quiz has that language.
    pub fn text_hash(&self, locale: &str) -> Option<&str> {
        self.text_hashes
            .iter()
            .find(|(l, _)| l.as_str() == locale)
            .map(|(_, hash)| hash.as_str())
    }
}

impl Quiz {
    /// The quiz's id from `model.toml`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The content hash of the quiz data (16 hex digits); it travels with every lead.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The language every other is checked against and falls back to.
    pub fn reference_locale(&self) -> &Locale {
        &self.reference_locale
    }

    /// The readiness dimensions, in model order.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// The channels, in model order.
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    /// The channel with this id.
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|channel| channel.id == id)
    }

    /// Whether the blocker with this id makes the channel with this id wait.
    pub fn blocker_blocks(&self, blocker: &str, channel: &str) -> bool {
        let channel = self.channels.iter().position(|c| c.id == channel);
        self.blockers
            .iter()
            .find(|b| b.id.as_str() == blocker)
            .is_some_and(|b| channel.is_some_and(|c| b.channels.contains(&c)))
    }

    /// How many real answers a verdict needs, and which questions must be among them.
    pub fn verdict_rule(&self) -> &VerdictRule {
        &self.verdict
    }

    /// All questions in quiz order, shown or not.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this id.
    pub fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.questions.iter().find(|question| &question.id == id)
    }

    /// Index of the question with this id.
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|question| question.id == id)
    }

    /// The consent purposes the contact form asks for.
    pub fn consents(&self) -> &[ConsentPurpose] {
        &self.consents
    }

    /// The readiness tiers, ascending.
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    /// The languages the quiz has, reference first.
    pub fn locales(&self) -> Vec<&Locale> {
        self.languages
            .iter()
            .map(|language| &language.locale)
            .collect()
    }

    /// The languages the quiz has, reference first, each named in itself.
    pub fn languages(&self) -> &[Language] {
        &self.languages
    }
}

impl Question {
    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&AnswerOption> {
        self.options.iter().find(|option| option.id == id)
    }

    /// Index of the option with this id.
    pub fn option_index(&self, id: &str) -> Option<usize> {
        self.options.iter().position(|option| option.id == id)
    }

    /// Whether some option feeds readiness points (such a question may not gate others).
    pub fn carries_points(&self) -> bool {
        self.options
            .iter()
            .any(|option| option.points.iter().any(|&p| p > 0))
    }
}
