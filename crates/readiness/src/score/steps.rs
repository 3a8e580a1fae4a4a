//! Next steps: the highest-priority steps whose condition holds and whose `unless` does
//! not (what the answers say is done), a start-here channel's step ranked by its fit.

use super::{ChannelFit, DimensionScore, NEXT_STEPS};
use crate::answers::condition_holds;
use crate::ids::ItemId;
use crate::model::{NextStep, Quiz, StepCondition};

impl Quiz {
    pub(super) fn next_steps(
        &self,
        resolved: &[Vec<usize>],
        blockers: &[usize],
        channels: &[ChannelFit],
        dimensions: &[DimensionScore],
    ) -> Vec<ItemId> {
        // the start-here channels' model indices, best fit first
        let start: Vec<usize> = channels
            .iter()
            .filter(|c| c.start_here)
            .filter_map(|fit| self.channels.iter().position(|c| c.id == fit.id))
            .collect();
        let mut applying: Vec<(&NextStep, usize)> = self
            .next_steps
            .iter()
            .filter_map(|step| {
                let rank = match &step.when {
                    StepCondition::Answer(condition) => {
                        condition_holds(condition, resolved).then_some(0)
                    }
                    StepCondition::Blocker(b) => blockers.contains(b).then_some(0),
                    StepCondition::StartHere(c) => start.iter().position(|s| s == c),
                    StepCondition::WeakDimension(d) => dimensions[*d].weak.then_some(0),
                    StepCondition::Always => Some(0),
                }?;
                let done = step.unless.iter().any(|c| condition_holds(c, resolved));
                (!done).then_some((step, rank))
            })
            .collect();
        // already by priority; a stable sort keeps the model's order within a rank
        crate::order::sort_by(&mut applying, |(a, a_rank), (b, b_rank)| {
            (a.priority, b_rank) > (b.priority, a_rank)
        });
        applying
            .into_iter()
            .take(NEXT_STEPS)
            .map(|(step, _)| step.id.clone())
            .collect()
    }
}
