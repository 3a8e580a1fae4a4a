//! `readiness`: check the quiz data, score an answer set, simulate many visitors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use readiness::{Answers, Quiz};

#[derive(Parser)]
#[command(name = "readiness", about = "China-readiness quiz tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the quiz data; exit 1 with every error found.
    Check {
        /// The quiz folder (default: ./quiz, else the repository's).
        dir: Option<PathBuf>,
    },
    /// Score an answer set (JSON: {"question": ["option", ...], ...}).
    Score {
        /// The answers file.
        answers: PathBuf,
        /// Language of the explanations.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// The quiz folder.
        #[arg(long)]
        quiz: Option<PathBuf>,
    },
    /// Score random valid answer sets and print the distributions.
    Simulate {
        /// How many answer sets.
        #[arg(long, default_value_t = 10_000)]
        samples: u32,
        /// Seed of the pseudo-random generator (same seed, same figures).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The quiz folder.
        #[arg(long)]
        quiz: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { dir } => match load(dir.as_deref()) {
            Ok(quiz) => {
                println!(
                    "ok: quiz {} version {}: {} questions, {} languages",
                    quiz.id(),
                    quiz.version(),
                    quiz.questions().len(),
                    quiz.locales().len()
                );
                ExitCode::SUCCESS
            }
            Err(message) => fail(&message),
        },
        Command::Score {
            answers,
            lang,
            json,
            quiz,
        } => {
            let result = load(quiz.as_deref()).and_then(|quiz| score(&quiz, &answers, &lang, json));
            result.map_or_else(|message| fail(&message), |()| ExitCode::SUCCESS)
        }
        Command::Simulate {
            samples,
            seed,
            quiz,
        } => match load(quiz.as_deref()) {
            Ok(quiz) => {
                simulate(&quiz, samples, seed);
                ExitCode::SUCCESS
            }
            Err(message) => fail(&message),
        },
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}

fn load(dir: Option<&Path>) -> Result<Quiz, String> {
    let dir = match dir {
        Some(dir) => dir.to_path_buf(),
        None if Path::new("quiz/model.toml").exists() => PathBuf::from("quiz"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../quiz"),
    };
    readiness::load::load_dir(&dir).map_err(|errors| {
        format!(
            "{} error(s) in {}:\n{errors}",
            errors.0.len(),
            dir.display()
        )
    })
}

fn score(quiz: &Quiz, path: &Path, lang: &str, json: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let raw: BTreeMap<String, Vec<String>> = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not an answers object: {e}", path.display()))?;
    let mut answers = Answers::new();
    let mut problems = Vec::new();
    for (question, options) in raw {
        let Some(q) = quiz.question_index(&question).map(|i| &quiz.questions()[i]) else {
            problems.push(format!("unknown question `{question}`"));
            continue;
        };
        let mut chosen = Vec::new();
        for option in options {
            match q.option(&option) {
                Some(known) => chosen.push(known.id.clone()),
                None => problems.push(format!("question `{question}` has no option `{option}`")),
            }
        }
        answers.set(q.id.clone(), chosen);
    }
    if !problems.is_empty() {
        return Err(format!("{}:\n{}", path.display(), problems.join("\n")));
    }
    let report = quiz.score(&answers);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        );
    } else {
        print_report(quiz, &report, &answers, lang);
    }
    Ok(())
}

fn print_report(quiz: &Quiz, report: &readiness::Report, answers: &Answers, lang: &str) {
    let texts = quiz.texts(lang);
    println!("{}", texts.get("ui.results_title"));
    println!();
    println!("{}", texts.sales_summary(report, answers));
    println!(
        "{}: {}%  {}",
        texts.get("ui.confidence"),
        report.confidence,
        texts.get(&format!("confidence.{}", report.confidence_level.as_str()))
    );
    println!("\n{}", texts.get("ui.dimensions_title"));
    for dimension in &report.dimensions {
        let name = texts.item("dimension", dimension.id.as_str(), "name");
        let score = dimension.score.map_or_else(
            || texts.get("explain.not_enough").to_owned(),
            |s| format!("{s:>3}"),
        );
        println!("  {name:<24} {score}");
        if dimension.weak {
            for driver in &dimension.drivers {
                println!("      {}", texts.driver(driver));
            }
        }
    }
    println!("\n{}", texts.get("ui.channels_title"));
    for channel in &report.channels {
        let mark = if channel.recommended { "★" } else { " " };
        println!(
            "  {mark} {:<28} {:>3}",
            texts.item("channel", channel.id.as_str(), "name"),
            channel.fit
        );
        if channel.recommended {
            for driver in &channel.drivers {
                println!("      {}", texts.driver(driver));
            }
            for blocker in &channel.blocked_by {
                println!(
                    "      {}",
                    texts.fill(
                        "explain.blocked_by",
                        &[("blocker", texts.item("blocker", blocker.as_str(), "title"))]
                    )
                );
            }
        }
    }
    println!("\n{}", texts.get("ui.blockers_title"));
    if report.blockers.is_empty() {
        println!("  {}", texts.get("ui.no_blockers"));
    }
    for blocker in &report.blockers {
        println!(
            "  - {}: {}",
            texts.item("blocker", blocker.as_str(), "title"),
            texts.item("blocker", blocker.as_str(), "detail")
        );
    }
    println!("\n{}", texts.get("ui.next_steps_title"));
    for (i, step) in report.next_steps.iter().enumerate() {
        println!(
            "  {}. {}: {}",
            i + 1,
            texts.item("next_step", step.as_str(), "title"),
            texts.item("next_step", step.as_str(), "detail")
        );
    }
}

/// A small deterministic generator (SplitMix64): the core stays free of randomness.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// A random complete answer set, walking the quiz as a visitor would.
fn random_answers(quiz: &Quiz, rng: &mut SplitMix) -> Answers {
    let mut answers = Answers::new();
    let mut current = quiz.next_question(&answers, None);
    while let Some(index) = current {
        let question = &quiz.questions()[index];
        let picks = match question.kind {
            readiness::model::QuestionKind::Single => 1,
            readiness::model::QuestionKind::Multi => 1 + rng.below(3),
        };
        for _ in 0..picks {
            let option = &question.options[rng.below(question.options.len())];
            if answers
                .get(question.id.as_str())
                .is_some_and(|chosen| chosen.contains(&option.id))
            {
                continue;
            }
            answers = quiz.choose(&answers, &question.id, &option.id);
        }
        current = quiz.next_question(&answers, Some(index));
    }
    answers
}

fn simulate(quiz: &Quiz, samples: u32, seed: u64) {
    let mut rng = SplitMix(seed);
    let mut readiness = [0u32; 10];
    let mut tiers: BTreeMap<String, u32> = BTreeMap::new();
    let mut grades: BTreeMap<String, u32> = BTreeMap::new();
    let mut top: BTreeMap<String, u32> = BTreeMap::new();
    let mut blockers: BTreeMap<String, u32> = BTreeMap::new();
    for _ in 0..samples {
        let report = quiz.score(&random_answers(quiz, &mut rng));
        readiness[usize::from(report.readiness.min(99) / 10)] += 1;
        *tiers.entry(report.tier.to_string()).or_default() += 1;
        *grades.entry(report.grade.letter.clone()).or_default() += 1;
        if let Some(first) = report.channels.first() {
            *top.entry(first.id.to_string()).or_default() += 1;
        }
        for blocker in report.blockers {
            *blockers.entry(blocker.to_string()).or_default() += 1;
        }
    }
    let share = |n: u32| f64::from(n) * 100.0 / f64::from(samples.max(1));
    println!(
        "{samples} random answer sets, seed {seed}, quiz version {}",
        quiz.version()
    );
    println!("\nreadiness");
    for (bucket, count) in readiness.iter().enumerate() {
        let bar = "#".repeat((share(*count) / 2.0).round() as usize);
        println!(
            "  {:>3}-{:<3} {:>6.1}% {bar}",
            bucket * 10,
            bucket * 10 + 9,
            share(*count)
        );
    }
    for (title, counts) in [
        ("tiers", &tiers),
        ("grades", &grades),
        ("top channel", &top),
        ("blockers (any)", &blockers),
    ] {
        println!("\n{title}");
        for (name, count) in counts {
            println!("  {name:<20} {:>6.1}%", share(*count));
        }
    }
}
