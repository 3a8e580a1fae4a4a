//! The China-readiness core: quiz model, scoring and lead validation.
//!
//! Pure code: no web, database, clock or randomness. Time and ids come in as arguments.
