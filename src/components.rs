//! The widget's leaf components: each takes domain values and callbacks, never actions.

pub mod charts;
pub mod contact;
pub mod done;
pub mod intro;
pub mod keep;
pub mod language;
pub mod launcher;
pub mod question;
pub mod results;
