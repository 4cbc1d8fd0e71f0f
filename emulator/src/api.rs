//! The emulated backup-schedule endpoints.
//!
//! Checks run in the service's order: version, key, plan, lookup, body shape, semantics,
//! conflict. Routing comes first so that an unknown path or method is a 404 or 405 whatever the
//! headers say. Before even routing, a body over the size limit or slower than the read timeout
//! is refused; a create or update labelled as anything but JSON is refused after the plan check.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::header::{HeaderValue, ALLOW, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::body::{self, BodyError};
use crate::clock::{self, Frequency};
use crate::cors::NoCors;
use crate::faults::{self, Mode};
use crate::fields::{self, Object};
use crate::journal::RecordGuard;
use crate::page::Page;
use crate::reply::{hostile_text, ApiError, Reply};
use crate::state::{Backup, Emulator, Project, Schedule, Shared};

pub const REQUEST_ID: &str = "x-pinecone-request-id";

const VERSION_HEADER: &str = "x-pinecone-api-version";
const STABLE_VERSION: &str = "2026-07";
const PRERELEASE_VERSION: &str = "unstable";

pub fn is_api_path(path: &str) -> bool {
    ["/indexes", "/backup-schedules"]
        .iter()
        .any(|prefix| match path.strip_prefix(prefix) {
            Some(rest) => rest.is_empty() || rest.starts_with('/'),
            None => false,
        })
}

/// Answers one API request: records it, applies any queued fault, and runs the endpoint.
pub async fn handle(shared: Shared, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = body::read(&parts.headers, body, shared.config().read_timeout).await;

    let (request_id, seq, fault) = {
        let mut emulator = shared.lock();
        let request_id = emulator.rng.uuid();
        let seq = emulator
            .journal
            .begin(&parts, body.as_deref().ok(), Some(&request_id));
        let fault = if parts.method == Method::OPTIONS {
            None
        } else {
            faults::take(&mut emulator.faults, &parts.method, parts.uri.path())
        };
        (request_id, seq, fault)
    };
    let guard = RecordGuard::new(shared.clone(), seq);

    let run = || process(&shared, &parts, body.as_ref().map_err(|e| *e));
    let (mut response, cors) = match fault {
        None => (run().into_response(), true),
        Some(fault) => {
            pause(fault.delay()).await;
            let response = match fault.mode {
                Mode::Delay => run().into_response(),
                Mode::Replace => fault.replacement().into_response(),
                Mode::After => {
                    let _real = run();
                    fault.replacement().into_response()
                }
                Mode::Hang => std::future::pending::<Response>().await,
                Mode::Cut => faults::cut(fault.cut_source(run)),
            };
            (response, fault.cors)
        }
    };

    if !response.headers().contains_key(REQUEST_ID) {
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            response.headers_mut().insert(REQUEST_ID, value);
        }
    }
    if !cors {
        response.extensions_mut().insert(NoCors);
    }
    if body.is_err() {
        body::close_after(&mut response);
    }
    guard.complete(response.status().as_u16());
    response
}

async fn pause(delay: Duration) {
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}

fn process(shared: &Shared, parts: &Parts, body: Result<&Bytes, BodyError>) -> Reply {
    let mut emulator = shared.lock();
    let hostile = emulator.settings.hostile_strings;
    match respond(&mut emulator, parts, body) {
        Ok(reply) => reply,
        Err(error) => {
            let allowed = (error.status == StatusCode::METHOD_NOT_ALLOWED)
                .then(|| route_allow(parts.uri.path()))
                .flatten();
            let mut reply = error.into_reply(hostile);
            if let Some(allowed) = allowed {
                reply
                    .headers
                    .insert(ALLOW, HeaderValue::from_static(allowed));
            }
            reply
        }
    }
}

fn respond(
    emulator: &mut Emulator,
    parts: &Parts,
    body: Result<&Bytes, BodyError>,
) -> Result<Reply, ApiError> {
    let body = body.map_err(BodyError::to_api_error)?;
    let endpoint = route(&parts.method, parts.uri.path())?;
    let version = api_version(&parts.headers)?;
    let project = authenticate(emulator, &parts.headers, version)?;
    if !project.plan.has_scheduled_backups() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "Scheduled backups are not available for your plan. Upgrade to Standard or Enterprise.",
        ));
    }

    if matches!(endpoint, Endpoint::Create(_) | Endpoint::Update(_)) {
        check_content_type(&parts.headers)?;
    }

    let query = parts.uri.query().unwrap_or("");
    match endpoint {
        Endpoint::Create(index) => create(emulator, &project, &index, body),
        Endpoint::List(index) => list(emulator, &project, &index, query),
        Endpoint::Describe(id) => describe(emulator, &project, &id),
        Endpoint::Update(id) => update(emulator, &project, &id, body),
        Endpoint::Delete(id) => delete(emulator, &project, &id),
        Endpoint::History(id) => history(emulator, &project, &id, query),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Endpoint {
    Create(String),
    List(String),
    Describe(String),
    Update(String),
    Delete(String),
    History(String),
}

fn route(method: &Method, path: &str) -> Result<Endpoint, ApiError> {
    let not_found = || ApiError::not_found(format!("no route for {path}"));
    let allowed = route_allow(path).ok_or_else(not_found)?;
    // Every known shape is `/<collection>/<name or id>/...`.
    let target = path
        .split('/')
        .nth(2)
        .and_then(percent_decode)
        .ok_or_else(not_found)?;
    let endpoint = match (allowed, method) {
        (ALLOW_COLLECTION, &Method::POST) => Endpoint::Create(target),
        (ALLOW_COLLECTION, &Method::GET) => Endpoint::List(target),
        (ALLOW_ITEM, &Method::GET) => Endpoint::Describe(target),
        (ALLOW_ITEM, &Method::PATCH) => Endpoint::Update(target),
        (ALLOW_ITEM, &Method::DELETE) => Endpoint::Delete(target),
        (ALLOW_HISTORY, &Method::GET) => Endpoint::History(target),
        _ => return Err(ApiError::method_not_allowed(allowed)),
    };
    Ok(endpoint)
}

const ALLOW_COLLECTION: &str = "GET, POST";
const ALLOW_ITEM: &str = "GET, PATCH, DELETE";
const ALLOW_HISTORY: &str = "GET";

/// Which methods a path accepts, judged by its shape alone; `None` for an unknown path.
fn route_allow(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return None;
    }
    match segments.as_slice() {
        ["indexes", _, "backup-schedules"] => Some(ALLOW_COLLECTION),
        ["backup-schedules", _] => Some(ALLOW_ITEM),
        ["backup-schedules", _, "history"] => Some(ALLOW_HISTORY),
        _ => None,
    }
}

/// Decodes `%XX` escapes; `None` for a broken escape or a result that is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    Stable,
    Prerelease,
}

fn api_version(headers: &HeaderMap) -> Result<Version, ApiError> {
    let Some(value) = headers.get(VERSION_HEADER) else {
        return Err(ApiError::invalid(format!(
            "the X-Pinecone-Api-Version header is required for backup schedules; \
             send {STABLE_VERSION} or {PRERELEASE_VERSION}"
        )));
    };
    match value.to_str() {
        Ok(STABLE_VERSION) => Ok(Version::Stable),
        Ok(PRERELEASE_VERSION) => Ok(Version::Prerelease),
        _ => Err(ApiError::invalid(format!(
            "backup schedules are not available in this API version; \
             supported versions are {STABLE_VERSION} and {PRERELEASE_VERSION}"
        ))),
    }
}

/// A body labelled as anything but JSON is refused rather than parsed on a guess. An unlabelled
/// one is read as JSON, as lenient servers do.
fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return Ok(());
    };
    let media_type = value
        .to_str()
        .ok()
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    let is_json = media_type.as_deref().is_some_and(|t| {
        t == "application/json" || (t.starts_with("application/") && t.ends_with("+json"))
    });
    if is_json {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "INVALID_ARGUMENT",
            "request body must be sent as application/json",
        ))
    }
}

fn authenticate(
    emulator: &Emulator,
    headers: &HeaderMap,
    version: Version,
) -> Result<Project, ApiError> {
    let project = headers
        .get("api-key")
        .and_then(|key| key.to_str().ok())
        .and_then(|key| emulator.world.project_by_key(key));
    match project {
        Some(project) => Ok(project.clone()),
        None => Err(ApiError {
            plain_text: version == Version::Stable,
            ..ApiError::new(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "Invalid API key",
            )
        }),
    }
}

fn index_not_found(name: &str) -> ApiError {
    ApiError::not_found(format!("Index '{name}' not found"))
}

fn schedule_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Backup schedule '{id}' not found"))
}

fn conflict(index_name: &str) -> ApiError {
    ApiError::conflict(format!(
        "index '{index_name}' already has an enabled backup schedule; \
         disable or delete that one first"
    ))
}

fn check_retention(days: i32, max: u32, path: &str) -> Result<(), ApiError> {
    if days < 1 || i64::from(days) > i64::from(max) {
        return Err(ApiError::invalid(format!(
            "{path} must be between 1 and {max}, this project's maximum retention in days"
        )));
    }
    Ok(())
}

fn parse_frequency(text: &str, path: &str) -> Result<Frequency, ApiError> {
    Frequency::parse(text)
        .ok_or_else(|| ApiError::invalid(format!("{path} must be one of daily, weekly or monthly")))
}

fn create(
    emulator: &mut Emulator,
    project: &Project,
    index_name: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let index = emulator
        .world
        .index_by_name(&project.id, index_name)
        .ok_or_else(|| index_not_found(index_name))?
        .clone();

    let input = fields::parse_object(body)?;
    let name = fields::string(fields::required(&input, "name", "name")?, "name")?;
    let schedule = fields::object(
        fields::required(&input, "schedule", "schedule")?,
        "schedule",
    )?;
    let kind = fields::string(
        fields::required(schedule, "type", "schedule.type")?,
        "schedule.type",
    )?;
    let frequency = fields::string(
        fields::required(schedule, "frequency", "schedule.frequency")?,
        "schedule.frequency",
    )?;
    let retention = fields::object(
        fields::required(&input, "retention", "retention")?,
        "retention",
    )?;
    let days = fields::int32(
        fields::required(
            retention,
            "expire_after_days",
            "retention.expire_after_days",
        )?,
        "retention.expire_after_days",
    )?;

    if name.trim().is_empty() {
        return Err(ApiError::invalid("name must not be empty"));
    }
    if kind != "time-based" {
        return Err(ApiError::invalid(
            "schedule.type must be time-based, the only type there is",
        ));
    }
    let frequency = parse_frequency(frequency, "schedule.frequency")?;
    check_retention(
        days,
        emulator.settings.max_retention_days,
        "retention.expire_after_days",
    )?;
    if index.pod_based {
        return Err(ApiError::invalid(format!(
            "index '{}' is pod-based; backup schedules need a serverless or BYOC index",
            index.name
        )));
    }

    if emulator.world.has_other_enabled(&index.id, None) {
        return Err(conflict(&index.name));
    }

    let now = clock::now();
    let schedule = Schedule {
        id: emulator.rng.uuid(),
        name: name.to_owned(),
        index_id: index.id,
        project_id: project.id.clone(),
        frequency,
        retention_days: days,
        enabled: true,
        next_run: Some(frequency.next_run(now)),
        created_at: now,
        history: Vec::new(),
    };
    let reply = Reply::json(
        StatusCode::OK,
        &schedule_json(&schedule, emulator.settings.hostile_strings),
    );
    emulator.world.schedules.push(schedule);
    Ok(reply)
}

fn list(
    emulator: &Emulator,
    project: &Project,
    index_name: &str,
    query: &str,
) -> Result<Reply, ApiError> {
    let index = emulator
        .world
        .index_by_name(&project.id, index_name)
        .ok_or_else(|| index_not_found(index_name))?;
    let page = Page::from_query(query)?;
    let schedules: Vec<&Schedule> = emulator
        .world
        .schedules
        .iter()
        .filter(|s| s.index_id == index.id)
        .collect();
    let (items, next) = page.slice(&schedules);
    let data: Vec<Value> = items
        .iter()
        .map(|s| schedule_json(s, emulator.settings.hostile_strings))
        .collect();
    Ok(list_reply(data, next))
}

fn describe(emulator: &Emulator, project: &Project, id: &str) -> Result<Reply, ApiError> {
    let position = emulator
        .world
        .schedule_position(&project.id, id)
        .ok_or_else(|| schedule_not_found(id))?;
    let schedule = &emulator.world.schedules[position];
    Ok(Reply::json(
        StatusCode::OK,
        &schedule_json(schedule, emulator.settings.hostile_strings),
    ))
}

fn update(
    emulator: &mut Emulator,
    project: &Project,
    id: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let position = emulator
        .world
        .schedule_position(&project.id, id)
        .ok_or_else(|| schedule_not_found(id))?;

    let input: Object = fields::parse_object(body)?;
    let enabled = fields::optional(&input, "enabled")
        .map(|v| fields::boolean(v, "enabled"))
        .transpose()?;
    let frequency = fields::optional(&input, "frequency")
        .map(|v| fields::string(v, "frequency"))
        .transpose()?;
    let days = match fields::optional(&input, "retention") {
        Some(value) => {
            let retention = fields::object(value, "retention")?;
            let days = fields::required(
                retention,
                "expire_after_days",
                "retention.expire_after_days",
            )?;
            Some(fields::int32(days, "retention.expire_after_days")?)
        }
        None => None,
    };

    let frequency = frequency
        .map(|f| parse_frequency(f, "frequency"))
        .transpose()?;
    if let Some(days) = days {
        check_retention(
            days,
            emulator.settings.max_retention_days,
            "retention.expire_after_days",
        )?;
    }

    let current = &emulator.world.schedules[position];
    let enabling = enabled == Some(true) && !current.enabled;
    if enabling
        && emulator
            .world
            .has_other_enabled(&current.index_id, Some(id))
    {
        let index_name = emulator
            .world
            .index_by_id(&current.index_id)
            .map_or(current.index_id.clone(), |index| index.name.clone());
        return Err(conflict(&index_name));
    }

    let now = clock::now();
    let schedule = &mut emulator.world.schedules[position];
    let frequency_changed = frequency.is_some_and(|f| f != schedule.frequency);
    if let Some(frequency) = frequency {
        schedule.frequency = frequency;
    }
    if let Some(days) = days {
        schedule.retention_days = days;
    }
    if let Some(enabled) = enabled {
        schedule.enabled = enabled;
    }
    if !schedule.enabled {
        schedule.next_run = None;
    } else if enabling || frequency_changed || schedule.next_run.is_none() {
        schedule.next_run = Some(schedule.frequency.next_run(now));
    }

    let schedule = &emulator.world.schedules[position];
    Ok(Reply::json(
        StatusCode::OK,
        &schedule_json(schedule, emulator.settings.hostile_strings),
    ))
}

fn delete(emulator: &mut Emulator, project: &Project, id: &str) -> Result<Reply, ApiError> {
    let position = emulator
        .world
        .schedule_position(&project.id, id)
        .ok_or_else(|| schedule_not_found(id))?;
    emulator.world.schedules.remove(position);
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

fn history(
    emulator: &Emulator,
    project: &Project,
    id: &str,
    query: &str,
) -> Result<Reply, ApiError> {
    let position = emulator
        .world
        .schedule_position(&project.id, id)
        .ok_or_else(|| schedule_not_found(id))?;
    let page = Page::from_query(query)?;
    let schedule = &emulator.world.schedules[position];
    let index_name = emulator
        .world
        .index_by_id(&schedule.index_id)
        .map_or("", |index| index.name.as_str());
    let (items, next) = page.slice(&schedule.history);
    let data = items
        .iter()
        .map(|backup| {
            backup_json(
                backup,
                schedule,
                index_name,
                emulator.settings.hostile_strings,
            )
        })
        .collect();
    Ok(list_reply(data, next))
}

fn list_reply(data: Vec<Value>, next: Option<String>) -> Reply {
    let pagination = next.map_or(Value::Null, |token| json!({ "next": token }));
    Reply::json(
        StatusCode::OK,
        &json!({ "data": data, "pagination": pagination }),
    )
}

/// Text the emulator hands back, made hostile when the admin config asks for it.
fn text(hostile: bool, value: &str) -> String {
    if hostile {
        hostile_text(value)
    } else {
        value.to_owned()
    }
}

pub fn schedule_json(schedule: &Schedule, hostile: bool) -> Value {
    // A stored run time goes stale once it passes (the seeds are computed at start-up); nothing
    // runs in the emulator, so the next run is simply the following one.
    let now = clock::now();
    let next_run = schedule.next_run.map(|run| {
        if run.secs > now.secs {
            run
        } else {
            schedule.frequency.next_run(now)
        }
    });
    json!({
        "schedule_id": schedule.id,
        "name": text(hostile, &schedule.name),
        "index_id": schedule.index_id,
        "project_id": schedule.project_id,
        "schedule_type": "time-based",
        "frequency": schedule.frequency.as_str(),
        "retention_expire_after_days": schedule.retention_days,
        "enabled": schedule.enabled,
        "next_scheduled_run": next_run.map(|t| t.rfc3339()),
        "created_at": schedule.created_at.rfc3339_micros(),
    })
}

pub fn backup_json(backup: &Backup, schedule: &Schedule, index_name: &str, hostile: bool) -> Value {
    let mut item = json!({
        "backup_id": backup.backup_id,
        "source_index_id": schedule.index_id,
        "source_index_name": text(hostile, index_name),
        "name": text(hostile, &backup.name),
        "status": backup.status,
        "cloud": "aws",
        "region": "us-east-1",
        "created_at": backup.created_at.rfc3339_micros(),
    });
    if let Value::Object(map) = &mut item {
        for (key, value) in &backup.details {
            let value = match (key.as_str(), value) {
                ("description", Value::String(s)) => Value::String(text(hostile, s)),
                ("tags", Value::Object(tags)) => Value::Object(
                    tags.iter()
                        .map(|(k, v)| {
                            let v = v.as_str().map_or(v.clone(), |s| text(hostile, s).into());
                            (k.clone(), v)
                        })
                        .collect(),
                ),
                _ => value.clone(),
            };
            map.insert(key.clone(), value);
        }
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_by_shape_and_method() {
        assert_eq!(
            route(&Method::POST, "/indexes/docs-example/backup-schedules").unwrap(),
            Endpoint::Create("docs-example".into())
        );
        assert_eq!(
            route(&Method::GET, "/backup-schedules/a%20b/history").unwrap(),
            Endpoint::History("a b".into())
        );
        assert_eq!(
            route(&Method::PUT, "/backup-schedules/x")
                .unwrap_err()
                .status,
            StatusCode::METHOD_NOT_ALLOWED
        );
        for path in [
            "/indexes",
            "/indexes//backup-schedules",
            "/backup-schedules/",
            "/backup-schedules/x/history/more",
            "/backup-schedules/%zz",
        ] {
            assert_eq!(
                route(&Method::GET, path).unwrap_err().status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        assert!(is_api_path("/indexes"));
        assert!(!is_api_path("/indexes.html"));
    }
}
