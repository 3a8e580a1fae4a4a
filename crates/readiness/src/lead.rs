//! The lead: what the widget sends and the server stores, defined once for both.
//!
//! [`LeadSubmission`] is the JSON shape on the wire (unknown fields rejected);
//! [`Lead::parse`] checks every field and returns either a [`Lead`] whose fields are known
//! good, or every problem at once as [`FieldError`]s with stable codes.

mod consents;
mod contact;
mod error;
mod key;
mod parse;
mod path;
mod request;
mod wire;

pub use consents::ConsentRecord;
pub use contact::{CountryCode, Email, Phone, WechatId};
pub use error::{classify, ErrorCode, FieldError, Outcome, Problem, REFUSED};
pub use key::IdempotencyKey;
pub use parse::{check_form, Contact, Lead};
pub use path::{ContactField, FieldPath};
pub use request::{ReportRequest, ReportRequestSubmission, REPORT_EMAIL};
pub use wire::{
    Attribution, ClientScore, ConsentInput, ContactInput, FormSignals, LeadSubmission, Received,
    ReportLink,
};

/// Size limits, in characters, stated once for the widget's `maxlength` and the server.
pub mod limits {
    /// Full name.
    pub const NAME: usize = 100;
    /// Email address (RFC 5321's path limit).
    pub const EMAIL: usize = 254;
    /// Company name.
    pub const COMPANY: usize = 150;
    /// Job title.
    pub const ROLE: usize = 100;
    /// Phone number as typed.
    pub const PHONE: usize = 32;
    /// WeChat ID (WeChat's own rule: 6 to 20 characters).
    pub const WECHAT_ID: usize = 20;
    /// The shortest WeChat ID WeChat accepts.
    pub const WECHAT_ID_MIN: usize = 6;
    /// Free-text message.
    pub const MESSAGE: usize = 2000;
    /// One UTM field.
    pub const UTM: usize = 200;
    /// Referrer or landing page URL.
    pub const URL: usize = 2000;
    /// Answered questions.
    pub const ANSWERS: usize = 64;
    /// Options chosen for one question.
    pub const OPTIONS_PER_ANSWER: usize = 16;
    /// Consent records.
    pub const CONSENTS: usize = 8;
    /// The honeypot field's content that is still stored.
    pub const HONEYPOT: usize = 200;
    /// Largest request body the server reads, in bytes.
    pub const BODY_BYTES: usize = 32 * 1024;
}
