//! `readiness`: check the quiz data, score an answer set, simulate many visitors.
//!
//! Every command writes its output into a string and prints it in one write, so a reader
//! that closes the pipe early (`readiness score … | head`) ends the command quietly instead
//! of making it panic.

mod print;
mod simulate;

use std::collections::BTreeMap;
use std::io::Write;
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
    let result = match Cli::parse().command {
        Command::Check { dir } => load(dir.as_deref()).map(|quiz| {
            format!(
                "ok: quiz {} version {}: {} questions, {} languages\n",
                quiz.id(),
                quiz.version(),
                quiz.questions().len(),
                quiz.locales().len()
            )
        }),
        Command::Score {
            answers,
            lang,
            json,
            quiz,
        } => load(quiz.as_deref()).and_then(|quiz| score(&quiz, &answers, &lang, json)),
        Command::Simulate {
            samples,
            seed,
            quiz,
        } => load(quiz.as_deref()).map(|quiz| simulate::run(&quiz, samples, seed)),
    };
    match result {
        Ok(output) => emit(&output),
        Err(message) => fail(&message),
    }
}

/// Prints the output; a reader that went away early is not an error.
fn emit(output: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => fail(&format!("cannot write the output: {error}")),
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

fn score(quiz: &Quiz, path: &Path, lang: &str, json: bool) -> Result<String, String> {
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
    let assessment = quiz.assess(&answers);
    if json {
        serde_json::to_string_pretty(&assessment)
            .map(|text| text + "\n")
            .map_err(|e| e.to_string())
    } else {
        Ok(print::assessment(quiz, &assessment, &answers, lang))
    }
}
