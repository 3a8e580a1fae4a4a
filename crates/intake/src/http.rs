//! HTTP handlers, one file per resource.

pub mod admin;
pub mod benchmarks;
pub mod events;
pub mod leads;
pub mod report;
