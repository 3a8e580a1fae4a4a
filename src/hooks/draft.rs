//! The draft on this device, so a reload can resume where the visitor was.

use yew::prelude::*;

use crate::effects;
use crate::journey::{Journey, SendStatus};

/// Keeps the draft on the device so a reload can resume.
#[hook]
pub fn use_draft(journey: &UseReducerHandle<Journey>) {
    let draft = journey.to_draft();
    let finished = matches!(journey.send, SendStatus::Sent | SendStatus::Queued);
    use_effect_with((draft, finished), |(draft, finished)| {
        if *finished {
            effects::save_draft(None);
        } else if draft.is_some() {
            effects::save_draft(draft.as_ref());
        }
    });
}
