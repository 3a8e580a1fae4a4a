//! "How do you compare?" (issue 15): where a visitor's readiness stands among the brands of
//! their industry that sent the agency a lead. The intake tallies the readiness of its
//! stored, scored, genuine leads by industry ([`Tally`]) and serves, for each industry with
//! enough of them, what share scored lower than each possible readiness ([`Benchmarks`]);
//! the widget looks its visitor's readiness up there ([`Benchmarks::compare`]). Nothing in
//! it names a lead: counts and whole percentages only.
//!
//! ```
//! use readiness::benchmark::Tally;
//! let mut tally = Tally::default();
//! for readiness in [40, 50, 60, 70, 80, 50, 55, 65, 75, 45] {
//!     tally.add("beauty", readiness);
//! }
//! tally.add("industrial", 90);
//! let benchmarks = tally.benchmarks(10);
//! assert_eq!(benchmarks.compare("beauty", 62).map(|c| c.percent), Some(60), "6 of 10 lower");
//! assert_eq!(benchmarks.compare("industrial", 62), None, "1 brand is no benchmark");
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Answers;

/// The question whose answer is the visitor's industry (also what routing rules match).
pub const INDUSTRY_QUESTION: &str = "industry";

/// The industry the answers name (the first option chosen), if any.
pub fn industry(answers: &Answers) -> Option<&str> {
    let chosen = answers.get(INDUSTRY_QUESTION)?;
    chosen.first().map(|option| option.as_str())
}

/// Brands an industry needs before it is a benchmark, unless the agency sets another number.
pub const DEFAULT_MIN_LEADS: u32 = 20;

/// The fewest brands the agency may set: below, a percentage says too much about too few.
pub const LEAST_MIN_LEADS: u32 = 10;

/// Readiness runs from 0 to this.
const MAX_READINESS: usize = 100;

/// What the intake serves: each industry with enough brands, and how many that takes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Benchmarks {
    /// Brands an industry needs to be listed.
    pub min_leads: u32,
    /// The industries listed, by option id.
    pub industries: Vec<Peers>,
}

/// One industry's brands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peers {
    /// The industry question's option id.
    pub industry: String,
    /// How many brands (scored, genuine leads) it counts.
    pub leads: u32,
    /// For each readiness from 0 to 100, the whole percentage of these brands whose
    /// readiness is lower (rounded down, so it never flatters).
    pub below: Vec<u8>,
}

/// A visitor's place among their industry's brands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// The visitor's readiness is higher than this percentage of the brands.
    pub percent: u8,
    /// How many brands that is of.
    pub leads: u32,
}

impl Benchmarks {
    /// Where `readiness` stands in `industry`; `None` when the industry is not listed (too
    /// few brands) or the answer is not well-formed.
    pub fn compare(&self, industry: &str, readiness: u8) -> Option<Comparison> {
        let peers = self.industries.iter().find(|p| p.industry == industry)?;
        let percent = *peers.below.get(usize::from(readiness))?;
        (peers.leads >= self.min_leads.max(LEAST_MIN_LEADS) && percent <= 100).then_some(
            Comparison {
                percent,
                leads: peers.leads,
            },
        )
    }
}

/// Readiness scores counted by industry, one lead at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    counts: BTreeMap<String, Vec<u32>>,
}

impl Tally {
    /// Counts one lead (a readiness above 100 counts as 100).
    pub fn add(&mut self, industry: &str, readiness: u8) {
        let counts = self
            .counts
            .entry(industry.to_owned())
            .or_insert_with(|| vec![0; MAX_READINESS + 1]);
        let at = usize::from(readiness).min(MAX_READINESS);
        counts[at] = counts[at].saturating_add(1);
    }

    /// The industries with at least `min_leads` brands (never fewer than
    /// [`LEAST_MIN_LEADS`]), each with its share below every readiness.
    pub fn benchmarks(&self, min_leads: u32) -> Benchmarks {
        let min_leads = min_leads.max(LEAST_MIN_LEADS);
        let industries = self
            .counts
            .iter()
            .filter_map(|(industry, counts)| {
                let leads: u32 = counts.iter().sum();
                (leads >= min_leads).then(|| Peers {
                    industry: industry.clone(),
                    leads,
                    below: shares_below(counts, leads),
                })
            })
            .collect();
        Benchmarks {
            min_leads,
            industries,
        }
    }
}

/// For each readiness, the whole percentage of `leads` counted strictly below it.
fn shares_below(counts: &[u32], leads: u32) -> Vec<u8> {
    let mut lower: u64 = 0;
    counts
        .iter()
        .map(|count| {
            let percent = lower * 100 / u64::from(leads.max(1));
            lower += u64::from(*count);
            u8::try_from(percent).unwrap_or(100)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(industry: &str, scores: impl IntoIterator<Item = u8>) -> Tally {
        let mut tally = Tally::default();
        for score in scores {
            tally.add(industry, score);
        }
        tally
    }

    #[test]
    fn an_industry_is_listed_from_the_threshold_on() {
        let nineteen = tally("beauty", (0..19).map(|i| i * 5));
        assert!(nineteen.benchmarks(20).industries.is_empty());
        assert_eq!(nineteen.benchmarks(20).compare("beauty", 50), None);
        let twenty = tally("beauty", (0..20).map(|i| i * 5));
        let listed = twenty.benchmarks(20);
        assert_eq!(listed.industries.len(), 1);
        assert_eq!(listed.industries[0].leads, 20);
        assert_eq!(listed.compare("beauty", 50).map(|c| c.leads), Some(20));
    }

    #[test]
    fn the_threshold_is_never_below_ten() {
        let nine = tally("beauty", 40..49);
        assert_eq!(nine.benchmarks(3).min_leads, LEAST_MIN_LEADS);
        assert!(nine.benchmarks(3).industries.is_empty());
        let ten = tally("beauty", 40..50);
        assert_eq!(ten.benchmarks(0).industries.len(), 1);
        // a list that claims a lower threshold than the least is not believed
        let mut forged = ten.benchmarks(10);
        forged.industries[0].leads = 9;
        forged.min_leads = 1;
        assert_eq!(forged.compare("beauty", 45), None);
    }

    #[test]
    fn higher_than_counts_the_strictly_lower_and_rounds_down() {
        // 3 at 20, 4 at 50, 5 at 80: 12 brands
        let scores = [20, 20, 20, 50, 50, 50, 50, 80, 80, 80, 80, 80];
        let benchmarks = tally("food_beverage", scores).benchmarks(10);
        let at = |r| benchmarks.compare("food_beverage", r).map(|c| c.percent);
        assert_eq!(at(0), Some(0));
        assert_eq!(at(20), Some(0), "a tie is not higher");
        assert_eq!(at(21), Some(25), "3 of 12");
        assert_eq!(at(50), Some(25));
        assert_eq!(at(51), Some(58), "7 of 12 is 58.3%");
        assert_eq!(at(81), Some(100));
        assert_eq!(at(100), Some(100));
        assert_eq!(at(101), None, "no readiness above 100");
        assert_eq!(benchmarks.industries[0].below.len(), 101);
    }

    #[test]
    fn industries_are_apart_and_an_unknown_one_has_no_benchmark() {
        let mut both = tally("beauty", [90; 10]);
        for _ in 0..10 {
            both.add("industrial", 10);
        }
        let benchmarks = both.benchmarks(10);
        assert_eq!(benchmarks.compare("beauty", 50).map(|c| c.percent), Some(0));
        assert_eq!(
            benchmarks.compare("industrial", 50).map(|c| c.percent),
            Some(100)
        );
        assert_eq!(benchmarks.compare("tourism", 50), None);
    }

    #[test]
    fn the_wire_shape_is_counts_and_percentages_only() {
        let json = serde_json::to_value(tally("beauty", [50; 10]).benchmarks(10)).unwrap();
        let mut keys: Vec<&str> = json["industries"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["below", "industry", "leads"]);
        assert_eq!(json["min_leads"], 10);
    }
}
