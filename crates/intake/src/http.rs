//! HTTP handlers, one file per resource.

pub mod admin;
pub mod benchmarks;
mod body;
pub mod events;
pub mod leads;
pub mod report;
