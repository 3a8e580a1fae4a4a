//! The widget's effects as hooks, each in a file of its own: focus, the draft, delivery
//! through the outbox, analytics, another language's texts. `App` calls them; none of them renders anything.

mod analytics;
mod delivery;
mod draft;
mod focus;
mod texts;

pub use analytics::use_analytics;
pub use delivery::use_delivery;
pub use draft::use_draft;
pub use focus::use_focus;
pub use texts::use_texts;
