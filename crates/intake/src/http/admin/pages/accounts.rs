//! The admins' pages: staff accounts with their roles, the audit log, and the settings in
//! force (read-only: they live in the server's environment and routing file).

use askama::Template;

use super::{Choice, Languages, Words};
use crate::clock::utc_minute;
use crate::db::{Account, AuditEntry, StaffSession};
use crate::pipeline::AuditAction;
use crate::routing::Routing;

struct AccountRow {
    id: String,
    email: String,
    roles: Vec<Choice>,
    me: bool,
}

#[derive(Template)]
#[template(path = "admin/accounts.html")]
struct Accounts<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    message: Option<&'a str>,
    rows: Vec<AccountRow>,
}

/// The staff accounts and their roles, with a message (the key of a refused change) if any.
pub fn accounts(
    staff: &StaffSession,
    accounts: &[Account],
    message: Option<&str>,
) -> askama::Result<String> {
    let t = Words::of(&staff.locale);
    Accounts {
        title: t.get("accounts.title"),
        t,
        languages: Words::languages(),
        staff: Some(staff),
        message: message.map(|key| t.get(key)),
        rows: accounts
            .iter()
            .map(|a| AccountRow {
                id: a.id.clone(),
                email: a.email.clone(),
                roles: [
                    ("admin", "Admin: accounts, audit log, re-sending"),
                    ("sales", "Sales: leads"),
                ]
                .iter()
                .map(|(value, label)| Choice::new(value, label, &a.role))
                .collect(),
                me: a.id == staff.staff_id,
            })
            .collect(),
    }
    .render()
}

struct AuditRow {
    at: String,
    staff: String,
    action: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct Audit<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    rows: Vec<AuditRow>,
}

/// The newest entries of the audit log.
pub fn audit(staff: &StaffSession, entries: &[AuditEntry]) -> askama::Result<String> {
    let t = Words::of(&staff.locale);
    Audit {
        title: t.get("audit.title"),
        t,
        languages: Words::languages(),
        staff: Some(staff),
        rows: entries
            .iter()
            .map(|e| AuditRow {
                at: utc_minute(e.at_ms),
                staff: e
                    .staff
                    .clone()
                    .unwrap_or_else(|| t.get("lead.removed_account").to_owned()),
                action: AuditAction::parse(&e.action).map_or_else(
                    || e.action.clone(),
                    |action| {
                        t.get(&format!("audit_action.{}", action.as_str()))
                            .to_owned()
                    },
                ),
                detail: e.detail.clone(),
            })
            .collect(),
    }
    .render()
}

/// A routing rule as the settings page shows it.
struct RuleRow {
    name: String,
    when: String,
    sends: String,
}

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct Settings<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    /// Without a routing file: where every lead goes.
    everyone: Option<String>,
    rules: Vec<RuleRow>,
    facts: Vec<(&'static str, String)>,
}

/// What the server does with leads: the routing in force and the delivery settings.
pub struct InForce<'a> {
    pub routing: &'a Routing,
    pub channels: Vec<&'static str>,
    pub reports: bool,
    pub sales_locale: &'a str,
    pub retention_days: u32,
    /// The figures "How do you compare?" serves.
    pub benchmarks: &'a crate::benchmark::Published,
}

/// How many industries visitors are compared with, and since when.
fn benchmark(t: &Words, figures: &crate::benchmark::Published) -> String {
    let min = figures.min_leads.to_string();
    match figures.refreshed_at_ms {
        None => t.fill("settings.benchmark_pending", &[("min", &min)]),
        Some(at) => t.fill(
            "settings.benchmark_value",
            &[
                ("min", &min),
                ("industries", &figures.industries.to_string()),
                ("time", &crate::clock::utc_minute(at)),
            ],
        ),
    }
}

/// The settings in force.
pub fn settings(staff: &StaffSession, in_force: &InForce<'_>) -> askama::Result<String> {
    let t = Words::of(&staff.locale);
    let channels = if in_force.channels.is_empty() {
        t.get("settings.nothing").to_owned()
    } else {
        in_force.channels.join(", ")
    };
    let (everyone, rules) = match in_force.routing {
        Routing::Everyone(_) => (
            Some(t.fill("settings.no_rules", &[("channels", &channels)])),
            Vec::new(),
        ),
        Routing::Rules(set) => {
            let mut rows: Vec<RuleRow> = set
                .rules
                .iter()
                .map(|rule| RuleRow {
                    name: rule.name.clone(),
                    when: if rule.when.is_empty() {
                        t.get("settings.every_lead").to_owned()
                    } else {
                        rule.when
                            .iter()
                            .map(|c| c.describe())
                            .collect::<Vec<_>>()
                            .join("; ")
                    },
                    sends: rule.send.describe(),
                })
                .collect();
            rows.push(RuleRow {
                name: t.get("settings.otherwise").to_owned(),
                when: "–".to_owned(),
                sends: set.default.describe(),
            });
            (None, rows)
        }
    };
    let days = in_force.retention_days.to_string();
    let retention = if in_force.retention_days == 0 {
        t.get("settings.forever").to_owned()
    } else {
        t.fill("settings.days", &[("days", &days)])
    };
    let reports = t.get(if in_force.reports {
        "settings.on"
    } else {
        "settings.off"
    });
    Settings {
        title: t.get("settings.title"),
        t,
        languages: Words::languages(),
        staff: Some(staff),
        everyone,
        rules,
        facts: vec![
            (t.get("settings.channels"), channels),
            (t.get("settings.reports"), reports.to_owned()),
            (
                t.get("settings.sales_language"),
                in_force.sales_locale.to_owned(),
            ),
            (t.get("settings.retention"), retention),
            (
                t.get("settings.benchmark"),
                benchmark(&t, in_force.benchmarks),
            ),
        ],
    }
    .render()
}
