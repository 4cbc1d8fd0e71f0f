//! JS values in and out of the core's [`Value`].
//!
//! The walk is bounded in depth, node count and string length so a cyclic object, a huge
//! array or a 100 MB string ends in a validation error instead of a stack overflow or an
//! out-of-memory abort, and every property read goes through `Reflect` so a throwing getter
//! or a revoked proxy is reported, not propagated.

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::Value;

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws on a revoked proxy; js-sys's binding would let that
    /// exception escape through the module.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

const MAX_DEPTH: u32 = 32;
const MAX_NODES: usize = 10_000;
const MAX_STRING_CHARS: u32 = 1 << 20;

/// Converts an argument; `undefined` means "not given".
pub fn from_js(value: &JsValue) -> Option<Value> {
    if value.is_undefined() {
        return None;
    }
    let mut budget = MAX_NODES;
    Some(walk(value, 0, &mut budget))
}

/// Converts a parsed response body, whose size the transport already bounded.
pub fn from_parsed(value: &JsValue) -> Value {
    let mut budget = usize::MAX;
    walk(value, 0, &mut budget)
}

fn walk(value: &JsValue, depth: u32, budget: &mut usize) -> Value {
    if *budget == 0 {
        return Value::Other(format!("more than {MAX_NODES} values in total"));
    }
    *budget -= 1;
    if value.is_null() || value.is_undefined() {
        return Value::Null;
    }
    if let Some(b) = value.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = value.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = value.dyn_ref::<JsString>() {
        let len = s.length();
        if len > MAX_STRING_CHARS {
            return Value::Other(format!("a string of {len} characters (too long)"));
        }
        return Value::String(String::from(s));
    }
    if value.is_function() {
        return Value::Other("function".to_owned());
    }
    if value.is_symbol() {
        return Value::Other("symbol".to_owned());
    }
    if value.is_bigint() {
        return Value::Other("bigint".to_owned());
    }
    if !value.is_object() {
        return Value::Other("unsupported value".to_owned());
    }
    if depth >= MAX_DEPTH {
        return Value::Other(format!("nesting deeper than {MAX_DEPTH} levels"));
    }
    let Ok(array) = is_array(value) else {
        return Value::Other("a revoked proxy".to_owned());
    };
    if array {
        // Read through Reflect: a proxy's `length` may throw.
        let len = Reflect::get(value, &JsValue::from_str("length"))
            .ok()
            .and_then(|l| l.as_f64())
            .unwrap_or(0.0)
            .min(u32::MAX as f64) as u32;
        if len as usize > *budget {
            return Value::Other(format!("an array of {len} items (too many)"));
        }
        let mut items = Vec::with_capacity(len as usize);
        for i in 0..len {
            match Reflect::get_u32(value, i) {
                Ok(item) => items.push(walk(&item, depth + 1, budget)),
                Err(_) => return Value::Other("an array whose items cannot be read".to_owned()),
            }
        }
        return Value::Array(items);
    }
    match class_name(value) {
        None => walk_object(value, depth, budget),
        Some(name) => Value::Other(name),
    }
}

/// `None` for plain objects (prototype `Object.prototype`, or none); otherwise the name of
/// the class, which callers see in messages and which marks `AbortSignal` and friends.
fn class_name(value: &JsValue) -> Option<String> {
    let proto = match Reflect::get_prototype_of(value) {
        Ok(p) => p,
        Err(_) => return Some("object".to_owned()),
    };
    if proto.is_null() {
        return None;
    }
    let name = Reflect::get(&proto, &JsValue::from_str("constructor"))
        .ok()
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")).ok())
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    // An object from another realm (an iframe) has its own Object.prototype but is still plain.
    if name == "Object" {
        None
    } else if name.is_empty() {
        Some("object".to_owned())
    } else {
        Some(name)
    }
}

fn walk_object(value: &JsValue, depth: u32, budget: &mut usize) -> Value {
    let unreadable = || Value::Other("an object whose properties cannot be read".to_owned());
    let target: &Object = value.unchecked_ref();
    let Ok(keys) = Reflect::own_keys(target) else {
        return unreadable();
    };
    let mut members = Vec::new();
    for key in keys.iter() {
        if *budget == 0 {
            return Value::Other(format!("an object with more than {MAX_NODES} values"));
        }
        let Some(name) = key.as_string() else {
            continue; // symbol keys are invisible to JSON, so to us as well
        };
        let Ok(descriptor) = Reflect::get_own_property_descriptor(target, &key) else {
            return unreadable();
        };
        let enumerable = Reflect::get(&descriptor, &JsValue::from_str("enumerable"))
            .map(|e| e.is_truthy())
            .unwrap_or(false);
        if !enumerable {
            continue;
        }
        let Ok(item) = Reflect::get(value, &key) else {
            return unreadable();
        };
        if item.is_undefined() {
            continue;
        }
        members.push((name, walk(&item, depth + 1, budget)));
    }
    Value::Object(members)
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
