//! The `/_emulator/` control API that tests use to reset state, read back requests and script
//! faults. Mounted only with `--admin`; it needs no key.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::api::{backup_json, schedule_json};
use crate::body;
use crate::faults::Fault;
use crate::fields;
use crate::reply::{ApiError, Reply};
use crate::state::Shared;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/reset", post(reset))
        .route("/requests", get(requests).delete(clear_requests))
        .route("/state", get(state))
        .route("/config", post(config))
        .route(
            "/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .method_not_allowed_fallback(method_not_allowed)
}

fn done() -> Response {
    Reply::empty(StatusCode::NO_CONTENT).into_response()
}

fn error(error: ApiError) -> Response {
    error.into_reply(false).into_response()
}

/// The body under the same size and time limits as the API's, or the error answer to send.
async fn read_body(shared: &Shared, request: Request) -> Result<Bytes, Response> {
    let (parts, body) = request.into_parts();
    body::read(&parts.headers, body, shared.config().read_timeout)
        .await
        .map_err(|e| {
            let mut response = error(e.to_api_error());
            body::close_after(&mut response);
            response
        })
}

async fn method_not_allowed() -> Response {
    error(ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "INVALID_ARGUMENT",
        "method not allowed on this admin path",
    ))
}

async fn reset(State(shared): State<Shared>) -> Response {
    shared.reset();
    done()
}

async fn requests(State(shared): State<Shared>) -> Response {
    let emulator = shared.lock();
    let records = serde_json::to_value(emulator.journal.records()).unwrap_or(Value::Null);
    Reply::json(StatusCode::OK, &records).into_response()
}

async fn clear_requests(State(shared): State<Shared>) -> Response {
    shared.lock().journal.clear();
    done()
}

async fn state(State(shared): State<Shared>) -> Response {
    let emulator = shared.lock();
    let world = &emulator.world;
    let projects: Vec<Value> = world
        .projects
        .iter()
        .map(|p| json!({ "project_id": p.id, "plan": p.plan.as_str(), "api_key": p.api_key }))
        .collect();
    let indexes: Vec<Value> = world
        .indexes
        .iter()
        .map(|i| {
            json!({
                "index_id": i.id,
                "name": i.name,
                "project_id": i.project_id,
                "spec": if i.pod_based { "pod" } else { "serverless" },
            })
        })
        .collect();
    let schedules: Vec<Value> = world
        .schedules
        .iter()
        .map(|s| {
            let index_name = world
                .index_by_id(&s.index_id)
                .map_or("", |i| i.name.as_str());
            let mut value = schedule_json(s, false);
            value["history"] = s
                .history
                .iter()
                .map(|b| backup_json(b, s, index_name, false))
                .collect();
            value
        })
        .collect();
    let settings = &emulator.settings;
    let body = json!({
        "projects": projects,
        "indexes": indexes,
        "schedules": schedules,
        "config": {
            "expose_headers": settings.expose_headers,
            "max_retention_days": settings.max_retention_days,
            "hostile_strings": settings.hostile_strings,
        },
    });
    Reply::json(StatusCode::OK, &body).into_response()
}

/// The settings a `POST /_emulator/config` asks to change; absent ones stay as they are.
struct ConfigChange {
    expose_headers: Option<bool>,
    hostile_strings: Option<bool>,
    max_retention_days: Option<u32>,
}

impl ConfigChange {
    fn parse(body: &[u8]) -> Result<Self, ApiError> {
        let object = fields::parse_object(body)?;
        fields::reject_unknown(
            &object,
            &["expose_headers", "max_retention_days", "hostile_strings"],
        )?;
        let flag = |key: &str| {
            fields::optional(&object, key)
                .map(|v| fields::boolean(v, key))
                .transpose()
        };
        let max_retention_days = match fields::optional(&object, "max_retention_days") {
            Some(value) => {
                let days = fields::unsigned(value, "max_retention_days")?;
                let days = u32::try_from(days)
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| ApiError::invalid("max_retention_days must be at least 1"))?;
                Some(days)
            }
            None => None,
        };
        Ok(ConfigChange {
            expose_headers: flag("expose_headers")?,
            hostile_strings: flag("hostile_strings")?,
            max_retention_days,
        })
    }
}

async fn config(State(shared): State<Shared>, request: Request) -> Response {
    let body = match read_body(&shared, request).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let change = match ConfigChange::parse(&body) {
        Ok(change) => change,
        Err(e) => return error(e),
    };
    let mut emulator = shared.lock();
    let settings = &mut emulator.settings;
    if let Some(expose) = change.expose_headers {
        settings.expose_headers = expose;
    }
    if let Some(hostile) = change.hostile_strings {
        settings.hostile_strings = hostile;
    }
    if let Some(days) = change.max_retention_days {
        settings.max_retention_days = days;
    }
    done()
}

async fn list_faults(State(shared): State<Shared>) -> Response {
    let emulator = shared.lock();
    let faults = serde_json::to_value(&emulator.faults).unwrap_or(Value::Null);
    Reply::json(StatusCode::OK, &faults).into_response()
}

async fn add_fault(State(shared): State<Shared>, request: Request) -> Response {
    let body = match read_body(&shared, request).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    match Fault::parse(&body) {
        Ok(fault) => {
            shared.lock().faults.push_back(fault);
            done()
        }
        Err(e) => error(e),
    }
}

async fn clear_faults(State(shared): State<Shared>) -> Response {
    shared.lock().faults.clear();
    done()
}
