//! Reading the quiz folder (`model.toml`, `questions.toml`, `i18n/*.toml`) into a
//! validated [`Quiz`]. Every problem is reported, each naming the file, the item and what
//! is wrong; nothing half-valid is ever returned.

mod build;
mod options;

mod problems;
mod questions;
mod raw;
mod scoring;
mod steps;
mod texts;

use std::fmt;
use std::path::Path;

use crate::model::Quiz;

pub use texts::required_ui_keys;

/// One problem in the quiz data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, relative to the quiz folder (e.g. `questions.toml`).
    pub file: String,
    /// The item in it (e.g. `question trademark, option none`), or empty for the file.
    pub item: String,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.item.is_empty() {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}: {}: {}", self.file, self.item, self.problem)
        }
    }
}

/// Every problem found, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

/// The text of the quiz files, as read from disk or made by a test.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `model.toml`.
    pub model: String,
    /// `questions.toml`.
    pub questions: String,
    /// Each language file: (locale from the file name, text).
    pub locales: Vec<(String, String)>,
}

/// Reads and validates the quiz folder.
///
/// ```
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../quiz");
/// let quiz = readiness::load::load_dir(dir.as_ref()).expect("the shipped quiz is valid");
/// assert!(quiz.questions().len() >= 10);
/// ```
pub fn load_dir(dir: &Path) -> Result<Quiz, LoadErrors> {
    let mut errors = Vec::new();
    let mut read = |name: &str| match std::fs::read_to_string(dir.join(name)) {
        Ok(text) => text,
        Err(error) => {
            errors.push(LoadError {
                file: name.into(),
                item: String::new(),
                problem: format!("cannot read: {error}"),
            });
            String::new()
        }
    };
    let model = read("model.toml");
    let questions = read("questions.toml");
    let mut locales = Vec::new();
    match std::fs::read_dir(dir.join("i18n")) {
        Ok(entries) => {
            let mut paths: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .collect();
            paths.sort();
            for path in paths
                .iter()
                .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            {
                let locale = path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match std::fs::read_to_string(path) {
                    Ok(text) => locales.push((locale, text)),
                    Err(error) => errors.push(LoadError {
                        file: format!("i18n/{locale}.toml"),
                        item: String::new(),
                        problem: format!("cannot read: {error}"),
                    }),
                }
            }
        }
        Err(error) => errors.push(LoadError {
            file: "i18n".into(),
            item: String::new(),
            problem: format!("cannot read the folder of language files: {error}"),
        }),
    }
    if !errors.is_empty() {
        return Err(LoadErrors(errors));
    }
    load_sources(&Sources {
        model,
        questions,
        locales,
    })
}

/// Parses and validates quiz sources held in memory.
pub fn load_sources(sources: &Sources) -> Result<Quiz, LoadErrors> {
    build::build(sources)
}

/// The file paths a loader reads, for build scripts' `rerun-if-changed`.
pub fn watched_paths(dir: &Path) -> Vec<std::path::PathBuf> {
    vec![
        dir.join("model.toml"),
        dir.join("questions.toml"),
        dir.join("i18n"),
    ]
}
