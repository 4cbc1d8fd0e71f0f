//! Responses as plain data, so faults can inspect, replace or truncate them before they are sent.

use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::header::{HeaderValue, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

pub const JSON: &str = "application/json";
pub const TEXT: &str = "text/plain; charset=utf-8";

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(status: StatusCode, value: &Value) -> Self {
        Reply::with_type(status, JSON, value.to_string().into())
    }

    pub fn empty(status: StatusCode) -> Self {
        Reply {
            status,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    pub fn with_type(status: StatusCode, content_type: &'static str, body: Bytes) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        Reply {
            status,
            headers,
            body,
        }
    }

    pub fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

/// An error answer in the service's shape: `{"error":{"code","message"},"status"}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// The 2026-07 API answers a bad key with bare text instead of JSON.
    pub plain_text: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            plain_text: false,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "INVALID_ARGUMENT", message)
    }

    pub fn unprocessable(message: impl Into<String>) -> Self {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "UNPROCESSABLE_ENTITY",
            message,
        )
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::CONFLICT, "ALREADY_EXISTS", message)
    }

    pub fn too_large(limit: usize) -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!("request body is larger than {limit} bytes"),
        )
    }

    pub fn method_not_allowed(allowed: &str) -> Self {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "INVALID_ARGUMENT",
            format!("method not allowed here; use {allowed}"),
        )
    }

    pub fn into_reply(self, hostile: bool) -> Reply {
        let message = if hostile {
            hostile_text(&self.message)
        } else {
            self.message
        };
        if self.plain_text {
            return Reply::with_type(self.status, TEXT, message.into());
        }
        let body = json!({
            "error": { "code": self.code, "message": message },
            "status": self.status.as_u16(),
        });
        Reply::json(self.status, &body)
    }
}

/// Wraps `text` in what a careless client would render unsafely: markup, an event-handler
/// attribute, `javascript:` URLs (bare and in a link), quotes that end an attribute, a
/// right-to-left override, bidi isolates, zero-width characters and one very long word.
/// serde_json escapes what JSON needs, so the bodies stay valid.
pub fn hostile_text(text: &str) -> String {
    static LONG_WORD: OnceLock<String> = OnceLock::new();
    let long_word = LONG_WORD.get_or_init(|| "W".repeat(300));
    format!(
        "javascript:alert(1) {text} <img src=x onerror=alert(1)><script>alert(1)</script> \
         \"'><svg onload=alert(1)> <a href=\"javascript:alert(1)\">link</a> \\ \
         \u{202E}fdp.exe\u{202C} \u{2067}isolated\u{2069} zero\u{200B}width \
         joi\u{200D}ner \u{FEFF}bom {long_word}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_keeps_the_original_and_carries_every_payload() {
        let text = hostile_text("nightly");
        for needle in [
            "nightly",
            "<img src=x onerror=alert(1)>",
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "<a href=\"javascript:alert(1)\">",
            "\"'><svg onload=alert(1)>",
            "\u{202E}fdp.exe\u{202C}",
            "\u{2067}",
            "\u{200B}",
            "\u{200D}",
            "\u{FEFF}",
        ] {
            assert!(text.contains(needle), "missing {needle:?}");
        }
        assert!(text.split(' ').any(|word| word.chars().count() >= 300));

        let json = json!({ "name": text }).to_string();
        let back: Value = serde_json::from_str(&json).expect("serde_json output parses");
        assert_eq!(back["name"], text);
    }
}
