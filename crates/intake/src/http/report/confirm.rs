//! The double opt-in's click: `GET /r/confirm/{secret}` shows one button (mail scanners
//! that open links press nothing), `POST` uses the link once, owes the visitor the report
//! email and takes them to the report's page. A used, expired or unknown link says so.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::{secret, AppState};

/// The page posts to itself and nowhere else.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; \
                   form-action 'self'; frame-ancestors 'none'";

#[derive(Template)]
#[template(path = "confirm.html")]
struct Confirm<'a> {
    lang: &'a str,
    title: &'a str,
    lead: &'a str,
    button: Option<&'a str>,
}

/// `GET /r/confirm/{secret}`.
pub async fn page(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if !secret::is_token(&token) {
        return gone(&state, None);
    }
    match state
        .db
        .confirmation(&secret::digest(&token), crate::clock::now_ms())
        .await
    {
        Ok(Some(found)) if found.usable => {
            let texts = state.quiz.texts(&found.locale);
            render(
                StatusCode::OK,
                &Confirm {
                    lang: texts.locale().as_str(),
                    title: texts.get("mail.confirm_page_title"),
                    lead: texts.get("mail.confirm_page_lead"),
                    button: Some(texts.get("mail.confirm_button")),
                },
            )
        }
        Ok(found) => gone(&state, found.map(|f| f.locale).as_deref()),
        Err(error) => super::unavailable(&error),
    }
}

/// `POST /r/confirm/{secret}`: 303 to the report page, or 410.
pub async fn confirm(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if !secret::is_token(&token) {
        return gone(&state, None);
    }
    let hash = secret::digest(&token);
    let now = crate::clock::now_ms();
    let page_secret = secret::token();
    match state.db.confirm_report(&hash, now, &page_secret).await {
        Ok(Some(lead)) => {
            tracing::info!(%lead, "report email confirmed");
            state.wake_notifier.notify_one();
            Redirect::to(&format!("/r/{page_secret}")).into_response()
        }
        Ok(None) => {
            let locale = state.db.confirmation(&hash, now).await.ok().flatten();
            gone(&state, locale.map(|f| f.locale).as_deref())
        }
        Err(error) => super::unavailable(&error),
    }
}

/// 410 in the lead's language when the link is known, the reference language otherwise.
fn gone(state: &AppState, locale: Option<&str>) -> Response {
    let texts = state.quiz.texts(locale.unwrap_or(""));
    render(
        StatusCode::GONE,
        &Confirm {
            lang: texts.locale().as_str(),
            title: texts.get("mail.confirm_page_title"),
            lead: texts.get("mail.link_gone"),
            button: None,
        },
    )
}

fn render(status: StatusCode, page: &Confirm<'_>) -> Response {
    super::respond(status, page.render(), CSP)
}
