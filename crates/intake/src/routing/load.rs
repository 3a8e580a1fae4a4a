//! Reading a rules file and checking it against the quiz: every problem at once, each
//! naming the rule and the field, so an agency fixes its file in one go.

use std::collections::{BTreeMap, BTreeSet};

use readiness::Quiz;
use serde::Deserialize;

use super::{Condition, Rule, RuleSet, Send, CONFIGURED, INDUSTRY_QUESTION};

/// Grade letters the core gives.
const GRADES: [&str; 4] = ["A", "B", "C", "D"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    webhooks: BTreeMap<String, String>,
    #[serde(default)]
    slack: BTreeMap<String, String>,
    #[serde(default)]
    teams: BTreeMap<String, String>,
    #[serde(default, rename = "rule")]
    rules: Vec<RawRule>,
    default: Option<RawSend>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: String,
    #[serde(default)]
    grade: Vec<String>,
    #[serde(default)]
    start_here: Vec<String>,
    #[serde(default)]
    language: Vec<String>,
    #[serde(default)]
    country: Vec<String>,
    #[serde(default)]
    industry: Vec<String>,
    #[serde(default)]
    email: Vec<String>,
    webhook: Option<String>,
    slack: Option<String>,
    teams: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSend {
    #[serde(default)]
    email: Vec<String>,
    webhook: Option<String>,
    slack: Option<String>,
    teams: Option<String>,
}

/// What the deployment has configured besides the file: the destinations named
/// [`CONFIGURED`] and whether email can be sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Available {
    pub smtp: bool,
    pub webhook: bool,
    pub slack: bool,
    pub teams: bool,
}

/// Problems are collected, each prefixed with where it is.
struct Problems<'a> {
    file: &'a str,
    list: Vec<String>,
}

impl Problems<'_> {
    fn add(&mut self, place: &str, problem: String) {
        self.list.push(format!("{}: {place}: {problem}", self.file));
    }
}

/// `values` must each be one of `known`; returns them as given.
fn known_values(
    problems: &mut Problems<'_>,
    place: &str,
    field: &str,
    values: Vec<String>,
    known: &[String],
) -> Vec<String> {
    for value in &values {
        if !known.contains(value) {
            let list = known.join(", ");
            problems.add(place, format!("{field}: `{value}` is not one of {list}"));
        }
    }
    values
}

fn url_problem(raw: &str) -> Option<String> {
    match reqwest::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "https" | "http") && url.host_str().is_some() => None,
        Ok(_) => Some(format!("`{raw}` must be an https URL with a host")),
        Err(error) => Some(format!("`{raw}` is not a URL: {error}")),
    }
}

impl RuleSet {
    /// Reads and checks a rules file's text (`file` names it in the problems).
    pub fn parse(file: &str, text: &str, quiz: &Quiz) -> Result<RuleSet, Vec<String>> {
        let raw: RawFile =
            toml::from_str(text).map_err(|error| vec![format!("{file}: {error}")])?;
        let mut problems = Problems {
            file,
            list: Vec::new(),
        };
        for (section, named) in [
            ("webhooks", &raw.webhooks),
            ("slack", &raw.slack),
            ("teams", &raw.teams),
        ] {
            for (name, url) in named {
                if name == CONFIGURED {
                    problems.add(&format!("[{section}] {name}"), format!("`{CONFIGURED}` means the destination configured by the environment; choose another name"));
                }
                if let Some(problem) = url_problem(url) {
                    problems.add(&format!("[{section}] {name}"), problem);
                }
            }
        }
        let known = Known::of(quiz);
        let mut names = BTreeSet::new();
        let mut rules = Vec::new();
        for (n, rule) in raw.rules.into_iter().enumerate() {
            let place = format!("rule {} “{}”", n + 1, rule.name);
            if rule.name.trim().is_empty() {
                problems.add(&place, "name: give the rule a name (it is shown to staff and in `intake rules explain`)".to_owned());
            } else if !names.insert(rule.name.clone()) || rule.name == CONFIGURED {
                problems.add(&place, "name: another rule has this name".to_owned());
            }
            let when = known.conditions(&mut problems, &place, &rule);
            let send = Send {
                email: rule.email,
                webhook: rule.webhook,
                slack: rule.slack,
                teams: rule.teams,
            };
            rules.push(Rule {
                name: rule.name,
                when,
                send,
            });
        }
        let Some(default) = raw.default else {
            problems.add("[default]", "missing: say where a lead that meets no rule goes (an empty [default] sends it nowhere)".to_owned());
            return Err(problems.list);
        };
        let set = RuleSet {
            webhooks: raw.webhooks,
            slack: raw.slack,
            teams: raw.teams,
            rules,
            default: Send {
                email: default.email,
                webhook: default.webhook,
                slack: default.slack,
                teams: default.teams,
            },
        };
        let sends = set
            .rules
            .iter()
            .map(|r| (format!("rule “{}”", r.name), &r.send));
        for (place, send) in sends.chain(std::iter::once(("[default]".to_owned(), &set.default))) {
            set.check_send(&mut problems, &place, send);
        }
        if problems.list.is_empty() {
            Ok(set)
        } else {
            Err(problems.list)
        }
    }

    /// Every address well-formed, every name defined.
    fn check_send(&self, problems: &mut Problems<'_>, place: &str, send: &Send) {
        for address in &send.email {
            if readiness::lead::Email::parse(address).is_none() {
                problems.add(place, format!("email: `{address}` is not an email address"));
            }
        }
        for (field, name, named) in [
            ("webhook", &send.webhook, &self.webhooks),
            ("slack", &send.slack, &self.slack),
            ("teams", &send.teams, &self.teams),
        ] {
            if let Some(name) = name {
                if name != CONFIGURED && !named.contains_key(name) {
                    problems.add(place, format!("{field}: no [{}] entry named `{name}` (nor is it `{CONFIGURED}`, the environment's)", if field == "webhook" { "webhooks" } else { field }));
                }
            }
        }
    }

    /// Problems with what the file uses that the deployment has not configured: email
    /// without an SMTP relay, `default` destinations the environment does not set.
    pub fn unavailable(&self, available: Available) -> Vec<String> {
        let mut problems = Vec::new();
        let sends = self
            .rules
            .iter()
            .map(|r| (format!("rule “{}”", r.name), &r.send));
        for (place, send) in sends.chain(std::iter::once(("[default]".to_owned(), &self.default))) {
            if !send.email.is_empty() && !available.smtp {
                problems.push(format!(
                    "{place}: email needs an SMTP relay (INTAKE_SMTP_URL)"
                ));
            }
            for (field, name, configured, setting) in [
                (
                    "webhook",
                    &send.webhook,
                    available.webhook,
                    "INTAKE_WEBHOOK_URL",
                ),
                (
                    "slack",
                    &send.slack,
                    available.slack,
                    "INTAKE_SLACK_WEBHOOK_URL",
                ),
                (
                    "teams",
                    &send.teams,
                    available.teams,
                    "INTAKE_TEAMS_WEBHOOK_URL",
                ),
            ] {
                if name.as_deref() == Some(CONFIGURED) && !configured {
                    problems.push(format!("{place}: {field} `{CONFIGURED}` needs {setting}"));
                }
            }
        }
        problems
    }
}

/// The values conditions may name, from the quiz.
struct Known {
    grades: Vec<String>,
    channels: Vec<String>,
    languages: Vec<String>,
    industries: Vec<String>,
}

impl Known {
    fn of(quiz: &Quiz) -> Known {
        let industry = readiness::ids::QuestionId::new(INDUSTRY_QUESTION).ok();
        Known {
            grades: GRADES.iter().map(|g| (*g).to_owned()).collect(),
            channels: quiz
                .channels()
                .iter()
                .map(|c| c.id.as_str().to_owned())
                .collect(),
            languages: quiz
                .locales()
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
            industries: industry
                .and_then(|id| quiz.question(&id))
                .map(|q| q.options.iter().map(|o| o.id.as_str().to_owned()).collect())
                .unwrap_or_default(),
        }
    }

    fn conditions(
        &self,
        problems: &mut Problems<'_>,
        place: &str,
        rule: &RawRule,
    ) -> Vec<Condition> {
        let mut when = Vec::new();
        let mut take = |field: &str,
                        values: &[String],
                        known: &[String],
                        make: fn(Vec<String>) -> Condition| {
            if !values.is_empty() {
                when.push(make(known_values(
                    problems,
                    place,
                    field,
                    values.to_vec(),
                    known,
                )));
            }
        };
        take("grade", &rule.grade, &self.grades, Condition::Grade);
        take(
            "start_here",
            &rule.start_here,
            &self.channels,
            Condition::StartHere,
        );
        take(
            "language",
            &rule.language,
            &self.languages,
            Condition::Language,
        );
        take(
            "industry",
            &rule.industry,
            &self.industries,
            Condition::Industry,
        );
        let countries: Vec<String> = rule
            .country
            .iter()
            .map(|c| match readiness::lead::CountryCode::parse(c) {
                Some(code) => code.to_string(),
                None => {
                    problems.add(
                        place,
                        format!("country: `{c}` is not an ISO 3166-1 alpha-2 code like DE"),
                    );
                    c.clone()
                }
            })
            .collect();
        if !countries.is_empty() {
            when.push(Condition::Country(countries));
        }
        when
    }
}
