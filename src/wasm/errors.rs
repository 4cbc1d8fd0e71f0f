//! The one place where a core [`Error`] becomes a JavaScript `Error`.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::convert::{issues, opt_str};
use crate::error::BODY_SNIPPET_CHARS;
use crate::validate::truncate;
use crate::{Error, ErrorKind};

/// An `Error` instance with a stable `name` and the fields a caller branches on. `cause` is
/// the abort reason for aborts. No field ever holds the API key: messages and bodies come
/// from the rules and the server, neither of which sees it.
pub fn to_js(error: &Error, cause: Option<&JsValue>) -> JsValue {
    let js = js_sys::Error::new(&error.message());
    js.set_name(error.name());
    let set = |key: &str, value: JsValue| {
        // Setting a data property on a fresh Error cannot fail.
        let _ = Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("operation", JsValue::from_str(error.operation));
    set("attempts", JsValue::from(error.attempts));
    match &error.kind {
        ErrorKind::Validation {
            issues: errors,
            warnings,
        } => {
            set("issues", issues(errors));
            set("warnings", issues(warnings));
        }
        ErrorKind::Api(f) => {
            set("status", JsValue::from(f.status));
            set("code", opt_str(f.code.as_deref()));
            set("requestId", opt_str(f.request_id.as_deref()));
            set(
                "body",
                JsValue::from_str(&truncate(&f.body, BODY_SNIPPET_CHARS)),
            );
            set(
                "retryAfterMs",
                f.retry_after_ms.map_or(JsValue::NULL, JsValue::from_f64),
            );
        }
        ErrorKind::Network { .. } => {}
        ErrorKind::Timeout { timeout_ms } => set("timeoutMs", JsValue::from(*timeout_ms)),
        ErrorKind::Aborted => {}
        ErrorKind::Response {
            status, path, body, ..
        } => {
            set("status", JsValue::from(*status));
            set("path", opt_str(path.as_deref()));
            set(
                "body",
                JsValue::from_str(&truncate(body, BODY_SNIPPET_CHARS)),
            );
        }
    }
    if let Some(cause) = cause {
        set("cause", cause.clone());
    }
    js.into()
}
