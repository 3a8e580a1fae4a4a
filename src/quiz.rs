//! The quiz the widget runs: validated and encoded at build time by `build.rs`, decoded
//! once here (on first use; every widget on the page then shares it).

use std::cell::RefCell;
use std::rc::Rc;

use readiness::Quiz;

static BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/quiz.bin"));

thread_local! {
    static DECODED: RefCell<Option<Rc<Quiz>>> = const { RefCell::new(None) };
}

/// The embedded quiz. The bundle was written by the same `readiness` code at build time,
/// so decoding only fails if the build itself is broken.
pub fn embedded() -> Result<Rc<Quiz>, readiness::bundle::BundleError> {
    if let Some(quiz) = DECODED.with(|decoded| decoded.borrow().clone()) {
        return Ok(quiz);
    }
    let quiz = Rc::new(readiness::bundle::decode(BUNDLE)?);
    DECODED.with(|decoded| *decoded.borrow_mut() = Some(Rc::clone(&quiz)));
    Ok(quiz)
}
