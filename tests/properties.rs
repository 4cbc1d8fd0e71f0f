//! Properties of the core over random input: no rule panics, and whatever passes the rules
//! becomes a request that cannot escape its endpoint and whose body is valid JSON.
#![cfg(not(target_arch = "wasm32"))]

use pinecone_backup_schedules::request::{build, Operation};
use pinecone_backup_schedules::validate::{self, PageParams};
use pinecone_backup_schedules::{decode, error, options, retry, Report, Value};
use proptest::prelude::*;

/// Strings that favour the characters rules care about: separators, dots, controls,
/// non-ASCII, quotes and escapes.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{0,50}",
        "[ -~]{0,40}",
        "[./%?#\\\\a-zA-Z0-9\u{0}-\u{1f}\u{7f}\u{80}-\u{ff}\u{2028}\u{202e}\u{200b}\u{ff0e}\"]{0,30}",
        any::<String>(),
    ]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        (-5i64..100).prop_map(|n| n as f64),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(2_147_483_648.0),
        Just(9_007_199_254_740_993.0),
        Just(-0.0),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "name",
            "schedule",
            "retention",
            "type",
            "frequency",
            "expire_after_days",
            "enabled",
            "limit",
            "paginationToken",
            "apiKey",
            "baseUrl",
            "apiVersion",
            "headers",
            "timeoutMs",
            "maxRetries",
            "signal",
            "fetch",
            "onEvent",
            "credentials",
            "__proto__",
            "expireAfterDays",
        ])
        .prop_map(str::to_owned),
        text(),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        text().prop_map(Value::String),
        prop::sample::select(vec!["function", "AbortSignal", "symbol", "bigint", "Date"])
            .prop_map(|k| Value::Other(k.to_owned())),
        prop::sample::select(vec!["daily", "weekly", "monthly", "Daily", "time-based"])
            .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8).prop_map(Value::Object),
        ]
    })
}

/// A create request with each field either valid or random.
fn create_like() -> impl Strategy<Value = Value> {
    let name = prop_oneof![text().prop_map(Value::String), value()];
    let freq = prop_oneof![
        prop::sample::select(vec!["daily", "weekly", "monthly"])
            .prop_map(|s| Value::String(s.to_owned())),
        value()
    ];
    let days = prop_oneof![(1i64..400).prop_map(|n| Value::Number(n as f64)), value()];
    (name, freq, days).prop_map(|(name, frequency, days)| {
        Value::Object(vec![
            ("name".into(), name),
            (
                "schedule".into(),
                Value::Object(vec![("frequency".into(), frequency)]),
            ),
            (
                "retention".into(),
                Value::Object(vec![("expire_after_days".into(), days)]),
            ),
        ])
    })
}

fn path_of(op: &Operation) -> String {
    op.path()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn create_rules_never_panic_and_valid_bodies_are_json(
        index in prop_oneof![text().prop_map(Value::String), value()],
        request in prop_oneof![create_like(), value()],
    ) {
        let mut report = Report::default();
        let index = validate::index_name(&mut report, "indexName", Some(&index));
        let request = validate::create_request(&mut report, Some(&request));
        if let (Some(index_name), Some(request)) = (index, request) {
            prop_assert!(report.is_ok());
            let name = request.name.clone();
            let op = Operation::Create { index_name, request };
            let body = op.body().expect("create has a body");
            let parsed: serde_json::Value = serde_json::from_str(&body).expect("body is JSON");
            prop_assert_eq!(parsed["name"].as_str(), Some(name.as_str()));
            let path = path_of(&op);
            prop_assert_eq!(path.matches('/').count(), 3);
            prop_assert!(!path.contains(['?', '#', '\\']));
        } else {
            prop_assert!(!report.errors.is_empty(), "a refusal always says why");
        }
    }

    #[test]
    fn schedule_ids_cannot_leave_their_segment(id in text()) {
        let mut report = Report::default();
        if let Some(schedule_id) = validate::schedule_id(&mut report, "scheduleId", Some(&Value::String(id))) {
            for op in [
                Operation::Describe { schedule_id: schedule_id.clone() },
                Operation::Delete { schedule_id: schedule_id.clone() },
                Operation::History { schedule_id, page: PageParams::default() },
            ] {
                let path = path_of(&op);
                let segment = path.split('/').nth(2).expect("a segment follows the collection");
                prop_assert!(segment != "." && segment != ".." && !segment.is_empty());
                prop_assert!(segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
                prop_assert!(!path.contains(['?', '#']));
            }
        }
    }

    #[test]
    fn update_and_page_rules_never_panic(update in value(), page in value()) {
        let mut report = Report::default();
        if let Some(request) = validate::update_request(&mut report, Some(&update)) {
            let op = Operation::Update { schedule_id: "s".into(), request };
            let body = op.body().expect("update has a body");
            prop_assert!(serde_json::from_str::<serde_json::Value>(&body).is_ok());
        }
        if let Some(params) = validate::page_params(&mut report, "params", Some(&page)) {
            let op = Operation::List { index_name: "i".into(), page: params };
            prop_assert!(!path_of(&op).contains('#'));
        }
    }

    #[test]
    fn accepted_options_make_well_formed_requests(
        options in value(),
        base in text(),
        api_key in text(),
    ) {
        let mut with_fields = match options {
            Value::Object(members) => members,
            _ => Vec::new(),
        };
        with_fields.push(("baseUrl".into(), Value::String(base)));
        with_fields.push(("apiKey".into(), Value::String(api_key)));
        let mut report = Report::default();
        if let Some(options) = options::client_options(&mut report, Some(&Value::Object(with_fields))) {
            let op = Operation::Delete { schedule_id: "id".into() };
            let request = build(&op, &options);
            for (name, value) in &request.headers {
                prop_assert!(options::header_value_problem(value).is_none(), "{name} is sendable");
            }
            let url = request.url;
            prop_assert!(url.starts_with("http://") || url.starts_with("https://") || (url.starts_with('/') && !url.starts_with("//")));
            prop_assert!(!url.contains(['#', '?', '\\']) && !url.chars().any(char::is_whitespace));
            if let Some((_, rest)) = url.split_once("://") {
                let authority = rest.split('/').next().unwrap_or_default();
                prop_assert!(!authority.is_empty() && !authority.contains('@'), "host of {url}");
            }
        }
        for issue in &report.errors {
            prop_assert!(!issue.message.is_empty());
        }
    }

    #[test]
    fn response_readers_never_panic(body in value(), text_body in any::<String>(), status in 100u16..1000) {
        let _ = decode::schedule(&body);
        let _ = decode::page(&body);
        let _ = decode::next_token(&body);
        let (_, message) = error::read_error_body(status, &text_body, Some(&body));
        prop_assert!(!message.is_empty());
        let (_, message) = error::read_error_body(status, &text_body, None);
        prop_assert!(!message.is_empty());
    }

    #[test]
    fn retry_after_never_panics(header in any::<String>(), now in any::<f64>()) {
        if let Some(ms) = retry::retry_after_ms(Some(&header), now) {
            prop_assert!(ms >= 0.0 || ms.is_nan());
        }
        let _ = retry::http_date_ms(&header);
    }
}
