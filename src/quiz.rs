//! The quiz the widget runs: validated and encoded at build time by `build.rs`, decoded
//! once here.

use std::rc::Rc;

use readiness::Quiz;

static BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/quiz.bin"));

/// The embedded quiz. The bundle was written by the same `readiness` code at build time,
/// so decoding only fails if the build itself is broken.
pub fn embedded() -> Result<Rc<Quiz>, readiness::bundle::BundleError> {
    readiness::bundle::decode(BUNDLE).map(Rc::new)
}
