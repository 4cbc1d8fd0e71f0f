//! A JSON-shaped value: what the core sees of any input from JavaScript or from the server.
//!
//! The binding reads JS input and response bodies into this type through the core's own small
//! JSON reader, and the native tests build it from JSON text, so every rule runs the same way
//! on both sides without linking a JSON library into the wasm module.

/// A JSON-like value, plus `Other` for JS values JSON cannot hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    /// Own enumerable properties in insertion order; `undefined` members are left out, as
    /// `JSON.stringify` does.
    Object(Vec<(String, Value)>),
    /// A value JSON has no form for (`function`, `symbol`, `bigint`, a class instance such as
    /// `AbortSignal` or `Date`), named by its type or constructor.
    Other(String),
}

impl Value {
    /// The member `key` of an object, or `None` for a missing key or a non-object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => field(members, key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// How the value reads in an error message: `got string`, `got null`.
    pub fn kind(&self) -> &str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_nan() => "NaN",
            Value::Number(n) if n.is_infinite() => "Infinity",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Other(name) => name,
        }
    }
}

/// A number as an error message shows it, without the float formatting machinery (about
/// 10 KB of wasm): whole numbers exactly, fractions to six places.
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return if n.is_nan() {
            "NaN"
        } else if n > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .to_owned();
    }
    if n.fract() == 0.0 && n.abs() < 9.0e18 {
        return (n as i64).to_string();
    }
    if n.abs() >= 9.0e18 {
        return if n > 0.0 {
            "a number above 9e18"
        } else {
            "a number below -9e18"
        }
        .to_owned();
    }
    let sign = if n < 0.0 { "-" } else { "" };
    let whole = n.abs().trunc() as i64;
    let micros = ((n.abs().fract() * 1e6).round() as i64).min(999_999);
    let digits = format!("{micros:06}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// The member `key` of an object's member list.
pub fn field<'a>(members: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Conversion from `serde_json`, for native tests only: the wasm build never links it.
#[cfg(all(test, not(target_arch = "wasm32")))]
impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => Value::Array(a.into_iter().map(Value::from).collect()),
            serde_json::Value::Object(o) => {
                Value::Object(o.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn json(text: &str) -> Value {
    Value::from(serde_json::from_str::<serde_json::Value>(text).expect("test JSON is valid"))
}
