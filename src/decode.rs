//! Checks that a 2xx body has the documented shape before a caller relies on it.
//!
//! The caller receives the server's own object (unknown fields and unknown enum strings kept),
//! so these checks only refuse what would break code written against the documented types:
//! a missing id, a string where a number belongs. Lists check the envelope and leave items
//! alone, so one odd item cannot fail a whole page.

use crate::Value;

/// The first field that does not fit, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    pub path: String,
    pub detail: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Bool,
}

/// A backup schedule as returned by create, describe and update.
pub fn schedule(value: &Value) -> Result<(), ShapeError> {
    const REQUIRED: [(&str, Kind); 5] = [
        ("schedule_id", Kind::String),
        ("name", Kind::String),
        ("frequency", Kind::String),
        ("retention_expire_after_days", Kind::Number),
        ("enabled", Kind::Bool),
    ];
    // Documented, but real responses have been seen without some of them.
    const OPTIONAL: [(&str, Kind); 5] = [
        ("index_id", Kind::String),
        ("project_id", Kind::String),
        ("schedule_type", Kind::String),
        ("created_at", Kind::String),
        ("next_scheduled_run", Kind::String),
    ];
    fields(value, "", &REQUIRED, &OPTIONAL)
}

/// A page of either list: `{ data: [...], pagination: { next } | null }`.
pub fn page(value: &Value) -> Result<(), ShapeError> {
    if !matches!(value, Value::Object(_)) {
        return Err(mismatch("", "an object", value));
    }
    match value.get("data") {
        Some(Value::Array(_)) => {}
        None => return Err(missing("data", "an array")),
        Some(other) => return Err(mismatch("data", "an array", other)),
    }
    match value.get("pagination") {
        None | Some(Value::Null) => Ok(()),
        Some(p @ Value::Object(_)) => match p.get("next") {
            None | Some(Value::Null) | Some(Value::String(_)) => Ok(()),
            Some(other) => Err(mismatch("pagination.next", "a string", other)),
        },
        Some(other) => Err(mismatch("pagination", "an object or null", other)),
    }
}

/// The token of the next page, if there is one. An empty token ends the list too: sending it
/// back would ask for the first page again and loop forever.
pub fn next_token(page: &Value) -> Option<&str> {
    page.get("pagination")
        .and_then(|p| p.get("next"))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
}

fn fields(
    value: &Value,
    prefix: &str,
    required: &[(&str, Kind)],
    optional: &[(&str, Kind)],
) -> Result<(), ShapeError> {
    if !matches!(value, Value::Object(_)) {
        return Err(mismatch(prefix, "an object", value));
    }
    for (key, kind) in required {
        match value.get(key) {
            None | Some(Value::Null) => return Err(missing(key, kind.describe())),
            Some(v) if !kind.fits(v) => return Err(mismatch(key, kind.describe(), v)),
            Some(_) => {}
        }
    }
    for (key, kind) in optional {
        if let Some(v) = value.get(key) {
            if *v != Value::Null && !kind.fits(v) {
                return Err(mismatch(key, kind.describe(), v));
            }
        }
    }
    Ok(())
}

impl Kind {
    fn fits(self, v: &Value) -> bool {
        matches!(
            (self, v),
            (Kind::String, Value::String(_)) | (Kind::Bool, Value::Bool(_))
        ) || matches!((self, v), (Kind::Number, Value::Number(n)) if n.is_finite())
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Bool => "a boolean",
        }
    }
}

fn missing(path: &str, expected: &str) -> ShapeError {
    ShapeError {
        path: path.to_owned(),
        detail: format!("field '{path}' is missing; expected {expected}"),
    }
}

fn mismatch(path: &str, expected: &str, got: &Value) -> ShapeError {
    let at = if path.is_empty() {
        "the body".to_owned()
    } else {
        format!("field '{path}'")
    };
    ShapeError {
        path: path.to_owned(),
        detail: format!("{at} should be {expected}, got {}", got.kind()),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::value::json;

    const DOC_SCHEDULE: &str = r#"{
        "schedule_id": "7c1b8f4e-0d52-4a8e-9f0e-3b5a8f6a2c11",
        "name": "my-nightly-backup",
        "index_id": "idx-1",
        "project_id": "proj-1",
        "schedule_type": "time-based",
        "frequency": "daily",
        "retention_expire_after_days": 7,
        "enabled": true,
        "next_scheduled_run": "2026-04-24T02:00:00+00:00",
        "created_at": "2026-04-23T16:36:51.267528+00:00"
    }"#;

    #[test]
    fn documented_schedule_decodes() {
        assert_eq!(schedule(&json(DOC_SCHEDULE)), Ok(()));
    }

    #[test]
    fn lenient_where_the_api_is() {
        let sparse = r#"{"schedule_id":"s","name":"n","frequency":"hourly",
            "retention_expire_after_days":3,"enabled":false,"extra":{"x":1}}"#;
        assert_eq!(schedule(&json(sparse)), Ok(()));
        let null_run = DOC_SCHEDULE.replace(r#""2026-04-24T02:00:00+00:00""#, "null");
        assert_eq!(schedule(&json(&null_run)), Ok(()));
    }

    #[test]
    fn wrong_shapes_name_the_first_bad_field() {
        assert_eq!(schedule(&json("[1]")).unwrap_err().path, "");
        assert_eq!(
            schedule(&json("42")).unwrap_err().detail,
            "the body should be an object, got number"
        );
        let no_id = DOC_SCHEDULE.replace("schedule_id", "id");
        assert_eq!(schedule(&json(&no_id)).unwrap_err().path, "schedule_id");
        let string_days = DOC_SCHEDULE.replace(": 7,", r#": "7","#);
        let err = schedule(&json(&string_days)).unwrap_err();
        assert_eq!(err.path, "retention_expire_after_days");
        assert!(err.detail.contains("got string"));
    }

    #[test]
    fn pages() {
        assert_eq!(page(&json(r#"{"data":[],"pagination":null}"#)), Ok(()));
        assert_eq!(page(&json(r#"{"data":[{"odd":true}, 5]}"#)), Ok(()));
        assert_eq!(page(&json(r#"{"data":{}}"#)).unwrap_err().path, "data");
        assert_eq!(
            page(&json(r#"{"data":[],"pagination":{"next":5}}"#))
                .unwrap_err()
                .path,
            "pagination.next"
        );
        let more = json(r#"{"data":[],"pagination":{"next":"abc"}}"#);
        assert_eq!(next_token(&more), Some("abc"));
        assert_eq!(
            next_token(&json(r#"{"data":[],"pagination":{"next":""}}"#)),
            None
        );
    }
}
