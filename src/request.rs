//! Turning a checked call into the exact HTTP request: method, URL and JSON body.

use crate::options::ClientOptions;
use crate::validate::{CreateRequest, PageParams, UpdateRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One call of the schedule lifecycle, with input already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    Create {
        index_name: String,
        request: CreateRequest,
    },
    List {
        index_name: String,
        page: PageParams,
    },
    Describe {
        schedule_id: String,
    },
    Update {
        schedule_id: String,
        request: UpdateRequest,
    },
    Delete {
        schedule_id: String,
    },
    History {
        schedule_id: String,
        page: PageParams,
    },
}

impl Operation {
    /// The exported JS name, used in errors and events.
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Create { .. } => "createBackupSchedule",
            Operation::List { .. } => "listBackupSchedules",
            Operation::Describe { .. } => "describeBackupSchedule",
            Operation::Update { .. } => "updateBackupSchedule",
            Operation::Delete { .. } => "deleteBackupSchedule",
            Operation::History { .. } => "listBackupScheduleHistory",
        }
    }

    pub fn method(&self) -> Method {
        match self {
            Operation::Create { .. } => Method::Post,
            Operation::Update { .. } => Method::Patch,
            Operation::Delete { .. } => Method::Delete,
            _ => Method::Get,
        }
    }

    /// Path and query, every caller-supplied piece percent-encoded.
    pub fn path(&self) -> String {
        match self {
            Operation::Create { index_name, .. } => {
                format!("/indexes/{}/backup-schedules", encode(index_name))
            }
            Operation::List { index_name, page } => format!(
                "/indexes/{}/backup-schedules{}",
                encode(index_name),
                query(page)
            ),
            Operation::Describe { schedule_id }
            | Operation::Update { schedule_id, .. }
            | Operation::Delete { schedule_id } => {
                format!("/backup-schedules/{}", encode(schedule_id))
            }
            Operation::History { schedule_id, page } => format!(
                "/backup-schedules/{}/history{}",
                encode(schedule_id),
                query(page)
            ),
        }
    }

    pub fn body(&self) -> Option<String> {
        match self {
            Operation::Create { request, .. } => Some(create_body(request)),
            Operation::Update { request, .. } => Some(update_body(request)),
            _ => None,
        }
    }
}

/// A request ready for `fetch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// Builds the request. Only `Api-Key`, `X-Pinecone-Api-Version` and, with a body,
/// `Content-Type` are added: anything more would widen the CORS preflight.
pub fn build(operation: &Operation, options: &ClientOptions) -> HttpRequest {
    let mut headers = Vec::with_capacity(3 + options.headers.len());
    if let Some(key) = &options.api_key {
        headers.push(("Api-Key".to_owned(), key.clone()));
    }
    headers.push((
        "X-Pinecone-Api-Version".to_owned(),
        options.api_version.clone(),
    ));
    let body = operation.body();
    if body.is_some() {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    headers.extend(options.headers.iter().cloned());
    HttpRequest {
        method: operation.method(),
        url: format!("{}{}", options.base_url, operation.path()),
        headers,
        body,
    }
}

/// The page token carries its own page size, so `limit` is sent only without a token.
fn query(page: &PageParams) -> String {
    match (&page.pagination_token, page.limit) {
        (Some(token), _) => format!("?paginationToken={}", encode(token)),
        (None, Some(limit)) => format!("?limit={limit}"),
        (None, None) => String::new(),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so no input can add a
/// path segment, a query or a fragment.
pub fn encode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn create_body(request: &CreateRequest) -> String {
    format!(
        r#"{{"name":{},"schedule":{{"type":"time-based","frequency":"{}"}},"retention":{{"expire_after_days":{}}}}}"#,
        json_string(&request.name),
        request.frequency.as_str(),
        request.expire_after_days
    )
}

fn update_body(request: &UpdateRequest) -> String {
    let mut fields = Vec::with_capacity(3);
    if let Some(enabled) = request.enabled {
        fields.push(format!(r#""enabled":{enabled}"#));
    }
    if let Some(frequency) = request.frequency {
        fields.push(format!(r#""frequency":"{}""#, frequency.as_str()));
    }
    if let Some(days) = request.expire_after_days {
        fields.push(format!(r#""retention":{{"expire_after_days":{days}}}"#));
    }
    format!("{{{}}}", fields.join(","))
}

/// A JSON string literal. Hand-written because the only strings the client sends are names,
/// and a JSON library would cost the module more than everything else in the core.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // U+2028/2029 are valid JSON but break older JS parsers that treat them as newlines.
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
