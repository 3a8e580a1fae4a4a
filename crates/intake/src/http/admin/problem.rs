//! The staff area's refusals as pages: what went wrong, in the staff member's language
//! (the browser's before sign-in), with the way back, under the status that says it.

use askama::Template;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::pages::Languages;
use super::words::Words;
use super::StaffSession;

/// Why the staff area refuses a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No lead has this id (or it was erased).
    NoLead,
    /// No staff account has this id.
    NoAccount,
    /// The lead or the owner chosen does not exist.
    NoLeadOrAccount,
    /// A form without this session's token, or sent from another site.
    Forged,
    /// A sign-in form sent from another site.
    CrossSite,
    /// A page or change for admins only.
    AdminsOnly,
    /// A status that is not one of the pipeline's.
    BadStatus,
    /// An empty or too long note.
    BadNote,
    /// A role that is neither admin nor sales.
    BadRole,
    /// A language the staff area does not speak.
    BadLocale,
}

impl Refusal {
    fn status(self) -> StatusCode {
        match self {
            Refusal::NoLead | Refusal::NoAccount | Refusal::NoLeadOrAccount => {
                StatusCode::NOT_FOUND
            }
            Refusal::Forged | Refusal::CrossSite | Refusal::AdminsOnly => StatusCode::FORBIDDEN,
            Refusal::BadStatus | Refusal::BadNote | Refusal::BadRole | Refusal::BadLocale => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        }
    }

    /// The key of its explanation in `i18n/<locale>.toml`.
    fn key(self) -> &'static str {
        match self {
            Refusal::NoLead => "problem.no_lead",
            Refusal::NoAccount => "problem.no_account",
            Refusal::NoLeadOrAccount => "problem.no_lead_or_account",
            Refusal::Forged => "problem.forged",
            Refusal::CrossSite => "problem.cross_site",
            Refusal::AdminsOnly => "problem.admins_only",
            Refusal::BadStatus => "problem.bad_status",
            Refusal::BadNote => "problem.bad_note",
            Refusal::BadRole => "problem.bad_role",
            Refusal::BadLocale => "problem.bad_locale",
        }
    }

    /// Every refusal, for the tests that hold the texts to them.
    #[cfg(test)]
    pub const ALL: [Refusal; 10] = [
        Refusal::NoLead,
        Refusal::NoAccount,
        Refusal::NoLeadOrAccount,
        Refusal::Forged,
        Refusal::CrossSite,
        Refusal::AdminsOnly,
        Refusal::BadStatus,
        Refusal::BadNote,
        Refusal::BadRole,
        Refusal::BadLocale,
    ];
}

#[derive(Template)]
#[template(path = "admin/problem.html")]
struct Problem<'a> {
    title: &'a str,
    t: Words,
    languages: Languages,
    staff: Option<&'a StaffSession>,
    explanation: String,
}

/// The refusal as a page in the signed-in staff member's language.
pub fn refuse(staff: &StaffSession, refusal: Refusal) -> Response {
    render(Some(staff), Words::of(&staff.locale), refusal)
}

/// The refusal as a page in the language the browser asks for (before sign-in).
pub fn refuse_anonymous(headers: &HeaderMap, refusal: Refusal) -> Response {
    let accepted = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    render(None, Words::negotiate(accepted), refusal)
}

fn render(staff: Option<&StaffSession>, t: Words, refusal: Refusal) -> Response {
    let title_key = match refusal.status() {
        StatusCode::NOT_FOUND => "problem.not_found",
        StatusCode::FORBIDDEN => "problem.forbidden",
        _ => "problem.invalid",
    };
    let max = super::pipeline::NOTE_MAX.to_string();
    let separator = if t.locale() == "zh-Hans" { "、" } else { ", " };
    let statuses = crate::pipeline::Status::ALL
        .iter()
        .map(|s| t.get(&format!("status.{}", s.as_str())))
        .collect::<Vec<_>>()
        .join(separator);
    let page = Problem {
        title: t.get(title_key),
        explanation: t.fill(refusal.key(), &[("max", &max), ("statuses", &statuses)]),
        t,
        languages: Words::languages(),
        staff,
    };
    match page.render() {
        Ok(html) => (refusal.status(), Html(html)).into_response(),
        Err(error) => super::not_rendered(&error),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a panic is the failure report

    use super::*;

    #[tokio::test]
    async fn every_refusal_is_a_page_in_every_staff_language() {
        for (tag, _) in Words::languages() {
            let mut headers = HeaderMap::new();
            headers.insert(axum::http::header::ACCEPT_LANGUAGE, tag.parse().unwrap());
            let words = Words::of(tag);
            for refusal in Refusal::ALL {
                let response = refuse_anonymous(&headers, refusal);
                assert_eq!(response.status(), refusal.status(), "{refusal:?}");
                let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let page = String::from_utf8(body.to_vec()).unwrap();
                assert!(page.contains(&format!("<html lang=\"{tag}\">")), "{page}");
                assert!(!page.contains("⟦missing text⟧"), "{tag} {refusal:?}");
                let explanation = words.fill(refusal.key(), &[("max", "4000")]);
                let explanation = explanation.replace(
                    "{statuses}",
                    &crate::pipeline::Status::ALL
                        .iter()
                        .map(|s| words.get(&format!("status.{}", s.as_str())))
                        .collect::<Vec<_>>()
                        .join(if tag == "zh-Hans" { "、" } else { ", " }),
                );
                assert!(
                    page.contains(&askama_escape(&explanation)),
                    "{tag} {refusal:?}: {page}"
                );
                assert!(!explanation.contains('{'), "{tag} {refusal:?}");
            }
        }
    }

    /// The explanation as the template writes it (HTML-escaped).
    fn askama_escape(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
    }
}
