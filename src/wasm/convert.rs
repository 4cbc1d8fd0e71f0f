//! JS values in and out of the core's [`Value`].
//!
//! Caller input crosses into the module as one JSON snapshot (see `snapshot.js`): one call
//! instead of several per property, with getters, proxies and cycles that throw caught on
//! the JS side. Values JSON cannot hold arrive as one-member marker objects and become
//! [`Value::Other`] or non-finite numbers here.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::{json, Value};

#[wasm_bindgen(module = "/src/wasm/snapshot.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn snapshot(value: &JsValue) -> Result<Option<String>, JsValue>;
}

/// How deep caller input may nest before the rest is reported instead of read.
const MAX_DEPTH: usize = 32;

/// The key of a marker object; no JSON the caller means to send starts a key with NUL.
const TAG: &str = "\u{0}";

/// Converts an argument; `undefined` means "not given".
pub fn from_js(value: &JsValue) -> Option<Value> {
    let text = match snapshot(value) {
        Ok(text) => text?,
        Err(_) => return Some(Value::Other("a value that cannot be read".to_owned())),
    };
    // The snapshot wraps the value as `{"v": ...}` so every kind of value has a holder.
    match json::parse(&text, MAX_DEPTH + 1) {
        Ok(Value::Object(mut members)) if members.len() == 1 => {
            Some(unmark(members.pop().map(|(_, v)| v).unwrap_or(Value::Null)))
        }
        _ => Some(Value::Other("a value that cannot be read".to_owned())),
    }
}

fn unmark(value: Value) -> Value {
    match value {
        Value::Object(members) => {
            if let [(key, Value::String(kind))] = members.as_slice() {
                if key == TAG {
                    return match kind.as_str() {
                        "NaN" => Value::Number(f64::NAN),
                        "Infinity" => Value::Number(f64::INFINITY),
                        "-Infinity" => Value::Number(f64::NEG_INFINITY),
                        _ => Value::Other(kind.clone()),
                    };
                }
            }
            Value::Object(members.into_iter().map(|(k, v)| (k, unmark(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(unmark).collect()),
        other => other,
    }
}

/// A plain object from key-value pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let out = Object::new();
    for (key, value) in pairs {
        // Defining a data property on a fresh plain object cannot fail.
        let _ = Reflect::set(&out, &JsValue::from_str(key), value);
    }
    out.into()
}

/// `string | null`.
pub fn opt_str(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, JsValue::from_str)
}

/// Issues as `[{ path, message }]`.
pub fn issues(list: &[crate::Issue]) -> JsValue {
    list.iter()
        .map(|i| {
            object(&[
                ("path", JsValue::from_str(&i.path)),
                ("message", JsValue::from_str(&i.message)),
            ])
        })
        .collect::<Array>()
        .into()
}
