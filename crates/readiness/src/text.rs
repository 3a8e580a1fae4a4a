//! Quiz texts per language, looked up by key, with `{name}` placeholders filled in.
//!
//! Keys are dotted paths into a language file: `question.trademark.title`,
//! `question.trademark.option.none`, `channel.wechat.name`, `error.email_invalid`…

use crate::ids::Locale;
pub use crate::model::Catalog;
use crate::model::Quiz;

/// The texts of one language, with the reference language behind it.
#[derive(Debug, Clone, Copy)]
pub struct Texts<'a> {
    catalog: &'a Catalog,
    reference: &'a Catalog,
}

impl Quiz {
    /// The language of the quiz closest to the visitor's preferences (e.g. from
    /// `navigator.languages`): an exact tag, then the same base language, then the reference.
    ///
    /// ```
    /// let quiz = readiness::testing::quiz();
    /// assert_eq!(quiz.negotiate_locale(&["fr-CA", "en"]).as_str(), "fr");
    /// assert_eq!(quiz.negotiate_locale(&["zh-CN"]).as_str(), "zh-Hans");
    /// assert_eq!(quiz.negotiate_locale(&["pt-BR"]).as_str(), "en");
    /// ```
    pub fn negotiate_locale(&self, preferred: &[&str]) -> &Locale {
        for wanted in preferred {
            let wanted = wanted.trim();
            if let Some(language) = self
                .languages
                .iter()
                .find(|l| l.locale.as_str().eq_ignore_ascii_case(wanted))
            {
                return &language.locale;
            }
            let base = wanted.split(['-', '_']).next().unwrap_or_default();
            if let Some(language) = self.languages.iter().find(|l| {
                l.locale
                    .as_str()
                    .split('-')
                    .next()
                    .is_some_and(|b| b.eq_ignore_ascii_case(base))
            }) {
                return &language.locale;
            }
        }
        &self.reference_locale
    }

    /// The texts in `locale`, or in the reference language when the quiz lacks it.
    pub fn texts(&self, locale: &str) -> Texts<'_> {
        let reference = self
            .catalogs
            .iter()
            .find(|c| c.locale == self.reference_locale)
            .unwrap_or(&self.catalogs[0]);
        let catalog = self
            .catalogs
            .iter()
            .find(|c| c.locale.as_str() == locale)
            .unwrap_or(reference);
        Texts { catalog, reference }
    }

    /// Whether the quiz has exactly this language (its texts may not be at hand yet).
    pub fn has_locale(&self, locale: &str) -> bool {
        self.languages.iter().any(|l| l.locale.as_str() == locale)
    }

    /// Whether this language's texts are at hand.
    pub fn has_texts(&self, locale: &str) -> bool {
        self.catalogs.iter().any(|c| c.locale.as_str() == locale)
    }
}

impl<'a> Texts<'a> {
    /// The language these texts are in.
    pub fn locale(&self) -> &'a Locale {
        &self.catalog.locale
    }

    /// The text for `key`; a visible `[missing text]` if no language has it (validation
    /// prevents this for every key the core and the widget use).
    pub fn get(&self, key: &str) -> &'a str {
        self.catalog
            .entries
            .get(key)
            .or_else(|| self.reference.entries.get(key))
            .map_or(MISSING, String::as_str)
    }

    /// The text for `key`, if this language or the reference has it.
    pub fn find(&self, key: &str) -> Option<&'a str> {
        self.catalog
            .entries
            .get(key)
            .or_else(|| self.reference.entries.get(key))
            .map(String::as_str)
    }

    /// The text for `key` with each `{name}` replaced by its value.
    ///
    /// ```
    /// let quiz = readiness::testing::quiz();
    /// let texts = quiz.texts("en");
    /// assert_eq!(texts.fill("ui.progress", &[("current", "4"), ("total", "12")]), "Question 4 of 12");
    /// ```
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill_placeholders(self.get(key), values)
    }

    /// The title of a question.
    pub fn question_title(&self, question: &str) -> &'a str {
        self.get(&format!("question.{question}.title"))
    }

    /// The short label of a question, for summaries.
    pub fn question_label(&self, question: &str) -> &'a str {
        self.get(&format!("question.{question}.label"))
    }

    /// The optional help text of a question.
    pub fn question_help(&self, question: &str) -> Option<&'a str> {
        self.find(&format!("question.{question}.help"))
    }

    /// The label of an option.
    pub fn option_label(&self, question: &str, option: &str) -> &'a str {
        self.get(&format!("question.{question}.option.{option}"))
    }

    /// A named field (`name`, `title`, `detail`, `summary`, `description`, `text`) of a
    /// model item, e.g. `item("channel", "wechat", "name")`.
    pub fn item(&self, kind: &str, id: &str, field: &str) -> &'a str {
        self.get(&format!("{kind}.{id}.{field}"))
    }
}

const MISSING: &str = "[missing text]";

/// Replaces each `{name}` in `template` by its value; unknown placeholders stay as they are.
pub fn fill_placeholders(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a text, sorted and without repeats.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_and_keeps_unknown_ones() {
        assert_eq!(fill_placeholders("{a} and {b}", &[("a", "x")]), "x and {b}");
    }

    #[test]
    fn lists_placeholders_once_each() {
        assert_eq!(placeholders("{max} {a} {max}"), vec!["a", "max"]);
    }
}
