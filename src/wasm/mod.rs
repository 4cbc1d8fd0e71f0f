//! The JavaScript surface: exported functions, the `BackupSchedules` class and their
//! TypeScript declarations. Everything here converts and delegates; the rules live in the
//! core.

mod client;
mod convert;
mod errors;
mod transport;

use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{AbortSignal, RequestCredentials};

use crate::issue::Report;
use crate::request::Operation;
use crate::validate::{self, PageParams};
use crate::{options, Error, ErrorKind, Value};
use client::{Client, Failed};
use convert::{from_js, issues, object};
use transport::Transport;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("types.d.ts");

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

#[wasm_bindgen(module = "/src/wasm/pages.js")]
extern "C" {
    fn pages(fetch_page: &JsValue) -> JsValue;
}

/// With `panic = "abort"` a panic leaves the module unusable, so say so where a developer
/// will look instead of failing with a bare `unreachable`. Installed on first use rather than
/// by a start function, which wasm-bindgen would also export.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let place = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let what = info
                .payload()
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
                .unwrap_or("panic");
            console_error(&format!(
                "pinecone-backup-schedules: internal error{place}: {what}; the module must be reloaded"
            ));
        }));
    });
}

/// The JS-only parts of an options object, read without invoking anything.
#[derive(Clone, Default)]
struct JsParts {
    fetch: Option<Function>,
    signal: Option<AbortSignal>,
    on_event: Option<Function>,
}

impl JsParts {
    fn read(options: &JsValue) -> Self {
        if !options.is_object() {
            return JsParts::default();
        }
        let get = |key: &str| Reflect::get(options, &JsValue::from_str(key)).ok();
        JsParts {
            fetch: get("fetch").and_then(|f| f.dyn_into().ok()),
            signal: get("signal").and_then(|s| s.dyn_into().ok()),
            on_event: get("onEvent").and_then(|f| f.dyn_into().ok()),
        }
    }

    /// `self` with whatever `call` sets taking precedence.
    fn over(&self, call: &JsParts) -> JsParts {
        JsParts {
            fetch: call.fetch.clone().or_else(|| self.fetch.clone()),
            signal: call.signal.clone().or_else(|| self.signal.clone()),
            on_event: call.on_event.clone().or_else(|| self.on_event.clone()),
        }
    }
}

/// Options as given: the JSON-shaped part for the rules, the JS objects beside it.
#[derive(Clone, Default)]
struct RawOptions {
    value: Option<Value>,
    parts: JsParts,
}

impl RawOptions {
    fn read(options: &JsValue) -> Self {
        install_panic_hook();
        RawOptions {
            value: from_js(options),
            parts: JsParts::read(options),
        }
    }

    /// Per-call options laid over a client's defaults, key by key.
    fn over(&self, call: &RawOptions) -> RawOptions {
        let value = match (&self.value, &call.value) {
            (Some(Value::Object(base)), Some(Value::Object(top))) => {
                let mut merged: Vec<(String, Value)> = base
                    .iter()
                    .filter(|(k, _)| !top.iter().any(|(t, _)| t == k))
                    .cloned()
                    .collect();
                merged.extend(top.iter().cloned());
                Some(Value::Object(merged))
            }
            (base, None | Some(Value::Null)) => base.clone(),
            (_, top) => top.clone(),
        };
        RawOptions {
            value,
            parts: self.parts.over(&call.parts),
        }
    }

    fn client(&self, report: &mut Report) -> Option<Client> {
        let options = options::client_options(report, self.value.as_ref())?;
        let given = self.value.as_ref().and_then(|v| v.get("signal"));
        let usable = self
            .parts
            .signal
            .as_ref()
            .is_some_and(transport::is_usable_signal);
        if given.is_some_and(|v| *v != Value::Null) && !usable {
            report.error("options.signal", "must be an AbortSignal");
            return None;
        }
        if options.base_url.starts_with('/') && !transport::has_http_origin() {
            report.error(
                "options.baseUrl",
                "a path needs a page origin to resolve against, and this runtime (Node, or a \
                 worker started from a blob) has none; give a full http(s) URL",
            );
            return None;
        }
        let Some(fetch) = self.parts.fetch.clone().or_else(transport::global_fetch) else {
            report.error(
                "options.fetch",
                "is required here: this runtime has no global fetch",
            );
            return None;
        };
        let credentials = match self
            .value
            .as_ref()
            .and_then(|v| v.get("credentials"))
            .and_then(Value::as_str)
        {
            Some("same-origin") => RequestCredentials::SameOrigin,
            _ => RequestCredentials::Omit,
        };
        Some(Client {
            options,
            transport: Transport {
                fetch,
                signal: self.parts.signal.clone(),
                credentials,
            },
            on_event: self.parts.on_event.clone(),
        })
    }
}

/// Checks the input of a call, then runs it; every failure rejects the returned promise.
fn call(
    raw: &RawOptions,
    operation: &'static str,
    check: impl FnOnce(&mut Report) -> Option<Operation>,
) -> Promise {
    let mut report = Report::default();
    let op = check(&mut report);
    let client = raw.client(&mut report);
    let (Some(op), Some(client)) = (op, client) else {
        return Promise::reject(&validation_error(report, operation));
    };
    future_to_promise(async move {
        client
            .run(&op)
            .await
            .map_err(|failed| failed_to_js(&failed))
    })
}

fn failed_to_js(failed: &Failed) -> JsValue {
    let error = errors::to_js(&failed.error, failed.cause.as_ref());
    if let Some(existing) = &failed.existing {
        let _ = Reflect::set(&error, &JsValue::from_str("existingSchedule"), existing);
    }
    error
}

fn validation_error(report: Report, operation: &'static str) -> JsValue {
    let error = Error::new(
        ErrorKind::Validation {
            issues: report.errors,
            warnings: report.warnings,
        },
        operation,
        0,
    );
    errors::to_js(&error, None)
}

fn create_op(report: &mut Report, index_name: &JsValue, request: &JsValue) -> Option<Operation> {
    let index_name = validate::index_name(report, "indexName", from_js(index_name).as_ref());
    let request = validate::create_request(report, from_js(request).as_ref());
    Some(Operation::Create {
        index_name: index_name?,
        request: request?,
    })
}

fn list_op(report: &mut Report, index_name: &JsValue, params: &JsValue) -> Option<Operation> {
    let index_name = validate::index_name(report, "indexName", from_js(index_name).as_ref());
    let page = validate::page_params(report, "params", from_js(params).as_ref());
    Some(Operation::List {
        index_name: index_name?,
        page: page?,
    })
}

fn history_op(report: &mut Report, schedule_id: &JsValue, params: &JsValue) -> Option<Operation> {
    let schedule_id = validate::schedule_id(report, "scheduleId", from_js(schedule_id).as_ref());
    let page = validate::page_params(report, "params", from_js(params).as_ref());
    Some(Operation::History {
        schedule_id: schedule_id?,
        page: page?,
    })
}

fn id_op(
    report: &mut Report,
    schedule_id: &JsValue,
    make: fn(String) -> Operation,
) -> Option<Operation> {
    validate::schedule_id(report, "scheduleId", from_js(schedule_id).as_ref()).map(make)
}

fn update_op(report: &mut Report, schedule_id: &JsValue, request: &JsValue) -> Option<Operation> {
    let schedule_id = validate::schedule_id(report, "scheduleId", from_js(schedule_id).as_ref());
    let request = validate::update_request(report, from_js(request).as_ref());
    Some(Operation::Update {
        schedule_id: schedule_id?,
        request: request?,
    })
}

fn validate_create(raw: &RawOptions, index_name: &JsValue, request: &JsValue) -> JsValue {
    let mut report = Report::default();
    create_op(&mut report, index_name, request);
    if raw.value.is_some() {
        raw.client(&mut report);
    }
    object(&[
        ("ok", JsValue::from_bool(report.is_ok())),
        ("errors", issues(&report.errors)),
        ("warnings", issues(&report.warnings)),
    ])
}

/// An async iterable over every item of every page, fetching pages lazily.
fn iterate(
    raw: RawOptions,
    operation: &'static str,
    first: Option<Operation>,
    report: Report,
) -> JsValue {
    let first = match (first, raw.client(&mut Report::default())) {
        (Some(op), Some(_)) if report.is_ok() => Rc::new(op),
        _ => {
            // Report problems on the first `next()`, like any other async failure.
            let mut report = report;
            raw.client(&mut report);
            let error = validation_error(report, operation);
            let fail =
                Closure::<dyn FnMut(JsValue) -> Promise>::new(move |_| Promise::reject(&error));
            return pages(&fail.into_js_value());
        }
    };
    let fetch_page = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |token: JsValue| {
        let mut op = (*first).clone();
        let token = token.as_string();
        if let Operation::List { page, .. } | Operation::History { page, .. } = &mut op {
            if token.is_some() {
                *page = PageParams {
                    limit: None,
                    pagination_token: token,
                };
            }
        }
        call(&raw, operation, move |_| Some(op))
    });
    pages(&fetch_page.into_js_value())
}

/// Creates a backup schedule for an index: `POST /indexes/{index_name}/backup-schedules`.
///
/// The request is the documented REST body; it is checked before anything is sent.
#[wasm_bindgen(js_name = createBackupSchedule, unchecked_return_type = "Promise<BackupSchedule>")]
pub fn create_backup_schedule(
    #[wasm_bindgen(js_name = indexName, unchecked_param_type = "string")] index_name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CreateBackupScheduleRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> Promise {
    call(
        &RawOptions::read(&options.unwrap_or_default()),
        "createBackupSchedule",
        |r| create_op(r, &index_name, &request),
    )
}

/// Runs the create rules without sending anything, for forms that check as the user types.
#[wasm_bindgen(js_name = validateCreateBackupSchedule, unchecked_return_type = "ValidationResult")]
pub fn validate_create_backup_schedule(
    #[wasm_bindgen(js_name = indexName, unchecked_param_type = "unknown")] index_name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> JsValue {
    validate_create(
        &RawOptions::read(&options.unwrap_or_default()),
        &index_name,
        &request,
    )
}

/// Lists one page of an index's schedules: `GET /indexes/{index_name}/backup-schedules`.
#[wasm_bindgen(js_name = listBackupSchedules, unchecked_return_type = "Promise<Page<BackupSchedule>>")]
pub fn list_backup_schedules(
    #[wasm_bindgen(js_name = indexName, unchecked_param_type = "string")] index_name: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PageParams")] params: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> Promise {
    call(
        &RawOptions::read(&options.unwrap_or_default()),
        "listBackupSchedules",
        |r| list_op(r, &index_name, &params.unwrap_or_default()),
    )
}

/// Every schedule of an index, page after page: `for await (const s of ...)`.
#[wasm_bindgen(js_name = iterateBackupSchedules, unchecked_return_type = "AsyncIterable<BackupSchedule>")]
pub fn iterate_backup_schedules(
    #[wasm_bindgen(js_name = indexName, unchecked_param_type = "string")] index_name: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PageParams")] params: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> JsValue {
    let mut report = Report::default();
    let op = list_op(&mut report, &index_name, &params.unwrap_or_default());
    iterate(
        RawOptions::read(&options.unwrap_or_default()),
        "iterateBackupSchedules",
        op,
        report,
    )
}

/// Describes one schedule: `GET /backup-schedules/{schedule_id}`.
#[wasm_bindgen(js_name = describeBackupSchedule, unchecked_return_type = "Promise<BackupSchedule>")]
pub fn describe_backup_schedule(
    #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> Promise {
    call(
        &RawOptions::read(&options.unwrap_or_default()),
        "describeBackupSchedule",
        |r| {
            id_op(r, &schedule_id, |schedule_id| Operation::Describe {
                schedule_id,
            })
        },
    )
}

/// Changes a schedule: `PATCH /backup-schedules/{schedule_id}`, sending only given fields.
#[wasm_bindgen(js_name = updateBackupSchedule, unchecked_return_type = "Promise<BackupSchedule>")]
pub fn update_backup_schedule(
    #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "UpdateBackupScheduleRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> Promise {
    call(
        &RawOptions::read(&options.unwrap_or_default()),
        "updateBackupSchedule",
        |r| update_op(r, &schedule_id, &request),
    )
}

/// Deletes a schedule (its backups stay): `DELETE /backup-schedules/{schedule_id}`.
#[wasm_bindgen(js_name = deleteBackupSchedule, unchecked_return_type = "Promise<void>")]
pub fn delete_backup_schedule(
    #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> Promise {
    call(
        &RawOptions::read(&options.unwrap_or_default()),
        "deleteBackupSchedule",
        |r| {
            id_op(r, &schedule_id, |schedule_id| Operation::Delete {
                schedule_id,
            })
        },
    )
}

/// Lists one page of the backups a schedule made: `GET /backup-schedules/{id}/history`.
#[wasm_bindgen(js_name = listBackupScheduleHistory, unchecked_return_type = "Promise<Page<BackupHistoryItem>>")]
pub fn list_backup_schedule_history(
    #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PageParams")] params: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> Promise {
    call(
        &RawOptions::read(&options.unwrap_or_default()),
        "listBackupScheduleHistory",
        |r| history_op(r, &schedule_id, &params.unwrap_or_default()),
    )
}

/// Every backup a schedule made, page after page.
#[wasm_bindgen(js_name = iterateBackupScheduleHistory, unchecked_return_type = "AsyncIterable<BackupHistoryItem>")]
pub fn iterate_backup_schedule_history(
    #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PageParams")] params: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> JsValue {
    let mut report = Report::default();
    let op = history_op(&mut report, &schedule_id, &params.unwrap_or_default());
    iterate(
        RawOptions::read(&options.unwrap_or_default()),
        "iterateBackupScheduleHistory",
        op,
        report,
    )
}

/// A client that holds its options once. Each method takes optional per-call options that
/// are laid over the client's (for a `signal` or a shorter `timeoutMs`, say).
#[wasm_bindgen(js_name = BackupSchedules)]
pub struct BackupSchedules {
    defaults: RawOptions,
}

/// Shows nothing of the options: they may hold the key.
impl std::fmt::Debug for BackupSchedules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackupSchedules { .. }")
    }
}

#[wasm_bindgen(js_class = BackupSchedules)]
impl BackupSchedules {
    /// Checks the options now, so a misconfigured client fails where it is made.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<BackupSchedules, JsValue> {
        let defaults = RawOptions::read(&options.unwrap_or_default());
        let mut report = Report::default();
        defaults.client(&mut report);
        if !report.is_ok() {
            return Err(validation_error(report, "BackupSchedules"));
        }
        Ok(BackupSchedules { defaults })
    }

    fn with(&self, options: &JsValue) -> RawOptions {
        self.defaults.over(&RawOptions::read(options))
    }

    /// See `createBackupSchedule`.
    #[wasm_bindgen(unchecked_return_type = "Promise<BackupSchedule>")]
    pub fn create(
        &self,
        #[wasm_bindgen(js_name = indexName, unchecked_param_type = "string")] index_name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CreateBackupScheduleRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        call(
            &self.with(&options.unwrap_or_default()),
            "createBackupSchedule",
            |r| create_op(r, &index_name, &request),
        )
    }

    /// See `validateCreateBackupSchedule`; the client's options are checked too.
    #[wasm_bindgen(js_name = validateCreate, unchecked_return_type = "ValidationResult")]
    pub fn validate_create(
        &self,
        #[wasm_bindgen(js_name = indexName, unchecked_param_type = "unknown")] index_name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue,
    ) -> JsValue {
        validate_create(&self.defaults, &index_name, &request)
    }

    /// See `listBackupSchedules`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Page<BackupSchedule>>")]
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = indexName, unchecked_param_type = "string")] index_name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageParams")] params: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        call(
            &self.with(&options.unwrap_or_default()),
            "listBackupSchedules",
            |r| list_op(r, &index_name, &params.unwrap_or_default()),
        )
    }

    /// See `iterateBackupSchedules`.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterable<BackupSchedule>")]
    pub fn iterate(
        &self,
        #[wasm_bindgen(js_name = indexName, unchecked_param_type = "string")] index_name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageParams")] params: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> JsValue {
        let mut report = Report::default();
        let op = list_op(&mut report, &index_name, &params.unwrap_or_default());
        iterate(
            self.with(&options.unwrap_or_default()),
            "iterateBackupSchedules",
            op,
            report,
        )
    }

    /// See `describeBackupSchedule`.
    #[wasm_bindgen(unchecked_return_type = "Promise<BackupSchedule>")]
    pub fn describe(
        &self,
        #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        call(
            &self.with(&options.unwrap_or_default()),
            "describeBackupSchedule",
            |r| {
                id_op(r, &schedule_id, |schedule_id| Operation::Describe {
                    schedule_id,
                })
            },
        )
    }

    /// See `updateBackupSchedule`.
    #[wasm_bindgen(unchecked_return_type = "Promise<BackupSchedule>")]
    pub fn update(
        &self,
        #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UpdateBackupScheduleRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        call(
            &self.with(&options.unwrap_or_default()),
            "updateBackupSchedule",
            |r| update_op(r, &schedule_id, &request),
        )
    }

    /// See `deleteBackupSchedule`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        call(
            &self.with(&options.unwrap_or_default()),
            "deleteBackupSchedule",
            |r| {
                id_op(r, &schedule_id, |schedule_id| Operation::Delete {
                    schedule_id,
                })
            },
        )
    }

    /// See `listBackupScheduleHistory`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Page<BackupHistoryItem>>")]
    pub fn history(
        &self,
        #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageParams")] params: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        call(
            &self.with(&options.unwrap_or_default()),
            "listBackupScheduleHistory",
            |r| history_op(r, &schedule_id, &params.unwrap_or_default()),
        )
    }

    /// See `iterateBackupScheduleHistory`.
    #[wasm_bindgen(js_name = iterateHistory, unchecked_return_type = "AsyncIterable<BackupHistoryItem>")]
    pub fn iterate_history(
        &self,
        #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageParams")] params: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> JsValue {
        let mut report = Report::default();
        let op = history_op(&mut report, &schedule_id, &params.unwrap_or_default());
        iterate(
            self.with(&options.unwrap_or_default()),
            "iterateBackupScheduleHistory",
            op,
            report,
        )
    }
}
