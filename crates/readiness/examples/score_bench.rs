//! Times `Quiz::score` natively for `cargo xtask bench`: 2,000 varied complete answer sets,
//! scored in 15 rounds; prints the median time per score as JSON.

use std::time::Instant;

use readiness::testing::varied_answers;
use readiness::Answers;

fn main() {
    let quiz = readiness::testing::quiz();
    let sets: Vec<Answers> = (0..2_000).map(|i| varied_answers(&quiz, i + 1)).collect();
    let mut rounds = Vec::new();
    let mut checksum = 0u64;
    for _ in 0..15 {
        let started = Instant::now();
        for set in &sets {
            checksum += u64::from(
                std::hint::black_box(quiz.assess(std::hint::black_box(set)))
                    .report()
                    .map_or(0, |r| r.readiness),
            );
        }
        rounds.push(started.elapsed().as_secs_f64() * 1e6 / sets.len() as f64);
    }
    rounds.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{{\"score_us_median\": {:.2}, \"score_us_best\": {:.2}, \"checksum\": {checksum}}}",
        rounds[rounds.len() / 2],
        rounds[0]
    );
}
