//! HTTP handlers, one file per resource.

pub mod leads;
