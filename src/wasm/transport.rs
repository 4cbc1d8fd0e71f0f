//! One HTTP exchange through the platform `fetch`, bounded in time and size.
//!
//! Every await races a "tripwire" promise that settles when the timeout fires or the caller's
//! signal aborts, so the call ends on time even with a custom `fetch` that ignores its
//! signal. The tripwire resolves (never rejects) with a private marker, which leaves nothing
//! for Node to report as an unhandled rejection.

use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestCredentials, RequestRedirect};

use crate::request::{HttpRequest, Method};

/// Schedule pages are a few kilobytes; anything near this is not the API talking.
pub const MAX_BODY_BYTES: usize = 4 << 20;

/// How requests leave the module: which `fetch`, which caller signal, which cookie policy.
pub struct Transport {
    pub fetch: Function,
    pub signal: Option<AbortSignal>,
    pub credentials: RequestCredentials,
}

/// A complete response: status, headers and the whole body as text.
pub struct RawResponse {
    pub status: u16,
    pub headers: web_sys::Headers,
    pub body: String,
}

pub enum Failure {
    /// `fetch` rejected, or the body stream broke.
    Network(String),
    Timeout,
    /// The caller's signal fired; its reason goes to the error's `cause`.
    Aborted(JsValue),
    TooLarge {
        status: u16,
    },
    /// `fetch` resolved to something that is not a `Response`.
    NotAResponse(String),
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }
}

impl Transport {
    /// Whether the caller's signal has fired, and its reason.
    pub fn aborted(&self) -> Option<JsValue> {
        self.signal.as_ref().and_then(signal_reason)
    }

    /// Sends one request and reads the whole response within `timeout_ms`.
    pub async fn send(
        &self,
        request: &HttpRequest,
        timeout_ms: u32,
    ) -> Result<RawResponse, Failure> {
        if let Some(reason) = self.aborted() {
            return Err(Failure::Aborted(reason));
        }
        let controller = AbortController::new()
            .map_err(|_| Failure::Network("AbortController is not available here".to_owned()))?;
        let wire = Tripwire::new(&controller, self.signal.as_ref(), f64::from(timeout_ms));

        let outcome = self.exchange(request, &controller.signal(), &wire).await;
        let timed_out = wire.timed_out();
        drop(wire);

        match outcome {
            Err(Interrupt::Stopped) | Err(Interrupt::Failed(_)) if timed_out => {
                Err(Failure::Timeout)
            }
            Err(Interrupt::Stopped) | Err(Interrupt::Failed(_)) if self.aborted().is_some() => Err(
                Failure::Aborted(self.aborted().unwrap_or(JsValue::UNDEFINED)),
            ),
            Err(Interrupt::Stopped) => {
                Err(Failure::Network("the request was cancelled".to_owned()))
            }
            Err(Interrupt::Failed(failure)) => Err(failure),
            Ok(response) => Ok(response),
        }
    }

    async fn exchange(
        &self,
        request: &HttpRequest,
        signal: &AbortSignal,
        wire: &Tripwire,
    ) -> Result<RawResponse, Interrupt> {
        let js_request = build_request(request, signal, self.credentials)
            .map_err(|e| Interrupt::Failed(Failure::Network(e)))?;
        let pending = self
            .fetch
            .call1(&JsValue::UNDEFINED, &js_request)
            .map_err(|e| Interrupt::Failed(Failure::Network(describe(&e))))?;
        let response = wire.race(&Promise::resolve(&pending)).await?;
        let not_a_response = |why: String| Interrupt::Failed(Failure::NotAResponse(why));
        if !response.is_instance_of::<web_sys::Response>() {
            return Err(not_a_response(format!(
                "fetch resolved to {}, not a Response",
                type_of(&response)
            )));
        }
        // Everything below goes through catching calls: a custom fetch may hand back an
        // object that only pretends to be a Response, and one uncaught throw here would
        // also stall every other call waiting in the module's task queue.
        let status = prop(&response, "status")
            .ok()
            .and_then(|s| s.as_f64())
            .filter(|s| s.fract() == 0.0 && (0.0..=999.0).contains(s))
            .ok_or_else(|| not_a_response("the response has no readable status".to_owned()))?
            as u16;
        let headers: web_sys::Headers = prop(&response, "headers")
            .ok()
            .and_then(|h| h.dyn_into().ok())
            .ok_or_else(|| not_a_response("the response has no readable headers".to_owned()))?;
        // A declared length within the limit lets the engine read the body in one step; an
        // undeclared one is read chunk by chunk so the limit holds without trusting the peer.
        let declared = headers
            .get("content-length")
            .ok()
            .flatten()
            .and_then(|l| l.trim().parse::<usize>().ok());
        let body = match declared {
            Some(length) if length <= MAX_BODY_BYTES => read_text(&response, wire).await?,
            Some(_) => return Err(Interrupt::Failed(Failure::TooLarge { status })),
            None => read_body(&response, status, wire).await?,
        };
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

enum Interrupt {
    /// The tripwire won a race.
    Stopped,
    Failed(Failure),
}

/// The whole body through `Response.text()`, for bodies whose declared length is in bounds.
async fn read_text(response: &JsValue, wire: &Tripwire) -> Result<String, Interrupt> {
    let pending = invoke(response, "text").map_err(|_| {
        Interrupt::Failed(Failure::NotAResponse(
            "the response body cannot be read".to_owned(),
        ))
    })?;
    match wire.race(&Promise::resolve(&pending)).await {
        Ok(text) => text.as_string().ok_or_else(|| {
            Interrupt::Failed(Failure::NotAResponse(
                "the response body is not text".to_owned(),
            ))
        }),
        Err(Interrupt::Failed(Failure::Network(why))) => Err(Interrupt::Failed(Failure::Network(
            format!("the connection broke while reading the response body ({why})"),
        ))),
        Err(other) => Err(other),
    }
}

async fn read_body(response: &JsValue, status: u16, wire: &Tripwire) -> Result<String, Interrupt> {
    let broken = |why: &str| Interrupt::Failed(Failure::NotAResponse(why.to_owned()));
    let stream = prop(response, "body").map_err(|_| broken("the response body cannot be read"))?;
    if stream.is_null() || stream.is_undefined() {
        return Ok(String::new());
    }
    let reader =
        invoke(&stream, "getReader").map_err(|_| broken("the response body cannot be read"))?;
    let cancel = || {
        if let Ok(pending) = invoke(&reader, "cancel") {
            ignore(&Promise::resolve(&pending));
        }
    };
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let pending = invoke(&reader, "read").map_err(|_| {
            cancel();
            broken("the response body stream failed")
        })?;
        let chunk = match wire.race(&Promise::resolve(&pending)).await {
            Ok(chunk) => chunk,
            Err(Interrupt::Stopped) => {
                cancel();
                return Err(Interrupt::Stopped);
            }
            Err(Interrupt::Failed(Failure::Network(why))) => {
                return Err(Interrupt::Failed(Failure::Network(format!(
                    "the connection broke while reading the response body ({why})"
                ))))
            }
            Err(other) => return Err(other),
        };
        if prop(&chunk, "done").is_ok_and(|d| d.is_truthy()) {
            break;
        }
        let value = prop(&chunk, "value").unwrap_or_default();
        // `isView` is false for proxies, whose typed-array methods would throw.
        let part = match value.dyn_ref::<Uint8Array>() {
            Some(part) if js_sys::ArrayBuffer::is_view(&value) => part,
            _ => {
                cancel();
                return Err(broken(
                    "the response body stream yielded something other than bytes",
                ));
            }
        };
        if bytes.len() + part.length() as usize > MAX_BODY_BYTES {
            cancel();
            return Err(Interrupt::Failed(Failure::TooLarge { status }));
        }
        bytes.extend(part.to_vec());
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A property read that reports a throwing getter or a revoked proxy instead of throwing.
fn prop(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if !target.is_object() {
        return Err(JsValue::UNDEFINED);
    }
    Reflect::get(target, &JsValue::from_str(key))
}

/// Calls a method by name, catching whatever it throws.
fn invoke(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let function: Function = prop(target, method)?.dyn_into()?;
    function.call0(target)
}

/// The reason of a fired signal, read without trusting its getters.
pub fn signal_reason(signal: &AbortSignal) -> Option<JsValue> {
    let aborted = prop(signal, "aborted").ok()?.as_bool()?;
    aborted.then(|| prop(signal, "reason").unwrap_or_default())
}

/// Whether `signal` behaves like a real `AbortSignal`: a prototype-only imitation passes
/// `instanceof` but throws on every getter.
pub fn is_usable_signal(signal: &AbortSignal) -> bool {
    prop(signal, "aborted").is_ok_and(|a| a.as_bool().is_some())
}

fn build_request(
    request: &HttpRequest,
    signal: &AbortSignal,
    credentials: RequestCredentials,
) -> Result<web_sys::Request, String> {
    let method = match request.method {
        Method::Get => GlooMethod::GET,
        Method::Post => GlooMethod::POST,
        Method::Patch => GlooMethod::PATCH,
        Method::Delete => GlooMethod::DELETE,
    };
    // Header names and values were checked by the option rules, so `header` cannot throw.
    // Redirects are refused: following one would carry the key to wherever it points.
    let mut builder = RequestBuilder::new(&request.url)
        .method(method)
        .credentials(credentials)
        .redirect(RequestRedirect::Error)
        .abort_signal(Some(signal));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match &request.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    };
    built
        .map(web_sys::Request::from)
        .map_err(|e| format!("the request could not be built: {e}"))
}

/// Settles when the timeout fires or the caller's signal aborts, and aborts the fetch then.
/// Dropping it clears the timer and the listener.
struct Tripwire {
    promise: Promise,
    marker: JsValue,
    timer: JsValue,
    timed_out: std::rc::Rc<std::cell::Cell<bool>>,
    signal: Option<AbortSignal>,
    _on_timeout: Closure<dyn FnMut()>,
    on_abort: Closure<dyn FnMut()>,
}

impl Tripwire {
    fn new(controller: &AbortController, signal: Option<&AbortSignal>, timeout_ms: f64) -> Self {
        let marker: JsValue = Object::new().into();
        let mut resolve: Option<Function> = None;
        let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
        let resolve = resolve.expect("the Promise executor runs synchronously");
        let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));

        let fire = {
            let controller = controller.clone();
            let resolve = resolve.clone();
            let marker = marker.clone();
            move || {
                controller.abort();
                let _ = resolve.call1(&JsValue::UNDEFINED, &marker);
            }
        };
        let on_timeout = Closure::<dyn FnMut()>::new({
            let fire = fire.clone();
            let timed_out = timed_out.clone();
            move || {
                timed_out.set(true);
                fire();
            }
        });
        let on_abort = Closure::<dyn FnMut()>::new(fire);
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), timeout_ms);
        if let Some(signal) = signal {
            let _ =
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
        Tripwire {
            promise,
            marker,
            timer,
            timed_out,
            signal: signal.cloned(),
            _on_timeout: on_timeout,
            on_abort,
        }
    }

    fn timed_out(&self) -> bool {
        self.timed_out.get()
    }

    /// Awaits `promise` unless the tripwire settles first.
    async fn race(&self, promise: &Promise) -> Result<JsValue, Interrupt> {
        let both = Array::of2(promise, &self.promise);
        match JsFuture::from(Promise::race(&both)).await {
            Ok(v) if Object::is(&v, &self.marker) => Err(Interrupt::Stopped),
            Ok(v) => Ok(v),
            Err(e) if self.timed_out() => {
                let _ = e;
                Err(Interrupt::Stopped)
            }
            Err(e) => Err(Interrupt::Failed(Failure::Network(describe(&e)))),
        }
    }
}

impl Drop for Tripwire {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(signal) = &self.signal {
            let _ = signal.remove_event_listener_with_callback(
                "abort",
                self.on_abort.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Waits `ms` on the JS clock, or less if the caller's signal fires first. Returns the abort
/// reason in that case.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), JsValue> {
    let controller = AbortController::new().map_err(|_| JsValue::UNDEFINED)?;
    let wire = Tripwire::new(&controller, signal, ms);
    let never = Promise::new(&mut |_, _| {});
    let _ = wire.race(&never).await;
    let aborted = !wire.timed_out();
    drop(wire);
    match signal {
        Some(s) if aborted || signal_reason(s).is_some() => {
            Err(signal_reason(s).unwrap_or_default())
        }
        _ => Ok(()),
    }
}

fn global_function(name: &str) -> Option<Function> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into().ok())
}

fn set_timeout(callback: &Function, ms: f64) -> JsValue {
    global_function("setTimeout")
        .and_then(|f| {
            f.call2(&JsValue::UNDEFINED, callback, &JsValue::from_f64(ms))
                .ok()
        })
        .unwrap_or_default()
}

fn clear_timeout(handle: &JsValue) {
    if let Some(f) = global_function("clearTimeout") {
        let _ = f.call1(&JsValue::UNDEFINED, handle);
    }
}

/// Whether relative URLs resolve here: true on pages and workers served over http(s), false
/// in Node and in workers started from a blob or data URL.
pub fn has_http_origin() -> bool {
    let location = prop(&js_sys::global(), "location").unwrap_or_default();
    let protocol = prop(&location, "protocol")
        .ok()
        .and_then(|p| p.as_string())
        .unwrap_or_default();
    protocol == "http:" || protocol == "https:"
}

/// The platform `fetch`, from whichever global this runs in (window, worker or Node).
pub fn global_fetch() -> Option<Function> {
    global_function("fetch")
}

/// Marks a promise as handled so its rejection is not reported as unhandled.
fn ignore(promise: &Promise) {
    thread_local! {
        static NOOP: Closure<dyn FnMut(JsValue)> = Closure::new(|_: JsValue| {});
    }
    NOOP.with(|noop| {
        let _ = promise.catch(noop);
    });
}

/// A short description of a rejection: its message, with the cause's message when Node's
/// fetch hides the real reason (`fetch failed: connect ECONNREFUSED ...`).
pub fn describe(error: &JsValue) -> String {
    let message = |v: &JsValue| {
        Reflect::get(v, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .filter(|m| !m.is_empty())
    };
    let Some(main) = message(error).or_else(|| error.as_string()) else {
        return format!("fetch rejected with {}", type_of(error));
    };
    let cause = Reflect::get(error, &JsValue::from_str("cause"))
        .ok()
        .filter(|c| c.is_object())
        .and_then(|c| message(&c));
    let text = match cause {
        Some(cause) => format!("{main}: {cause}"),
        None => main,
    };
    crate::validate::truncate(&text, 200)
}

fn type_of(v: &JsValue) -> String {
    v.js_typeof()
        .as_string()
        .unwrap_or_else(|| "a value".to_owned())
}
