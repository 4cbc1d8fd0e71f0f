#![cfg(not(target_arch = "wasm32"))]
//! Native tables for the plain-Rust core: input rules, options, request building, response
//! shape checks, error bodies and the retry policy. Nothing here touches the network.
//!
//! Tables are laid out by hand (`#[rustfmt::skip]`) so each case stays on one line.

use pinecone_backup_schedules::decode;
use pinecone_backup_schedules::error::{read_error_body, status_line};
use pinecone_backup_schedules::options::{self, client_options};
use pinecone_backup_schedules::request::{self, build, HttpRequest};
use pinecone_backup_schedules::retry;
use pinecone_backup_schedules::validate::{
    self, CreateRequest, Frequency, PageParams, UpdateRequest,
};
use pinecone_backup_schedules::{
    ClientOptions, Error, ErrorKind, Method, Operation, Report, Value,
};
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The crate's value from a `serde_json` one. Keys come out sorted (no `preserve_order`),
/// which no rule under test depends on.
fn val(j: serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => {
            Value::Number(n.as_f64().expect("serde_json numbers fit an f64 here"))
        }
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => Value::Array(items.into_iter().map(val).collect()),
        serde_json::Value::Object(members) => {
            Value::Object(members.into_iter().map(|(k, v)| (k, val(v))).collect())
        }
    }
}

fn parse(text: &str) -> Value {
    val(serde_json::from_str(text).expect("test JSON parses"))
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn n(x: f64) -> Value {
    Value::Number(x)
}

/// An object from members, for inputs JSON cannot spell (NaN, JS-only values).
fn obj(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// Replaces, adds or (with `None`) removes the member at `path`.
fn edit(mut value: Value, path: &[&str], new: Option<Value>) -> Value {
    fn go(value: &mut Value, path: &[&str], new: Option<Value>) {
        let Value::Object(members) = value else {
            panic!("edit path runs through a non-object");
        };
        let (key, rest) = path.split_first().expect("edit path is not empty");
        let at = members.iter().position(|(k, _)| k == key);
        if rest.is_empty() {
            match (at, new) {
                (Some(i), Some(v)) => members[i].1 = v,
                (Some(i), None) => {
                    members.remove(i);
                }
                (None, Some(v)) => members.push(((*key).to_owned(), v)),
                (None, None) => panic!("nothing to remove at {key}"),
            }
        } else {
            go(&mut members[at.expect("edit path exists")].1, rest, new);
        }
    }
    go(&mut value, path, new);
    value
}

/// Runs one check on a fresh report.
fn run<T>(check: impl FnOnce(&mut Report) -> Option<T>) -> (Option<T>, Report) {
    let mut report = Report::default();
    let out = check(&mut report);
    (out, report)
}

/// A report's errors as `path: message` lines, for failure output.
fn show(report: &Report) -> String {
    report
        .errors
        .iter()
        .map(|i| format!("  {}: {}", i.path, i.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The check refused its input with exactly one error, at `path`, whose message holds
/// `fragment`.
#[track_caller]
fn assert_one_error<T: std::fmt::Debug>(
    case: &str,
    out: &Option<T>,
    report: &Report,
    path: &str,
    fragment: &str,
) {
    assert!(out.is_none(), "{case}: expected a refusal, got {out:?}");
    assert_eq!(
        report.errors.len(),
        1,
        "{case}: expected one error at {path}, got\n{}",
        show(report)
    );
    let issue = &report.errors[0];
    assert_eq!(issue.path, path, "{case}: wrong path ({})", issue.message);
    assert!(
        issue.message.contains(fragment),
        "{case}: message {:?} lacks {fragment:?}",
        issue.message
    );
}

/// The check refused its input with, among others, an error at `path` holding `fragment`.
#[track_caller]
fn assert_has_error<T: std::fmt::Debug>(
    case: &str,
    out: &Option<T>,
    report: &Report,
    path: &str,
    fragment: &str,
) {
    assert!(out.is_none(), "{case}: expected a refusal, got {out:?}");
    assert!(
        report
            .errors
            .iter()
            .any(|i| i.path == path && i.message.contains(fragment)),
        "{case}: no error at {path} containing {fragment:?}; got\n{}",
        show(report)
    );
}

#[track_caller]
fn assert_clean<T: std::fmt::Debug>(case: &str, out: &Option<T>, report: &Report) {
    assert!(
        report.errors.is_empty(),
        "{case}: expected no errors, got\n{}",
        show(report)
    );
    assert!(out.is_some(), "{case}: no errors but no result either");
}

fn doc_create() -> Value {
    val(json!({
        "name": "my-nightly-backup",
        "schedule": { "type": "time-based", "frequency": "daily" },
        "retention": { "expire_after_days": 7 }
    }))
}

fn doc_request() -> CreateRequest {
    CreateRequest {
        name: "my-nightly-backup".to_owned(),
        frequency: Frequency::Daily,
        expire_after_days: 7,
    }
}

fn upd(enabled: Option<bool>, frequency: Option<Frequency>, days: Option<i32>) -> UpdateRequest {
    UpdateRequest {
        enabled,
        frequency,
        expire_after_days: days,
    }
}

fn create(input: &Value) -> (Option<CreateRequest>, Report) {
    run(|r| validate::create_request(r, Some(input)))
}

fn update(input: &Value) -> (Option<UpdateRequest>, Report) {
    run(|r| validate::update_request(r, Some(input)))
}

fn index(input: Option<&Value>) -> (Option<String>, Report) {
    run(|r| validate::index_name(r, "indexName", input))
}

fn schedule_id(input: &Value) -> (Option<String>, Report) {
    run(|r| validate::schedule_id(r, "scheduleId", Some(input)))
}

fn page(input: Option<&Value>) -> (Option<PageParams>, Report) {
    run(|r| validate::page_params(r, "params", input))
}

fn options_of(input: &Value) -> (Option<ClientOptions>, Report) {
    run(|r| client_options(r, Some(input)))
}

/// Options that must pass; panics with the report otherwise.
#[track_caller]
fn opts(j: serde_json::Value) -> ClientOptions {
    let (out, report) = options_of(&val(j));
    assert_clean("options fixture", &out, &report);
    out.expect("checked above")
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

// ---------------------------------------------------------------------------------------------
// Index names
// ---------------------------------------------------------------------------------------------

#[test]
fn index_names_that_pass() {
    let longest = format!("a{}bz", "0-".repeat(21));
    assert_eq!(longest.len(), 45);
    for name in ["a", "docs-example", "0", "a-b-c-1", "9z", longest.as_str()] {
        let (out, report) = index(Some(&s(name)));
        assert_clean(name, &out, &report);
        assert_eq!(out.as_deref(), Some(name));
        assert!(report.warnings.is_empty(), "{name}: unexpected warnings");
    }
}

#[test]
fn index_names_that_fail() {
    let too_long = "a".repeat(46);
    #[rustfmt::skip]
    let rows: Vec<(&str, Option<Value>, &str)> = vec![
        ("missing", None, "is required"),
        ("empty", Some(s("")), "must not be empty"),
        ("46 chars", Some(s(&too_long)), "at most 45 characters, got 46"),
        ("upper-case", Some(s("Docs")), "(index names are lower-case)"),
        ("upper-case inside", Some(s("my-Index")), "'I' at position 4"),
        ("underscore", Some(s("docs_example")), "'_' at position 5"),
        ("space", Some(s("docs example")), "U+0020 at position 5"),
        ("dot", Some(s("docs.example")), "'.'"),
        ("leading dash", Some(s("-docs")), "start and end with a letter or digit"),
        ("trailing dash", Some(s("docs-")), "start and end with a letter or digit"),
        ("lone dash", Some(s("-")), "start and end with a letter or digit"),
        ("cyrillic o", Some(s("d\u{43e}cs")), "'\u{43e}' at position 2"),
        ("fullwidth a", Some(s("\u{ff41}bc")), "at position 1"),
        ("dotless i", Some(s("\u{131}ndex")), "at position 1"),
        ("en dash", Some(s("docs\u{2013}x")), "at position 5"),
        ("no-break space", Some(s("docs\u{a0}x")), "U+00A0"),
        ("tab", Some(s("docs\tx")), "U+0009"),
        ("number", Some(n(5.0)), "must be a string, got number"),
        ("null", Some(Value::Null), "must be a string, got null"),
        ("object", Some(val(json!({"a": "b"}))), "must be a string, got object"),
        ("boolean", Some(Value::Bool(true)), "must be a string, got boolean"),
    ];
    for (case, input, fragment) in rows {
        let (out, report) = index(input.as_ref());
        assert_one_error(case, &out, &report, "indexName", fragment);
    }
}

#[test]
fn upper_case_hint_only_for_upper_case() {
    let (_, report) = index(Some(&s("docs_x")));
    assert_eq!(report.errors.len(), 1);
    assert!(!report.errors[0].message.contains("lower-case)"));
}

// ---------------------------------------------------------------------------------------------
// Create requests
// ---------------------------------------------------------------------------------------------

#[test]
fn documented_create_example_passes() {
    let (out, report) = create(&doc_create());
    assert_clean("doc example", &out, &report);
    assert!(
        report.warnings.is_empty(),
        "warnings: {:?}",
        report.warnings
    );
    assert_eq!(out, Some(doc_request()));
}

#[test]
fn create_frequencies_and_bounds_that_pass() {
    #[rustfmt::skip]
    let rows = [
        ("weekly",  1.0,             Frequency::Weekly,  1),
        ("monthly", 2_147_483_647.0, Frequency::Monthly, i32::MAX),
        ("daily",   365.0,           Frequency::Daily,   365),
    ];
    for (freq, days, expected_freq, expected_days) in rows {
        let input = edit(doc_create(), &["schedule", "frequency"], Some(s(freq)));
        let input = edit(input, &["retention", "expire_after_days"], Some(n(days)));
        let (out, report) = create(&input);
        assert_clean(freq, &out, &report);
        let req = out.expect("checked");
        assert_eq!(req.frequency, expected_freq);
        assert_eq!(req.expire_after_days, expected_days);
    }
}

#[test]
fn schedule_type_is_optional_and_defaults_to_time_based() {
    let input = edit(doc_create(), &["schedule", "type"], None);
    let (out, report) = create(&input);
    assert_clean("no type", &out, &report);
    let op = Operation::Create {
        index_name: "docs-example".to_owned(),
        request: out.expect("checked"),
    };
    let body = op.body().expect("create has a body");
    let parsed: serde_json::Value = serde_json::from_str(&body).expect("body is JSON");
    assert_eq!(parsed["schedule"]["type"], json!("time-based"));
}

#[test]
fn create_errors_one_at_a_time() {
    let days = |v: Value| edit(doc_create(), &["retention", "expire_after_days"], Some(v));
    let freq = |v: Value| edit(doc_create(), &["schedule", "frequency"], Some(v));
    let kind = |v: Value| edit(doc_create(), &["schedule", "type"], Some(v));
    let top = |k: &str, v: Value| edit(doc_create(), &[k], Some(v));
    let drop = |path: &[&str]| edit(doc_create(), path, None);
    // 2^53 + 1 reads as 2^53: still far above int32.
    let huge = parse(
        r#"{"name":"n","schedule":{"frequency":"daily"},
            "retention":{"expire_after_days":9007199254740993}}"#,
    );
    let rule = "must be at most 2147483647";
    let d = "retention.expire_after_days";
    let f = "schedule.frequency";

    #[rustfmt::skip]
    let rows: Vec<(&str, Value, &str, &str)> = vec![
        ("array request", val(json!([])), "request", "must be an object, got array"),
        ("string request", s("x"), "request", "must be an object, got string"),
        ("null request", Value::Null, "request", "must be an object, got null"),
        ("missing name", drop(&["name"]), "name", "is required"),
        ("numeric name", top("name", n(1.0)), "name", "must be a string, got number"),
        ("null name", top("name", Value::Null), "name", "must be a string, got null"),
        ("empty name", top("name", s("")), "name", "must not be empty or blank"),
        ("blank name", top("name", s(" \t ")), "name", "must not be empty or blank"),
        ("name with LF", top("name", s("a\nb")), "name", "control characters"),
        ("no schedule", drop(&["schedule"]), "schedule", "is required"),
        ("schedule string", top("schedule", s("daily")), "schedule", "an object, got string"),
        ("schedule array", top("schedule", val(json!([]))), "schedule", "got array"),
        ("no retention", drop(&["retention"]), "retention", "is required"),
        ("retention 7", top("retention", n(7.0)), "retention", "must be an object, got number"),
        ("retention null", top("retention", Value::Null), "retention", "got null"),
        ("cron type", kind(s("cron")), "schedule.type", "must be 'time-based'"),
        ("type case", kind(s("Time-Based")), "schedule.type", "(lower-case)"),
        ("type number", kind(n(1.0)), "schedule.type", "got number"),
        ("type null", kind(Value::Null), "schedule.type", "got null"),
        ("Daily", freq(s("Daily")), f, "did you mean 'daily'?"),
        (" WEEKLY ", freq(s(" WEEKLY ")), f, "did you mean 'weekly'?"),
        ("hourly", freq(s("hourly")), f, "daily, weekly or monthly"),
        ("freq number", freq(n(1.0)), f, "must be a string"),
        ("no frequency", drop(&["schedule", "frequency"]), f, "is required"),
        ("days \"7\"", days(s("7")), d, "got the string \"7\""),
        ("days 7.5", days(n(7.5)), d, "got the fraction 7.5"),
        ("days NaN", days(n(f64::NAN)), d, "got NaN"),
        ("days +inf", days(n(f64::INFINITY)), d, "got Infinity"),
        ("days -inf", days(n(f64::NEG_INFINITY)), d, "got Infinity"),
        ("days 0", days(n(0.0)), d, "got 0"),
        ("days -1", days(n(-1.0)), d, "got -1"),
        ("days 2^31", days(n(2_147_483_648.0)), d, rule),
        ("days 2^53+1", huge, d, "got 9007199254740992"),
        ("days null", days(Value::Null), d, "got null"),
        ("days bool", days(Value::Bool(true)), d, "got boolean"),
        ("days missing", drop(&["retention", "expire_after_days"]), d, "is required"),
    ];
    for (case, input, path, fragment) in rows {
        let (out, report) = create(&input);
        assert_one_error(case, &out, &report, path, fragment);
    }
}

#[test]
fn create_missing_request_is_reported() {
    let (out, report) = run(|r| validate::create_request(r, None));
    assert_one_error("undefined request", &out, &report, "request", "is required");
}

#[test]
fn create_unknown_keys_get_hints() {
    let add = |path: &[&str], v: Value| edit(doc_create(), path, Some(v));
    let doc = "did you mean 'expire_after_days'?";
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, &str, &str)> = vec![
        ("expireAfterDays at top",  add(&["expireAfterDays"], n(7.0)), "expireAfterDays",
            "belongs inside 'retention'"),
        ("retentionDays at top",    add(&["retentionDays"], n(7.0)),   "retentionDays",
            "retention: { expire_after_days }"),
        ("frequency at top",        add(&["frequency"], s("daily")),   "frequency",
            "belongs inside 'schedule'"),
        ("enabled at top",          add(&["enabled"], Value::Bool(true)), "enabled",
            "for updates"),
        ("nmae",                    add(&["nmae"], s("x")),            "nmae",
            "did you mean 'name'?"),
        ("color",                   add(&["color"], s("red")),         "color",
            "expected one of name, schedule, retention"),
        ("scheduleType",            add(&["schedule", "scheduleType"], s("time-based")),
            "schedule.scheduleType", "did you mean 'type'?"),
        ("schedule_type",           add(&["schedule", "schedule_type"], s("time-based")),
            "schedule.schedule_type", "did you mean 'type'?"),
        ("cron",                    add(&["schedule", "cron"], s("0 2 * * *")),
            "schedule.cron", "not a cron expression"),
        ("Frequency",               add(&["schedule", "Frequency"], s("daily")),
            "schedule.Frequency", "did you mean 'frequency'?"),
        ("expireAfterDays inside",  add(&["retention", "expireAfterDays"], n(7.0)),
            "retention.expireAfterDays", doc),
        ("retentionDays inside",    add(&["retention", "retentionDays"], n(7.0)),
            "retention.retentionDays", doc),
        ("days inside",             add(&["retention", "days"], n(7.0)),
            "retention.days", doc),
    ];
    for (case, input, path, fragment) in rows {
        let (out, report) = create(&input);
        assert_one_error(case, &out, &report, path, fragment);
    }
}

#[test]
fn schedule_type_at_top_level_is_unknown() {
    let input = edit(doc_create(), &["scheduleType"], Some(s("time-based")));
    let (out, report) = create(&input);
    assert_one_error(
        "scheduleType at top",
        &out,
        &report,
        "scheduleType",
        "unknown field",
    );
}

#[test]
fn create_reports_every_problem_at_once() {
    let four = val(json!({
        "name": 3,
        "schedule": { "frequency": "hourly" },
        "retention": { "expire_after_days": 0 },
        "color": "red"
    }));
    let (out, report) = create(&four);
    assert!(out.is_none());
    let mut paths: Vec<&str> = report.errors.iter().map(|i| i.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "color",
            "name",
            "retention.expire_after_days",
            "schedule.frequency"
        ],
        "{}",
        show(&report)
    );

    let five = val(json!({
        "name": "",
        "schedule": { "type": "time-based", "frequency": "Daily" },
        "retention": { "expireAfterDays": 7 },
        "enabled": true
    }));
    let (out, report) = create(&five);
    assert!(out.is_none());
    let mut paths: Vec<&str> = report.errors.iter().map(|i| i.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "enabled",
            "name",
            "retention.expireAfterDays",
            "retention.expire_after_days",
            "schedule.frequency",
        ],
        "{}",
        show(&report)
    );
}

#[test]
fn create_name_warnings() {
    let chars = "backups are named '<name>-<timestamp>'";
    let charset = "only lower-case letters";
    #[rustfmt::skip]
    let rows: Vec<(&str, String, usize, &str)> = vec![
        ("29 chars",          "a".repeat(29),            1, "is 29 characters"),
        ("60 chars",          "c-".repeat(30),           1, chars),
        ("upper-case",        "Nightly".to_owned(),      1, charset),
        ("underscore",        "my_backup".to_owned(),    1, charset),
        ("leading dash",      "-nightly".to_owned(),     1, "starting with a letter or digit"),
        ("unicode",           "n\u{f6}el".to_owned(),    1, charset),
        ("space",             "my backup".to_owned(),    1, charset),
        ("long and upper",    "A".repeat(30),            2, "backups"),
        ("28 lower-case",     "b".repeat(28),            0, ""),
        ("digits and dashes", "nightly-2026".to_owned(), 0, ""),
    ];
    for (case, name, warnings, fragment) in rows {
        let input = edit(doc_create(), &["name"], Some(Value::String(name.clone())));
        let (out, report) = create(&input);
        assert_clean(case, &out, &report);
        assert_eq!(
            out.expect("checked").name,
            name,
            "{case}: name kept as given"
        );
        assert_eq!(
            report.warnings.len(),
            warnings,
            "{case}: {:?}",
            report.warnings
        );
        for w in &report.warnings {
            assert_eq!(w.path, "name", "{case}");
            assert!(w.message.contains(fragment), "{case}: {:?}", w.message);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Update requests
// ---------------------------------------------------------------------------------------------

#[test]
fn update_fields_that_pass() {
    use Frequency::{Monthly, Weekly};
    #[rustfmt::skip]
    let rows: Vec<(&str, serde_json::Value, UpdateRequest)> = vec![
        ("enabled false", json!({"enabled": false}), upd(Some(false), None, None)),
        ("enabled true", json!({"enabled": true}), upd(Some(true), None, None)),
        ("frequency", json!({"frequency": "weekly"}), upd(None, Some(Weekly), None)),
        ("retention", json!({"retention": {"expire_after_days": 14}}), upd(None, None, Some(14))),
        ("all", json!({"enabled": false, "frequency": "monthly",
            "retention": {"expire_after_days": 30}}),
            upd(Some(false), Some(Monthly), Some(30))),
    ];
    for (case, input, expected) in rows {
        let (out, report) = update(&val(input));
        assert_clean(case, &out, &report);
        assert_eq!(out, Some(expected), "{case}");
    }
}

#[test]
fn update_errors() {
    let d = "retention.expire_after_days";
    #[rustfmt::skip]
    let rows: Vec<(&str, serde_json::Value, &str, &str)> = vec![
        ("empty", json!({}), "request", "nothing to update"),
        ("array", json!([]), "request", "got array"),
        ("nested frequency", json!({"schedule": {"frequency": "weekly"}}), "schedule",
            "'frequency' is a top-level field"),
        ("no days", json!({"retention": {}}), d, "is required"),
        ("retention 14", json!({"retention": 14}), "retention", "got number"),
        ("days 0", json!({"retention": {"expire_after_days": 0}}), d, "got 0"),
        ("enabled string", json!({"enabled": "false"}), "enabled", "true or false, got string"),
        ("enabled null", json!({"enabled": null}), "enabled", "got null"),
        ("Weekly", json!({"frequency": "Weekly"}), "frequency", "did you mean 'weekly'?"),
        ("yearly", json!({"frequency": "yearly"}), "frequency", "daily, weekly or monthly"),
        ("name", json!({"name": "x"}), "name", "cannot change"),
        ("enable", json!({"enable": true}), "enable", "did you mean 'enabled'?"),
        ("flat days", json!({"expire_after_days": 3}), "expire_after_days",
            "belongs inside 'retention'"),
    ];
    for (case, input, path, fragment) in rows {
        let (out, report) = update(&val(input));
        assert_one_error(case, &out, &report, path, fragment);
    }
    let (out, report) = run(|r| validate::update_request(r, None));
    assert_one_error("undefined", &out, &report, "request", "is required");
}

// ---------------------------------------------------------------------------------------------
// Page parameters
// ---------------------------------------------------------------------------------------------

#[test]
fn page_params_that_pass() {
    let p = |limit: Option<u32>, token: Option<&str>| PageParams {
        limit,
        pagination_token: token.map(str::to_owned),
    };
    #[rustfmt::skip]
    let rows: Vec<(&str, Option<Value>, PageParams)> = vec![
        ("undefined", None, p(None, None)),
        ("null", Some(Value::Null), p(None, None)),
        ("empty object", Some(val(json!({}))), p(None, None)),
        ("limit 1", Some(val(json!({"limit": 1}))), p(Some(1), None)),
        ("limit 100", Some(val(json!({"limit": 100}))), p(Some(100), None)),
        ("token", Some(val(json!({"paginationToken": "eyJ9=="}))), p(None, Some("eyJ9=="))),
        ("null token", Some(val(json!({"paginationToken": null, "limit": 5}))), p(Some(5), None)),
    ];
    for (case, input, expected) in rows {
        let (out, report) = page(input.as_ref());
        assert_clean(case, &out, &report);
        assert_eq!(out, Some(expected), "{case}");
    }
}

#[test]
fn page_params_that_fail() {
    let l = "params.limit";
    let t = "params.paginationToken";
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, &str, &str)> = vec![
        ("limit 0", val(json!({"limit": 0})), l, "from 1 to 100, got 0"),
        ("limit 101", val(json!({"limit": 101})), l, "got 101"),
        ("limit 1.5", val(json!({"limit": 1.5})), l, "got the fraction 1.5"),
        ("limit \"10\"", val(json!({"limit": "10"})), l, "got the string \"10\""),
        ("limit NaN", obj(vec![("limit", n(f64::NAN))]), l, "got NaN"),
        ("empty token", val(json!({"paginationToken": ""})), t, "must not be empty"),
        ("spaced token", val(json!({"paginationToken": "a b"})), t, "spaces"),
        ("trailing space", val(json!({"paginationToken": "ab "})), t, "spaces"),
        ("newline token", val(json!({"paginationToken": "a\nb"})), t, "control characters"),
        ("numeric token", val(json!({"paginationToken": 5})), t, "must be a string, got number"),
        ("snake token", val(json!({"pagination_token": "abc"})), "params.pagination_token",
            "did you mean 'paginationToken'?"),
        ("pageSize", val(json!({"pageSize": 5})), "params.pageSize",
            "did you mean 'limit'?"),
        ("string params", s("10"), "params",
            "must be an object, got string"),
    ];
    for (case, input, path, fragment) in rows {
        let (out, report) = page(Some(&input));
        assert_one_error(case, &out, &report, path, fragment);
    }
}

// ---------------------------------------------------------------------------------------------
// Schedule ids
// ---------------------------------------------------------------------------------------------

#[test]
fn odd_schedule_ids_are_encoded_into_one_segment() {
    #[rustfmt::skip]
    let rows = [
        ("../x",             "..%2Fx"),
        ("a/b",              "a%2Fb"),
        ("%2F",              "%252F"),
        ("?x",               "%3Fx"),
        ("#x",               "%23x"),
        ("\\",               "%5C"),
        ("a b",              "a%20b"),
        ("\u{e9}t\u{e9}",    "%C3%A9t%C3%A9"),
        ("\u{1f4be}",        "%F0%9F%92%BE"),
        ("\u{2215}",         "%E2%88%95"),
        (".x",               ".x"),
        ("7c1b8f4e-0d52_~.", "7c1b8f4e-0d52_~."),
    ];
    for (raw, encoded) in rows {
        let (out, report) = schedule_id(&s(raw));
        assert_clean(raw, &out, &report);
        let id = out.expect("checked");
        assert_eq!(id, raw, "the id is kept as given");
        let expected = format!("/backup-schedules/{encoded}");
        let ops = [
            (
                Operation::Describe {
                    schedule_id: id.clone(),
                },
                expected.clone(),
            ),
            (
                Operation::Update {
                    schedule_id: id.clone(),
                    request: upd(Some(true), None, None),
                },
                expected.clone(),
            ),
            (
                Operation::Delete {
                    schedule_id: id.clone(),
                },
                expected.clone(),
            ),
            (
                Operation::History {
                    schedule_id: id,
                    page: PageParams::default(),
                },
                format!("{expected}/history"),
            ),
        ];
        for (op, path) in ops {
            assert_eq!(op.path(), path, "{raw:?} in {}", op.name());
        }
    }
}

#[test]
fn schedule_ids_that_fail() {
    let long = "a".repeat(513);
    let long_utf8 = "\u{e9}".repeat(257);
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, &str)> = vec![
        ("dot",               s("."),          "'.' or '..'"),
        ("dot dot",           s(".."),         "'.' or '..'"),
        ("empty",             s(""),           "must not be empty or blank"),
        ("blank",             s("   "),        "must not be empty or blank"),
        ("ideographic space", s("\u{3000}"),   "must not be empty or blank"),
        ("newline",           s("ab\ncd"),     "control characters"),
        ("NUL",               s("ab\0"),       "control characters"),
        ("DEL",               s("ab\u{7f}"),   "control characters"),
        ("C1 control",        s("ab\u{85}"),   "control characters"),
        ("513 bytes",         s(&long),        "at most 512 bytes, got 513"),
        ("514 utf-8 bytes",   s(&long_utf8),   "got 514"),
        ("number",            n(1.0),          "must be a string, got number"),
        ("null",              Value::Null,     "must be a string, got null"),
    ];
    for (case, input, fragment) in rows {
        let (out, report) = schedule_id(&input);
        assert_one_error(case, &out, &report, "scheduleId", fragment);
    }
    let (out, report) = schedule_id(&s(&"a".repeat(512)));
    assert_clean("512 bytes", &out, &report);
    let (out, report) = run(|r| validate::schedule_id(r, "scheduleId", None));
    assert_one_error("undefined", &out, &report, "scheduleId", "is required");
}

// ---------------------------------------------------------------------------------------------
// Client options
// ---------------------------------------------------------------------------------------------

#[test]
fn options_defaults() {
    let got = opts(json!({"apiKey": "pk-123"}));
    assert_eq!(
        got,
        ClientOptions {
            api_key: Some("pk-123".to_owned()),
            base_url: "https://api.pinecone.io".to_owned(),
            api_version: "2026-07".to_owned(),
            headers: Vec::new(),
            timeout_ms: 30_000,
            max_retries: 2,
        }
    );
    assert_eq!(
        ClientOptions::default(),
        ClientOptions {
            api_key: None,
            ..got
        }
    );
    assert_eq!(options::DEFAULT_BASE_URL, "https://api.pinecone.io");
}

#[test]
fn api_key_required_only_for_pinecone() {
    let (out, report) = run(|r| client_options(r, None));
    assert_one_error(
        "undefined options",
        &out,
        &report,
        "options.apiKey",
        "is required",
    );
    let (out, report) = run(|r| client_options(r, Some(&Value::Null)));
    assert_one_error(
        "null options",
        &out,
        &report,
        "options.apiKey",
        "is required",
    );

    let required = [
        json!({}),
        json!({"baseUrl": "https://api.pinecone.io"}),
        json!({"baseUrl": "https://api.pinecone.io/"}),
        json!({"baseUrl": "https://API.PINECONE.IO/"}),
        json!({"baseUrl": "http://api.pinecone.io:443"}),
        json!({"baseUrl": "https://api.pinecone.io/v1/"}),
    ];
    for input in required {
        let (out, report) = options_of(&val(input.clone()));
        assert_one_error(&input.to_string(), &out, &report, "options.apiKey", "proxy");
    }

    #[rustfmt::skip]
    let optional = [
        ("/pinecone",                              "/pinecone"),
        ("http://127.0.0.1:8790",                  "http://127.0.0.1:8790"),
        ("https://api.pinecone.io.example.com",    "https://api.pinecone.io.example.com"),
        ("https://proxy.example/api.pinecone.io/", "https://proxy.example/api.pinecone.io"),
    ];
    for (base, expected) in optional {
        let got = opts(json!({ "baseUrl": base }));
        assert_eq!(got.api_key, None, "{base}");
        assert_eq!(got.base_url, expected, "{base}");
    }
}

/// The URL check reads the scheme case-insensitively, so the key rule must see the same host
/// whatever the scheme's case.
#[test]
fn api_key_required_with_upper_case_scheme() {
    let (out, report) = options_of(&val(json!({"baseUrl": "HTTPS://api.pinecone.io"})));
    assert_one_error(
        "HTTPS scheme",
        &out,
        &report,
        "options.apiKey",
        "is required",
    );
}

#[test]
fn bad_api_keys_are_refused_without_echo() {
    let secret = "pcsk_SECRET42";
    #[rustfmt::skip]
    let rows: Vec<(&str, String, &str)> = vec![
        ("CRLF",           format!("{secret}\r\nX-Evil: 1"), "line breaks"),
        ("LF",             format!("{secret}\n"),            "line breaks"),
        ("NUL",            format!("{secret}\0"),            "NUL"),
        ("tab",            format!("{secret}\tx"),           "control characters"),
        ("leading space",  format!(" {secret}"),             "start or end with spaces"),
        ("trailing space", format!("{secret} "),             "start or end with spaces"),
        ("non-Latin-1",    format!("{secret}\u{2014}"),      "Latin-1"),
        ("emoji",          format!("{secret}\u{1f511}"),     "Latin-1"),
    ];
    for (case, key, fragment) in rows {
        let (out, report) = options_of(&val(json!({ "apiKey": key })));
        assert_one_error(case, &out, &report, "options.apiKey", fragment);
        assert!(
            !report.errors[0].message.contains("SECRET42"),
            "{case}: key echoed"
        );
    }
    let (out, report) = options_of(&val(json!({"apiKey": ""})));
    assert_one_error(
        "empty key",
        &out,
        &report,
        "options.apiKey",
        "must not be empty",
    );
    let (out, report) = options_of(&val(json!({"apiKey": 12345})));
    assert_one_error("numeric key", &out, &report, "options.apiKey", "got number");
    // Latin-1 beyond ASCII is what a browser still accepts in a header value.
    assert_eq!(
        opts(json!({"apiKey": "cl\u{e9}"})).api_key.as_deref(),
        Some("cl\u{e9}")
    );
}

#[test]
fn base_urls_that_pass() {
    #[rustfmt::skip]
    let rows = [
        ("https://api.pinecone.io/",        "https://api.pinecone.io"),
        ("https://proxy.example/pinecone/", "https://proxy.example/pinecone"),
        ("https://proxy.example/a/b//",     "https://proxy.example/a/b"),
        ("http://127.0.0.1:8790/",          "http://127.0.0.1:8790"),
        ("http://[::1]:8790",               "http://[::1]:8790"),
        ("/pinecone/",                      "/pinecone"),
        ("/api/v1",                         "/api/v1"),
    ];
    for (raw, expected) in rows {
        let got = opts(json!({"apiKey": "k", "baseUrl": raw}));
        assert_eq!(got.base_url, expected, "{raw}");
    }
}

#[test]
fn base_urls_that_fail() {
    #[rustfmt::skip]
    let rows = [
        ("ftp://x",              "must start with http:// or https://"),
        ("http://user:pw@host",  "credentials"),
        ("http://@host",         "credentials"),
        ("//evil.example",       "must not start with '//'"),
        ("http://a\\b",          "backslashes"),
        ("http://host/a/../b",   "'.' or '..'"),
        ("http://host/./b",      "'.' or '..'"),
        ("/pinecone/..",         "'.' or '..'"),
        ("http://host/%2e%2e/b", "encoded-dot"),
        ("http://host/%2E./b",   "encoded-dot"),
        ("http://host/a//b",     "empty"),
        ("http://host?x",        "query or fragment"),
        ("http://host#x",        "query or fragment"),
        ("http://ho st",         "spaces"),
        ("http://host\t",        "spaces or control"),
        ("",                     "must not be empty"),
        ("http://host:99999",    "port"),
        ("http://host:",         "port"),
        ("http://host:8o",       "port"),
        ("http://:80",           "must name a host"),
        ("javascript:alert(1)",  "must start with http:// or https://"),
        ("api.pinecone.io",      "must start with http:// or https://"),
        ("http://h\u{f6}st",     "outside letters"),
        ("http://host/a\"b",     "percent-encoded"),
        ("http://[::1",          "IPv6"),
    ];
    for (raw, fragment) in rows {
        let (out, report) = options_of(&val(json!({"apiKey": "k", "baseUrl": raw})));
        assert_one_error(raw, &out, &report, "options.baseUrl", fragment);
    }
    let (out, report) = options_of(&val(json!({"apiKey": "k", "baseUrl": 8790})));
    assert_one_error("number", &out, &report, "options.baseUrl", "got number");
}

/// `http://` with nothing after it names no host; the message should say so rather than ask
/// for the scheme the input already has.
#[test]
fn base_url_with_scheme_only_names_no_host() {
    let (out, report) = options_of(&val(json!({"apiKey": "k", "baseUrl": "http://"})));
    assert_one_error(
        "http://",
        &out,
        &report,
        "options.baseUrl",
        "must name a host",
    );
}

#[test]
fn api_versions() {
    for ok in ["2026-07", "unstable", "2027-01", "2026-10"] {
        assert_eq!(
            opts(json!({"apiKey": "k", "apiVersion": ok})).api_version,
            ok
        );
    }
    let later = "need version 2026-07 or later";
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, &str)> = vec![
        ("2025-10",  s("2025-10"),  later),
        ("2026-04",  s("2026-04"),  later),
        ("latest",   s("latest"),   "must look like '2026-07'"),
        ("2026-7",   s("2026-7"),   "must look like"),
        ("Unstable", s("Unstable"), "must look like"),
        ("empty",    s(""),         "must look like"),
        ("number",   n(2026.0),     "must be a string, got number"),
    ];
    for (case, input, fragment) in rows {
        let (out, report) = options_of(&obj(vec![("apiKey", s("k")), ("apiVersion", input)]));
        assert_one_error(case, &out, &report, "options.apiVersion", fragment);
    }
}

#[test]
fn custom_headers() {
    let got = opts(json!({"apiKey": "k", "headers": {"X-Trace": "abc", "X-Other": "\u{e9}"}}));
    let mut headers = got.headers;
    headers.sort();
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(headers, [pair("X-Other", "\u{e9}"), pair("X-Trace", "abc")]);

    let browsers = "browsers do not let pages set";
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, &str)> = vec![
        ("Api-Key",                s("x"),              "set by the client"),
        ("api-key",                s("x"),              "'apiKey'"),
        ("content-type",           s("text/plain"),     "set by the client"),
        ("X-Pinecone-Api-Version", s("2026-07"),        "'apiVersion'"),
        ("Host",                   s("evil"),           browsers),
        ("Cookie",                 s("a=b"),            browsers),
        ("Sec-Foo",                s("1"),              browsers),
        ("Proxy-X",                s("1"),              browsers),
        ("Content-Length",         s("1"),              browsers),
        ("X-Trace",                s("a\r\nInjected: 1"), "line breaks"),
        ("X-Trace",                s("\u{3b1}"),        "Latin-1"),
        ("X Trace",                s("1"),              "not a valid header name"),
        ("X:Trace",                s("1"),              "not a valid header name"),
        ("",                       s("1"),              "not a valid header name"),
        ("X-Trace",                n(1.0),              "must be a string, got number"),
        ("X-Trace",                Value::Null,         "must be a string, got null"),
    ];
    for (name, value, fragment) in rows {
        let input = obj(vec![
            ("apiKey", s("k")),
            ("headers", obj(vec![(name, value)])),
        ]);
        let (out, report) = options_of(&input);
        let path = format!("options.headers.{name}");
        assert_one_error(name, &out, &report, &path, fragment);
    }
    let (out, report) = options_of(&val(json!({"apiKey": "k", "headers": [["X-Trace", "a"]]})));
    assert_one_error(
        "headers array",
        &out,
        &report,
        "options.headers",
        "got array",
    );
}

#[test]
fn timeouts_and_retries() {
    let got = opts(json!({"apiKey": "k", "timeoutMs": 1, "maxRetries": 0}));
    assert_eq!((got.timeout_ms, got.max_retries), (1, 0));
    let got = opts(json!({"apiKey": "k", "timeoutMs": 120000, "maxRetries": 10}));
    assert_eq!((got.timeout_ms, got.max_retries), (120_000, 10));

    #[rustfmt::skip]
    let rows: Vec<(&str, &str, Value, &str)> = vec![
        ("timeout 0",      "timeoutMs",  n(0.0),           "got 0"),
        ("timeout -1",     "timeoutMs",  n(-1.0),          "got -1"),
        ("timeout 1.5",    "timeoutMs",  n(1.5),           "got 1.5"),
        ("timeout string", "timeoutMs",  s("1000"),        "got string"),
        ("timeout inf",    "timeoutMs",  n(f64::INFINITY), "got Infinity"),
        ("timeout null",   "timeoutMs",  Value::Null,      "got null"),
        ("retries 11",     "maxRetries", n(11.0),          "from 0 to 10, got 11"),
        ("retries -1",     "maxRetries", n(-1.0),          "got -1"),
        ("retries 1.5",    "maxRetries", n(1.5),           "got 1.5"),
        ("retries NaN",    "maxRetries", n(f64::NAN),      "got NaN"),
    ];
    for (case, key, value, fragment) in rows {
        let (out, report) = options_of(&obj(vec![("apiKey", s("k")), (key, value)]));
        assert_one_error(case, &out, &report, &format!("options.{key}"), fragment);
    }
}

#[test]
fn unknown_option_keys_get_hints() {
    #[rustfmt::skip]
    let rows = [
        ("api_key",     "did you mean 'apiKey'?"),
        ("apikey",      "did you mean 'apiKey'?"),
        ("baseURL",     "did you mean 'baseUrl'?"),
        ("timeout",     "did you mean 'timeoutMs'?"),
        ("retries",     "did you mean 'maxRetries'?"),
        ("max_retries", "did you mean 'maxRetries'?"),
        ("version",     "did you mean 'apiVersion'?"),
        ("environment", "unknown field"),
    ];
    for (key, fragment) in rows {
        let input = obj(vec![("baseUrl", s("/pinecone")), (key, s("x"))]);
        let (out, report) = options_of(&input);
        assert_one_error(key, &out, &report, &format!("options.{key}"), fragment);
    }
    // Without a real `apiKey`, the misspelt one also leaves the key missing.
    let (out, report) = options_of(&val(json!({"api_key": "pcsk_SECRET42"})));
    assert_has_error(
        "api_key alone",
        &out,
        &report,
        "options.api_key",
        "'apiKey'",
    );
    assert_has_error(
        "api_key alone",
        &out,
        &report,
        "options.apiKey",
        "is required",
    );
    assert!(!show(&report).contains("SECRET42"));
}

#[test]
fn function_and_signal_options() {
    let function = || Value::Other("function".to_owned());
    let signal = || Value::Other("AbortSignal".to_owned());
    let ok = obj(vec![
        ("apiKey", s("k")),
        ("fetch", function()),
        ("onEvent", function()),
        ("signal", signal()),
    ]);
    let (out, report) = options_of(&ok);
    assert_clean("functions and signal", &out, &report);
    let nulls = val(json!({"apiKey": "k", "fetch": null, "onEvent": null, "signal": null}));
    let (out, report) = options_of(&nulls);
    assert_clean("nulls", &out, &report);

    let controller = Value::Other("AbortController".into());
    #[rustfmt::skip]
    let rows: Vec<(&str, &str, Value, &str)> = vec![
        ("fetch string", "fetch", s("fetch"), "must be a function, got string"),
        ("fetch object", "fetch", val(json!({})), "must be a function, got object"),
        ("fetch signal", "fetch", signal(), "must be a function, got AbortSignal"),
        ("onEvent number", "onEvent", n(1.0), "must be a function, got number"),
        ("onEvent bool", "onEvent", Value::Bool(true), "got boolean"),
        ("signal object", "signal", val(json!({"aborted": false})), "AbortSignal, got object"),
        ("signal function", "signal", function(), "AbortSignal, got function"),
        ("signal controller", "signal", controller, "got AbortController"),
        ("signal string", "signal", s("AbortSignal"), "got string"),
    ];
    for (case, key, value, fragment) in rows {
        let (out, report) = options_of(&obj(vec![("apiKey", s("k")), (key, value)]));
        assert_one_error(case, &out, &report, &format!("options.{key}"), fragment);
    }
}

#[test]
fn credentials_option_and_non_object_options() {
    for ok in ["omit", "same-origin"] {
        opts(json!({"baseUrl": "/pinecone", "credentials": ok}));
    }
    let (out, report) = options_of(&val(json!({"baseUrl": "/p", "credentials": "include"})));
    assert_one_error(
        "include",
        &out,
        &report,
        "options.credentials",
        "never sent cross-origin",
    );
    for (case, input) in [("string", s("k")), ("array", val(json!([])))] {
        let (out, report) = options_of(&input);
        assert_one_error(case, &out, &report, "options", "must be an object");
    }
}

// ---------------------------------------------------------------------------------------------
// Request building
// ---------------------------------------------------------------------------------------------

/// Every operation once, with its method and path below the base URL.
fn all_operations() -> Vec<(Operation, Method, &'static str)> {
    let id = || "sched-1".to_owned();
    vec![
        (
            Operation::Create {
                index_name: "docs-example".into(),
                request: doc_request(),
            },
            Method::Post,
            "/indexes/docs-example/backup-schedules",
        ),
        (
            Operation::List {
                index_name: "docs-example".into(),
                page: PageParams::default(),
            },
            Method::Get,
            "/indexes/docs-example/backup-schedules",
        ),
        (
            Operation::Describe { schedule_id: id() },
            Method::Get,
            "/backup-schedules/sched-1",
        ),
        (
            Operation::Update {
                schedule_id: id(),
                request: upd(Some(false), None, None),
            },
            Method::Patch,
            "/backup-schedules/sched-1",
        ),
        (
            Operation::Delete { schedule_id: id() },
            Method::Delete,
            "/backup-schedules/sched-1",
        ),
        (
            Operation::History {
                schedule_id: id(),
                page: PageParams::default(),
            },
            Method::Get,
            "/backup-schedules/sched-1/history",
        ),
    ]
}

#[test]
fn documented_create_body_byte_for_byte() {
    let (checked, report) = create(&doc_create());
    assert_clean("doc", &checked, &report);
    let op = Operation::Create {
        index_name: "docs-example".into(),
        request: checked.expect("checked"),
    };
    let req = build(&op, &opts(json!({"apiKey": "k"})));
    let expected = concat!(
        r#"{"name":"my-nightly-backup","#,
        r#""schedule":{"type":"time-based","frequency":"daily"},"#,
        r#""retention":{"expire_after_days":7}}"#
    );
    assert_eq!(req.body.as_deref(), Some(expected));
}

#[test]
fn names_are_escaped_in_the_body() {
    let names = [
        "say \"hi\"",
        "back\\slash\\",
        "line\nbreak\r\ttab",
        "sep\u{2028}par\u{2029}",
        "bell\u{7}\u{1f}",
        "emoji \u{1f4be} caf\u{e9}",
        "</script>",
        "",
    ];
    for name in names {
        let op = Operation::Create {
            index_name: "i".into(),
            request: CreateRequest {
                name: name.to_owned(),
                frequency: Frequency::Weekly,
                expire_after_days: 3,
            },
        };
        let body = op.body().expect("create has a body");
        let parsed: serde_json::Value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{name:?}: body {body:?} is not JSON: {e}"));
        assert_eq!(parsed["name"], json!(name), "{name:?}");
        assert_eq!(parsed["schedule"]["frequency"], json!("weekly"));
        assert_eq!(parsed["retention"]["expire_after_days"], json!(3));
        assert!(
            !body
                .chars()
                .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}'),
            "{name:?}: raw control or separator in {body:?}"
        );
    }
    assert_eq!(request::json_string("a\u{2028}b"), "\"a\\u2028b\"");
    assert_eq!(request::json_string("\u{1f4be}"), "\"\u{1f4be}\"");
}

#[test]
fn update_bodies_hold_only_given_fields() {
    use Frequency::{Monthly, Weekly};
    let all =
        r#"{"enabled":true,"frequency":"weekly","retention":{"expire_after_days":2147483647}}"#;
    #[rustfmt::skip]
    let rows = [
        (upd(Some(false), None, None), r#"{"enabled":false}"#),
        (upd(None, Some(Monthly), None), r#"{"frequency":"monthly"}"#),
        (upd(None, None, Some(14)), r#"{"retention":{"expire_after_days":14}}"#),
        (upd(Some(true), Some(Weekly), Some(i32::MAX)), all),
    ];
    for (request, expected) in rows {
        let op = Operation::Update {
            schedule_id: "s".into(),
            request,
        };
        assert_eq!(op.body().as_deref(), Some(expected));
    }
}

#[test]
fn headers_are_exactly_the_needed_ones() {
    let with_key = opts(json!({"apiKey": "pk-1", "headers": {"X-Trace": "t1"}}));
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    for (op, method, _) in all_operations() {
        let req = build(&op, &with_key);
        let has_body = matches!(method, Method::Post | Method::Patch);
        let mut expected = vec![
            pair("Api-Key", "pk-1"),
            pair("X-Pinecone-Api-Version", "2026-07"),
        ];
        if has_body {
            expected.push(pair("Content-Type", "application/json"));
        }
        expected.push(pair("X-Trace", "t1"));
        assert_eq!(req.headers, expected, "{}", op.name());
        assert_eq!(req.body.is_some(), has_body, "{}", op.name());
    }

    let proxied = opts(json!({"baseUrl": "/pinecone", "apiVersion": "unstable"}));
    for (op, _, _) in all_operations() {
        let req = build(&op, &proxied);
        assert_eq!(
            header(&req, "api-key"),
            None,
            "{}: key header without a key",
            op.name()
        );
        assert_eq!(header(&req, "x-pinecone-api-version"), Some("unstable"));
        let expected = if op.body().is_some() { 2 } else { 1 };
        assert_eq!(
            req.headers.len(),
            expected,
            "{}: {:?}",
            op.name(),
            req.headers
        );
    }
}

#[test]
fn urls_for_every_operation_and_base() {
    let bases = [
        (json!({"apiKey": "k"}), "https://api.pinecone.io"),
        (
            json!({"baseUrl": "http://127.0.0.1:8790/"}),
            "http://127.0.0.1:8790",
        ),
        (json!({"baseUrl": "/pinecone"}), "/pinecone"),
    ];
    for (input, prefix) in bases {
        let checked = opts(input);
        for (op, method, path) in all_operations() {
            let req = build(&op, &checked);
            assert_eq!(req.url, format!("{prefix}{path}"), "{}", op.name());
            assert_eq!(req.method, method, "{}", op.name());
        }
    }
    let methods: Vec<&str> = all_operations()
        .iter()
        .map(|(op, _, _)| op.method().as_str())
        .collect();
    assert_eq!(methods, ["POST", "GET", "GET", "PATCH", "DELETE", "GET"]);
    let names: Vec<&str> = all_operations()
        .iter()
        .map(|(op, _, _)| op.name())
        .collect();
    assert_eq!(
        names,
        [
            "createBackupSchedule",
            "listBackupSchedules",
            "describeBackupSchedule",
            "updateBackupSchedule",
            "deleteBackupSchedule",
            "listBackupScheduleHistory"
        ]
    );
}

#[test]
fn list_queries() {
    #[rustfmt::skip]
    let rows = [
        (json!({}),                                       ""),
        (json!({"limit": 10}),                            "?limit=10"),
        (json!({"paginationToken": "tok"}),               "?paginationToken=tok"),
        (json!({"limit": 50, "paginationToken": "tok"}),  "?paginationToken=tok"),
        (json!({"paginationToken": "a+b/c=="}),           "?paginationToken=a%2Bb%2Fc%3D%3D"),
        (json!({"paginationToken": "x&limit=1#f"}),       "?paginationToken=x%26limit%3D1%23f"),
        (json!({"paginationToken": "\u{e9}"}),            "?paginationToken=%C3%A9"),
    ];
    for (input, query) in rows {
        let raw = val(input.clone());
        let (params, report) = page(Some(&raw));
        assert_clean(&input.to_string(), &params, &report);
        let params = params.expect("checked");
        let list = Operation::List {
            index_name: "docs-example".into(),
            page: params.clone(),
        };
        let expected = format!("/indexes/docs-example/backup-schedules{query}");
        assert_eq!(list.path(), expected, "{input}");
        let history = Operation::History {
            schedule_id: "s-1".into(),
            page: params,
        };
        assert_eq!(
            history.path(),
            format!("/backup-schedules/s-1/history{query}"),
            "{input}"
        );
    }
}

#[test]
fn index_names_in_paths_are_encoded() {
    // Checked names never need it, but the path does not rely on that.
    let op = Operation::Create {
        index_name: "../a?b".into(),
        request: doc_request(),
    };
    assert_eq!(op.path(), "/indexes/..%2Fa%3Fb/backup-schedules");
}

// ---------------------------------------------------------------------------------------------
// Response shapes
// ---------------------------------------------------------------------------------------------

fn doc_schedule() -> serde_json::Value {
    json!({
        "schedule_id": "5b0e6a3c-91f2-4d7e-8c44-2f1d9a0b7e65",
        "name": "my-nightly-backup",
        "index_id": "idx-7f3a",
        "project_id": "proj-19c2",
        "schedule_type": "time-based",
        "frequency": "daily",
        "retention_expire_after_days": 7,
        "enabled": true,
        "next_scheduled_run": "2026-07-02T03:00:00+00:00",
        "created_at": "2026-07-01T16:36:51.267528+00:00"
    })
}

/// The documented schedule with one field replaced, added or (with `None`) removed.
fn with_field(key: &str, value: Option<serde_json::Value>) -> Value {
    edit(val(doc_schedule()), &[key], value.map(val))
}

#[test]
fn schedules_that_decode() {
    #[rustfmt::skip]
    let rows = [
        ("documented",        val(doc_schedule())),
        ("extra field",       with_field("tags", Some(json!({"team": "search"})))),
        ("unknown frequency", with_field("frequency", Some(json!("hourly")))),
        ("unknown type",      with_field("schedule_type", Some(json!("event-based")))),
        ("no next run",       with_field("next_scheduled_run", None)),
        ("null next run",     with_field("next_scheduled_run", Some(json!(null)))),
        ("disabled with run", with_field("enabled", Some(json!(false)))),
        ("no created_at",     with_field("created_at", None)),
        ("no index_id",       with_field("index_id", None)),
    ];
    for (case, input) in rows {
        assert_eq!(decode::schedule(&input), Ok(()), "{case}");
    }
}

#[test]
fn schedules_that_do_not_decode() {
    let days = "retention_expire_after_days";
    #[rustfmt::skip]
    let rows: Vec<(&str, Value, &str, &str)> = vec![
        ("array", val(json!([doc_schedule()])), "",
            "the body should be an object, got array"),
        ("number", val(json!(42)), "", "got number"),
        ("null", Value::Null, "", "got null"),
        ("no id", with_field("schedule_id", None), "schedule_id", "missing"),
        ("null id", with_field("schedule_id", Some(json!(null))), "schedule_id", "missing"),
        ("numeric id", with_field("schedule_id", Some(json!(17))), "schedule_id", "got number"),
        ("string retention", with_field(days, Some(json!("7"))), days,
            "should be a number, got string"),
        ("string enabled", with_field("enabled", Some(json!("true"))), "enabled", "a boolean"),
        ("no name", with_field("name", None), "name", "missing"),
        ("no frequency", with_field("frequency", None), "frequency", "missing"),
        ("numeric next run", with_field("next_scheduled_run", Some(json!(0))), "next_scheduled_run",
            "should be a string"),
    ];
    for (case, input, path, fragment) in rows {
        let err = decode::schedule(&input).expect_err(case);
        assert_eq!(err.path, path, "{case}: {}", err.detail);
        assert!(err.detail.contains(fragment), "{case}: {:?}", err.detail);
    }
}

#[test]
fn list_pages() {
    let history_item = json!({
        "backup_id": "bk-1",
        "source_index_id": "idx-7f3a",
        "source_index_name": "docs-example",
        "name": "my-nightly-backup-20260702T030000Z",
        "status": "Ready",
        "cloud": "aws",
        "region": "us-east-1",
        "created_at": "2026-07-02T03:00:04+00:00",
        "description": null,
        "record_count": 1200,
        "tags": {"k": "v"}
    });
    let schedules = json!([doc_schedule()]);
    #[rustfmt::skip]
    let rows = [
        ("next", json!({"data": schedules, "pagination": {"next": "tok-2"}}), Some("tok-2")),
        ("null pagination", json!({"data": schedules, "pagination": null}), None),
        ("no pagination", json!({"data": []}), None),
        ("null next", json!({"data": [], "pagination": {"next": null}}), None),
        ("empty next", json!({"data": [], "pagination": {"next": ""}}), None),
        ("history", json!({"data": [history_item], "pagination": {"next": "h"}}), Some("h")),
        ("odd items", json!({"data": [1, "x", {"status": "Archived"}]}), None),
    ];
    for (case, input, next) in rows {
        let page = val(input);
        assert_eq!(decode::page(&page), Ok(()), "{case}");
        assert_eq!(decode::next_token(&page), next, "{case}");
    }

    #[rustfmt::skip]
    let bad = [
        ("array body",        json!([]),                                        ""),
        ("no data",           json!({"pagination": null}),                      "data"),
        ("data object",       json!({"data": {}}),                              "data"),
        ("data null",         json!({"data": null}),                            "data"),
        ("pagination string", json!({"data": [], "pagination": "tok"}),         "pagination"),
        ("next number",       json!({"data": [], "pagination": {"next": 2}}),   "pagination.next"),
    ];
    for (case, input, path) in bad {
        let err = decode::page(&val(input)).expect_err(case);
        assert_eq!(err.path, path, "{case}: {}", err.detail);
    }
}

// ---------------------------------------------------------------------------------------------
// Error bodies and the error type
// ---------------------------------------------------------------------------------------------

#[test]
fn error_bodies() {
    let conflict = concat!(
        r#"{"error":{"code":"ALREADY_EXISTS","#,
        r#""message":"Index docs-example has an enabled schedule already."},"status":409}"#
    );
    let old_401 =
        r#"{"error":{"code":"UNAUTHENTICATED","message":"Invalid API Key"},"status":401}"#;
    let details = concat!(
        r#"{"error":{"code":"INVALID_ARGUMENT","message":" bad  retention ","#,
        r#""details":[{"x":1}]},"status":400}"#
    );
    let bare = r#"{"message":"Too many requests, slow down"}"#;
    let string_error = r#"{"error":"quota exceeded","status":429}"#;
    let code_only = r#"{"error":{"code":"INTERNAL","message":""},"status":500}"#;
    let html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\
                <body><center><h1>502 Bad Gateway</h1></center><hr></body></html>";
    let untitled = "<html><body><style>p{color:red}</style><p>upstream\n  timed out</p></body>";
    let conflict_msg = "Index docs-example has an enabled schedule already.";
    let no_fields = r#"{"status":500}"#;

    /// (case, status, body, body parses as JSON, code, message)
    type Row<'a> = (&'a str, u16, &'a str, bool, Option<&'a str>, &'a str);
    #[rustfmt::skip]
    let rows: Vec<Row<'_>> = vec![
        ("pinecone 409", 409, conflict, true, Some("ALREADY_EXISTS"), conflict_msg),
        ("2026-07 plain 401", 401, "Invalid API key\n", false, None, "Invalid API key"),
        ("older json 401", 401, old_401, true, Some("UNAUTHENTICATED"), "Invalid API Key"),
        ("with details", 400, details, true, Some("INVALID_ARGUMENT"), "bad  retention"),
        ("bare message", 429, bare, true, None, "Too many requests, slow down"),
        ("string error", 429, string_error, true, None, "quota exceeded"),
        ("code, no message", 500, code_only, true, Some("INTERNAL"),
            "HTTP 500 Internal Server Error"),
        ("html 502", 502, html, false, None, "502 Bad Gateway"),
        ("untitled html", 504, untitled, false, None, "upstream timed out"),
        ("525 plain text", 525, "error code: 525", false, None, "error code: 525"),
        ("empty 503", 503, "", false, None, "HTTP 503 Service Unavailable"),
        ("blank 525", 525, " \n ", false, None, "HTTP 525"),
        ("empty 401", 401, "", false, None, "HTTP 401 Unauthorized"),
        ("json without error", 500, no_fields, true, None, no_fields),
        ("json null", 502, "null", true, None, "null"),
    ];
    for (case, status, body, is_json, code, message) in rows {
        let parsed = is_json.then(|| parse(body));
        let (got_code, got_message) = read_error_body(status, body, parsed.as_ref());
        assert_eq!(got_code.as_deref(), code, "{case}");
        assert_eq!(got_message, message, "{case}");
    }
    assert_eq!(status_line(429), "HTTP 429 Too Many Requests");
    assert_eq!(status_line(418), "HTTP 418");
}

#[test]
fn error_messages_are_bounded() {
    let long = format!("<html><body>{}</body></html>", "word ".repeat(10_000));
    let (_, message) = read_error_body(502, &long, None);
    assert!(
        message.chars().count() <= 301,
        "{} chars",
        message.chars().count()
    );
    assert!(message.starts_with("word word"));
    let huge_code = val(json!({"error": {"code": "C".repeat(500)}}));
    let (code, message) = read_error_body(400, "", Some(&huge_code));
    assert!(code.expect("code kept").chars().count() <= 65);
    assert_eq!(message, "HTTP 400 Bad Request");
}

#[test]
fn validation_errors_never_carry_the_key() {
    let secret = "pcsk_7Hq2VISIBLEKEY9";
    let inputs = [
        // A good key among bad options.
        json!({"apiKey": secret, "baseUrl": "ftp://x", "timeoutMs": 0, "apiVersion": "2025-10"}),
        json!({"apiKey": format!("{secret}\r\n"), "maxRetries": 99}),
        json!({"apiKey": format!(" {secret}")}),
        json!({"apiKey": format!("{secret}\u{2603}")}),
        json!({"apiKey": format!("{secret}\0")}),
        json!({"baseUrl": "/p", "headers": {"Api-Key": secret, "X-Bad": format!("{secret}\n")}}),
        json!({"api_key": secret}),
    ];
    for input in inputs {
        let (out, report) = options_of(&val(input.clone()));
        assert!(out.is_none(), "{input}: should be refused");
        assert!(!report.errors.is_empty());
        let error = Error::new(
            ErrorKind::Validation {
                issues: report.errors.clone(),
                warnings: report.warnings.clone(),
            },
            "createBackupSchedule",
            0,
        );
        let message = error.message();
        assert!(message.starts_with("invalid input: options."), "{message}");
        assert!(!message.contains("VISIBLEKEY"), "key leaked: {message}");
        assert!(
            !format!("{report:?}").contains("VISIBLEKEY"),
            "key in report: {report:?}"
        );
        assert_eq!(error.name(), "PineconeValidationError");
    }
}

#[test]
fn validation_message_lists_every_issue() {
    let input = val(json!({"name": 3, "schedule": {"frequency": "hourly"}, "retention": {}}));
    let (_, report) = create(&input);
    let error = Error::new(
        ErrorKind::Validation {
            issues: report.errors,
            warnings: report.warnings,
        },
        "createBackupSchedule",
        0,
    );
    let message = error.message();
    for path in [
        "name: ",
        "schedule.frequency: ",
        "retention.expire_after_days: ",
    ] {
        assert!(message.contains(path), "{path} missing from {message}");
    }
}

// ---------------------------------------------------------------------------------------------
// Retry policy
// ---------------------------------------------------------------------------------------------

#[test]
fn backoff_grows_then_caps() {
    for random in [0.0, 0.25, 0.5, 0.999] {
        let waits: Vec<f64> = (1..=10).map(|r| retry::backoff_ms(r, random)).collect();
        for pair in waits.windows(2) {
            assert!(pair[1] >= pair[0], "random {random}: {waits:?}");
        }
        assert!(
            waits[1] > waits[0] && waits[2] > waits[1],
            "grows: {waits:?}"
        );
        assert!(waits.iter().all(|w| *w <= retry::MAX_DELAY_MS && *w > 0.0));
        assert!(retry::backoff_ms(1_000, random) <= retry::MAX_DELAY_MS);
    }
    // Below the cap, a late draw for one retry never beats an early draw for the next.
    for r in 1..6 {
        assert!(
            retry::backoff_ms(r, 0.999) <= retry::backoff_ms(r + 1, 0.0),
            "retry {r}"
        );
    }
    assert_eq!(retry::backoff_ms(1, 0.0), 250.0);
    assert_eq!(retry::backoff_ms(3, 1.0), 2000.0);
    assert!(retry::backoff_ms(2, f64::INFINITY).is_finite());
    assert!(retry::backoff_ms(2, -5.0) >= 500.0);
}

/// `backoff_ms` promises that a wait is never shorter than the one before, whatever the
/// draws; that has to hold where the doubling window meets the cap too.
#[test]
fn backoff_never_shrinks_across_the_cap() {
    for r in 1..12 {
        let late = retry::backoff_ms(r, 0.999);
        let early_next = retry::backoff_ms(r + 1, 0.0);
        assert!(
            late <= early_next,
            "retry {r} may wait {late} ms, retry {} only {early_next} ms",
            r + 1
        );
    }
}

#[test]
fn retry_after_header() {
    // 2026-10-21T07:28:00Z, from `date -u -d 2026-10-21T07:28:00Z +%s`.
    let at_ms = 1_792_567_680_000.0;
    let date = "Wed, 21 Oct 2026 07:28:00 GMT";
    assert_eq!(retry::http_date_ms(date), Some(at_ms));
    #[rustfmt::skip]
    let rows: Vec<(Option<&str>, f64, Option<f64>)> = vec![
        (Some("120"),                          0.0,               Some(120_000.0)),
        (Some("0"),                            5.0,               Some(0.0)),
        (Some(" 3 "),                          0.0,               Some(3_000.0)),
        (Some("1.5"),                          0.0,               Some(1_500.0)),
        (Some(date),                           at_ms - 5_000.0,   Some(5_000.0)),
        (Some(date),                           at_ms + 60_000.0,  Some(0.0)),
        (None,                                 0.0,               None),
        (Some(""),                             0.0,               None),
        (Some("soon"),                         0.0,               None),
        (Some("-1"),                           0.0,               None),
        (Some("Wed, 21 Oct 2026 07:28:00 CET"), 0.0,              None),
        (Some("Wed, 21 Foo 2026 07:28:00 GMT"), 0.0,              None),
        (Some("Wed, 21 Oct 2026 25:28:00 GMT"), 0.0,              None),
    ];
    for (header, now, expected) in rows {
        assert_eq!(
            retry::retry_after_ms(header, now),
            expected,
            "{header:?} at {now}"
        );
    }
}

#[test]
fn retryable_statuses() {
    for status in [429, 500, 502, 503, 504] {
        assert!(retry::is_retryable_status(status), "{status}");
    }
    for status in [200, 400, 401, 402, 403, 404, 409, 422, 501] {
        assert!(!retry::is_retryable_status(status), "{status}");
    }
    assert!(!retry::is_ambiguous_status(429));
    assert!(retry::is_ambiguous_status(502));
}

#[test]
fn find_created_matches_name_frequency_and_retention() {
    let request = doc_request();
    let item = |name: &str, freq: &str, days: i64| {
        json!({"schedule_id": format!("{name}-{freq}-{days}"), "name": name,
               "frequency": freq, "retention_expire_after_days": days, "enabled": true})
    };
    let mine = || item("my-nightly-backup", "daily", 7);
    let page = val(json!({"data": [
        item("my-nightly-backup", "weekly", 7),
        item("my-nightly-backup", "daily", 14),
        item("other", "daily", 7),
        mine(),
        mine(),
    ], "pagination": null}));
    assert_eq!(retry::find_created(&page, &request), Some(3));

    let near_miss = val(json!({"data": [item("my-nightly-backup", "daily", 8)]}));
    assert_eq!(retry::find_created(&near_miss, &request), None);
    assert_eq!(
        retry::find_created(&val(json!({"data": []})), &request),
        None
    );
    assert_eq!(
        retry::find_created(&val(json!({"data": {}})), &request),
        None
    );
    assert_eq!(retry::find_created(&val(json!([mine()])), &request), None);
}
