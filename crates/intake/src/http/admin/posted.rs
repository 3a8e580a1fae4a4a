//! A form a signed-in staff member posted from the staff area's own pages: the session and
//! the form, once the form's CSRF token is the session's and the browser says the post
//! came from this site. Every form handler of the staff area takes its form this way, so
//! none can forget the check.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Form;

use super::problem::{refuse, Refusal};
use super::Staff;
use crate::db::StaffSession;
use crate::AppState;

/// A form of the staff area: it carries the session's CSRF token.
pub trait StaffForm {
    fn csrf(&self) -> &str;
}

/// The session and its checked form.
pub struct Posted<T> {
    pub staff: StaffSession,
    pub form: T,
}

impl<T> FromRequest<AppState> for Posted<T>
where
    T: StaffForm + serde::de::DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let Staff(staff) = Staff::from_request_parts(&mut parts, state).await?;
        let same_site = same_site(&parts.headers);
        let Form(form) = Form::<T>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        if form.csrf() != staff.csrf_token || !same_site {
            return Err(refuse(&staff, Refusal::Forged));
        }
        Ok(Posted { staff, form })
    }
}

/// Whether a form post comes from the staff area's own pages: a browser says where it
/// posts from (`Origin`, `Sec-Fetch-Site`); a post from another site is refused, which
/// also stops login CSRF (the sign-in form has no session to carry a token yet).
pub fn same_site(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true; // not a browser, or one that posts same-origin without saying so
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    origin_host.is_some() && origin_host == host
}
