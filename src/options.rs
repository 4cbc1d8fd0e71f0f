//! Client options: where requests go, how they authenticate, and how long they may take.

use crate::issue::{join, unknown_keys, Report};
use crate::validate::truncate;
use crate::value::{field, number_text};
use crate::Value;

pub const DEFAULT_BASE_URL: &str = "https://api.pinecone.io";
pub const DEFAULT_API_VERSION: &str = "2026-07";
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
pub const DEFAULT_MAX_RETRIES: u32 = 2;
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// Header names the client sets itself; a caller who puts them in `headers` would fight the
/// options that own them.
const MANAGED_HEADERS: [(&str, &str); 3] = [
    ("api-key", "set it with 'apiKey'"),
    ("x-pinecone-api-version", "set it with 'apiVersion'"),
    ("content-type", "the client sets it for JSON bodies"),
];

/// Headers a browser refuses to let a page set (the Fetch standard's forbidden names), so a
/// request carrying one would fail far from the mistake.
const FORBIDDEN_HEADERS: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

const KNOWN: [&str; 10] = [
    "apiKey",
    "baseUrl",
    "apiVersion",
    "headers",
    "fetch",
    "timeoutMs",
    "signal",
    "maxRetries",
    "onEvent",
    "credentials",
];

const ALIASES: [(&str, &str); 8] = [
    ("api_key", "did you mean 'apiKey'?"),
    ("key", "did you mean 'apiKey'?"),
    ("baseURL", "did you mean 'baseUrl'?"),
    ("host", "did you mean 'baseUrl'?"),
    ("controllerHostUrl", "did you mean 'baseUrl'?"),
    ("timeout", "did you mean 'timeoutMs'?"),
    ("retries", "did you mean 'maxRetries'?"),
    ("version", "did you mean 'apiVersion'?"),
];

/// Options that passed every rule. The JS-only parts (`fetch`, `signal`, `onEvent`) are
/// checked for type here and held by the binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    pub api_key: Option<String>,
    pub base_url: String,
    pub api_version: String,
    pub headers: Vec<(String, String)>,
    pub timeout_ms: u32,
    pub max_retries: u32,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            headers: Vec::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
        }
    }
}

/// Checks an options object; `undefined` and `null` mean all defaults.
pub fn client_options(report: &mut Report, value: Option<&Value>) -> Option<ClientOptions> {
    let path = "options";
    let members = match value {
        None | Some(Value::Null) => &[][..],
        Some(Value::Object(members)) => members,
        Some(other) => {
            report.error(path, format!("must be an object, got {}", other.kind()));
            return None;
        }
    };
    let before = report.errors.len();
    unknown_keys(report, path, members, &KNOWN, &ALIASES);
    let mut options = ClientOptions::default();

    if let Some(v) = field(members, "baseUrl") {
        options.base_url = base_url(report, "options.baseUrl", v).unwrap_or_default();
    }
    match field(members, "apiKey") {
        None => {}
        Some(Value::String(key)) => {
            if key.is_empty() {
                report.error(
                    "options.apiKey",
                    "must not be empty; omit it to send no key",
                );
            } else if let Some(problem) = header_value_problem(key) {
                report.error("options.apiKey", problem);
            } else {
                options.api_key = Some(key.clone());
            }
        }
        Some(other) => report.error(
            "options.apiKey",
            format!("must be a string, got {}", other.kind()),
        ),
    }
    if options.api_key.is_none()
        && field(members, "apiKey").is_none()
        && is_pinecone_host(&options.base_url)
    {
        report.error(
            "options.apiKey",
            "is required for api.pinecone.io; to keep the key out of the page, point 'baseUrl' \
             at a proxy that adds it",
        );
    }
    if let Some(v) = field(members, "apiVersion") {
        options.api_version = api_version(report, v).unwrap_or_default();
    }
    if let Some(v) = field(members, "headers") {
        options.headers = headers(report, v);
    }
    if let Some(v) = field(members, "timeoutMs") {
        options.timeout_ms =
            whole(report, "options.timeoutMs", v, 1, i32::MAX as u32).unwrap_or(DEFAULT_TIMEOUT_MS);
    }
    if let Some(v) = field(members, "maxRetries") {
        options.max_retries = whole(report, "options.maxRetries", v, 0, MAX_RETRIES_LIMIT)
            .unwrap_or(DEFAULT_MAX_RETRIES);
    }
    for key in ["fetch", "onEvent"] {
        match field(members, key) {
            None | Some(Value::Null) => {}
            Some(Value::Other(kind)) if kind == "function" => {}
            Some(other) => report.error(
                join(path, key),
                format!("must be a function, got {}", other.kind()),
            ),
        }
    }
    match field(members, "signal") {
        None | Some(Value::Null) => {}
        Some(Value::Other(kind)) if kind == "AbortSignal" => {}
        Some(other) => report.error(
            "options.signal",
            format!("must be an AbortSignal, got {}", other.kind()),
        ),
    }
    if let Some(v) = field(members, "credentials") {
        // Cookies must never ride along to a cross-origin API host; only a same-origin proxy
        // that authenticates by session has a use for them.
        match v {
            Value::String(s) if s == "omit" || s == "same-origin" => {}
            _ => report.error(
                "options.credentials",
                "must be 'omit' (the default) or 'same-origin'; cookies are never sent cross-origin",
            ),
        }
    }

    (report.errors.len() == before).then_some(options)
}

/// True when requests would go to Pinecone itself, where a key is mandatory. Scheme and host
/// compare without case, and a fully qualified `api.pinecone.io.` is the same host.
pub fn is_pinecone_host(base_url: &str) -> bool {
    let lower = base_url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', ':']).next().unwrap_or_default();
            host.trim_end_matches('.') == "api.pinecone.io"
        }
        None => false,
    }
}

/// An absolute `http(s)://host[:port][/prefix]` or a same-origin path prefix (`/pinecone`).
/// Anything that could make the browser resolve the URL to a host the caller did not write
/// (userinfo, backslashes, `//` prefixes, dot segments) is refused.
fn base_url(report: &mut Report, path: &str, value: &Value) -> Option<String> {
    let Value::String(raw) = value else {
        report.error(path, format!("must be a string, got {}", value.kind()));
        return None;
    };
    let fail = |report: &mut Report, why: &str| {
        report.error(path, why.to_owned());
        None
    };
    if raw.is_empty() {
        return fail(
            report,
            "must not be empty; omit it to use https://api.pinecone.io",
        );
    }
    if raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return fail(report, "must not contain spaces or control characters");
    }
    if raw.contains('\\') {
        return fail(report, "must not contain backslashes");
    }
    if raw.contains(['?', '#']) {
        return fail(report, "must not contain a query or fragment");
    }
    let lower = raw.to_ascii_lowercase();
    if lower == "http://"
        || lower == "https://"
        || lower.starts_with("http:///")
        || lower.starts_with("https:///")
    {
        return fail(report, "must name a host after the scheme");
    }
    let trimmed = raw.trim_end_matches('/');
    let (origin, prefix) = if let Some(rest) = trimmed.strip_prefix('/') {
        if rest.starts_with('/') {
            return fail(
                report,
                "must not start with '//' (that names another host); use a full http(s) URL",
            );
        }
        ("", trimmed)
    } else {
        let lower = trimmed.to_ascii_lowercase();
        let scheme_len = if lower.starts_with("https://") {
            8
        } else if lower.starts_with("http://") {
            7
        } else {
            return fail(
                report,
                "must start with http:// or https://, or be a same-origin path such as /pinecone",
            );
        };
        let rest = trimmed.get(scheme_len..).unwrap_or_default();
        let split = rest.find('/').unwrap_or(rest.len());
        let (authority, prefix) = rest.split_at(split);
        if authority.contains('@') {
            return fail(report, "must not contain credentials (user:password@)");
        }
        if let Some(why) = authority_problem(authority) {
            return fail(report, &why);
        }
        (
            trimmed.get(..scheme_len + split).unwrap_or_default(),
            prefix,
        )
    };
    for segment in prefix.split('/').skip(1) {
        if segment == "." || segment == ".." || segment.eq_ignore_ascii_case("%2e") {
            return fail(report, "must not contain '.' or '..' path segments");
        }
        if segment.contains("%2e") || segment.contains("%2E") || segment.is_empty() {
            return fail(
                report,
                "must not contain empty or encoded-dot path segments",
            );
        }
        if let Some(c) = segment.chars().find(|c| !is_path_char(*c)) {
            return fail(
                report,
                &format!("has a character that must be percent-encoded in a path: '{c}'"),
            );
        }
    }
    Some(format!("{origin}{prefix}"))
}

fn authority_problem(authority: &str) -> Option<String> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((addr, rest)) if addr.chars().all(|c| c.is_ascii_hexdigit() || c == ':') => {
                (addr, rest.strip_prefix(':'))
            }
            _ => return Some("has a malformed IPv6 host".to_owned()),
        },
        None => match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    if host.is_empty() {
        return Some("must name a host".to_owned());
    }
    if !authority.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Some(format!(
            "has a host with characters outside letters, digits, '-' and '.': '{}'",
            truncate(host, 40)
        ));
    }
    if let Some(port) = port {
        let ok = !port.is_empty()
            && port.len() <= 5
            && port.chars().all(|c| c.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| p <= 65_535);
        if !ok {
            return Some("has a port that is not a number from 0 to 65535".to_owned());
        }
    }
    None
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%".contains(c)
}

/// `2026-07` and later stable versions carry schedules, as does the pre-release `unstable`.
fn api_version(report: &mut Report, value: &Value) -> Option<String> {
    let path = "options.apiVersion";
    let Value::String(v) = value else {
        report.error(path, format!("must be a string, got {}", value.kind()));
        return None;
    };
    let well_formed = match v.split_once('-') {
        Some((year, month)) => {
            year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
                && month.len() == 2
                && ("01"..="12").contains(&month)
        }
        None => false,
    };
    if v == "unstable" || (well_formed && v.as_str() >= DEFAULT_API_VERSION) {
        Some(v.clone())
    } else if well_formed {
        report.error(
            path,
            format!("backup schedules need version {DEFAULT_API_VERSION} or later, or 'unstable'"),
        );
        None
    } else {
        report.error(
            path,
            format!("must look like '{DEFAULT_API_VERSION}' (year-month) or be 'unstable'"),
        );
        None
    }
}

fn headers(report: &mut Report, value: &Value) -> Vec<(String, String)> {
    let Value::Object(members) = value else {
        report.error(
            "options.headers",
            format!(
                "must be an object of header names to strings, got {}",
                value.kind()
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, v) in members {
        // The name goes into the issue's path: keep line breaks and controls out of it.
        let shown: String = name
            .chars()
            .take(64)
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        let path = format!("options.headers.{shown}");
        let lower = name.to_ascii_lowercase();
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            report.error(path, "is not a valid header name");
            continue;
        }
        if let Some((_, why)) = MANAGED_HEADERS.iter().find(|(h, _)| *h == lower) {
            report.error(path, format!("is set by the client; {why}"));
            continue;
        }
        if FORBIDDEN_HEADERS.contains(&lower.as_str())
            || lower.starts_with("proxy-")
            || lower.starts_with("sec-")
        {
            report.error(path, "is a header browsers do not let pages set");
            continue;
        }
        match v {
            Value::String(s) => match header_value_problem(s) {
                Some(problem) => report.error(path, problem),
                None => out.push((name.clone(), s.clone())),
            },
            other => report.error(path, format!("must be a string, got {}", other.kind())),
        }
    }
    out
}

/// Why a header value would be refused by a browser or could split a request, if it would.
/// The message never repeats the value: it may be a secret.
pub fn header_value_problem(value: &str) -> Option<&'static str> {
    if value.chars().any(|c| c == '\r' || c == '\n' || c == '\0') {
        Some("must not contain line breaks or NUL characters")
    } else if value.chars().any(char::is_control) {
        Some("must not contain control characters")
    } else if value.chars().any(|c| c as u32 > 0xFF) {
        Some("must contain only Latin-1 characters (browsers refuse others in headers)")
    } else if value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']) {
        Some("must not start or end with spaces")
    } else {
        None
    }
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn whole(report: &mut Report, path: &str, value: &Value, min: u32, max: u32) -> Option<u32> {
    match value {
        Value::Number(n)
            if n.is_finite()
                && n.fract() == 0.0
                && *n >= f64::from(min)
                && *n <= f64::from(max) =>
        {
            Some(*n as u32)
        }
        other => {
            let got = match other {
                Value::Number(n) if n.is_finite() => number_text(*n),
                _ => other.kind().to_owned(),
            };
            report.error(
                path,
                format!("must be a whole number from {min} to {max}, got {got}"),
            );
            None
        }
    }
}
