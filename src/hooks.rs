//! The widget's effects as hooks, each in a file of its own: focus, the draft, delivery
//! through the outbox, analytics, another language's texts, a link to
//! the report page, the comparison with the visitor's peers. `App` (and `KeepReport`,
//! `EmailReport` and the results, for their requests) calls them; none renders anything.

mod analytics;
mod delivery;
mod draft;
mod focus;
mod peers;
mod report_link;
mod report_request;
mod texts;

pub use analytics::use_analytics;
pub use delivery::use_delivery;
pub use draft::use_draft;
pub use focus::use_focus;
pub use peers::use_comparison;
pub use report_link::{use_report_link, LeadRef, LinkState};
pub use report_request::{use_report_request, RequestState};
pub use texts::use_texts;
