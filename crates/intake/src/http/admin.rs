//! The staff area under `/admin`: sign-in (Argon2id, session cookie Secure/HttpOnly/
//! SameSite=Strict, rate-limited), the lead list with filters, a lead's page, a CSV export
//! safe against formula injection, and erasure by email. Every page is server-rendered
//! from an askama template, which escapes every value by default.

pub mod accounts;
pub mod export;
pub mod funnel;
mod pages;
pub mod pipeline;
mod posted;
mod problem;
use posted::{same_site, Posted, StaffForm};
use problem::Refusal;
pub mod report;
pub mod words;

use std::time::Instant;

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;

use super::leads::ClientAddr;
use crate::clock::now_ms;
use crate::db::{Change, LeadFilter, StaffSession};
use crate::pipeline::AuditAction;
use crate::secret::{digest, token};
use crate::AppState;
use words::Words;

const COOKIE: &str = "intake_session";
const SESSION_MS: i64 = 8 * 3_600_000;

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Checks a password against an account's hash, or against a hash of nothing for an
/// unknown account, so that both take the same time and sign-in does not tell which staff
/// emails exist.
fn verify_or_waste(password: &str, hash: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    match hash {
        Some(hash) => verify_password(password, hash),
        None => {
            let dummy = DUMMY.get_or_init(|| hash_password("no such account").unwrap_or_default());
            let _ = verify_password(password, dummy);
            false
        }
    }
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    cookies.split(';').find_map(|pair| {
        pair.trim()
            .strip_prefix(&format!("{COOKIE}="))
            .map(str::to_owned)
    })
}

/// A request from a signed-in staff member; anyone else is sent to the sign-in page.
pub struct Staff(pub StaffSession);

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let login = || Redirect::to("/admin/login").into_response();
        let token = cookie_token(&parts.headers).ok_or_else(login)?;
        match state.db.session(&digest(&token), now_ms()).await {
            Ok(Some(mut session)) => {
                if session.locale.is_empty() {
                    session.locale = browser_words(&parts.headers).locale().to_owned();
                }
                Ok(Staff(session))
            }
            Ok(None) => Err(login()),
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                Err(StatusCode::SERVICE_UNAVAILABLE.into_response())
            }
        }
    }
}

/// The staff language the browser asks for.
fn browser_words(headers: &HeaderMap) -> Words {
    Words::negotiate(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// `GET /admin/login`, in the browser's language.
pub async fn login_page(headers: HeaderMap) -> Response {
    page(pages::login(browser_words(&headers), None))
}

/// The language form.
#[derive(serde::Deserialize)]
pub struct Language {
    csrf: String,
    locale: String,
}

impl StaffForm for Language {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /admin/language`: keeps the staff member's language, then back to the page they
/// were on (a page of the staff area, as their browser says; else the list).
pub async fn language(
    State(state): State<AppState>,
    headers: HeaderMap,
    Posted { staff, form }: Posted<Language>,
) -> Response {
    if !Words::languages()
        .iter()
        .any(|(tag, _)| *tag == form.locale)
    {
        return problem::refuse(&staff, Refusal::BadLocale);
    }
    if let Err(error) = state
        .db
        .set_staff_locale(&staff.staff_id, &form.locale)
        .await
    {
        return unavailable(error);
    }
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| reqwest::Url::parse(r).ok())
        .filter(|url| url.path().starts_with("/admin/") && !url.path().contains("//"))
        .map_or_else(
            || "/admin/leads".to_owned(),
            |url| match url.query() {
                Some(query) => format!("{}?{query}", url.path()),
                None => url.path().to_owned(),
            },
        );
    Redirect::to(&back).into_response()
}

/// The sign-in form.
#[derive(serde::Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
}

/// `POST /admin/login`.
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<Credentials>,
) -> Response {
    if !same_site(&headers) {
        return problem::refuse_anonymous(&headers, Refusal::CrossSite);
    }
    let words = browser_words(&headers);
    if let Some(address) = client {
        if let Err(wait) = state.login_limiter.check(address, Instant::now()) {
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                page(pages::login(words, Some("login.too_many"))),
            )
                .into_response();
            if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return response;
        }
    }
    let refused = || {
        (
            StatusCode::UNAUTHORIZED,
            page(pages::login(words, Some("login.wrong"))),
        )
            .into_response()
    };
    let staff = match state.db.staff_by_email(form.email.trim()).await {
        Ok(staff) => staff,
        Err(error) => return unavailable(error),
    };
    let hash = staff.as_ref().map(|(_, hash)| hash.as_str());
    let (true, Some((staff_id, _))) = (verify_or_waste(&form.password, hash), staff) else {
        return refused();
    };
    let session = token();
    let expires = now_ms() + SESSION_MS;
    if let Err(error) = state
        .db
        .create_session(&digest(&session), &staff_id, &token(), expires)
        .await
    {
        return unavailable(error);
    }
    let cookie = format!(
        "{COOKIE}={session}; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        SESSION_MS / 1000
    );
    let mut response = Redirect::to("/admin/leads").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// A form carrying the session's CSRF token.
#[derive(serde::Deserialize)]
pub struct Protected {
    csrf: String,
    #[serde(default)]
    email: String,
    /// Sign-out: end every session of this staff member, not only this one.
    #[serde(default)]
    everywhere: Option<String>,
}

impl StaffForm for Protected {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// A change by this staff member, now, with a fresh id for its audit entry.
fn change_by(staff: &StaffSession) -> Change<'_> {
    Change {
        audit_id: uuid::Uuid::new_v4().to_string(),
        staff_id: &staff.staff_id,
        at_ms: now_ms(),
    }
}

/// `POST /admin/logout`.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Posted { staff, form }: Posted<Protected>,
) -> Response {
    if form.everywhere.is_some() {
        let _ = state.db.delete_sessions_of(&staff.staff_id).await;
    } else if let Some(token) = cookie_token(&headers) {
        let _ = state.db.delete_session(&digest(&token)).await;
    }
    let mut response = Redirect::to("/admin/login").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "intake_session=; Path=/admin; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        ),
    );
    response
}

/// `GET /admin/leads`.
pub async fn list(
    State(state): State<AppState>,
    Staff(staff): Staff,
    Query(filter): Query<LeadFilter>,
) -> Response {
    let leads = match state.db.list_leads(&filter, &staff.staff_id).await {
        Ok(leads) => leads,
        Err(error) => return unavailable(error),
    };
    let accounts = state.db.accounts().await.unwrap_or_default();
    page(pages::list(&staff, &filter, &leads, &accounts, &state.quiz))
}

/// `GET /admin/leads/{id}`.
pub async fn detail(
    State(state): State<AppState>,
    Staff(staff): Staff,
    Path(id): Path<String>,
) -> Response {
    let lead = match state.db.lead(&id).await {
        Ok(Some(lead)) => lead,
        Ok(None) => return problem::refuse(&staff, Refusal::NoLead),
        Err(error) => return unavailable(error),
    };
    let db = &state.db;
    let kept = pages::Kept {
        live_links: db.live_report_links(&id).await.unwrap_or_default(),
        by_email: db.report_request(&id).await.ok().flatten(),
    };
    let around = pages::Around {
        accounts: &db.accounts().await.unwrap_or_default(),
        notes: &db.notes(&id).await.unwrap_or_default(),
        notifications: &db.notifications(&id).await.unwrap_or_default(),
        attempts: &db.attempts(&id).await.unwrap_or_default(),
        kept: &kept,
    };
    page(pages::detail(&staff, &lead, &around, &state.quiz))
}

/// `POST /admin/erase`: erases a person's leads by email (GDPR), audited without the email.
pub async fn erase(
    State(state): State<AppState>,
    Posted { staff, form }: Posted<Protected>,
) -> Response {
    let email = form.email.trim();
    if email.is_empty() {
        return Redirect::to("/admin/leads").into_response();
    }
    let erased = match state.db.erase_by_email(email).await {
        Ok(erased) => erased,
        Err(error) => return unavailable(error),
    };
    let detail = format!("{erased} leads erased by email request");
    if let Err(error) = audit(&state, &staff, AuditAction::Erase, &detail).await {
        return unavailable(error);
    }
    page(pages::erased(&staff, erased))
}

/// Appends an entry to the audit log (the detail carries no personal data of leads).
async fn audit(
    state: &AppState,
    staff: &StaffSession,
    action: AuditAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    state
        .db
        .audit(
            &uuid::Uuid::new_v4().to_string(),
            now_ms(),
            &staff.staff_id,
            action,
            detail,
        )
        .await
}

/// A rendered page, or a 500 if a template could not render (it never fails on data).
fn page(rendered: askama::Result<String>) -> Response {
    match rendered {
        Ok(html) => Html(html).into_response(),
        Err(error) => not_rendered(&error),
    }
}

fn not_rendered(error: &dyn std::error::Error) -> Response {
    tracing::error!(%error, "staff area: cannot render");
    (StatusCode::INTERNAL_SERVER_ERROR, "cannot render this page").into_response()
}

fn unavailable(error: sqlx::Error) -> Response {
    tracing::error!(%error, "staff area: database error");
    (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
}
