//! The schedule endpoints: happy paths, the order of checks, and every error class.

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{json, Value};

use common::{create_body, is_micros_timestamp, is_uuid, Emu, VERSION};
use emulator::{DEMO_KEY, NIGHTLY_SUPPORT_ID, STARTER_KEY, WEEKLY_ARCHIVE_ID};

const SCHEDULE_KEYS: [&str; 10] = [
    "schedule_id",
    "name",
    "index_id",
    "project_id",
    "schedule_type",
    "frequency",
    "retention_expire_after_days",
    "enabled",
    "next_scheduled_run",
    "created_at",
];

fn assert_schedule_shape(schedule: &Value) {
    let object = schedule.as_object().unwrap();
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = SCHEDULE_KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert!(is_uuid(schedule["schedule_id"].as_str().unwrap()));
    assert!(is_micros_timestamp(
        schedule["created_at"].as_str().unwrap()
    ));
}

#[tokio::test]
async fn create_returns_an_enabled_schedule() {
    let emu = Emu::new();
    let reply = emu
        .api(
            Method::POST,
            "/indexes/docs-example/backup-schedules",
            Some(create_body("docs-nightly", "daily", 14)),
        )
        .await;

    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(is_uuid(reply.header("x-pinecone-request-id").unwrap()));
    let schedule = reply.json();
    assert_schedule_shape(&schedule);
    assert_eq!(schedule["name"], "docs-nightly");
    assert_eq!(schedule["index_id"], "idx-docs-example-0001");
    assert_eq!(schedule["project_id"], "demo-project");
    assert_eq!(schedule["schedule_type"], "time-based");
    assert_eq!(schedule["frequency"], "daily");
    assert_eq!(schedule["retention_expire_after_days"], 14);
    assert_eq!(schedule["enabled"], true);
    let next = schedule["next_scheduled_run"].as_str().unwrap();
    assert!(next.ends_with("T02:00:00+00:00"), "{next}");
    // ISO strings of one shape compare in time order.
    assert!(next > schedule["created_at"].as_str().unwrap());
}

#[tokio::test]
async fn request_ids_differ() {
    let emu = Emu::new();
    let path = format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}");
    let a = emu.api(Method::GET, &path, None).await;
    let b = emu.api(Method::GET, &path, None).await;
    assert_ne!(
        a.header("x-pinecone-request-id"),
        b.header("x-pinecone-request-id")
    );
}

#[tokio::test]
async fn seeded_schedules_are_listed_in_creation_order() {
    let emu = Emu::new();
    let reply = emu
        .api(
            Method::GET,
            "/indexes/support-tickets/backup-schedules",
            None,
        )
        .await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["pagination"], Value::Null);
    let data = body["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    data.iter().for_each(assert_schedule_shape);
    assert_eq!(data[0]["schedule_id"], NIGHTLY_SUPPORT_ID);
    assert_eq!(data[0]["name"], "nightly-support");
    assert_eq!(data[0]["enabled"], true);
    assert_eq!(data[0]["retention_expire_after_days"], 7);
    assert!(data[0]["next_scheduled_run"].is_string());
    assert_eq!(data[1]["schedule_id"], WEEKLY_ARCHIVE_ID);
    assert_eq!(data[1]["enabled"], false);
    assert_eq!(data[1]["frequency"], "weekly");
    assert_eq!(data[1]["retention_expire_after_days"], 30);
    assert_eq!(data[1]["next_scheduled_run"], Value::Null);

    let empty = emu
        .api(Method::GET, "/indexes/docs-example/backup-schedules", None)
        .await;
    assert_eq!(empty.json(), json!({ "data": [], "pagination": null }));
}

#[tokio::test]
async fn describe_update_delete_round_trip() {
    let emu = Emu::new();
    let id = emu.create("product-search", "products").await;
    let path = format!("/backup-schedules/{id}");

    let described = emu.api(Method::GET, &path, None).await;
    assert_eq!(described.status, 200);
    assert_schedule_shape(&described.json());

    let same = emu.api(Method::PATCH, &path, Some(json!({}))).await;
    assert_eq!(same.status, 200);
    assert_eq!(same.json(), described.json());

    let changed = emu
        .api(
            Method::PATCH,
            &path,
            Some(json!({ "frequency": "monthly", "retention": { "expire_after_days": 30 } })),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text());
    let changed = changed.json();
    assert_eq!(changed["frequency"], "monthly");
    assert_eq!(changed["retention_expire_after_days"], 30);
    let next = changed["next_scheduled_run"].as_str().unwrap();
    assert_eq!(&next[8..], "01T02:00:00+00:00");

    let disabled = emu
        .api(Method::PATCH, &path, Some(json!({ "enabled": false })))
        .await
        .json();
    assert_eq!(disabled["enabled"], false);
    assert_eq!(disabled["next_scheduled_run"], Value::Null);
    let enabled = emu
        .api(Method::PATCH, &path, Some(json!({ "enabled": true })))
        .await
        .json();
    assert_eq!(enabled["enabled"], true);
    assert!(enabled["next_scheduled_run"].is_string());

    let deleted = emu.api(Method::DELETE, &path, None).await;
    assert_eq!(deleted.status, 204);
    assert!(deleted.body.is_empty());
    assert!(deleted.header("content-type").is_none());
    assert!(deleted.header("x-pinecone-request-id").is_some());

    for method in [Method::GET, Method::DELETE] {
        let gone = emu.api(method, &path, None).await;
        assert_eq!(gone.status, 404);
        let (code, message) = gone.error();
        assert_eq!(code, "NOT_FOUND");
        assert!(message.contains(&id), "{message}");
    }
}

#[tokio::test]
async fn history_items_have_the_documented_fields() {
    let emu = Emu::new();
    let reply = emu
        .api(
            Method::GET,
            &format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}/history"),
            None,
        )
        .await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["pagination"], Value::Null);
    let items = body["data"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        for key in [
            "backup_id",
            "source_index_id",
            "source_index_name",
            "name",
            "status",
            "cloud",
            "region",
            "created_at",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert_eq!(item["source_index_id"], "idx-support-tickets-0001");
        assert_eq!(item["source_index_name"], "support-tickets");
        assert_eq!(item["cloud"], "aws");
        assert_eq!(item["region"], "us-east-1");
        let name = item["name"].as_str().unwrap();
        let suffix = name.strip_prefix("nightly-support-").unwrap();
        assert_eq!(suffix.len(), 16);
        assert!(suffix.ends_with('Z') && suffix.as_bytes()[8] == b'T');
    }
    let sparse = items[1].as_object().unwrap();
    for key in [
        "description",
        "record_count",
        "namespace_count",
        "size_bytes",
        "tags",
        "schema",
        "scheduled_execution_at",
    ] {
        assert!(!sparse.contains_key(key), "{key} should be absent");
        assert!(items[0].get(key).is_some(), "{key} should be present");
    }
    assert!(items
        .iter()
        .any(|item| item["status"] == "InitializationFailed"));

    let weekly = emu
        .api(
            Method::GET,
            &format!("/backup-schedules/{WEEKLY_ARCHIVE_ID}/history"),
            None,
        )
        .await
        .json();
    assert_eq!(weekly["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn checks_run_in_the_documented_order() {
    let emu = Emu::new();
    let bad_body = Some(json!({ "name": 5 }));
    let unknown = "/indexes/no-such-index/backup-schedules";

    // Version before key.
    let reply = emu
        .call(Method::POST, unknown, None, None, bad_body.clone())
        .await;
    assert_eq!(reply.status, 400);
    let (code, message) = reply.error();
    assert_eq!(code, "INVALID_ARGUMENT");
    assert!(message.contains("required"), "{message}");
    let reply = emu
        .call(
            Method::POST,
            unknown,
            Some("2025-10"),
            None,
            bad_body.clone(),
        )
        .await;
    assert_eq!(reply.status, 400);
    let message = reply.error().1;
    assert!(
        message.contains("2026-07") && message.contains("unstable"),
        "{message}"
    );

    // Key before plan: a stable-version 401 is bare text, a pre-release one is JSON.
    for key in [None, Some("wrong-key")] {
        let reply = emu
            .call(Method::POST, unknown, Some(VERSION), key, bad_body.clone())
            .await;
        assert_eq!(reply.status, 401);
        assert_eq!(reply.text(), "Invalid API key");
        assert!(reply
            .header("content-type")
            .unwrap()
            .starts_with("text/plain"));
    }
    let reply = emu
        .call(Method::GET, unknown, Some("unstable"), None, None)
        .await;
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.json(),
        json!({"error": {"code": "UNAUTHENTICATED", "message": "Invalid API key"}, "status": 401})
    );

    // Plan before lookup.
    for (method, path) in [
        (Method::POST, unknown.to_owned()),
        (
            Method::GET,
            "/indexes/starter-index/backup-schedules".into(),
        ),
        (Method::GET, "/backup-schedules/no-such-id".into()),
        (
            Method::DELETE,
            format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}"),
        ),
        (Method::GET, "/backup-schedules/no-such-id/history".into()),
    ] {
        let reply = emu
            .call(method, &path, Some(VERSION), Some(STARTER_KEY), None)
            .await;
        assert_eq!(reply.status, 403, "{path}");
        assert_eq!(
            reply.json(),
            json!({"error": {"code": "FORBIDDEN", "message": "Scheduled backups are not available for your plan. Upgrade to Standard or Enterprise."}, "status": 403})
        );
    }

    // Lookup before body.
    let reply = emu.api(Method::POST, unknown, bad_body.clone()).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.error().1, "Index 'no-such-index' not found");
    let reply = emu
        .api(Method::PATCH, "/backup-schedules/nope", bad_body.clone())
        .await;
    assert_eq!(reply.status, 404);

    // Body shape before semantics, semantics before conflict.
    let index = "/indexes/support-tickets/backup-schedules";
    let reply = emu
        .api(
            Method::POST,
            index,
            Some(json!({ "name": "", "schedule": { "type": "cron", "frequency": "daily" } })),
        )
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error().0, "UNPROCESSABLE_ENTITY");
    let reply = emu
        .api(Method::POST, index, Some(create_body(" ", "daily", 7)))
        .await;
    assert_eq!(reply.status, 400);
    let reply = emu
        .api(
            Method::POST,
            index,
            Some(create_body("another", "daily", 7)),
        )
        .await;
    assert_eq!(reply.status, 409);
    assert_eq!(reply.error().0, "ALREADY_EXISTS");
}

#[tokio::test]
async fn header_names_are_case_insensitive() {
    let emu = Emu::new();
    let request = Request::builder()
        .uri("/indexes/support-tickets/backup-schedules")
        .header("API-KEY", DEMO_KEY)
        .header("x-pinecone-api-version", "unstable")
        .body(Body::empty())
        .unwrap();
    assert_eq!(emu.send(request).await.status, 200);
}

#[tokio::test]
async fn malformed_bodies_are_422_naming_the_field() {
    let emu = Emu::new();
    let path = "/indexes/docs-example/backup-schedules";
    let cases = [
        ("", "JSON"),
        ("not json", "JSON"),
        ("[1, 2]", "object"),
        (
            r#"{"schedule": {"type": "time-based", "frequency": "daily"}, "retention": {"expire_after_days": 7}}"#,
            "`name`",
        ),
        (
            r#"{"name": 7, "schedule": {"type": "time-based", "frequency": "daily"}, "retention": {"expire_after_days": 7}}"#,
            "`name`",
        ),
        (
            r#"{"name": "n", "retention": {"expire_after_days": 7}}"#,
            "`schedule`",
        ),
        (
            r#"{"name": "n", "schedule": "daily", "retention": {"expire_after_days": 7}}"#,
            "`schedule`",
        ),
        (
            r#"{"name": "n", "schedule": {"frequency": "daily"}, "retention": {"expire_after_days": 7}}"#,
            "`schedule.type`",
        ),
        (
            r#"{"name": "n", "schedule": {"type": "time-based"}, "retention": {"expire_after_days": 7}}"#,
            "`schedule.frequency`",
        ),
        (
            r#"{"name": "n", "schedule": {"type": "time-based", "frequency": "daily"}}"#,
            "`retention`",
        ),
        (
            r#"{"name": "n", "schedule": {"type": "time-based", "frequency": "daily"}, "retention": {}}"#,
            "`retention.expire_after_days`",
        ),
        (
            r#"{"name": "n", "schedule": {"type": "time-based", "frequency": "daily"}, "retention": {"expire_after_days": "7"}}"#,
            "`retention.expire_after_days`",
        ),
        (
            r#"{"name": "n", "schedule": {"type": "time-based", "frequency": "daily"}, "retention": {"expire_after_days": 7.5}}"#,
            "`retention.expire_after_days`",
        ),
    ];
    for (body, needle) in cases {
        let reply = emu.raw(Method::POST, path, body).await;
        assert_eq!(reply.status, 422, "{body}");
        let (code, message) = reply.error();
        assert_eq!(code, "UNPROCESSABLE_ENTITY");
        assert!(message.contains(needle), "{message} should name {needle}");
    }

    let schedule = format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}");
    for (body, needle) in [
        (r#"{"enabled": "yes"}"#, "`enabled`"),
        (r#"{"frequency": 1}"#, "`frequency`"),
        (r#"{"retention": {}}"#, "`retention.expire_after_days`"),
        (r#"{"retention": 7}"#, "`retention`"),
        ("", "JSON"),
    ] {
        let reply = emu.raw(Method::PATCH, &schedule, body).await;
        assert_eq!(reply.status, 422, "{body}");
        assert!(reply.error().1.contains(needle), "{body}");
    }
}

#[tokio::test]
async fn semantic_errors_are_400() {
    let emu = Emu::new();
    let path = "/indexes/docs-example/backup-schedules";
    let mut bad_type = create_body("n", "daily", 7);
    bad_type["schedule"]["type"] = json!("cron");
    let cases = [
        (create_body("   ", "daily", 7), "name"),
        (bad_type, "schedule.type"),
        (create_body("n", "hourly", 7), "schedule.frequency"),
        (create_body("n", "daily", 0), "90"),
        (create_body("n", "daily", 91), "90"),
    ];
    for (body, needle) in cases {
        let reply = emu.api(Method::POST, path, Some(body.clone())).await;
        assert_eq!(reply.status, 400, "{body}");
        let (code, message) = reply.error();
        assert_eq!(code, "INVALID_ARGUMENT");
        assert!(message.contains(needle), "{message}");
    }
    let reply = emu
        .api(Method::POST, path, Some(create_body("n", "daily", 90)))
        .await;
    assert_eq!(reply.status, 200);

    let pods = emu
        .api(
            Method::POST,
            "/indexes/legacy-pods/backup-schedules",
            Some(create_body("n", "daily", 7)),
        )
        .await;
    assert_eq!(pods.status, 400);
    assert!(pods.error().1.contains("pod"));

    let schedule = format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}");
    for body in [
        json!({ "frequency": "yearly" }),
        json!({ "retention": { "expire_after_days": 365 } }),
    ] {
        let reply = emu.api(Method::PATCH, &schedule, Some(body)).await;
        assert_eq!(reply.status, 400);
    }
}

#[tokio::test]
async fn the_retention_limit_follows_the_flag() {
    let emu = Emu::with(|config| config.max_retention_days = 30);
    let path = "/indexes/docs-example/backup-schedules";
    let reply = emu
        .api(Method::POST, path, Some(create_body("n", "daily", 31)))
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.error().1.contains("30"));
}

#[tokio::test]
async fn re_enabling_beside_an_enabled_schedule_conflicts() {
    let emu = Emu::new();
    let weekly = format!("/backup-schedules/{WEEKLY_ARCHIVE_ID}");
    let nightly = format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}");

    let reply = emu
        .api(Method::PATCH, &weekly, Some(json!({ "enabled": true })))
        .await;
    assert_eq!(reply.status, 409);
    assert_eq!(reply.error().0, "ALREADY_EXISTS");
    // Re-enabling the schedule that is already enabled is fine.
    let reply = emu
        .api(Method::PATCH, &nightly, Some(json!({ "enabled": true })))
        .await;
    assert_eq!(reply.status, 200);

    let reply = emu
        .api(Method::PATCH, &nightly, Some(json!({ "enabled": false })))
        .await;
    assert_eq!(reply.status, 200);
    let reply = emu
        .api(Method::PATCH, &weekly, Some(json!({ "enabled": true })))
        .await;
    assert_eq!(reply.status, 200);
    let weekly = reply.json();
    assert_eq!(weekly["enabled"], true);
    assert!(weekly["next_scheduled_run"].is_string());
}

#[tokio::test]
async fn pages_follow_tokens_that_carry_their_size() {
    let emu = Emu::new();
    let mut ids = Vec::new();
    for n in 0..5 {
        let id = emu.create("product-search", &format!("s{n}")).await;
        let disable = emu
            .api(
                Method::PATCH,
                &format!("/backup-schedules/{id}"),
                Some(json!({ "enabled": false })),
            )
            .await;
        assert_eq!(disable.status, 200);
        ids.push(id);
    }

    let base = "/indexes/product-search/backup-schedules";
    let mut seen = Vec::new();
    let mut path = format!("{base}?limit=2");
    let mut pages = 0;
    loop {
        let body = emu.api(Method::GET, &path, None).await.json();
        pages += 1;
        let data = body["data"].as_array().unwrap();
        seen.extend(
            data.iter()
                .map(|s| s["schedule_id"].as_str().unwrap().to_owned()),
        );
        match body["pagination"]["next"].as_str() {
            Some(token) => {
                assert_eq!(data.len(), 2);
                assert!(token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
                path = format!("{base}?paginationToken={token}");
            }
            None => {
                assert_eq!(body["pagination"], Value::Null);
                break;
            }
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids);

    let history = emu
        .api(
            Method::GET,
            &format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}/history?limit=2"),
            None,
        )
        .await
        .json();
    assert_eq!(history["data"].as_array().unwrap().len(), 2);
    let token = history["pagination"]["next"].as_str().unwrap();
    let rest = emu
        .api(
            Method::GET,
            &format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}/history?paginationToken={token}"),
            None,
        )
        .await
        .json();
    assert_eq!(rest["data"].as_array().unwrap().len(), 1);
    assert_eq!(rest["pagination"], Value::Null);
}

#[tokio::test]
async fn bad_limits_and_tokens_are_400() {
    let emu = Emu::new();
    for query in [
        "limit=0",
        "limit=101",
        "limit=ten",
        "paginationToken=garbage",
        "paginationToken=MTox",
    ] {
        for path in [
            format!("/indexes/support-tickets/backup-schedules?{query}"),
            format!("/backup-schedules/{NIGHTLY_SUPPORT_ID}/history?{query}"),
        ] {
            let reply = emu.api(Method::GET, &path, None).await;
            assert_eq!(reply.status, 400, "{path}");
            assert_eq!(reply.error().0, "INVALID_ARGUMENT");
        }
    }
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let emu = Emu::new();
    for path in [
        "/indexes",
        "/indexes/docs-example",
        "/backup-schedules",
        "/backup-schedules/x/history/y",
    ] {
        let reply = emu.api(Method::GET, path, None).await;
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.error().0, "NOT_FOUND");
    }
    let reply = emu
        .api(Method::PUT, "/backup-schedules/anything", None)
        .await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, PATCH, DELETE"));
    let reply = emu
        .api(
            Method::DELETE,
            "/indexes/docs-example/backup-schedules",
            None,
        )
        .await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, POST"));
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let emu = Emu::new();
    let name = "n".repeat(70 * 1024);
    let reply = emu
        .api(
            Method::POST,
            "/indexes/docs-example/backup-schedules",
            Some(create_body(&name, "daily", 7)),
        )
        .await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.error().0, "PAYLOAD_TOO_LARGE");

    // Just under the limit is fine.
    let name = "n".repeat(60 * 1024);
    let reply = emu
        .api(
            Method::POST,
            "/indexes/docs-example/backup-schedules",
            Some(create_body(&name, "daily", 7)),
        )
        .await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn percent_encoded_ids_are_decoded() {
    let emu = Emu::new();
    let reply = emu
        .api(Method::GET, "/backup-schedules/a%2Fb%20c", None)
        .await;
    assert_eq!(reply.status, 404);
    assert!(reply.error().1.contains("'a/b c'"));
}
