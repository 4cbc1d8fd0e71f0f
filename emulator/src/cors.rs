//! CORS on every response, and preflights answered before any routing.
//!
//! Any origin is allowed and nothing is credentialed: the emulator only listens on loopback,
//! and browser tests load their pages from origins of their own.

use axum::extract::{Request, State};
use axum::http::header::{
    HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::api;
use crate::state::Shared;

const ALLOW_METHODS: &str = "GET, POST, PATCH, DELETE, OPTIONS";
const ALWAYS_ALLOWED_HEADERS: [&str; 3] = ["api-key", "content-type", "x-pinecone-api-version"];
const EXPOSE_HEADERS: &str = "x-pinecone-request-id, retry-after";
const MAX_AGE_SECS: &str = "600";

/// Marks a response that must go out with no CORS headers at all, so that a browser sees only
/// a network failure.
#[derive(Clone, Copy, Debug)]
pub struct NoCors;

pub async fn layer(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let origin = allowed_origin(request.headers());
    if request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(ACCESS_CONTROL_REQUEST_METHOD)
    {
        return preflight(&shared, request, origin);
    }

    let mut response = next.run(request).await;
    if response.extensions().get::<NoCors>().is_some() {
        return response;
    }
    let expose = shared.lock().settings.expose_headers;
    let headers = response.headers_mut();
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.append(VARY, HeaderValue::from_static("Origin"));
    if expose {
        headers.insert(
            ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
    }
    response
}

fn allowed_origin(headers: &HeaderMap) -> HeaderValue {
    headers
        .get(ORIGIN)
        .filter(|origin| !origin.is_empty())
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("*"))
}

fn preflight(shared: &Shared, request: Request, origin: HeaderValue) -> Response {
    let (parts, _body) = request.into_parts();
    if api::is_api_path(parts.uri.path()) {
        let mut emulator = shared.lock();
        let seq = emulator.journal.begin(&parts, None, None);
        emulator
            .journal
            .finish(seq, StatusCode::NO_CONTENT.as_u16());
    }

    let mut response = Response::new(Default::default());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    let allow_headers = allowed_headers(parts.headers.get(ACCESS_CONTROL_REQUEST_HEADERS));
    if let Ok(value) = HeaderValue::from_str(&allow_headers) {
        headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, value);
    }
    headers.insert(
        ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE_SECS),
    );
    headers.insert(
        VARY,
        HeaderValue::from_static(
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        ),
    );
    response
}

/// The three headers the API needs plus whatever the browser asked for, as long as each
/// requested name is a plain header token.
fn allowed_headers(requested: Option<&HeaderValue>) -> String {
    let mut names: Vec<String> = ALWAYS_ALLOWED_HEADERS.map(str::to_owned).to_vec();
    let requested = requested
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    for name in requested.split(',').map(|n| n.trim().to_ascii_lowercase()) {
        let is_token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if is_token && !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requested_headers_are_added_once_and_junk_is_dropped() {
        let requested = HeaderValue::from_static("Api-Key, X-Trace, bad header, x-trace");
        assert_eq!(
            allowed_headers(Some(&requested)),
            "api-key, content-type, x-pinecone-api-version, x-trace"
        );
    }
}
