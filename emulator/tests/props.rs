//! Property tests: random methods, paths, query strings, headers and bodies go to the router
//! (through `oneshot`) and random bytes to a real socket. Whatever arrives, the emulator must not
//! panic, must answer with a well-formed response below 500, and must still serve a normal
//! request afterwards.

mod common;

use std::cell::Cell;
use std::fmt;
use std::time::Duration;

use axum::body::Body;
use axum::http::header::{HeaderName, HeaderValue};
use axum::http::{Method, Request, Uri};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestCaseResult, TestRunner};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use common::{temp_dir, Emu, Reply, VERSION};
use emulator::{BODY_LIMIT, DEMO_KEY, NIGHTLY_SUPPORT_ID, STARTER_KEY, WEEKLY_ARCHIVE_ID};

const LIST_PATH: &str = "/indexes/docs-example/backup-schedules";

/// Written next to the static root; no path may ever bring it back.
const SECRET: &str = "SECRET-OUTSIDE-THE-WWW-ROOT";

/// No single answer may take longer than this (no fault is ever queued here).
const ANSWER_BOUND: Duration = Duration::from_secs(5);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        // A failure prints its shrunk input; regression files would land in the source tree.
        failure_persistence: None,
        max_shrink_time: 30_000,
        ..Config::default()
    })
}

/// One request as generated; `Debug` keeps long bodies short in failure reports.
#[derive(Clone)]
struct Fuzz {
    method: Method,
    path: String,
    query: Option<String>,
    /// Send a valid key, version and content type first, so most requests reach the handlers.
    credentials: bool,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Vec<u8>,
}

impl fmt::Debug for Fuzz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = String::from_utf8_lossy(&self.body);
        let shown: String = body.chars().take(300).collect();
        f.debug_struct("Fuzz")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("credentials", &self.credentials)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("body", &shown)
            .finish()
    }
}

impl Fuzz {
    fn uri(&self) -> String {
        match &self.query {
            Some(query) => format!("{}?{query}", self.path),
            None => self.path.clone(),
        }
    }

    /// `None` when the URI is one no HTTP parser would hand over (tested on the wire instead).
    fn build(&self) -> Option<Request<Body>> {
        let uri: Uri = self.uri().parse().ok()?;
        let mut request = Request::builder().method(self.method.clone()).uri(uri);
        if self.credentials {
            request = request
                .header("api-key", DEMO_KEY)
                .header("x-pinecone-api-version", VERSION)
                .header("content-type", "application/json");
        }
        for (name, value) in &self.headers {
            request = request.header(name.clone(), value.clone());
        }
        request.body(Body::from(self.body.clone())).ok()
    }
}

fn percent_encode_all(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        4 => Just(Method::GET),
        3 => Just(Method::POST),
        3 => Just(Method::PATCH),
        2 => Just(Method::DELETE),
        2 => select(vec![
            Method::PUT,
            Method::HEAD,
            Method::OPTIONS,
            Method::TRACE,
            Method::CONNECT,
        ]),
        1 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,16}"
            .prop_filter_map("a method token", |m| Method::from_bytes(m.as_bytes()).ok()),
    ]
}

const REAL_SEGMENTS: &[&str] = &[
    "indexes",
    "backup-schedules",
    "history",
    "docs-example",
    "support-tickets",
    "legacy-pods",
    "starter-index",
    NIGHTLY_SUPPORT_ID,
    WEEKLY_ARCHIVE_ID,
    "_emulator",
    "reset",
    "faults",
    "config",
    "pkg",
    "index.html",
    "app.js",
    "module.wasm",
    "secret.txt",
    "link.txt",
];

/// Dot segments, encoded separators, broken escapes and other ways out of a segment.
fn tricky_segment() -> impl Strategy<Value = String> {
    let tricky = vec![
        "..",
        ".",
        "%2e%2e",
        "%2E%2e",
        ".%2e",
        "%2e",
        "%2f",
        "%2F",
        "a%2Fb",
        "%5c",
        "..%5c..",
        "..%2f..%2fsecret.txt",
        "%00",
        "%",
        "%z",
        "%zz",
        "%ff",
        "%c0%af",
        "%e2%80%ae",
        "",
        "~",
        "%3F",
        "%23",
        "%20",
        "+",
        ";",
        "a;b=c",
        ":",
        "C:",
        "%3a",
    ];
    // Look-alikes of dots and slashes, and letters that fold to ASCII.
    let lookalikes = vec![
        "\u{FF0E}\u{FF0E}",
        "\u{FF0F}",
        "\u{FF3C}",
        "\u{2215}",
        "\u{2024}\u{2024}",
        "\u{FE52}",
        "\u{0131}ndexes",
        "docs\u{2010}example",
        "\u{202E}selif",
    ];
    prop_oneof![
        3 => select(tricky).prop_map(str::to_owned),
        1 => select(lookalikes).prop_map(percent_encode_all),
        1 => any::<String>().prop_map(|s| percent_encode_all(&s)),
        1 => "[A-Za-z0-9._~!$&'()*+,;=:@-]{0,12}",
    ]
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(REAL_SEGMENTS).prop_map(str::to_owned),
        3 => tricky_segment(),
    ]
}

/// What goes where an index name or schedule id belongs: real ones, and every way of trying
/// to step out of the segment.
fn target_segment() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => select(vec![
            "docs-example",
            "support-tickets",
            "legacy-pods",
            "starter-index",
            NIGHTLY_SUPPORT_ID,
            WEEKLY_ARCHIVE_ID,
        ])
        .prop_map(str::to_owned),
        3 => tricky_segment(),
    ]
}

fn path() -> impl Strategy<Value = String> {
    let shaped = (
        select(vec![
            "/indexes/{}/backup-schedules",
            "/backup-schedules/{}",
            "/backup-schedules/{}/history",
        ]),
        target_segment(),
    )
        .prop_map(|(shape, target)| shape.replace("{}", &target));
    let free = (vec(segment(), 0..6), any::<bool>()).prop_map(|(segments, trailing)| {
        let mut path = format!("/{}", segments.join("/"));
        if trailing && !path.ends_with('/') {
            path.push('/');
        }
        path
    });
    prop_oneof![3 => shaped, 2 => free]
}

fn query() -> impl Strategy<Value = Option<String>> {
    let key = prop_oneof![
        3 => select(vec!["limit", "paginationToken", "limit[]", "", "%6Cimit", "LIMIT"])
            .prop_map(str::to_owned),
        1 => "[A-Za-z0-9_%]{0,8}",
    ];
    let value = prop_oneof![
        3 => select(vec![
            "1", "100", "101", "0", "-1", "1.5", "1e3", "99999999999999999999999", "%20",
            "%", "%zz", "+", "MDoxOmZmZmY", "Mjo5OTk5OTk5OTk5OTk5OTk5OTk5OTk6MDAwMA",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>().prop_map(|s| percent_encode_all(&s)),
        1 => "[A-Za-z0-9_=-]{0,24}",
    ];
    proptest::option::of(vec((key, value), 0..4).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    }))
}

fn header() -> impl Strategy<Value = (HeaderName, HeaderValue)> {
    let name = prop_oneof![
        3 => select(vec![
            "api-key",
            "x-pinecone-api-version",
            "content-type",
            "content-length",
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
            "transfer-encoding",
            "connection",
            "accept",
            "host",
            "cookie",
        ])
        .prop_map(HeaderName::from_static),
        1 => "[a-z0-9-]{1,24}"
            .prop_filter_map("a header name", |n| HeaderName::from_bytes(n.as_bytes()).ok()),
    ];
    // Visible ASCII, tab and obs-text: every byte a header value may hold, UTF-8 or not.
    let byte = prop_oneof![0x20u8..0x7f, 0x80u8..=0xff, Just(b'\t')];
    let value = prop_oneof![
        3 => select(vec![
            DEMO_KEY,
            STARTER_KEY,
            "2026-07",
            "unstable",
            "2025-01",
            "application/json",
            "application/json; charset=utf-16",
            "text/plain",
            "GET",
            "POST",
            "0",
            "-1",
            "99999999999999999999",
            "chunked",
            "close",
            "*",
            "null",
        ])
        .prop_map(HeaderValue::from_static),
        1 => vec(byte, 0..64)
            .prop_filter_map("a header value", |b| HeaderValue::from_bytes(&b).ok()),
    ];
    (name, value)
}

const FIELD_NAMES: &[&str] = &[
    "name",
    "schedule",
    "type",
    "frequency",
    "retention",
    "expire_after_days",
    "enabled",
];

fn text_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => select(vec![
            "daily", "weekly", "monthly", "yearly", "time-based", "cron", "", " ", "docs-example",
            "nightly", NIGHTLY_SUPPORT_ID, "<script>alert(1)</script>", "\u{202E}x", "\u{0000}",
        ])
        .prop_map(Value::from),
        1 => any::<String>().prop_map(Value::from),
    ]
}

/// Arbitrary JSON, its object keys biased towards the fields the API reads.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-3i64..120).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text_value(),
    ];
    let key = prop_oneof![
        3 => select(FIELD_NAMES).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    leaf.prop_recursive(5, 48, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Create and update bodies that are right in shape more often than chance would make them.
fn api_like_body() -> impl Strategy<Value = Value> {
    let field =
        |targeted: BoxedStrategy<Value>| prop_oneof![3 => targeted, 1 => json_value()].boxed();
    let days = prop_oneof![
        (-2i64..200).prop_map(Value::from),
        select(vec![i64::from(i32::MAX) + 1, i64::from(i32::MIN), i64::MAX]).prop_map(Value::from),
    ]
    .boxed();
    (
        field(text_value().boxed()),
        field(text_value().boxed()),
        field(text_value().boxed()),
        field(days),
        field(any::<bool>().prop_map(Value::Bool).boxed()),
        vec(select(FIELD_NAMES), 0..3),
    )
        .prop_map(|(name, kind, frequency, days, enabled, drop)| {
            let mut body = json!({
                "name": name,
                "schedule": { "type": kind, "frequency": frequency.clone() },
                "retention": { "expire_after_days": days },
                "frequency": frequency,
                "enabled": enabled,
            });
            if let Value::Object(map) = &mut body {
                for key in drop {
                    map.remove(key);
                }
            }
            body
        })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    let corrupted =
        (json_value(), vec((any::<usize>(), any::<u8>()), 1..4)).prop_map(|(value, flips)| {
            let mut bytes = value.to_string().into_bytes();
            for (at, byte) in flips {
                let len = bytes.len();
                bytes[at % len] = byte;
            }
            bytes
        });
    prop_oneof![
        2 => Just(Vec::new()),
        2 => vec(any::<u8>(), 0..512),
        3 => json_value().prop_map(|v| v.to_string().into_bytes()),
        4 => api_like_body().prop_map(|v| v.to_string().into_bytes()),
        1 => corrupted,
        1 => (1usize..BODY_LIMIT).prop_map(|n| b"[".repeat(n)),
        1 => (1usize..BODY_LIMIT / 5).prop_map(|n| b"{\"a\":".repeat(n)),
        1 => (0usize..64).prop_map(|extra| vec![b' '; BODY_LIMIT + 1 + extra]),
    ]
}

fn request() -> impl Strategy<Value = Fuzz> {
    (
        method(),
        path(),
        query(),
        prop::bool::weighted(0.7),
        vec(header(), 0..6),
        body(),
    )
        .prop_map(|(method, path, query, credentials, headers, body)| Fuzz {
            method,
            path,
            query,
            credentials,
            headers,
            body,
        })
}

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

/// Status below 500, a body that matches its type, and the error shape on JSON errors. A HEAD
/// answer has no body to check, only its headers.
fn check_reply(method: &Method, reply: &Reply) -> TestCaseResult {
    let shown = || reply.text().chars().take(300).collect::<String>();
    prop_assert!(
        (200..500).contains(&reply.status),
        "status {}: {}",
        reply.status,
        shown()
    );
    if method == Method::HEAD {
        prop_assert!(reply.body.is_empty());
        return Ok(());
    }
    if let Some(length) = reply.header("content-length") {
        prop_assert_eq!(length.parse::<usize>().ok(), Some(reply.body.len()));
    }
    if reply.status == 204 {
        prop_assert!(reply.body.is_empty());
    }
    let content_type = reply.header("content-type").unwrap_or("");
    if reply.status >= 400 {
        prop_assert!(!content_type.is_empty(), "an untyped error: {}", shown());
    }
    if content_type.starts_with("application/json") {
        let body: Value = serde_json::from_slice(&reply.body)
            .map_err(|e| fail(format!("JSON body does not parse ({e}): {}", shown())))?;
        if reply.status >= 400 {
            prop_assert_eq!(&body["status"], &json!(reply.status), "{}", shown());
            prop_assert!(body["error"]["code"].is_string(), "{}", shown());
            prop_assert!(body["error"]["message"].is_string(), "{}", shown());
        }
    } else if content_type.starts_with("text/plain") {
        prop_assert!(std::str::from_utf8(&reply.body).is_ok());
    }
    Ok(())
}

async fn answer(emu: &Emu, request: Request<Body>) -> Result<Reply, TestCaseError> {
    tokio::time::timeout(ANSWER_BOUND, emu.send(request))
        .await
        .map_err(|_| fail(format!("no answer within {ANSWER_BOUND:?}")))
}

async fn still_serving(emu: &Emu) -> TestCaseResult {
    let request = Request::get(LIST_PATH)
        .header("api-key", DEMO_KEY)
        .header("x-pinecone-api-version", VERSION)
        .body(Body::empty())
        .unwrap();
    let reply = answer(emu, request).await?;
    prop_assert_eq!(reply.status, 200, "{}", reply.text());
    Ok(())
}

/// An emulator serving a small static tree, with a secret beside it and a symlink to it inside;
/// the files go when it does.
struct Site {
    emu: Emu,
    root: std::path::PathBuf,
}

impl Site {
    fn new(admin: bool) -> Site {
        let root = temp_dir("props");
        let www = root.join("www");
        let pkg = root.join("pkg");
        std::fs::create_dir_all(&www).unwrap();
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(www.join("index.html"), "<!doctype html><title>t</title>").unwrap();
        std::fs::write(www.join("app.js"), "export {};").unwrap();
        std::fs::write(pkg.join("module.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(root.join("secret.txt"), SECRET).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("secret.txt"), www.join("link.txt")).unwrap();
        let emu = Emu::with(|config| {
            config.admin = admin;
            config.www_dir = www;
            config.pkg_dir = pkg;
            config.read_timeout = Duration::from_secs(1);
        });
        Site { emu, root }
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Runs `cases` random requests through `emu`; `keep` filters which generated requests to send.
fn fuzz_router(emu: &Emu, cases: u32, keep: impl Fn(&Fuzz) -> bool) {
    let rt = runtime();
    let sent = Cell::new(0u32);
    let result = runner(cases).run(&request(), |fuzz| {
        if !keep(&fuzz) {
            return Ok(());
        }
        let Some(request) = fuzz.build() else {
            return Ok(());
        };
        sent.set(sent.get() + 1);
        rt.block_on(async {
            let reply = answer(emu, request).await?;
            check_reply(&fuzz.method, &reply)?;
            prop_assert!(
                !reply.text().contains(SECRET),
                "a file outside the root was served"
            );
            still_serving(emu).await
        })
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    // The generators are meant to produce mostly valid requests; a change that broke them
    // would otherwise pass silently.
    assert!(
        sent.get() * 10 >= cases * 6,
        "only {} of {cases} generated requests were sent",
        sent.get()
    );
}

#[test]
fn random_requests_never_crash_the_router_or_get_a_5xx() {
    let site = Site::new(false);
    fuzz_router(&site.emu, 600, |_| true);
}

#[test]
fn random_requests_with_hostile_strings_keep_every_body_valid() {
    let site = Site::new(true);
    let emu = &site.emu;
    let rt = runtime();
    rt.block_on(async {
        let reply = emu
            .admin(
                Method::POST,
                "/_emulator/config",
                Some(json!({ "hostile_strings": true })),
            )
            .await;
        assert_eq!(reply.status, 204);
    });
    // The admin API can queue faults that answer 5xx or hang on purpose: keep off it here.
    fuzz_router(emu, 300, |fuzz| !fuzz.path.contains("emulator"));
}

fn admin_body() -> impl Strategy<Value = Vec<u8>> {
    let keys = vec![
        "mode",
        "method",
        "path",
        "count",
        "delay_ms",
        "status",
        "body",
        "headers",
        "cors",
        "expose_headers",
        "hostile_strings",
        "max_retention_days",
        "unknown",
    ];
    let value = prop_oneof![
        2 => select(vec!["replace", "after", "delay", "hang", "cut", "explode", "GET", "/x"])
            .prop_map(Value::from),
        2 => select(vec![0u64, 1, 2, 99, 100, 204, 503, 999, 1000, 70_000, 1 << 32, u64::MAX])
            .prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => vec(("[A-Za-z0-9 :\r\n-]{0,8}", "[ -~\r\n\u{80}-\u{ff}]{0,8}"), 0..3).prop_map(
            |pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k, Value::from(v))).collect()),
        ),
        1 => json_value(),
    ];
    prop_oneof![
        4 => vec((select(keys), value), 0..6).prop_map(|pairs| {
            let map: serde_json::Map<String, Value> =
                pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            Value::Object(map).to_string().into_bytes()
        }),
        1 => vec(any::<u8>(), 0..256),
        1 => Just(Vec::new()),
    ]
}

#[test]
fn random_admin_requests_are_validated_not_trusted() {
    let emu = Emu::new();
    let rt = runtime();
    let paths = vec![
        "/_emulator",
        "/_emulator/",
        "/_emulator/reset",
        "/_emulator/requests",
        "/_emulator/state",
        "/_emulator/config",
        "/_emulator/faults",
        "/_emulator/nope",
        "/_emulator/faults/x",
    ];
    let strategy = (method(), select(paths), admin_body());
    let result = runner(300).run(&strategy, |(method, path, body)| {
        rt.block_on(async {
            let request = Request::builder()
                .method(method.clone())
                .uri(path)
                .body(Body::from(body))
                .unwrap();
            let reply = answer(&emu, request).await?;
            check_reply(&method, &reply)?;
            // A fault queued by chance would be applied to the check below: drop it first.
            for (method, path) in [
                (Method::DELETE, "/_emulator/faults"),
                (Method::POST, "/_emulator/reset"),
            ] {
                let reply = emu.admin(method, path, None).await;
                prop_assert_eq!(reply.status, 204);
            }
            still_serving(&emu).await
        })
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

/// A normal request on a fresh connection is answered 200.
async fn still_serving_on(address: std::net::SocketAddr) -> TestCaseResult {
    let request = format!(
        "GET {LIST_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\napi-key: {DEMO_KEY}\r\n\
         x-pinecone-api-version: {VERSION}\r\nconnection: close\r\n\r\n"
    );
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(ANSWER_BOUND, stream.read_to_end(&mut received)).await;
    prop_assert!(read.is_ok(), "a normal request got no answer");
    prop_assert!(
        received.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&received)
    );
    Ok(())
}

/// Bytes for the wire: pure noise, or request-shaped text with noise spliced in.
fn wire_bytes() -> impl Strategy<Value = Vec<u8>> {
    let noise = vec(any::<u8>(), 0..400);
    let shaped = (
        "[A-Z]{0,8}|[ -~]{0,8}",
        "[ -~]{0,40}",
        select(vec![
            "HTTP/1.1",
            "HTTP/1.0",
            "HTTP/2.0",
            "HTTP/1.1 extra",
            "",
            "http/1.1",
        ]),
        vec("[ -~]{0,30}", 0..6),
        vec(any::<u8>(), 0..64),
        any::<bool>(),
    )
        .prop_map(|(method, target, version, headers, tail, finish)| {
            let mut text = format!("{method} {target} {version}\r\n");
            for line in headers {
                text.push_str(&line);
                text.push_str("\r\n");
            }
            if finish {
                text.push_str("\r\n");
            }
            let mut bytes = text.into_bytes();
            bytes.extend_from_slice(&tail);
            bytes
        });
    prop_oneof![noise, shaped]
}

#[test]
fn random_bytes_on_a_socket_get_a_4xx_or_a_close() {
    let rt = runtime();
    let emu = Emu::with(|config| config.read_timeout = Duration::from_millis(500));
    let address = rt.block_on(emu.listen());
    let result = runner(64).run(&wire_bytes(), |bytes| {
        rt.block_on(async {
            let mut stream = TcpStream::connect(address).await.unwrap();
            let _ = stream.write_all(&bytes).await;
            // The end of the request stream: whatever was incomplete stays incomplete.
            let _ = stream.shutdown().await;
            let mut received = Vec::new();
            let read = tokio::time::timeout(ANSWER_BOUND, stream.read_to_end(&mut received)).await;
            prop_assert!(read.is_ok(), "the connection stayed open");
            if !received.is_empty() {
                let head =
                    String::from_utf8_lossy(&received[..received.len().min(12)]).into_owned();
                let status = head
                    .strip_prefix("HTTP/1.")
                    .and_then(|rest| rest.get(2..5))
                    .and_then(|s| s.parse::<u16>().ok());
                prop_assert!(
                    status.is_some_and(|s| (200..500).contains(&s)),
                    "answered {:?}",
                    String::from_utf8_lossy(&received)
                );
            }
            still_serving_on(address).await
        })
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}
