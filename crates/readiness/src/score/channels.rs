//! Channels: how well each fits the brand (from the answers alone) and whether it can start
//! now (its blockers, then its minimum budget), and which the report names to start with
//! and which as later.

use super::{round_percent, strongest, ChannelFit, ChannelStatus, Driver, Hold, Known};
use crate::model::Quiz;

/// The weight of a channel's base fit against the answers, in affinity points: one
/// answer at the strongest affinity (5) moves a fit halfway from its base to 0 or 100,
/// never all the way.
const FIT_PRIOR_WEIGHT: f64 = 5.0;

impl Quiz {
    /// The monthly budget the answers state; "I don't know" and no answer count as nothing,
    /// never more than the lowest band.
    pub(super) fn stated_budget(&self, resolved: &[Vec<usize>]) -> u32 {
        self.budget_question
            .and_then(|q| {
                let options = &self.questions[q].options;
                resolved[q]
                    .iter()
                    .filter_map(|&o| options[o].monthly_eur)
                    .max()
            })
            .unwrap_or(0)
    }

    /// How well a channel suits the brand, from the real answers: each answer moves the
    /// fit up or down from the channel's base by its affinity (0 is neutral), relative to
    /// the strongest affinity the question could have given, with the base weighing
    /// [`FIT_PRIOR_WEIGHT`].
    pub(super) fn fit(&self, c: usize, known: &[Known<'_>]) -> (u8, Vec<Driver>) {
        let (mut value_sum, mut scale_sum) = (0.0, FIT_PRIOR_WEIGHT);
        let mut drivers = Vec::new();
        for answer in known {
            let options = &self.questions[answer.index].options;
            let scale = options
                .iter()
                .filter(|o| !o.dont_know)
                .map(|o| f64::from(o.affinity[c].unsigned_abs()))
                .fold(0.0, f64::max);
            if scale == 0.0 {
                continue;
            }
            // a channel serves a multi answer ("awareness and retention") when it serves
            // any of its options well: the best counts, not the mean
            let value = answer
                .chosen
                .iter()
                .map(|&o| f64::from(options[o].affinity[c]))
                .fold(f64::NEG_INFINITY, f64::max);
            value_sum += value;
            scale_sum += scale;
            drivers.push(self.driver(answer, value));
        }
        let pull = value_sum / scale_sum;
        let base = f64::from(self.channels[c].base_fit);
        let fit = if pull >= 0.0 {
            base + (100.0 - base) * pull
        } else {
            base + base * pull
        };
        (round_percent(fit / 100.0), strongest(drivers))
    }

    /// Whether a channel can start now: its blockers, then its minimum budget.
    pub(super) fn status(&self, c: usize, blockers: &[usize], budget: u32) -> ChannelStatus {
        let channel = &self.channels[c];
        let mut reasons: Vec<Hold> = blockers
            .iter()
            .filter(|&&b| self.blockers[b].channels.contains(&c))
            .map(|&b| Hold::Blocker {
                id: self.blockers[b].id.clone(),
            })
            .collect();
        let affordable = budget >= channel.min_budget;
        if !affordable && !channel.organic {
            reasons.push(Hold::Budget {
                min_eur: channel.min_budget,
            });
        }
        match (reasons.is_empty(), affordable) {
            (false, _) => ChannelStatus::Later { reasons },
            (true, true) => ChannelStatus::Now,
            (true, false) => ChannelStatus::Organic {
                paid_from_eur: channel.min_budget,
            },
        }
    }

    pub(super) fn channel_fits(
        &self,
        known: &[Known<'_>],
        blockers: &[usize],
        budget: u32,
    ) -> Vec<ChannelFit> {
        let mut fits: Vec<(usize, ChannelFit)> = (0..self.channels.len())
            .map(|c| {
                let (fit, drivers) = self.fit(c, known);
                let channel = ChannelFit {
                    id: self.channels[c].id.clone(),
                    fit,
                    status: self.status(c, blockers, budget),
                    start_here: false,
                    later: false,
                    drivers,
                };
                (c, channel)
            })
            .collect();
        crate::order::sort_by(&mut fits, |(a_index, a), (b_index, b)| {
            (a.fit, b_index) > (b.fit, a_index)
        });
        let wanted = usize::from(self.start_here);
        let (mut starts, mut laters) = (0, 0);
        for (_, channel) in fits.iter_mut().filter(|(_, c)| c.fit >= self.min_fit) {
            if channel.status.can_start() && starts < wanted {
                channel.start_here = true;
                starts += 1;
            } else if !channel.status.can_start() && laters < wanted {
                channel.later = true;
                laters += 1;
            }
        }
        fits.into_iter().map(|(_, fit)| fit).collect()
    }
}
