//! The China-readiness core: quiz model, scoring and lead validation.
//!
//! Pure code: no web, database, clock or randomness. Time and ids come in as arguments.
//! The quiz itself is data (`quiz/` at the repository root), read by [`load`] natively and
//! shipped to the widget as a compact [`bundle`].
//!
//! ```
//! use readiness::testing::{quiz, answers};
//! let quiz = quiz();
//! let assessment = quiz.assess(&answers(&[
//!     ("industry", &["beauty"]), ("business_model", &["b2c"]), ("goals", &["online_sales"]),
//!     ("trademark", &["registered"]), ("chinese_name", &["registered"]),
//!     ("website", &["chinese_fast"]), ("content", &["images"]), ("budget", &["from_5k_to_15k"]),
//! ]));
//! let report = assessment.report().expect("enough answers for a verdict");
//! assert_eq!(report.channels[0].id.as_str(), "xiaohongshu");
//! assert!(report.start_here().any(|c| c.id.as_str() == "xiaohongshu"));
//! ```

pub mod answers;
pub mod benchmark;
pub mod booking;
pub mod bundle;
mod explain;
pub mod funnel;
pub mod ids;
pub mod lead;
#[cfg(feature = "load")]
pub mod load;
pub mod model;
pub mod order;
pub mod score;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;

pub use answers::{Answers, Progress};
pub use ids::{ChannelId, DimensionId, ItemId, Locale, OptionId, QuestionId};
pub use lead::{Lead, LeadSubmission};
pub use model::Quiz;
pub use score::{Assessment, Report};
