//! The staff area's words in each staff language (`i18n/<locale>.toml`, embedded): the
//! staff member's choice, else what their browser asks for, else English. A key missing
//! from a language falls back to English (a test holds every language to English's keys
//! and placeholders, and every key the pages use to English).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The staff languages: tag and file.
const LANGUAGES: [(&str, &str); 4] = [
    ("en", include_str!("../../../i18n/en.toml")),
    ("fr", include_str!("../../../i18n/fr.toml")),
    ("de", include_str!("../../../i18n/de.toml")),
    ("zh-Hans", include_str!("../../../i18n/zh-Hans.toml")),
];

type Table = HashMap<String, String>;

/// Every language's words, `section.key` → text; a file that does not parse is empty (and
/// fails the tests).
fn tables() -> &'static Vec<(&'static str, Table)> {
    static TABLES: OnceLock<Vec<(&'static str, Table)>> = OnceLock::new();
    TABLES.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|(tag, text)| (*tag, flatten(text).unwrap_or_default()))
            .collect()
    })
}

/// A file's `[section] key = "text"` as `section.key` → text.
pub(crate) fn flatten(text: &str) -> Result<Table, toml::de::Error> {
    let file: toml::Table = toml::from_str(text)?;
    let mut table = Table::new();
    for (section, keys) in file {
        if let toml::Value::Table(keys) = keys {
            for (key, value) in keys {
                if let toml::Value::String(text) = value {
                    table.insert(format!("{section}.{key}"), text);
                }
            }
        }
    }
    Ok(table)
}

/// The words of one staff language.
#[derive(Clone, Copy)]
pub struct Words {
    locale: &'static str,
    table: &'static Table,
    english: &'static Table,
}

impl Words {
    /// The language `tag` (one of the staff languages), else English.
    pub fn of(tag: &str) -> Words {
        let tables = tables();
        let english = &tables[0].1;
        let (locale, table) = tables
            .iter()
            .find(|(t, _)| *t == tag)
            .map_or(("en", english), |(t, table)| (*t, table));
        Words {
            locale,
            table,
            english,
        }
    }

    /// The best staff language for an `Accept-Language` header, else English.
    pub fn negotiate(accept_language: Option<&str>) -> Words {
        Words::of(negotiate(accept_language.unwrap_or_default()))
    }

    /// The language's tag (`lang` of the pages).
    pub fn locale(&self) -> &'static str {
        self.locale
    }

    /// The text of `key`, in English when this language lacks it (never: a test holds
    /// every language to English's keys), or a visible marker for a key nowhere.
    pub fn get(&self, key: &str) -> &'static str {
        self.table
            .get(key)
            .or_else(|| self.english.get(key))
            .map_or("⟦missing text⟧", String::as_str)
    }

    /// The text of `key` with its `{name}` placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.get(key).to_owned(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }

    /// The text of `key` with its one placeholder `name` filled (for the templates).
    pub fn fill_one(&self, key: &str, name: &str, value: &str) -> String {
        self.fill(key, &[(name, value)])
    }

    /// Every staff language: tag and its name in itself.
    pub fn languages() -> Vec<(&'static str, &'static str)> {
        LANGUAGES
            .iter()
            .map(|(tag, _)| (*tag, Words::of(tag).get("meta.name")))
            .collect()
    }
}

/// The first staff language an `Accept-Language` header names, by its weights: any
/// Chinese is `zh-Hans` (the simplified script the staff area is written in).
pub fn negotiate(header: &str) -> &'static str {
    let mut wanted: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && weight > 0.0).then_some((weight, tag))
        })
        .collect();
    // stable: equal weights keep the header's order
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
    wanted
        .iter()
        .find_map(|(_, tag)| {
            let base = tag.split(['-', '_']).next()?.to_ascii_lowercase();
            match base.as_str() {
                "en" => Some("en"),
                "fr" => Some("fr"),
                "de" => Some("de"),
                "zh" => Some("zh-Hans"),
                _ => None,
            }
        })
        .unwrap_or("en")
}

#[cfg(test)]
mod tests;
