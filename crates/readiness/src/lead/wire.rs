//! The lead's JSON shapes on the wire, as the widget sends them (unknown fields rejected).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A lead as sent by the widget (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadSubmission {
    /// The quiz version the visitor answered.
    pub quiz_version: String,
    /// The language the visitor used.
    pub locale: String,
    /// Chosen option ids per question id.
    pub answers: BTreeMap<String, Vec<String>>,
    /// Who to contact.
    pub contact: ContactInput,
    /// One record per consent purpose shown.
    pub consents: Vec<ConsentInput>,
    /// Where the visitor came from.
    #[serde(default)]
    pub attribution: Attribution,
    /// Unique per lead; the same key is the same lead.
    pub idempotency_key: String,
    /// The score the widget showed, kept for comparison only.
    #[serde(default)]
    pub client_score: Option<ClientScore>,
    /// Signals for spam filtering.
    #[serde(default)]
    pub form: FormSignals,
}

/// The contact fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    /// Full name.
    pub name: String,
    /// Work email.
    pub email: String,
    /// Company.
    pub company: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Job title.
    pub role: String,
    /// Phone in international format, optional.
    #[serde(default)]
    pub phone: Option<String>,
    /// WeChat ID, optional.
    #[serde(default)]
    pub wechat_id: Option<String>,
    /// Message, optional.
    #[serde(default)]
    pub message: Option<String>,
}

/// A consent as given in the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// The purpose's id, e.g. `contact`.
    pub purpose: String,
    /// Whether the box was ticked.
    pub granted: bool,
    /// Hash of the text shown (from the quiz), proving which wording was agreed to.
    pub text_hash: String,
}

/// UTM parameters, referrer and landing page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// utm_source.
    #[serde(default)]
    pub utm_source: Option<String>,
    /// utm_medium.
    #[serde(default)]
    pub utm_medium: Option<String>,
    /// utm_campaign.
    #[serde(default)]
    pub utm_campaign: Option<String>,
    /// utm_term.
    #[serde(default)]
    pub utm_term: Option<String>,
    /// utm_content.
    #[serde(default)]
    pub utm_content: Option<String>,
    /// document.referrer.
    #[serde(default)]
    pub referrer: Option<String>,
    /// The page the widget was on.
    #[serde(default)]
    pub landing_page: Option<String>,
}

/// The score the widget showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientScore {
    /// Overall readiness shown.
    pub readiness: u8,
    /// Grade computed in the browser.
    pub grade: String,
}

/// What the form saw that helps tell people from bots.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSignals {
    /// The hidden field people never fill.
    #[serde(default)]
    pub honeypot: String,
    /// Milliseconds from the quiz's start to the submit.
    #[serde(default)]
    pub elapsed_ms: u64,
}

/// The intake's answer to a stored lead (201), new or repeated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    /// The lead's id (for the booking page's `{lead_id}` and its record).
    pub id: String,
    /// Always `received`.
    pub status: String,
}

/// The intake's answer to a request for a link to a stored lead's report page (201).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLink {
    /// The page's path on the intake (`/r/` and the link's secret), to resolve against the
    /// endpoint the lead was sent to.
    pub url: String,
}
