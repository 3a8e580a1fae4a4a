//! Focus follows the journey: to the new step's heading, or to the error summary.

use web_sys::Element;
use yew::prelude::*;

use crate::effects;

/// Moves focus to the new step's heading or the error summary when the state asks.
#[hook]
pub fn use_focus(root: &NodeRef, epoch: u32) {
    let root = root.clone();
    use_effect_with(epoch, move |epoch| {
        if *epoch > 0 {
            if let Some(element) = root.cast::<Element>() {
                effects::focus_marked(&element);
            }
        }
    });
}
