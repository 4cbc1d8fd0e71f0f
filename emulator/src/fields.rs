//! Reading JSON request bodies field by field, so every failure names the field at fault.
//!
//! Shape problems (not JSON, missing field, wrong type) are 422s, as the service reports them;
//! whether a well-typed value makes sense is for the caller to judge.

use serde_json::{Map, Value};

use crate::reply::ApiError;

pub type Object = Map<String, Value>;

pub fn parse_object(body: &[u8]) -> Result<Object, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::unprocessable(
            "request body must be a JSON object",
        )),
        Err(_) => Err(ApiError::unprocessable("request body is not valid JSON")),
    }
}

/// A present, non-null field. Null counts as absent, the way serde reads an `Option`.
pub fn optional<'a>(object: &'a Object, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|value| !value.is_null())
}

pub fn required<'a>(object: &'a Object, key: &str, path: &str) -> Result<&'a Value, ApiError> {
    optional(object, key)
        .ok_or_else(|| ApiError::unprocessable(format!("missing required field `{path}`")))
}

pub fn string<'a>(value: &'a Value, path: &str) -> Result<&'a str, ApiError> {
    value.as_str().ok_or_else(|| wrong_type(path, "a string"))
}

pub fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Object, ApiError> {
    value
        .as_object()
        .ok_or_else(|| wrong_type(path, "an object"))
}

pub fn boolean(value: &Value, path: &str) -> Result<bool, ApiError> {
    value.as_bool().ok_or_else(|| wrong_type(path, "a boolean"))
}

pub fn int32(value: &Value, path: &str) -> Result<i32, ApiError> {
    value
        .as_i64()
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| wrong_type(path, "a 32-bit integer"))
}

pub fn unsigned(value: &Value, path: &str) -> Result<u64, ApiError> {
    value
        .as_u64()
        .ok_or_else(|| wrong_type(path, "a non-negative integer"))
}

/// Admin bodies are written by tests; a misspelt key is far likelier than a deliberate extra.
pub fn reject_unknown(object: &Object, known: &[&str]) -> Result<(), ApiError> {
    match object.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => Err(ApiError::invalid(format!(
            "unknown field `{key}`; expected one of {}",
            known.join(", ")
        ))),
        None => Ok(()),
    }
}

fn wrong_type(path: &str, expected: &str) -> ApiError {
    ApiError::unprocessable(format!("field `{path}` must be {expected}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_errors_are_422_and_name_the_field() {
        assert_eq!(parse_object(b"[1]").unwrap_err().status.as_u16(), 422);
        assert_eq!(parse_object(b"{").unwrap_err().status.as_u16(), 422);

        let object = parse_object(br#"{"a": null, "n": 7.5, "big": 3000000000}"#).unwrap();
        let missing = required(&object, "a", "outer.a").unwrap_err();
        assert!(missing.message.contains("outer.a"));
        assert!(int32(&object["n"], "n").is_err());
        assert!(int32(&object["big"], "big").is_err());
        assert_eq!(int32(&json!(7), "n").unwrap(), 7);
    }

    #[test]
    fn unknown_keys_are_named() {
        let object = parse_object(br#"{"mode": "cut", "stauts": 1}"#).unwrap();
        let error = reject_unknown(&object, &["mode", "status"]).unwrap_err();
        assert!(error.message.contains("stauts"));
    }
}
