//! Hostile clients: slow senders, garbage on the wire, oversized or malformed requests. Each test
//! is bounded in time, and each ends by checking that the emulator still answers.

mod common;

use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{Method, Request};
use http_body::Frame;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use common::{create_body, Emu, VERSION};
use emulator::{BODY_LIMIT, DEMO_KEY, MAX_HEADERS, MAX_HEADER_BYTES, NIGHTLY_SUPPORT_ID};

/// Short, so the slow-sender tests finish quickly; the default is 5 s.
const READ_TIMEOUT: Duration = Duration::from_millis(400);

/// How long any one exchange may take before the test calls the emulator stuck: the deadline
/// plus a wide margin for a loaded machine.
const BOUND: Duration = Duration::from_secs(5);

const LIST_PATH: &str = "/indexes/docs-example/backup-schedules";

fn emulator() -> Emu {
    Emu::with(|config| config.read_timeout = READ_TIMEOUT)
}

fn request_head(method: &str, path: &str, extra: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-pinecone-api-version: {VERSION}\r\n\
         api-key: {DEMO_KEY}\r\n{extra}\r\n"
    )
}

/// What came back on one connection, and when the server closed it.
struct Exchange {
    received: Vec<u8>,
    closed_after: Duration,
}

impl Exchange {
    fn status(&self) -> Option<u16> {
        let text = std::str::from_utf8(self.received.get(..12)?).ok()?;
        text.strip_prefix("HTTP/1.1 ")?.parse().ok()
    }

    fn head(&self) -> String {
        let text = String::from_utf8_lossy(&self.received);
        text.split("\r\n\r\n")
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    /// Nothing at all, or an answer with a 4xx status.
    fn is_refusal(&self) -> bool {
        self.received.is_empty() || self.status().is_some_and(|s| (400..500).contains(&s))
    }
}

/// Reads until the server closes the connection; fails the test if that takes past [`BOUND`].
async fn read_to_close(stream: &mut TcpStream, started: Instant) -> Exchange {
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(BOUND, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the server kept the connection open past {BOUND:?}; got {:?}",
        String::from_utf8_lossy(&received)
    );
    Exchange {
        received,
        closed_after: started.elapsed(),
    }
}

/// Sends `bytes` (as far as the server takes them) and reads until it closes.
async fn send_raw(address: SocketAddr, bytes: &[u8]) -> Exchange {
    let started = Instant::now();
    let mut stream = TcpStream::connect(address).await.unwrap();
    // The server may answer and close before taking everything: that is fine.
    let _ = stream.write_all(bytes).await;
    read_to_close(&mut stream, started).await
}

/// Sends `head` at once, then `rest` one byte at a time, `gap` apart, while reading; stops
/// writing once the server closes.
async fn trickle(address: SocketAddr, head: Vec<u8>, rest: Vec<u8>, gap: Duration) -> Exchange {
    let started = Instant::now();
    let stream = TcpStream::connect(address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let writing = tokio::spawn(async move {
        if writer.write_all(&head).await.is_err() {
            return;
        }
        for byte in rest {
            if writer.write_all(&[byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(gap).await;
        }
        // All sent: keep the write side open, like a client that simply stops.
        std::future::pending::<()>().await;
    });
    let mut received = Vec::new();
    let mut buf = [0u8; 1024];
    let read = tokio::time::timeout(BOUND, async {
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    writing.abort();
    assert!(read.is_ok(), "a trickling client held the connection");
    Exchange {
        received,
        closed_after: started.elapsed(),
    }
}

/// A well-formed request over a fresh connection gets its usual answer, quickly.
async fn assert_still_serving(address: SocketAddr) {
    let started = Instant::now();
    let exchange = send_raw(
        address,
        request_head("GET", LIST_PATH, "connection: close\r\n").as_bytes(),
    )
    .await;
    assert_eq!(exchange.status(), Some(200), "{}", exchange.head());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a normal request took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn slow_and_stalled_header_senders_are_cut_off_without_blocking_others() {
    // Longer than elsewhere, so the others are plainly served while these are still stuck.
    let read_timeout = Duration::from_millis(1500);
    let emu = Emu::with(|config| config.read_timeout = read_timeout);
    let address = emu.listen().await;
    let request = request_head("GET", LIST_PATH, "").into_bytes();
    let started = Instant::now();

    let idle = async {
        let started = Instant::now();
        let mut stream = TcpStream::connect(address).await.unwrap();
        read_to_close(&mut stream, started).await
    };
    let stalled = async {
        let started = Instant::now();
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream.write_all(&request[..30]).await.unwrap();
        read_to_close(&mut stream, started).await
    };
    // At one byte every 50 ms the whole head would take several seconds.
    let one_byte_at_a_time = trickle(
        address,
        Vec::new(),
        request.clone(),
        Duration::from_millis(50),
    );
    // While those three hang on, ordinary clients are served at once, on this one thread.
    let others = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        for _ in 0..5 {
            assert_still_serving(address).await;
        }
        started.elapsed()
    };

    let (idle, stalled, trickled, served_by) =
        tokio::join!(idle, stalled, one_byte_at_a_time, others);
    for (name, exchange) in [("idle", idle), ("stalled", stalled), ("trickled", trickled)] {
        assert!(exchange.is_refusal(), "{name}: {}", exchange.head());
        assert!(
            exchange.closed_after >= read_timeout / 2,
            "{name} closed early, after {:?}",
            exchange.closed_after
        );
        assert!(
            served_by < exchange.closed_after,
            "the others waited for {name}: served by {served_by:?}"
        );
    }
    assert_still_serving(address).await;
}

#[tokio::test]
async fn a_kept_alive_connection_left_idle_is_closed() {
    let emu = emulator();
    let address = emu.listen().await;
    let started = Instant::now();
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream
        .write_all(request_head("GET", LIST_PATH, "").as_bytes())
        .await
        .unwrap();
    let exchange = read_to_close(&mut stream, started).await;
    assert_eq!(exchange.status(), Some(200));
    assert!(exchange.closed_after >= READ_TIMEOUT / 2);
}

#[tokio::test]
async fn stalled_and_trickled_bodies_get_408_and_a_closed_connection() {
    let emu = emulator();
    let address = emu.listen().await;
    let create = |extra: &str| request_head("POST", LIST_PATH, extra);

    // Promises 100 bytes, sends 10, then waits.
    let stalled = async {
        let started = Instant::now();
        let mut stream = TcpStream::connect(address).await.unwrap();
        let head = create("content-type: application/json\r\ncontent-length: 100\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(b"{\"name\": \"").await.unwrap();
        read_to_close(&mut stream, started).await
    };
    // Chunked, a byte every 5 ms, so one-byte chunks keep coming well past the deadline.
    let head = create("content-type: application/json\r\ntransfer-encoding: chunked\r\n");
    let trickled = trickle(
        address,
        head.into_bytes(),
        b"1\r\n \r\n".repeat(400),
        Duration::from_millis(5),
    );

    let (stalled, trickled) = tokio::join!(stalled, trickled);
    for (name, exchange) in [("stalled", stalled), ("trickled", trickled)] {
        assert_eq!(exchange.status(), Some(408), "{name}: {}", exchange.head());
        assert!(exchange.head().contains("connection: close"), "{name}");
        let body = String::from_utf8_lossy(&exchange.received);
        assert!(body.contains("DEADLINE_EXCEEDED"), "{name}: {body}");
    }

    // The timed-out requests created nothing.
    let list = emu.api(Method::GET, LIST_PATH, None).await.json();
    assert_eq!(list["data"].as_array().unwrap().len(), 0);
    assert_still_serving(address).await;
}

#[tokio::test]
async fn a_client_leaving_mid_headers_or_mid_body_does_no_harm() {
    let emu = emulator();
    let address = emu.listen().await;
    let head = request_head(
        "POST",
        LIST_PATH,
        "content-type: application/json\r\ncontent-length: 500\r\n",
    );
    for cut in [10, head.len() - 3, head.len() + 20] {
        let mut bytes = head.clone().into_bytes();
        bytes.extend_from_slice(&[b' '; 100]);
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream.write_all(&bytes[..cut]).await.unwrap();
        // Half-close: the server sees the end of the request stream mid-way.
        stream.shutdown().await.unwrap();
        let exchange = read_to_close(&mut stream, Instant::now()).await;
        assert!(exchange.is_refusal(), "cut at {cut}: {}", exchange.head());
        assert!(exchange.closed_after < READ_TIMEOUT * 2, "cut at {cut}");
    }
    assert_still_serving(address).await;
}

#[tokio::test]
async fn garbage_on_the_wire_gets_a_4xx_or_a_closed_connection() {
    let emu = emulator();
    let address = emu.listen().await;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("binary", (0u8..=255).cycle().take(600).collect()),
        ("nul bytes", vec![0; 64]),
        (
            "tls hello",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
        ),
        ("bare method", b"GET\r\n\r\n".to_vec()),
        ("no version", b"GET /\r\n\r\n".to_vec()),
        (
            "unknown version",
            b"GET / HTTP/9.9\r\nhost: x\r\n\r\n".to_vec(),
        ),
        (
            "http/2 preface",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
        ),
        (
            "bad method token",
            b"G(T / HTTP/1.1\r\nhost: x\r\n\r\n".to_vec(),
        ),
        ("empty method", b" / HTTP/1.1\r\nhost: x\r\n\r\n".to_vec()),
        (
            "invalid utf-8 in target",
            b"GET /backup-schedules/\xff\xfe\xc0\xaf HTTP/1.1\r\nhost: x\r\n\r\n".to_vec(),
        ),
        (
            "space in target",
            b"GET /backup-schedules/a b HTTP/1.1\r\nhost: x\r\n\r\n".to_vec(),
        ),
        (
            "header without colon",
            b"GET / HTTP/1.1\r\nhost x\r\n\r\n".to_vec(),
        ),
        (
            "space before colon",
            b"GET / HTTP/1.1\r\nhost : x\r\n\r\n".to_vec(),
        ),
        (
            "bare cr in value",
            b"GET / HTTP/1.1\r\nhost: x\rinjected: 1\r\n\r\n".to_vec(),
        ),
        (
            "nul in value",
            b"GET / HTTP/1.1\r\nhost: x\x00y\r\n\r\n".to_vec(),
        ),
        (
            "conflicting lengths",
            b"POST /indexes/x/backup-schedules HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\n\
              content-length: 9\r\n\r\nhello"
                .to_vec(),
        ),
        (
            "negative length",
            b"POST / HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n".to_vec(),
        ),
        (
            "bad chunk size",
            b"POST /indexes/x/backup-schedules HTTP/1.1\r\nhost: x\r\n\
              transfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
                .to_vec(),
        ),
        (
            "huge chunk size",
            b"POST /indexes/x/backup-schedules HTTP/1.1\r\nhost: x\r\n\
              transfer-encoding: chunked\r\n\r\nffffffffffffffffff\r\nhello\r\n"
                .to_vec(),
        ),
        ("only line breaks", b"\r\n".repeat(200)),
        ("long method", {
            let mut bytes = vec![b'A'; 20_000];
            bytes.extend_from_slice(b" / HTTP/1.1\r\n\r\n");
            bytes
        }),
    ];
    for (name, bytes) in cases {
        let exchange = send_raw(address, &bytes).await;
        assert!(exchange.is_refusal(), "{name}: {}", exchange.head());
    }
    assert_still_serving(address).await;
}

#[tokio::test]
async fn odd_but_valid_methods_are_405_not_errors() {
    let emu = emulator();
    let address = emu.listen().await;
    let path = format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}");
    for method in ["PUT", "TRACE", "FOO", "M-SEARCH", "get", "PROPFIND"] {
        let head = request_head(method, &path, "connection: close\r\n");
        let exchange = send_raw(address, head.as_bytes()).await;
        assert_eq!(
            exchange.status(),
            Some(405),
            "{method}: {}",
            exchange.head()
        );
    }
    assert_still_serving(address).await;
}

#[tokio::test]
async fn header_count_and_size_are_capped_with_431() {
    let emu = emulator();
    let address = emu.listen().await;
    let with =
        |extra: String| request_head("GET", LIST_PATH, &format!("{extra}connection: close\r\n"));

    // Under both limits: served as usual.
    let modest: String = (0..MAX_HEADERS - 10)
        .map(|i| format!("x-extra-{i}: {}\r\n", "v".repeat(100)))
        .collect();
    assert!(modest.len() < MAX_HEADER_BYTES);
    assert_eq!(
        send_raw(address, with(modest).as_bytes()).await.status(),
        Some(200)
    );

    let too_many: String = (0..MAX_HEADERS * 4)
        .map(|i| format!("x-{i}: 1\r\n"))
        .collect();
    let huge_value = format!("x-big: {}\r\n", "v".repeat(MAX_HEADER_BYTES * 2));
    let huge_name = format!("{}: 1\r\n", "n".repeat(MAX_HEADER_BYTES * 2));
    let long_path = format!(
        "GET /backup-schedules/{} HTTP/1.1\r\nhost: x\r\n\r\n",
        "a".repeat(MAX_HEADER_BYTES * 2)
    );
    for (name, request) in [
        ("too many", with(too_many)),
        ("huge value", with(huge_value)),
        ("huge name", with(huge_name)),
        ("long target", long_path),
    ] {
        let exchange = send_raw(address, request.as_bytes()).await;
        let status = exchange.status();
        assert!(
            matches!(status, Some(414 | 431)),
            "{name}: {}",
            exchange.head()
        );
    }
    assert_still_serving(address).await;
}

#[tokio::test]
async fn oversized_bodies_are_413_on_the_wire() {
    let emu = emulator();
    let address = emu.listen().await;

    // Declared too large: refused without reading it.
    let head = request_head(
        "POST",
        LIST_PATH,
        &format!(
            "content-type: application/json\r\ncontent-length: {}\r\n",
            BODY_LIMIT * 100
        ),
    );
    let exchange = send_raw(address, head.as_bytes()).await;
    assert_eq!(exchange.status(), Some(413), "{}", exchange.head());
    assert!(exchange.head().contains("connection: close"));

    // Chunked, so the size only shows while reading.
    let mut request = request_head(
        "POST",
        LIST_PATH,
        "content-type: application/json\r\ntransfer-encoding: chunked\r\n",
    )
    .into_bytes();
    let chunk = vec![b'['; 8192];
    for _ in 0..(BODY_LIMIT / chunk.len() + 2) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(&chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let exchange = send_raw(address, &request).await;
    assert_eq!(exchange.status(), Some(413), "{}", exchange.head());
    assert_still_serving(address).await;
}

#[tokio::test]
async fn the_connection_cap_makes_newcomers_wait_not_fail() {
    let emu = Emu::with(|config| {
        config.read_timeout = READ_TIMEOUT;
        config.max_connections = 2;
    });
    let address = emu.listen().await;
    let mut idle = Vec::new();
    for _ in 0..2 {
        idle.push(TcpStream::connect(address).await.unwrap());
    }
    // Let the server accept both before the third arrives.
    tokio::time::sleep(Duration::from_millis(50)).await;

    let started = Instant::now();
    let exchange = send_raw(
        address,
        request_head("GET", LIST_PATH, "connection: close\r\n").as_bytes(),
    )
    .await;
    assert_eq!(exchange.status(), Some(200));
    // It had to wait for an idle connection's deadline to free a slot.
    assert!(
        started.elapsed() >= READ_TIMEOUT / 2,
        "answered after {:?}",
        started.elapsed()
    );
}

/// A body whose next frame never comes.
struct Stalled;

impl http_body::Body for Stalled {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Pending
    }
}

/// A body that fails on its first read, as a connection torn down mid-body does.
struct Broken;

impl http_body::Body for Broken {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(Some(Err(std::io::ErrorKind::UnexpectedEof.into())))
    }
}

fn api_request(method: Method, path: &str, body: Body) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("x-pinecone-api-version", VERSION)
        .header("api-key", DEMO_KEY)
        .header("content-type", "application/json")
        .body(body)
        .unwrap()
}

#[tokio::test]
async fn bodies_that_stall_or_break_are_4xx_in_process_too() {
    let emu = emulator();
    let started = Instant::now();
    let reply = emu
        .send(api_request(Method::POST, LIST_PATH, Body::new(Stalled)))
        .await;
    assert_eq!(reply.status, 408);
    assert_eq!(reply.error().0, "DEADLINE_EXCEEDED");
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(started.elapsed() < BOUND);

    let reply = emu
        .send(api_request(Method::POST, LIST_PATH, Body::new(Broken)))
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error().0, "INVALID_ARGUMENT");

    // The admin API reads its bodies under the same rules.
    let request = Request::post("/_emulator/faults")
        .body(Body::new(Stalled))
        .unwrap();
    assert_eq!(emu.send(request).await.status, 408);
    let request = Request::post("/_emulator/config")
        .body(Body::from(vec![b' '; BODY_LIMIT + 1]))
        .unwrap();
    assert_eq!(emu.send(request).await.status, 413);

    // Timed-out requests are recorded with their status.
    let records = emu.requests().await;
    assert_eq!(records[0]["status"], 408);
    assert_eq!(records[0]["outcome"], "completed");
}

#[tokio::test]
async fn malformed_bodies_of_every_kind_are_4xx() {
    let emu = emulator();
    let raw = |bytes: Vec<u8>| api_request(Method::POST, LIST_PATH, Body::from(bytes));
    let mut cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "random bytes",
            (0u8..=255).rev().cycle().take(3000).collect(),
            422,
        ),
        (
            "invalid utf-8 in a string",
            b"{\"name\": \"\xff\xfe\"}".to_vec(),
            422,
        ),
        (
            "lone surrogate escape",
            br#"{"name": "\ud800"}"#.to_vec(),
            422,
        ),
        ("array nesting bomb", b"[".repeat(BODY_LIMIT - 1), 422),
        (
            "object nesting bomb",
            b"{\"a\":".repeat(BODY_LIMIT / 5 - 1),
            422,
        ),
        (
            "number bomb",
            format!("{{\"x\": 1e{}}}", "9".repeat(1000)).into_bytes(),
            422,
        ),
        (
            "duplicate keys",
            br#"{"name": 1, "name": "x"}"#.to_vec(),
            422,
        ),
        (
            "trailing garbage",
            br#"{"name": "x"} trailing"#.to_vec(),
            422,
        ),
        (
            "utf-16",
            "{\"name\":\"x\"}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
            422,
        ),
    ];
    // Deep but within serde_json's recursion limit: parsed, then refused for its shape.
    let mut deep = String::from("1");
    for _ in 0..100 {
        deep = format!("{{\"a\": {deep}}}");
    }
    cases.push((
        "deep but parseable",
        json!({ "name": "x", "schedule": serde_json::from_str::<serde_json::Value>(&deep).unwrap(),
                "retention": { "expire_after_days": 7 } })
        .to_string()
        .into_bytes(),
        422,
    ));
    for (name, bytes, status) in cases {
        let reply = emu.send(raw(bytes)).await;
        assert_eq!(reply.status, status, "{name}: {}", reply.text());
        reply.error();
    }
    assert_eq!(emu.api(Method::GET, LIST_PATH, None).await.status, 200);
}

#[tokio::test]
async fn bodies_labelled_as_anything_but_json_are_415() {
    let emu = emulator();
    let body = create_body("typed", "daily", 7).to_string();
    let send = |content_type: &'static str, method: Method, path: String| {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("x-pinecone-api-version", VERSION)
            .header("api-key", DEMO_KEY)
            .header("content-type", content_type)
            .body(Body::from(body.clone()))
            .unwrap();
        emu.send(request)
    };
    let update = format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}");
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
        "json",
        "",
    ] {
        for (method, path) in [
            (Method::POST, LIST_PATH.to_owned()),
            (Method::PATCH, update.clone()),
        ] {
            let reply = send(content_type, method, path).await;
            assert_eq!(reply.status, 415, "{content_type}");
            reply.error();
        }
    }
    for content_type in [
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/merge-patch+json",
    ] {
        let reply = send(content_type, Method::PATCH, update.clone()).await;
        assert_eq!(reply.status, 200, "{content_type}: {}", reply.text());
    }
    // Without a label the body is read as JSON, and a GET's label is not looked at.
    let reply = emu
        .raw(Method::PATCH, &update, r#"{"enabled": true}"#)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = send("text/plain", Method::GET, LIST_PATH.to_owned()).await;
    assert_eq!(reply.status, 200);
}
