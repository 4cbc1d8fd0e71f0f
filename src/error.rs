//! The one error type of the client, by failure class, and the reading of error bodies.

use crate::issue::Issue;
use crate::validate::truncate;
use crate::Value;

/// How much of a response body an error keeps: enough to debug, bounded for logs.
pub const BODY_SNIPPET_CHARS: usize = 1_000;

/// Why a call failed. The binding turns each variant into a JS `Error` with its own `name`.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// The input broke a rule; nothing was sent.
    Validation {
        issues: Vec<Issue>,
        warnings: Vec<Issue>,
    },
    /// The server answered with a status outside 2xx.
    Api(ApiFailure),
    /// `fetch` itself rejected: offline, DNS, CORS, a blocked request, a reset connection.
    Network { detail: String },
    /// The attempt took longer than `timeoutMs` and was aborted.
    Timeout { timeout_ms: u32 },
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A 2xx response whose body is not what the API documents.
    Response {
        status: u16,
        detail: String,
        path: Option<String>,
        body: String,
    },
}

/// A non-2xx answer, with everything a caller needs to decide what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiFailure {
    pub status: u16,
    pub code: Option<String>,
    pub message: String,
    pub request_id: Option<String>,
    pub body: String,
    pub retry_after_ms: Option<f64>,
}

/// A failed call: what went wrong, in which operation, after how many attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub operation: &'static str,
    pub attempts: u32,
    /// A note added by the retry policy, e.g. that a create may have reached the server.
    pub note: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, operation: &'static str, attempts: u32) -> Self {
        Error {
            kind,
            operation,
            attempts,
            note: None,
        }
    }

    /// Removes `secret` from every text that came from the server. A server (or a proxy)
    /// that echoes the key it was sent must not make the key readable from the error.
    pub fn redact(&mut self, secret: &str) {
        // A key of a few characters would match ordinary words; real keys are far longer.
        if secret.len() < 8 {
            return;
        }
        let scrub = |text: &mut String| {
            if text.contains(secret) {
                *text = text.replace(secret, "[redacted]");
            }
        };
        match &mut self.kind {
            ErrorKind::Api(f) => {
                scrub(&mut f.message);
                scrub(&mut f.body);
            }
            ErrorKind::Network { detail } => scrub(detail),
            ErrorKind::Response { detail, body, .. } => {
                scrub(detail);
                scrub(body);
            }
            ErrorKind::Validation { .. } | ErrorKind::Timeout { .. } | ErrorKind::Aborted => {}
        }
    }

    /// The JS `name` of the error.
    pub fn name(&self) -> &'static str {
        match self.kind {
            ErrorKind::Validation { .. } => "PineconeValidationError",
            ErrorKind::Api(_) => "PineconeApiError",
            ErrorKind::Network { .. } => "PineconeNetworkError",
            ErrorKind::Timeout { .. } => "PineconeTimeoutError",
            ErrorKind::Aborted => "PineconeAbortError",
            ErrorKind::Response { .. } => "PineconeResponseError",
        }
    }

    /// The human message: lower-case for our own wording, the server's words for API errors.
    pub fn message(&self) -> String {
        let base = match &self.kind {
            ErrorKind::Validation { issues, .. } => {
                let list: Vec<String> = issues
                    .iter()
                    .map(|i| format!("{}: {}", i.path, i.message))
                    .collect();
                format!("invalid input: {}", list.join("; "))
            }
            ErrorKind::Api(f) => f.message.clone(),
            ErrorKind::Network { detail } => format!(
                "the request did not complete ({detail}); likely causes: the server is \
                 unreachable or offline, a CORS policy blocked the response (a rate-limit or \
                 gateway error without CORS headers looks the same), or an extension or \
                 content policy blocked the request"
            ),
            ErrorKind::Timeout { timeout_ms } => {
                format!("no complete response within {timeout_ms} ms; the request was aborted")
            }
            ErrorKind::Aborted => "the call was aborted by its signal".to_owned(),
            ErrorKind::Response {
                status: 0, detail, ..
            } => {
                format!("unexpected response: {detail}")
            }
            ErrorKind::Response { status, detail, .. } => {
                format!("unexpected response to a {status} answer: {detail}")
            }
        };
        match &self.note {
            Some(note) => format!("{base} ({note})"),
            None => base,
        }
    }
}

/// Reads an error body leniently: Pinecone's JSON (`error.code`, `error.message`), a bare
/// `message`, plain text (2026-07 sends 401 that way), or HTML reduced to its text.
/// Returns the code and the message; the message is never empty.
pub fn read_error_body(
    status: u16,
    text: &str,
    parsed: Option<&Value>,
) -> (Option<String>, String) {
    if let Some(json) = parsed {
        let error = json.get("error");
        let code = error
            .and_then(|e| e.get("code"))
            .or_else(|| json.get("code"))
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .map(|c| truncate(c, 64));
        let message = error
            .and_then(|e| e.get("message"))
            .or_else(|| error.filter(|e| e.as_str().is_some()))
            .or_else(|| json.get("message"))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(|m| truncate(m, 500));
        if code.is_some() || message.is_some() {
            return (code, message.unwrap_or_else(|| status_line(status)));
        }
    }
    let trimmed = text.trim_start();
    let looks_html = trimmed.starts_with('<');
    let plain = if looks_html {
        html_text(trimmed)
    } else {
        collapse(trimmed)
    };
    if plain.is_empty() {
        (None, status_line(status))
    } else {
        (None, truncate(&plain, 300))
    }
}

/// `HTTP 502 Bad Gateway`, for bodies that say nothing.
pub fn status_line(status: u16) -> String {
    let reason = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    };
    format!("HTTP {status} {reason}").trim_end().to_owned()
}

/// The visible text of an HTML page: the `<title>` if it has one, else the text with tags,
/// scripts and styles removed.
fn html_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let title = match (lower.find("<title>"), lower.find("</title>")) {
        (Some(start), Some(end)) => html.get(start + 7..end).map(collapse),
        _ => None,
    };
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        return title;
    }
    let mut out = String::new();
    let mut in_tag = false;
    let mut skip_until: Option<&str> = None;
    let mut i = 0;
    while i < html.len() {
        let Some(rest) = lower.get(i..) else { break };
        if let Some(end) = skip_until {
            match rest.find(end) {
                Some(p) => {
                    i += p + end.len();
                    skip_until = None;
                }
                None => break,
            }
            continue;
        }
        let Some(c) = html.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if !in_tag && rest.starts_with("<script") {
            skip_until = Some("</script>");
        } else if !in_tag && rest.starts_with("<style") {
            skip_until = Some("</style>");
        } else if c == '<' {
            in_tag = true;
        } else if c == '>' && in_tag {
            in_tag = false;
            out.push(' ');
        } else if !in_tag {
            out.push(c);
        }
        i += c.len_utf8();
        if out.len() > 4 * BODY_SNIPPET_CHARS {
            break;
        }
    }
    collapse(&out)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::value::json;

    #[test]
    fn pinecone_json_error() {
        let body = r#"{"error":{"code":"ALREADY_EXISTS","message":"This index already has an enabled backup schedule."},"status":409}"#;
        let (code, message) = read_error_body(409, body, Some(&json(body)));
        assert_eq!(code.as_deref(), Some("ALREADY_EXISTS"));
        assert_eq!(
            message,
            "This index already has an enabled backup schedule."
        );
    }

    #[test]
    fn plain_text_401() {
        let (code, message) = read_error_body(401, "Invalid API key\n", None);
        assert_eq!(code, None);
        assert_eq!(message, "Invalid API key");
    }

    #[test]
    fn html_gateway_page_becomes_its_title() {
        let body = "<html><head><title>502 Bad Gateway</title><style>b{}</style></head>\
                    <body><h1>502</h1></body></html>";
        assert_eq!(read_error_body(502, body, None).1, "502 Bad Gateway");
        let untitled = "<html><script>var x='<b>'</script><body><h1>Error</h1> origin down</body>";
        assert_eq!(read_error_body(525, untitled, None).1, "Error origin down");
    }

    #[test]
    fn empty_and_shapeless_bodies_fall_back_to_the_status() {
        assert_eq!(
            read_error_body(503, "", None).1,
            "HTTP 503 Service Unavailable"
        );
        let odd = json("[1,2]");
        assert_eq!(read_error_body(500, "[1,2]", Some(&odd)).1, "[1,2]");
        assert_eq!(read_error_body(599, "  ", None).1, "HTTP 599");
    }

    #[test]
    fn echoed_keys_are_redacted() {
        let failure = ApiFailure {
            status: 401,
            code: Some("UNAUTHENTICATED".into()),
            message: "Invalid API key sk-1234567890".into(),
            request_id: None,
            body: r#"{"error":{"message":"Invalid API key sk-1234567890"}}"#.into(),
            retry_after_ms: None,
        };
        let mut error = Error::new(ErrorKind::Api(failure), "createBackupSchedule", 1);
        error.redact("sk-1234567890");
        assert!(!format!("{error:?}").contains("sk-1234567890"));
        assert_eq!(error.message(), "Invalid API key [redacted]");
    }

    #[test]
    fn long_messages_are_cut() {
        let long = "x".repeat(5000);
        assert!(read_error_body(500, &long, None).1.chars().count() <= 301);
    }
}
