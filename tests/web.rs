//! The exported surface in a real headless browser, cross-origin against the emulator.
//!
//! The test page is served by wasm-bindgen-test-runner on its own port, so every call here
//! crosses origins and goes through a CORS preflight, as a dashboard's would.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Date, Promise, Reflect, JSON};
use pinecone_backup_schedules::wasm as api;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Set by the test script when it compiles this file; the runner's page cannot read the
/// environment at run time.
const EMULATOR: &str = match option_env!("EMULATOR_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8790",
};

const KEY: &str = "emulator-key";
const DOC_BODY: &str = r#"{"name":"my-nightly-backup","schedule":{"type":"time-based","frequency":"daily"},"retention":{"expire_after_days":7}}"#;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON is valid")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn options(extra: &str) -> JsValue {
    let base = format!(r#"{{"apiKey":"{KEY}","baseUrl":"{EMULATOR}","maxRetries":0{extra}}}"#);
    js(&base)
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

async fn admin(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let mut request = gloo_net::http::RequestBuilder::new(&format!("{EMULATOR}/_emulator/{path}"))
        .method(method.parse().expect("test methods are valid"));
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let request = match body {
        Some(b) => request.body(b),
        None => request.build(),
    }
    .expect("admin request builds");
    let response = request.send().await.expect("the emulator answers");
    let text = response.text().await.unwrap_or_default();
    if text.is_empty() {
        JsValue::UNDEFINED
    } else {
        js(&text)
    }
}

async fn reset() {
    admin("POST", "reset", None).await;
}

async fn fault(spec: &str) {
    admin("POST", "faults", Some(spec)).await;
}

/// API requests the emulator saw, preflights left out.
async fn api_requests() -> Vec<JsValue> {
    let all: Array = admin("GET", "requests", None).await.unchecked_into();
    all.iter()
        .filter(|r| text(r, "method") != "OPTIONS")
        .collect()
}

async fn schedules_of(index: &str) -> Array {
    let page = settle(api::list_backup_schedules(
        JsValue::from_str(index),
        None,
        Some(options("")),
    ))
    .await
    .expect("listing works");
    get(&page, "data").unchecked_into()
}

fn create(index: &str, body: &str, opts: JsValue) -> Promise {
    api::create_backup_schedule(JsValue::from_str(index), js(body), Some(opts))
}

#[wasm_bindgen_test]
async fn documented_example_is_sent_exactly() {
    reset().await;
    let schedule = settle(create("docs-example", DOC_BODY, options("")))
        .await
        .expect("create succeeds");
    assert_eq!(text(&schedule, "name"), "my-nightly-backup");
    assert_eq!(
        get(&schedule, "retention_expire_after_days").as_f64(),
        Some(7.0)
    );
    assert_eq!(get(&schedule, "enabled").as_bool(), Some(true));
    let proto = Reflect::get_prototype_of(&schedule).unwrap();
    assert!(js_sys::Object::is(
        &proto,
        &Reflect::get_prototype_of(&js("{}")).unwrap()
    ));

    let seen = api_requests().await;
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(text(request, "method"), "POST");
    assert_eq!(
        text(request, "path"),
        "/indexes/docs-example/backup-schedules"
    );
    assert_eq!(text(request, "body"), DOC_BODY);
    let headers = get(request, "headers");
    assert_eq!(text(&headers, "api-key"), KEY);
    assert_eq!(text(&headers, "x-pinecone-api-version"), "2026-07");
    assert_eq!(text(&headers, "content-type"), "application/json");
    assert!(get(&headers, "cookie").is_undefined());
    assert!(get(&headers, "x-pinecone-sdk").is_undefined());
}

#[wasm_bindgen_test]
async fn type_defaults_to_time_based() {
    reset().await;
    let body =
        r#"{"name":"n","schedule":{"frequency":"weekly"},"retention":{"expire_after_days":3}}"#;
    settle(create("product-search", body, options("")))
        .await
        .expect("create succeeds");
    let seen = api_requests().await;
    assert!(text(&seen[0], "body").contains(r#""type":"time-based""#));
}

async fn api_error(promise: Promise) -> JsValue {
    let error = settle(promise).await.expect_err("the call fails");
    assert!(error.is_instance_of::<js_sys::Error>());
    error
}

#[wasm_bindgen_test]
async fn second_enabled_schedule_is_409() {
    reset().await;
    let error = api_error(create("support-tickets", DOC_BODY, options(""))).await;
    assert_eq!(text(&error, "name"), "PineconeApiError");
    assert_eq!(get(&error, "status").as_f64(), Some(409.0));
    assert_eq!(text(&error, "code"), "ALREADY_EXISTS");
    assert!(!text(&error, "message").is_empty());
    assert!(
        !text(&error, "requestId").is_empty(),
        "request id header is exposed"
    );
}

#[wasm_bindgen_test]
async fn not_found_forbidden_and_unauthorized() {
    reset().await;
    let error = api_error(create("no-such-index", DOC_BODY, options(""))).await;
    assert_eq!(get(&error, "status").as_f64(), Some(404.0));
    assert_eq!(text(&error, "code"), "NOT_FOUND");

    let starter = js(&format!(
        r#"{{"apiKey":"emulator-starter-key","baseUrl":"{EMULATOR}","maxRetries":0}}"#
    ));
    let error = api_error(create("no-such-index", DOC_BODY, starter)).await;
    assert_eq!(
        get(&error, "status").as_f64(),
        Some(403.0),
        "plan check wins over 404"
    );

    let wrong = js(&format!(r#"{{"apiKey":"wrong","baseUrl":"{EMULATOR}"}}"#));
    let error = api_error(create("docs-example", DOC_BODY, wrong)).await;
    assert_eq!(text(&error, "name"), "PineconeApiError");
    assert_eq!(get(&error, "status").as_f64(), Some(401.0));
    assert_eq!(text(&error, "message"), "Invalid API key");
    assert!(get(&error, "code").is_null());
}

#[wasm_bindgen_test]
async fn invalid_input_is_refused_before_sending() {
    reset().await;
    let bad = r#"{"name":" ","schedule":{"frequency":"Daily"},"retention":{"expireAfterDays":7}}"#;
    let opts = js(&format!(r#"{{"baseUrl":"{EMULATOR}","apiKey":"a\nb"}}"#));
    let error = api_error(create("Docs_Example", bad, opts)).await;
    assert_eq!(text(&error, "name"), "PineconeValidationError");
    let issues: Array = get(&error, "issues").unchecked_into();
    let paths: Vec<String> = issues.iter().map(|i| text(&i, "path")).collect();
    for expected in [
        "indexName",
        "name",
        "schedule.frequency",
        "retention.expireAfterDays",
        "retention.expire_after_days",
        "options.apiKey",
    ] {
        assert!(
            paths.iter().any(|p| p == expected),
            "{expected} in {paths:?}"
        );
    }
    assert!(text(&error, "message").contains("did you mean 'daily'"));
    assert!(!text(&error, "message").contains("a\nb"));
    assert!(
        api_requests().await.is_empty(),
        "nothing reached the server"
    );
}

#[wasm_bindgen_test]
fn validate_reports_errors_and_warnings() {
    let result = api::validate_create_backup_schedule(
        JsValue::from_str("docs-example"),
        js(
            r#"{"name":"A_Very_Long_Schedule_Name_For_Backups","schedule":{"frequency":"monthly"},"retention":{"expire_after_days":0}}"#,
        ),
        None,
    );
    assert_eq!(get(&result, "ok").as_bool(), Some(false));
    let errors: Array = get(&result, "errors").unchecked_into();
    assert_eq!(errors.length(), 1);
    assert_eq!(text(&errors.get(0), "path"), "retention.expire_after_days");
    let warnings: Array = get(&result, "warnings").unchecked_into();
    assert_eq!(warnings.length(), 2);
}

#[wasm_bindgen_test]
async fn lifecycle_list_describe_update_history_delete() {
    reset().await;
    let created = settle(create("docs-example", DOC_BODY, options("")))
        .await
        .unwrap();
    let id = get(&created, "schedule_id");

    let described = settle(api::describe_backup_schedule(id.clone(), Some(options(""))))
        .await
        .unwrap();
    assert_eq!(text(&described, "name"), "my-nightly-backup");

    let updated = settle(api::update_backup_schedule(
        id.clone(),
        js(r#"{"enabled":false,"retention":{"expire_after_days":14}}"#),
        Some(options("")),
    ))
    .await
    .unwrap();
    assert_eq!(get(&updated, "enabled").as_bool(), Some(false));
    assert_eq!(
        get(&updated, "retention_expire_after_days").as_f64(),
        Some(14.0)
    );
    assert!(get(&updated, "next_scheduled_run").is_null());
    let patch = api_requests().await.pop().unwrap();
    assert_eq!(
        text(&patch, "body"),
        r#"{"enabled":false,"retention":{"expire_after_days":14}}"#
    );

    let history = settle(api::list_backup_schedule_history(
        JsValue::from_str("3f6c1e2a-8b4d-4c7e-9a15-2d8f0b6e4a71"),
        None,
        Some(options("")),
    ))
    .await
    .unwrap();
    let items: Array = get(&history, "data").unchecked_into();
    assert_eq!(items.length(), 3);

    let deleted = settle(api::delete_backup_schedule(id, Some(options(""))))
        .await
        .unwrap();
    assert!(deleted.is_undefined());
    assert_eq!(schedules_of("docs-example").await.length(), 0);
}

#[wasm_bindgen_test]
async fn retries_503_twice_with_growing_waits() {
    reset().await;
    fault(r#"{"method":"GET","count":2,"mode":"replace","status":503,"body":"busy"}"#).await;
    let events = Array::new();
    let hook = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new({
        let events = events.clone();
        move |e: JsValue| {
            events.push(&e);
        }
    });
    let opts = options(r#","maxRetries":2"#);
    Reflect::set(&opts, &"onEvent".into(), hook.as_ref()).unwrap();

    let started = Date::now();
    let page = settle(api::list_backup_schedules(
        JsValue::from_str("support-tickets"),
        None,
        Some(opts),
    ))
    .await
    .expect("the third attempt succeeds");
    let elapsed = Date::now() - started;
    assert_eq!(Array::from(&get(&page, "data")).length(), 2);

    let waits: Vec<f64> = events
        .iter()
        .filter(|e| text(e, "type") == "retry")
        .map(|e| get(&e, "delayMs").as_f64().unwrap())
        .collect();
    assert_eq!(waits.len(), 2);
    assert!(
        waits[0] >= 250.0 && waits[1] > waits[0],
        "waits grow: {waits:?}"
    );
    assert!(
        elapsed >= waits[0] + waits[1] - 20.0,
        "really waited: {elapsed} ms"
    );
    let attempts: Vec<JsValue> = events
        .iter()
        .filter(|e| text(e, "type") == "attempt")
        .collect();
    assert_eq!(attempts.len(), 3);
}

#[wasm_bindgen_test]
async fn retry_after_seconds_is_honoured() {
    reset().await;
    fault(r#"{"method":"GET","mode":"replace","status":429,"headers":{"retry-after":"2"},"body":"{\"error\":{\"code\":\"RESOURCE_EXHAUSTED\",\"message\":\"slow down\"},\"status\":429}"}"#).await;
    let started = Date::now();
    settle(api::list_backup_schedules(
        JsValue::from_str("support-tickets"),
        None,
        Some(options(r#","maxRetries":1"#)),
    ))
    .await
    .expect("the retry succeeds");
    assert!(Date::now() - started >= 1_950.0);
}

#[wasm_bindgen_test]
async fn create_answered_503_after_success_leaves_one_schedule() {
    reset().await;
    fault(r#"{"method":"POST","mode":"after","status":503,"body":"upstream reset"}"#).await;
    let schedule = settle(create(
        "docs-example",
        DOC_BODY,
        options(r#","maxRetries":2"#),
    ))
    .await
    .expect("the schedule made by the first attempt is adopted");
    assert_eq!(text(&schedule, "name"), "my-nightly-backup");
    assert_eq!(schedules_of("docs-example").await.length(), 1);
    let posts = api_requests()
        .await
        .into_iter()
        .filter(|r| text(r, "method") == "POST")
        .count();
    assert_eq!(posts, 1, "never posted twice");
}

#[wasm_bindgen_test]
async fn timeout_and_abort_are_told_apart() {
    reset().await;
    fault(r#"{"mode":"hang"}"#).await;
    let error = api_error(api::list_backup_schedules(
        JsValue::from_str("docs-example"),
        None,
        Some(options(r#","timeoutMs":300"#)),
    ))
    .await;
    assert_eq!(text(&error, "name"), "PineconeTimeoutError");
    assert_eq!(get(&error, "timeoutMs").as_f64(), Some(300.0));

    fault(r#"{"mode":"hang"}"#).await;
    let controller = web_sys::AbortController::new().unwrap();
    let opts = options("");
    Reflect::set(&opts, &"signal".into(), &controller.signal()).unwrap();
    let pending = api::list_backup_schedules(JsValue::from_str("docs-example"), None, Some(opts));
    // Abort only once the request is really hanging at the server; a fixed pause can fire
    // before a slower browser has even sent it, leaving the fault for the next call.
    for _ in 0..100 {
        let pending = api_requests()
            .await
            .iter()
            .any(|r| text(r, "outcome") == "pending");
        if pending {
            break;
        }
        gloo_timer(50).await;
    }
    controller.abort_with_reason(&JsValue::from_str("user left the page"));
    let error = api_error(pending).await;
    assert_eq!(text(&error, "name"), "PineconeAbortError");
    assert_eq!(text(&error, "cause"), "user left the page");

    // After both faults the next normal call works.
    assert_eq!(schedules_of("support-tickets").await.length(), 2);
}

#[wasm_bindgen_test]
async fn rate_limit_without_cors_reads_as_network_failure() {
    reset().await;
    fault(r#"{"mode":"replace","status":429,"cors":false,"body":"slow down"}"#).await;
    let error = api_error(api::list_backup_schedules(
        JsValue::from_str("docs-example"),
        None,
        Some(options("")),
    ))
    .await;
    assert_eq!(text(&error, "name"), "PineconeNetworkError");
    assert!(text(&error, "message").contains("CORS"));
    assert!(text(&error, "message").contains("rate-limit"));
}

#[wasm_bindgen_test]
async fn html_success_and_gateway_pages_are_typed_errors() {
    reset().await;
    fault(r#"{"mode":"replace","status":200,"headers":{"content-type":"text/html"},"body":"<html><title>Login</title></html>"}"#).await;
    let error = api_error(api::describe_backup_schedule(
        JsValue::from_str("3f6c1e2a-8b4d-4c7e-9a15-2d8f0b6e4a71"),
        Some(options("")),
    ))
    .await;
    assert_eq!(text(&error, "name"), "PineconeResponseError");

    fault(r#"{"mode":"replace","status":502,"headers":{"content-type":"text/html"},"body":"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"}"#).await;
    let error = api_error(api::describe_backup_schedule(
        JsValue::from_str("3f6c1e2a-8b4d-4c7e-9a15-2d8f0b6e4a71"),
        Some(options("")),
    ))
    .await;
    assert_eq!(get(&error, "status").as_f64(), Some(502.0));
    assert_eq!(text(&error, "message"), "502 Bad Gateway");
}

#[wasm_bindgen_test]
async fn connection_cut_mid_body_is_a_network_error() {
    reset().await;
    fault(r#"{"mode":"cut","method":"GET"}"#).await;
    let error = api_error(api::list_backup_schedules(
        JsValue::from_str("support-tickets"),
        None,
        Some(options("")),
    ))
    .await;
    assert_eq!(text(&error, "name"), "PineconeNetworkError");
    assert_eq!(schedules_of("support-tickets").await.length(), 2);
}

#[wasm_bindgen_test]
async fn path_segments_are_encoded() {
    reset().await;
    let error = api_error(api::describe_backup_schedule(
        JsValue::from_str("../indexes/docs-example/backup-schedules?x#y"),
        Some(options("")),
    ))
    .await;
    assert_eq!(get(&error, "status").as_f64(), Some(404.0));
    let seen = api_requests().await;
    assert_eq!(
        text(&seen[0], "path"),
        "/backup-schedules/..%2Findexes%2Fdocs-example%2Fbackup-schedules%3Fx%23y"
    );
}

async fn gloo_timer(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("browser tests run in a window");
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("timer starts");
    });
    JsFuture::from(promise).await.unwrap();
}

/// A small deterministic generator, so a failing case can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Random JS values of every kind the exports may meet: wrong types, nested junk, huge
/// strings, cycles, proxies, throwing getters, odd prototypes and `null` everywhere.
fn junk(rng: &mut Rng, depth: u32) -> JsValue {
    let keys = [
        "name",
        "schedule",
        "retention",
        "frequency",
        "type",
        "expire_after_days",
        "enabled",
        "limit",
        "paginationToken",
        "__proto__",
        "constructor",
        "toString",
        "x",
    ];
    match rng.below(if depth > 3 { 12 } else { 17 }) {
        0 => JsValue::NULL,
        1 => JsValue::UNDEFINED,
        2 => JsValue::from_bool(rng.below(2) == 0),
        3 => JsValue::from_f64([f64::NAN, f64::INFINITY, -0.0, 1e308, 7.5, 7.0, -1.0, 2e9][rng.below(8) as usize]),
        4 => JsValue::from_str(["", " ", "daily", "Daily", "time-based", "../x", "a\nb", "\u{202e}", "%2F"][rng.below(9) as usize]),
        5 => JsValue::from_str(&"x".repeat([100, 10_000, 1_500_000][rng.below(3) as usize])),
        6 => js_sys::Symbol::for_("s").into(),
        7 => js_sys::BigInt::from(rng.next()).into(),
        8 => js_sys::Function::new_no_args("return 1").into(),
        9 => js_sys::Date::new_0().into(),
        10 => Array::new_with_length(rng.below(5) as u32).into(),
        11 => js("{\"name\":\"n\",\"schedule\":{\"frequency\":\"daily\"},\"retention\":{\"expire_after_days\":7}}"),
        12 => {
            let object = js_sys::Object::new();
            for _ in 0..rng.below(6) {
                let key = keys[rng.below(keys.len() as u64) as usize];
                let _ = Reflect::set(&object, &key.into(), &junk(rng, depth + 1));
            }
            object.into()
        }
        13 => {
            let cyclic = js_sys::Object::new();
            let _ = Reflect::set(&cyclic, &"self".into(), &cyclic);
            let _ = Reflect::set(&cyclic, &"name".into(), &cyclic);
            cyclic.into()
        }
        14 => {
            // Getters that throw, on an object and behind a proxy.
            let make = js_sys::Function::new_no_args(
                "const o = {}; Object.defineProperty(o, 'name', { enumerable: true, get() { throw new Error('boom') } }); \
                 const r = Proxy.revocable({}, {}); r.revoke(); return Math.random() < 0.5 ? o : r.proxy;",
            );
            make.call0(&JsValue::UNDEFINED).unwrap_or(JsValue::NULL)
        }
        15 => {
            let deep = js_sys::Function::new_no_args(
                "let v = {}; for (let i = 0; i < 1000; i++) v = { schedule: v }; return v;",
            );
            deep.call0(&JsValue::UNDEFINED).unwrap_or(JsValue::NULL)
        }
        _ => {
            let bare: js_sys::Object = js_sys::Object::create(JsValue::NULL.unchecked_ref());
            let _ = Reflect::set(&bare, &"name".into(), &junk(rng, depth + 1));
            bare.into()
        }
    }
}

/// Options that may be junk, but whenever they are an object they carry a stub `fetch`, so
/// nothing random can reach any host.
fn junk_options(rng: &mut Rng, stub: &JsValue) -> Option<JsValue> {
    match rng.below(4) {
        0 => None,
        1 => Some(junk(rng, 2)),
        _ => {
            let object = js_sys::Object::new();
            for key in [
                "apiKey",
                "timeoutMs",
                "maxRetries",
                "headers",
                "apiVersion",
                "signal",
            ] {
                if rng.below(3) == 0 {
                    let _ = Reflect::set(&object, &key.into(), &junk(rng, 2));
                }
            }
            let _ = Reflect::set(&object, &"baseUrl".into(), &EMULATOR.into());
            let _ = Reflect::set(&object, &"fetch".into(), stub);
            let _ = Reflect::set(&object, &"maxRetries".into(), &0.into());
            Some(object.into())
        }
    }
}

fn assert_pinecone_error(error: &JsValue, what: &str) {
    let name = text(error, "name");
    assert!(
        error.is_instance_of::<js_sys::Error>() && name.starts_with("Pinecone"),
        "{what} failed with a foreign error: {name} {}",
        text(error, "message")
    );
}

#[wasm_bindgen_test]
async fn thousands_of_random_values_never_break_the_module() {
    reset().await;
    let stub = js_sys::Function::new_no_args(
        "return Promise.resolve(new Response('{\"data\":[],\"pagination\":null}', { status: 200 }))",
    );
    let stub: JsValue = stub.into();
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    for round in 0..250 {
        // Let the page breathe: the stubbed calls settle in microtasks only, and a page that
        // never yields to its event loop stops answering the test driver.
        gloo_timer(0).await;
        let a = junk(&mut rng, 0);
        let b = junk(&mut rng, 0);
        let p = || Some(js("{}"));
        let calls: Vec<(&str, Promise)> = vec![
            (
                "create",
                api::create_backup_schedule(a.clone(), b.clone(), junk_options(&mut rng, &stub)),
            ),
            (
                "list",
                api::list_backup_schedules(
                    a.clone(),
                    Some(b.clone()),
                    junk_options(&mut rng, &stub),
                ),
            ),
            (
                "describe",
                api::describe_backup_schedule(a.clone(), junk_options(&mut rng, &stub)),
            ),
            (
                "update",
                api::update_backup_schedule(a.clone(), b.clone(), junk_options(&mut rng, &stub)),
            ),
            (
                "delete",
                api::delete_backup_schedule(a.clone(), junk_options(&mut rng, &stub)),
            ),
            (
                "history",
                api::list_backup_schedule_history(a.clone(), p(), junk_options(&mut rng, &stub)),
            ),
        ];
        for (what, promise) in calls {
            if let Err(error) = settle(promise).await {
                assert_pinecone_error(&error, &format!("{what} in round {round}"));
            }
        }
        let result = api::validate_create_backup_schedule(
            a.clone(),
            b.clone(),
            junk_options(&mut rng, &stub),
        );
        assert!(
            get(&result, "ok").as_bool().is_some(),
            "validate returns a result"
        );
        match api::BackupSchedules::new(junk_options(&mut rng, &stub)) {
            Ok(client) => {
                if let Err(error) =
                    settle(client.describe(a.clone(), junk_options(&mut rng, &stub))).await
                {
                    assert_pinecone_error(&error, "client.describe");
                }
            }
            Err(error) => assert_pinecone_error(&error, "new BackupSchedules"),
        }
        let iterable = api::iterate_backup_schedules(a, Some(b), junk_options(&mut rng, &stub));
        let next =
            js_sys::Function::new_with_args("it", "return it[Symbol.asyncIterator]().next()");
        if let Ok(promise) = next.call1(&JsValue::UNDEFINED, &iterable) {
            if let Err(error) = settle(promise.unchecked_into()).await {
                assert_pinecone_error(&error, "iterate");
            }
        }
    }

    // The module is still whole: a normal create works afterwards.
    let schedule = settle(create("docs-example", DOC_BODY, options("")))
        .await
        .expect("create works after the fuzzing");
    assert_eq!(text(&schedule, "name"), "my-nightly-backup");
}

/// Calls `next()` on an async iterator and returns the `{ value, done }` result.
async fn next_of(iterator: &JsValue) -> JsValue {
    let next = Reflect::get(iterator, &"next".into()).expect("iterators have next");
    let promise: Promise = next
        .unchecked_ref::<js_sys::Function>()
        .call0(iterator)
        .expect("next() returns")
        .unchecked_into();
    settle(promise).await.expect("the page loads")
}

fn iterator_of(iterable: &JsValue) -> JsValue {
    let symbol = js_sys::Symbol::async_iterator();
    let make = Reflect::get(iterable, &symbol).expect("async iterable");
    make.unchecked_ref::<js_sys::Function>()
        .call0(iterable)
        .expect("an iterator")
}

#[wasm_bindgen_test]
async fn iterators_follow_tokens_and_stop_when_abandoned() {
    reset().await;
    let iterable = api::iterate_backup_schedules(
        JsValue::from_str("support-tickets"),
        Some(js(r#"{"limit":1}"#)),
        Some(options("")),
    );
    let iterator = iterator_of(&iterable);
    let mut names = Vec::new();
    loop {
        let step = next_of(&iterator).await;
        if get(&step, "done").as_bool() == Some(true) {
            break;
        }
        names.push(text(&get(&step, "value"), "name"));
    }
    assert_eq!(names, ["nightly-support", "weekly-archive"]);
    let seen = api_requests().await;
    assert_eq!(text(&seen[0], "query"), "limit=1");
    assert!(text(&seen[1], "query").starts_with("paginationToken="));
    assert!(
        !text(&seen[1], "query").contains("limit"),
        "the token carries the size"
    );

    // Abandoned after the first item: no second page is fetched.
    admin("DELETE", "requests", None).await;
    let iterator = iterator_of(&api::iterate_backup_schedules(
        JsValue::from_str("support-tickets"),
        Some(js(r#"{"limit":1}"#)),
        Some(options("")),
    ));
    let first = next_of(&iterator).await;
    assert_eq!(text(&get(&first, "value"), "name"), "nightly-support");
    let stop = Reflect::get(&iterator, &"return".into()).unwrap();
    let done: Promise = stop
        .unchecked_ref::<js_sys::Function>()
        .call0(&iterator)
        .unwrap()
        .unchecked_into();
    settle(done).await.unwrap();
    let after = next_of(&iterator).await;
    assert_eq!(
        get(&after, "done").as_bool(),
        Some(true),
        "a returned iterator is done"
    );
    assert_eq!(api_requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn delete_accepts_empty_200_and_202() {
    for status in [200, 202] {
        reset().await;
        fault(&format!(
            r#"{{"method":"DELETE","mode":"replace","status":{status},"body":""}}"#
        ))
        .await;
        let result = settle(api::delete_backup_schedule(
            JsValue::from_str("b7d2e9c4-1f3a-4e8b-a6c5-9e0d7f2b1c38"),
            Some(options("")),
        ))
        .await
        .expect("an empty success is a success");
        assert!(result.is_undefined());
    }
}

#[wasm_bindgen_test]
async fn server_side_400_and_422_keep_status_and_code() {
    reset().await;
    let body = r#"{"name":"long-keep","schedule":{"frequency":"daily"},"retention":{"expire_after_days":365}}"#;
    let error = api_error(create("docs-example", body, options(""))).await;
    assert_eq!(get(&error, "status").as_f64(), Some(400.0));
    assert_eq!(text(&error, "code"), "INVALID_ARGUMENT");

    fault(r#"{"method":"PATCH","mode":"replace","status":422,"body":"{\"error\":{\"code\":\"UNPROCESSABLE_ENTITY\",\"message\":\"frequency: unknown variant\"},\"status\":422}"}"#).await;
    let error = api_error(api::update_backup_schedule(
        JsValue::from_str("b7d2e9c4-1f3a-4e8b-a6c5-9e0d7f2b1c38"),
        js(r#"{"frequency":"weekly"}"#),
        Some(options("")),
    ))
    .await;
    assert_eq!(get(&error, "status").as_f64(), Some(422.0));
    assert_eq!(text(&error, "code"), "UNPROCESSABLE_ENTITY");
    assert_eq!(text(&error, "message"), "frequency: unknown variant");
}

#[wasm_bindgen_test]
async fn sparse_history_items_arrive_as_sent() {
    reset().await;
    let page = settle(api::list_backup_schedule_history(
        JsValue::from_str("3f6c1e2a-8b4d-4c7e-9a15-2d8f0b6e4a71"),
        None,
        Some(options("")),
    ))
    .await
    .unwrap();
    let items: Array = get(&page, "data").unchecked_into();
    let sparse = items
        .iter()
        .find(|item| !Reflect::has(item, &"record_count".into()).unwrap_or(true))
        .expect("one item leaves optional fields out");
    assert!(!text(&sparse, "backup_id").is_empty());
    assert!(get(&sparse, "description").is_undefined());
    assert!(items
        .iter()
        .any(|item| text(&item, "status") == "InitializationFailed"));
}

#[wasm_bindgen_test]
async fn unreadable_retry_after_falls_back_to_backoff() {
    reset().await;
    // Cross-origin, a header the server does not expose reads as absent: the client must use
    // its own backoff, not hang on a wait it cannot see.
    admin("POST", "config", Some(r#"{"expose_headers":false}"#)).await;
    fault(r#"{"method":"GET","mode":"replace","status":503,"headers":{"retry-after":"30"},"body":"busy"}"#).await;
    let started = Date::now();
    settle(api::list_backup_schedules(
        JsValue::from_str("support-tickets"),
        None,
        Some(options(r#","maxRetries":1"#)),
    ))
    .await
    .expect("the retry succeeds");
    let elapsed = Date::now() - started;
    assert!((250.0..10_000.0).contains(&elapsed), "waited {elapsed} ms");
}
