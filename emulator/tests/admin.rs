//! The admin API, faults, CORS and static files.

mod common;

use std::future::poll_fn;
use std::pin::Pin;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request};
use http_body::Body as _;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

use common::{create_body, temp_dir, Emu, VERSION};
use emulator::{DEMO_KEY, NIGHTLY_SUPPORT_ID};

const CREATE_PATH: &str = "/indexes/docs-example/backup-schedules";

async fn schedule_count(emu: &Emu, index: &str) -> usize {
    let body = emu
        .api(
            Method::GET,
            &format!("/indexes/{index}/backup-schedules"),
            None,
        )
        .await
        .json();
    body["data"].as_array().unwrap().len()
}

#[tokio::test]
async fn admin_paths_do_not_exist_without_the_flag() {
    let emu = Emu::with(|config| config.admin = false);
    for (method, path) in [
        (Method::POST, "/_emulator/reset"),
        (Method::GET, "/_emulator/requests"),
        (Method::GET, "/_emulator/state"),
        (Method::POST, "/_emulator/faults"),
        (Method::POST, "/_emulator/config"),
        (Method::GET, "/_emulator"),
        (Method::GET, "/_emulator/"),
        (Method::POST, "/%5Femulator/reset"),
        (Method::POST, "/_emulator/%72eset"),
        (Method::POST, "//_emulator/reset"),
        (Method::POST, "/x/../_emulator/reset"),
        (Method::POST, "/pkg/../_emulator/reset"),
    ] {
        let reply = emu
            .admin(
                method.clone(),
                path,
                Some(json!({ "mode": "replace", "status": 500 })),
            )
            .await;
        assert!(matches!(reply.status, 404 | 405), "{method} {path}");
    }
    // Nothing was queued, and nothing was recorded for anyone to read.
    let reply = emu
        .api(
            Method::GET,
            &format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}"),
            None,
        )
        .await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn reset_restores_seeds_and_forgets_everything_else() {
    let emu = Emu::new();
    let path = format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}");
    assert_eq!(emu.api(Method::DELETE, &path, None).await.status, 204);
    emu.create("docs-example", "extra").await;
    emu.fault(json!({ "mode": "replace", "path": "/nowhere" }))
        .await;
    let config = emu
        .admin(
            Method::POST,
            "/_emulator/config",
            Some(json!({ "hostile_strings": true })),
        )
        .await;
    assert_eq!(config.status, 204);

    let reset = emu.admin(Method::POST, "/_emulator/reset", None).await;
    assert_eq!(reset.status, 204);
    assert!(reset.body.is_empty());

    assert!(emu.requests().await.is_empty());
    let faults = emu.admin(Method::GET, "/_emulator/faults", None).await;
    assert_eq!(faults.json(), json!([]));
    let nightly = emu.api(Method::GET, &path, None).await;
    assert_eq!(nightly.status, 200);
    assert_eq!(nightly.json()["name"], "nightly-support");
    assert_eq!(schedule_count(&emu, "docs-example").await, 0);
}

#[tokio::test]
async fn requests_are_recorded_exactly_as_received() {
    let emu = Emu::new();
    let body = create_body("recorded", "daily", 7);
    let reply = emu.api(Method::POST, CREATE_PATH, Some(body.clone())).await;
    let request_id = reply.header("x-pinecone-request-id").unwrap().to_owned();
    emu.api(
        Method::GET,
        "/indexes/docs-example/backup-schedules?limit=5",
        None,
    )
    .await;
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri(CREATE_PATH)
        .header("origin", "http://127.0.0.1:9000")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    emu.send(preflight).await;
    // Neither admin nor static requests are recorded.
    emu.admin(Method::GET, "/_emulator/state", None).await;
    emu.admin(Method::GET, "/index.html", None).await;

    let records = emu.requests().await;
    assert_eq!(records.len(), 3, "{records:?}");
    let create = &records[0];
    assert_eq!(create["method"], "POST");
    assert_eq!(create["path"], CREATE_PATH);
    assert_eq!(create["query"], "");
    assert_eq!(create["headers"]["api-key"], DEMO_KEY);
    assert_eq!(create["headers"]["x-pinecone-api-version"], VERSION);
    assert_eq!(create["headers"]["content-type"], "application/json");
    let sent: Value = serde_json::from_str(create["body"].as_str().unwrap()).unwrap();
    assert_eq!(sent, body);
    assert_eq!(create["status"], 200);
    assert_eq!(create["outcome"], "completed");
    assert_eq!(create["request_id"], request_id.as_str());

    assert_eq!(records[1]["query"], "limit=5");
    assert_eq!(records[1]["body"], Value::Null);
    assert_eq!(records[2]["method"], "OPTIONS");
    assert_eq!(records[2]["status"], 204);

    let cleared = emu.admin(Method::DELETE, "/_emulator/requests", None).await;
    assert_eq!(cleared.status, 204);
    assert!(emu.requests().await.is_empty());
}

#[tokio::test]
async fn state_dump_lists_the_world() {
    let emu = Emu::new();
    let state = emu
        .admin(Method::GET, "/_emulator/state", None)
        .await
        .json();
    let projects: Vec<&str> = state["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["project_id"].as_str().unwrap())
        .collect();
    assert_eq!(projects, ["demo-project", "starter-project"]);
    let indexes = state["indexes"].as_array().unwrap();
    assert!(indexes
        .iter()
        .any(|i| i["name"] == "legacy-pods" && i["spec"] == "pod"));
    let schedules = state["schedules"].as_array().unwrap();
    assert_eq!(schedules.len(), 2);
    assert_eq!(schedules[0]["history"].as_array().unwrap().len(), 3);
    assert_eq!(state["config"]["max_retention_days"], 90);
}

#[tokio::test]
async fn admin_input_is_validated() {
    let emu = Emu::new();
    for (path, body, status) in [
        ("/_emulator/config", json!({ "expose_headers": "no" }), 422),
        ("/_emulator/config", json!({ "max_retention_days": 0 }), 400),
        ("/_emulator/config", json!({ "hostile": true }), 400),
        ("/_emulator/faults", json!({ "mode": "explode" }), 400),
        ("/_emulator/faults", json!({ "status": 503 }), 422),
    ] {
        let reply = emu.admin(Method::POST, path, Some(body.clone())).await;
        assert_eq!(reply.status, status, "{body}");
        reply.error();
    }
    let wrong_method = emu.admin(Method::PUT, "/_emulator/reset", None).await;
    assert_eq!(wrong_method.status, 405);
}

#[tokio::test]
async fn config_changes_the_retention_limit() {
    let emu = Emu::new();
    emu.admin(
        Method::POST,
        "/_emulator/config",
        Some(json!({ "max_retention_days": 10 })),
    )
    .await;
    let reply = emu
        .api(
            Method::POST,
            CREATE_PATH,
            Some(create_body("n", "daily", 11)),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.error().1.contains("10"));
}

#[tokio::test]
async fn hostile_strings_reach_every_text_field_but_no_id() {
    let emu = Emu::new();
    emu.admin(
        Method::POST,
        "/_emulator/config",
        Some(json!({ "hostile_strings": true })),
    )
    .await;
    let hostile = |text: &str| {
        text.contains("<script>alert(1)</script>")
            && text.contains("<img src=x onerror=alert(1)>")
            && text.contains("javascript:alert(1)")
            && text.contains('\u{202E}')
            && text.contains('\u{200B}')
            && text.split(' ').any(|w| w.chars().count() >= 300)
    };

    let schedule = emu
        .api(
            Method::GET,
            &format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}"),
            None,
        )
        .await
        .json();
    assert!(hostile(schedule["name"].as_str().unwrap()));
    assert_eq!(schedule["schedule_id"], NIGHTLY_SUPPORT_ID);
    assert_eq!(schedule["index_id"], "idx-support-tickets-0001");

    let history = emu
        .api(
            Method::GET,
            &format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}/history"),
            None,
        )
        .await
        .json();
    let first = &history["data"][0];
    assert!(hostile(first["name"].as_str().unwrap()));
    assert!(hostile(first["description"].as_str().unwrap()));
    assert!(hostile(first["tags"]["team"].as_str().unwrap()));
    assert!(!hostile(first["backup_id"].as_str().unwrap()));

    let error = emu.api(Method::GET, "/backup-schedules/nope", None).await;
    assert!(hostile(&error.error().1));
}

/// Every payload hostile mode promises, checked on a string read back from parsed JSON.
fn fully_hostile(text: &str) -> bool {
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "\"'>",
        "<a href=\"javascript:alert(1)\">",
        "\u{202E}fdp.exe\u{202C}",
        "\u{2067}",
        "\u{2069}",
        "\u{200B}",
        "\u{200D}",
        "\u{FEFF}",
    ]
    .iter()
    .all(|needle| text.contains(needle))
        && text.split(' ').any(|w| w.chars().count() >= 300)
}

#[tokio::test]
async fn hostile_strings_cover_every_endpoint_and_keep_json_valid() {
    let emu = Emu::new();
    emu.admin(
        Method::POST,
        "/_emulator/config",
        Some(json!({ "hostile_strings": true })),
    )
    .await;

    // Create: the name comes back hostile, and still holds what was sent.
    let created = emu
        .api(
            Method::POST,
            CREATE_PATH,
            Some(create_body("plain-name", "daily", 7)),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    let created = created.json();
    let name = created["name"].as_str().unwrap();
    assert!(fully_hostile(name) && name.contains("plain-name"), "{name}");
    let id = created["schedule_id"].as_str().unwrap().to_owned();
    assert!(common::is_uuid(&id));

    // List, describe and update show the same.
    let list = emu.api(Method::GET, CREATE_PATH, None).await.json();
    assert!(fully_hostile(list["data"][0]["name"].as_str().unwrap()));
    let path = format!("/backup-schedules/{id}");
    let described = emu.api(Method::GET, &path, None).await.json();
    assert!(fully_hostile(described["name"].as_str().unwrap()));
    let updated = emu
        .api(Method::PATCH, &path, Some(json!({ "enabled": false })))
        .await
        .json();
    assert!(fully_hostile(updated["name"].as_str().unwrap()));
    assert_eq!(updated["frequency"], "daily", "enum values stay plain");

    // History: every text field, the index name included; ids, statuses and numbers stay plain.
    let history = emu
        .api(
            Method::GET,
            &format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}/history"),
            None,
        )
        .await
        .json();
    let first = &history["data"][0];
    for field in ["name", "description", "source_index_name"] {
        assert!(fully_hostile(first[field].as_str().unwrap()), "{field}");
    }
    assert!(fully_hostile(first["tags"]["schedule"].as_str().unwrap()));
    assert_eq!(first["status"], "Ready");
    assert_eq!(first["source_index_id"], "idx-support-tickets-0001");
    assert!(first["record_count"].is_u64());

    // Errors of every kind: 404, 409, 422, 400 and the 2026-07 plain-text 401.
    let second = emu
        .api(
            Method::POST,
            "/indexes/support-tickets/backup-schedules",
            Some(create_body("again", "daily", 7)),
        )
        .await;
    assert_eq!(second.status, 409);
    assert!(fully_hostile(&second.error().1));
    let shapeless = emu.raw(Method::POST, CREATE_PATH, "[]").await;
    assert_eq!(shapeless.status, 422);
    assert!(fully_hostile(&shapeless.error().1));
    let bad_limit = emu
        .api(Method::GET, &format!("{CREATE_PATH}?limit=0"), None)
        .await;
    assert_eq!(bad_limit.status, 400);
    assert!(fully_hostile(&bad_limit.error().1));
    let unauthorized = emu
        .call(Method::GET, CREATE_PATH, Some(VERSION), Some("wrong"), None)
        .await;
    assert_eq!(unauthorized.status, 401);
    assert!(unauthorized
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    assert!(fully_hostile(&unauthorized.text()));

    // Switched off, the names are plain again.
    emu.admin(
        Method::POST,
        "/_emulator/config",
        Some(json!({ "hostile_strings": false })),
    )
    .await;
    let plain = emu.api(Method::GET, &path, None).await.json();
    assert_eq!(plain["name"], "plain-name");
}

#[tokio::test]
async fn replace_answers_without_touching_state() {
    let emu = Emu::new();
    emu.fault(json!({
        "method": "POST",
        "path": CREATE_PATH,
        "mode": "replace",
        "status": 503,
        "body": "upstream unavailable",
        "headers": { "retry-after": "2" },
    }))
    .await;
    // A request that does not match leaves the fault queued.
    let other = emu.api(Method::GET, CREATE_PATH, None).await;
    assert_eq!(other.status, 200);

    let reply = emu
        .api(
            Method::POST,
            CREATE_PATH,
            Some(create_body("n", "daily", 7)),
        )
        .await;
    assert_eq!(reply.status, 503);
    assert_eq!(reply.text(), "upstream unavailable");
    assert_eq!(reply.header("retry-after"), Some("2"));
    assert!(reply.header("x-pinecone-request-id").is_some());
    assert_eq!(
        reply.header("access-control-expose-headers"),
        Some("x-pinecone-request-id, retry-after")
    );
    assert_eq!(schedule_count(&emu, "docs-example").await, 0);

    // Used up: the next one goes through.
    let reply = emu
        .api(
            Method::POST,
            CREATE_PATH,
            Some(create_body("n", "daily", 7)),
        )
        .await;
    assert_eq!(reply.status, 200);

    let records = emu.requests().await;
    let statuses: Vec<&Value> = records.iter().map(|r| &r["status"]).collect();
    assert_eq!(statuses, [200, 503, 200, 200]);
}

#[tokio::test]
async fn after_changes_state_then_fails() {
    let emu = Emu::new();
    emu.fault(json!({ "mode": "after", "status": 500, "body": "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"boom\"},\"status\":500}" }))
        .await;
    let reply = emu
        .api(
            Method::POST,
            CREATE_PATH,
            Some(create_body("n", "daily", 7)),
        )
        .await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.error().0, "INTERNAL");
    assert_eq!(schedule_count(&emu, "docs-example").await, 1);
}

#[tokio::test]
async fn count_covers_several_requests_and_delete_clears() {
    let emu = Emu::new();
    emu.fault(json!({ "mode": "replace", "status": 429, "count": 2 }))
        .await;
    let path = format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}");
    assert_eq!(emu.api(Method::GET, &path, None).await.status, 429);
    assert_eq!(emu.api(Method::GET, &path, None).await.status, 429);
    assert_eq!(emu.api(Method::GET, &path, None).await.status, 200);

    emu.fault(json!({ "mode": "replace" })).await;
    let cleared = emu.admin(Method::DELETE, "/_emulator/faults", None).await;
    assert_eq!(cleared.status, 204);
    assert_eq!(emu.api(Method::GET, &path, None).await.status, 200);
}

#[tokio::test]
async fn delay_waits_then_answers_normally() {
    let emu = Emu::new();
    emu.fault(json!({ "mode": "delay", "delay_ms": 150 })).await;
    let started = Instant::now();
    let reply = emu
        .api(
            Method::GET,
            &format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}"),
            None,
        )
        .await;
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["schedule_id"], NIGHTLY_SUPPORT_ID);
}

#[tokio::test]
async fn faults_skip_admin_static_and_preflight_requests() {
    let www = temp_dir("skip");
    std::fs::write(www.join("index.html"), "<p>hi</p>").unwrap();
    let emu = Emu::with(|config| config.www_dir = www.clone());
    emu.fault(json!({ "mode": "replace", "status": 502 })).await;

    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri(CREATE_PATH)
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    assert_eq!(emu.send(preflight).await.status, 204);
    assert_eq!(emu.admin(Method::GET, "/", None).await.status, 200);
    assert_eq!(
        emu.admin(Method::GET, "/_emulator/state", None)
            .await
            .status,
        200
    );
    assert_eq!(emu.api(Method::GET, CREATE_PATH, None).await.status, 502);
}

#[tokio::test]
async fn cors_false_strips_every_cors_header() {
    let emu = Emu::new();
    emu.fault(json!({ "mode": "replace", "status": 503, "cors": false }))
        .await;
    let request = Request::builder()
        .uri(CREATE_PATH)
        .header("origin", "http://localhost:5173")
        .header("x-pinecone-api-version", VERSION)
        .header("api-key", DEMO_KEY)
        .body(Body::empty())
        .unwrap();
    let reply = emu.send(request).await;
    assert_eq!(reply.status, 503);
    assert!(!reply
        .headers
        .keys()
        .any(|name| name.as_str().starts_with("access-control-")));
}

#[tokio::test]
async fn cut_promises_more_than_it_sends() {
    let emu = Emu::new();
    emu.fault(json!({ "mode": "cut" })).await;
    let request = Request::builder()
        .uri(format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}"))
        .header("x-pinecone-api-version", VERSION)
        .header("api-key", DEMO_KEY)
        .body(Body::empty())
        .unwrap();
    let response = emu.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let declared: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();

    let mut body = response.into_body();
    let mut received = Vec::new();
    let error = loop {
        match poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            Some(Ok(frame)) => received.extend_from_slice(frame.data_ref().unwrap()),
            Some(Err(error)) => break error,
            None => panic!("the body ended cleanly"),
        }
    };
    assert!(!error.to_string().is_empty());
    assert!(!received.is_empty() && received.len() < declared);
    // The start of the real answer, not a canned body.
    assert!(received.starts_with(b"{\""));
}

fn raw_get(path: &str) -> String {
    format!(
        "GET {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-pinecone-api-version: {VERSION}\r\n\
         api-key: {DEMO_KEY}\r\n\r\n"
    )
}

#[tokio::test]
async fn cut_resets_a_real_connection_mid_body() {
    let emu = Emu::new();
    let address = emu.listen().await;
    emu.fault(json!({ "mode": "cut", "body": "0123456789abcdefghij" }))
        .await;

    let mut stream = TcpStream::connect(address).await.unwrap();
    stream
        .write_all(raw_get(&format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}")).as_bytes())
        .await
        .unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server kept the connection open");

    let text = String::from_utf8(received).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("content-length: 20"), "{head}");
    assert_eq!(body, "0123456789");
}

#[tokio::test]
async fn hang_records_the_client_leaving() {
    let emu = Emu::new();
    let address = emu.listen().await;
    emu.fault(json!({ "mode": "hang" })).await;

    let mut stream = TcpStream::connect(address).await.unwrap();
    stream
        .write_all(raw_get(&format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}")).as_bytes())
        .await
        .unwrap();

    let outcome = |records: Vec<Value>| records.first().map(|r| r["outcome"].clone());
    let deadline = Instant::now() + Duration::from_secs(5);
    while outcome(emu.requests().await) != Some(json!("pending")) {
        assert!(Instant::now() < deadline, "the request was never recorded");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Nothing comes back while it hangs.
    let mut buf = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buf)).await;
    assert!(early.is_err(), "the server answered a hung request");

    drop(stream);
    while outcome(emu.requests().await) != Some(json!("client_disconnected")) {
        assert!(
            Instant::now() < deadline,
            "the disconnect was never recorded"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(emu.requests().await[0]["status"], Value::Null);
}

#[tokio::test]
async fn preflights_allow_any_origin_and_the_api_headers() {
    let emu = Emu::new();
    let request = Request::builder()
        .method(Method::OPTIONS)
        .uri(format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}"))
        .header("origin", "http://127.0.0.1:8000")
        .header("access-control-request-method", "PATCH")
        .header(
            "access-control-request-headers",
            "api-key,content-type,x-pinecone-api-version,x-extra",
        )
        .body(Body::empty())
        .unwrap();
    let reply = emu.send(request).await;
    assert_eq!(reply.status, 204);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://127.0.0.1:8000")
    );
    assert_eq!(
        reply.header("access-control-allow-methods"),
        Some("GET, POST, PATCH, DELETE, OPTIONS")
    );
    let allowed = reply.header("access-control-allow-headers").unwrap();
    for name in [
        "api-key",
        "content-type",
        "x-pinecone-api-version",
        "x-extra",
    ] {
        assert!(allowed.split(", ").any(|n| n == name), "{allowed}");
    }
    assert_eq!(reply.header("access-control-max-age"), Some("600"));
    assert!(reply.header("access-control-allow-credentials").is_none());

    // Without an Origin header the answer is a wildcard.
    let request = Request::builder()
        .method(Method::OPTIONS)
        .uri("/_emulator/reset")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let reply = emu.send(request).await;
    assert_eq!(reply.status, 204);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn responses_expose_headers_unless_switched_off() {
    let emu = Emu::new();
    let get = || {
        Request::builder()
            .uri(format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}"))
            .header("origin", "http://localhost:3000")
            .header("x-pinecone-api-version", VERSION)
            .header("api-key", DEMO_KEY)
            .body(Body::empty())
            .unwrap()
    };
    let reply = emu.send(get()).await;
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(
        reply.header("access-control-expose-headers"),
        Some("x-pinecone-request-id, retry-after")
    );
    assert!(reply.header("access-control-allow-credentials").is_none());

    emu.admin(
        Method::POST,
        "/_emulator/config",
        Some(json!({ "expose_headers": false })),
    )
    .await;
    let reply = emu.send(get()).await;
    assert!(reply.header("access-control-allow-origin").is_some());
    assert!(reply.header("access-control-expose-headers").is_none());

    // Errors carry CORS headers too, or a browser could not read them.
    let reply = emu
        .send(
            Request::builder()
                .uri("/backup-schedules/x")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
}

const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self' https://api.pinecone.io http://127.0.0.1:* \
    http://localhost:*; form-action 'none'; object-src 'none'; base-uri 'none'; \
    frame-ancestors 'none'";

#[tokio::test]
async fn static_files_come_with_types_and_security_headers() {
    let root = temp_dir("static");
    let www = root.join("www");
    let pkg = root.join("pkg");
    std::fs::create_dir_all(www.join("css")).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html>").unwrap();
    std::fs::write(www.join("app.js"), "export {}").unwrap();
    std::fs::write(www.join("css/site.css"), "body{}").unwrap();
    std::fs::write(pkg.join("client_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(root.join("secret.txt"), "do not serve").unwrap();
    let emu = Emu::with(|config| {
        config.www_dir = www.clone();
        config.pkg_dir = pkg.clone();
    });

    for (path, content_type, body) in [
        ("/", "text/html; charset=utf-8", &b"<!doctype html>"[..]),
        (
            "/index.html",
            "text/html; charset=utf-8",
            b"<!doctype html>",
        ),
        ("/app.js", "text/javascript; charset=utf-8", b"export {}"),
        ("/css/site.css", "text/css; charset=utf-8", b"body{}"),
        (
            "/pkg/client_bg.wasm",
            "application/wasm",
            b"\0asm\x01\0\0\0",
        ),
    ] {
        let reply = emu.admin(Method::GET, path, None).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
        assert_eq!(&reply.body[..], body);
        assert_eq!(reply.header("content-security-policy"), Some(CSP));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    }

    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/css/../../secret.txt",
        "/pkg/../secret.txt",
        "/pkg/%2E%2E/secret.txt",
        "/..\\secret.txt",
        "/missing.html",
    ] {
        let reply = emu.admin(Method::GET, path, None).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.text().contains("do not serve"));
    }
    let post = emu.admin(Method::POST, "/index.html", None).await;
    assert_eq!(post.status, 405);
}
