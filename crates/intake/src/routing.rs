//! Routing rules: which sales channels a lead goes to, by what the visitor needs. A rules
//! file (TOML, `--routing` / `INTAKE_ROUTING`, format in the README) names destinations and
//! lists rules; the first rule whose every condition holds wins, `[default]` takes the
//! rest. Pure: the file is read and checked at start (`load.rs`), a lead's facts come in,
//! the notifications it is owed come out, and `explain` says why in words.

mod load;

pub use load::Available;

use crate::db::{NotifyChannel, Owed};

/// The question whose answer is the visitor's industry (the core's, which the comparison
/// with peers groups by too).
pub use readiness::benchmark::INDUSTRY_QUESTION;

/// The name that means the destination configured by the environment (`INTAKE_WEBHOOK_URL`,
/// `INTAKE_SLACK_WEBHOOK_URL`, `INTAKE_TEAMS_WEBHOOK_URL`).
pub const CONFIGURED: &str = "default";

/// What a rule can look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The grade letter; `None` when the lead has no verdict.
    pub grade: Option<String>,
    /// The start-here channels' ids.
    pub start_here: Vec<String>,
    /// The language the visitor used.
    pub language: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The industry options the visitor chose.
    pub industry: Vec<String>,
}

impl Facts {
    /// A lead as it arrives, with the server's report of it.
    pub fn of_lead(lead: &readiness::lead::Lead, report: Option<&readiness::Report>) -> Facts {
        Facts {
            grade: report.map(|r| r.grade.letter.clone()),
            start_here: report
                .map(|r| r.start_here().map(|c| c.id.as_str().to_owned()).collect())
                .unwrap_or_default(),
            language: lead.locale.to_string(),
            country: lead.contact.country.to_string(),
            industry: industry(&lead.answers),
        }
    }

    /// A stored lead.
    pub fn of_row(lead: &crate::db::LeadRow) -> Facts {
        let answers: readiness::Answers =
            serde_json::from_str(&lead.answers_json).unwrap_or_default();
        Facts {
            grade: lead.grade.clone(),
            start_here: lead
                .top_channels
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            language: lead.locale.clone(),
            country: lead.country.clone(),
            industry: industry(&answers),
        }
    }
}

fn industry(answers: &readiness::Answers) -> Vec<String> {
    answers
        .get(INDUSTRY_QUESTION)
        .unwrap_or_default()
        .iter()
        .map(|o| o.as_str().to_owned())
        .collect()
}

/// One condition: the fact holds one of the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Grade(Vec<String>),
    StartHere(Vec<String>),
    Language(Vec<String>),
    Country(Vec<String>),
    Industry(Vec<String>),
}

impl Condition {
    /// Whether it holds for these facts, and what the facts say, in words.
    pub fn check(&self, facts: &Facts) -> (bool, String) {
        let one =
            |wanted: &[String], seen: &str| (wanted.iter().any(|w| w == seen), seen.to_owned());
        let any = |wanted: &[String], seen: &[String]| {
            let shown = if seen.is_empty() {
                "none".to_owned()
            } else {
                seen.join(", ")
            };
            (seen.iter().any(|s| wanted.contains(s)), shown)
        };
        match self {
            Condition::Grade(wanted) => match &facts.grade {
                Some(grade) => one(wanted, grade),
                None => (false, "no grade (no verdict)".to_owned()),
            },
            Condition::StartHere(wanted) => any(wanted, &facts.start_here),
            Condition::Language(wanted) => one(wanted, &facts.language),
            Condition::Country(wanted) => one(wanted, &facts.country),
            Condition::Industry(wanted) => any(wanted, &facts.industry),
        }
    }

    /// The condition in words: `grade is A or B`.
    pub fn describe(&self) -> String {
        let (what, values) = match self {
            Condition::Grade(v) => ("grade is", v),
            Condition::StartHere(v) => ("start here includes", v),
            Condition::Language(v) => ("language is", v),
            Condition::Country(v) => ("country is", v),
            Condition::Industry(v) => ("industry is", v),
        };
        format!("{what} {}", values.join(" or "))
    }
}

/// Where a rule sends a lead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Send {
    /// Email addresses (one email to them all).
    pub email: Vec<String>,
    /// Named destinations; [`CONFIGURED`] is the environment's.
    pub webhook: Option<String>,
    pub slack: Option<String>,
    pub teams: Option<String>,
}

impl Send {
    /// The notifications owed.
    pub fn owed(&self) -> Vec<Owed> {
        let named = |channel, name: &Option<String>| {
            name.as_ref().map(|name| Owed {
                channel,
                target: (name != CONFIGURED).then(|| name.clone()),
            })
        };
        let email = (!self.email.is_empty()).then(|| Owed {
            channel: NotifyChannel::Email,
            target: Some(self.email.join(",")),
        });
        [
            named(NotifyChannel::Webhook, &self.webhook),
            email,
            named(NotifyChannel::Slack, &self.slack),
            named(NotifyChannel::Teams, &self.teams),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The destinations in words.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.email.is_empty() {
            parts.push(format!("email to {}", self.email.join(", ")));
        }
        for (what, name) in [
            ("webhook", &self.webhook),
            ("Slack", &self.slack),
            ("Teams", &self.teams),
        ] {
            if let Some(name) = name {
                parts.push(format!("{what} `{name}`"));
            }
        }
        if parts.is_empty() {
            "nowhere".to_owned()
        } else {
            parts.join("; ")
        }
    }
}

/// A rule: its name, its conditions (all must hold; none: every lead), where it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub name: String,
    pub when: Vec<Condition>,
    pub send: Send,
}

/// A checked rules file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSet {
    /// Named destinations: name → URL.
    pub webhooks: std::collections::BTreeMap<String, String>,
    pub slack: std::collections::BTreeMap<String, String>,
    pub teams: std::collections::BTreeMap<String, String>,
    pub rules: Vec<Rule>,
    pub default: Send,
}

/// Which rule a lead meets: its name (`default` for the catch-all) and where it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub rule: String,
    pub owed: Vec<Owed>,
}

impl RuleSet {
    /// The first rule whose every condition holds, or the default.
    pub fn route(&self, facts: &Facts) -> Route {
        match self
            .rules
            .iter()
            .find(|rule| rule.when.iter().all(|c| c.check(facts).0))
        {
            Some(rule) => Route {
                rule: rule.name.clone(),
                owed: rule.send.owed(),
            },
            None => Route {
                rule: CONFIGURED.to_owned(),
                owed: self.default.owed(),
            },
        }
    }

    /// Why a lead goes where it goes: each rule tried in turn, each condition with what
    /// the lead says, up to the one it meets.
    pub fn explain(&self, facts: &Facts) -> String {
        let mut lines = Vec::new();
        for (n, rule) in self.rules.iter().enumerate() {
            lines.push(format!("rule {} “{}”:", n + 1, rule.name));
            let mut met = true;
            for condition in &rule.when {
                let (holds, seen) = condition.check(facts);
                met &= holds;
                let verdict = if holds { "yes" } else { "no" };
                lines.push(format!(
                    "  {}: {verdict} (the lead: {seen})",
                    condition.describe()
                ));
            }
            if rule.when.is_empty() {
                lines.push("  no condition: every lead".to_owned());
            }
            if met {
                lines.push(format!("→ met: {}", rule.send.describe()));
                return lines.join("\n");
            }
            lines.push("  not met".to_owned());
        }
        lines.push(format!(
            "→ no rule met: the default, {}",
            self.default.describe()
        ));
        lines.join("\n")
    }
}

/// How leads are routed: to every configured channel (no rules file), or by rules.
#[derive(Debug, Clone)]
pub enum Routing {
    Everyone(Vec<NotifyChannel>),
    Rules(RuleSet),
}

impl Routing {
    /// The rule a lead meets (none without a rules file) and the notifications it is owed.
    pub fn route(&self, facts: &Facts) -> (Option<String>, Vec<Owed>) {
        match self {
            Routing::Everyone(channels) => (
                None,
                channels
                    .iter()
                    .map(|&channel| Owed {
                        channel,
                        target: None,
                    })
                    .collect(),
            ),
            Routing::Rules(rules) => {
                let route = rules.route(facts);
                (Some(route.rule), route.owed)
            }
        }
    }
}

#[cfg(test)]
mod tests;
