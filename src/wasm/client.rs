//! One call from start to end: attempts, waits between them, decoding, and the create
//! safety net.

use js_sys::{Function, Reflect};
use wasm_bindgen::JsValue;

use super::convert::object;
use super::transport::{sleep, Failure, RawResponse, Transport};
use crate::error::{read_error_body, ApiFailure, Error, ErrorKind};
use crate::request::{build, Operation};
use crate::retry::{backoff_ms, find_created, is_ambiguous_status, is_retryable_status};
use crate::retry::{retry_after_ms, MAX_RETRY_AFTER_MS};
use crate::validate::{CreateRequest, PageParams};
use crate::{decode, json, ClientOptions, Value};

/// How many pages of an index's schedules the create safety net reads before giving up.
const RECONCILE_PAGES: usize = 10;

/// Checked options plus the JS objects that travel with them.
pub struct Client {
    pub options: ClientOptions,
    pub transport: Transport,
    pub on_event: Option<Function>,
}

/// A failed call, with the JS values that go on the error object.
pub struct Failed {
    pub error: Error,
    pub cause: Option<JsValue>,
    pub existing: Option<JsValue>,
}

impl From<Error> for Failed {
    fn from(error: Error) -> Self {
        Failed {
            error,
            cause: None,
            existing: None,
        }
    }
}

enum Outcome {
    Done(JsValue),
    Retry {
        error: Error,
        ambiguous: bool,
        wait_ms: Option<f64>,
    },
    Fail(Failed),
}

impl Client {
    /// Runs `op` with retries. Resolves to the server's JSON (or `undefined` for delete).
    pub async fn run(&self, op: &Operation) -> Result<JsValue, Failed> {
        self.attempts(op).await.map_err(|mut failed| {
            if let Some(key) = &self.options.api_key {
                failed.error.redact(key);
            }
            failed
        })
    }

    async fn attempts(&self, op: &Operation) -> Result<JsValue, Failed> {
        let request = build(op, &self.options);
        let attempts = self.options.max_retries + 1;
        // A signal that fired before the call began means nothing is sent at all.
        if let Some(reason) = self.transport.aborted() {
            let failed = self.aborted(op, 0, reason);
            self.emit_failure(op, 0, &failed.error);
            return Err(failed);
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.emit(op, "attempt", attempt, &[]);
            let sent = self.transport.send(&request, self.options.timeout_ms).await;
            let (error, ambiguous, wait_ms) = match self.judge(op, attempt, sent).await {
                Outcome::Done(value) => {
                    self.emit(op, "success", attempt, &[]);
                    return Ok(value);
                }
                Outcome::Fail(failed) => {
                    self.emit_failure(op, attempt, &failed.error);
                    return Err(failed);
                }
                Outcome::Retry {
                    error,
                    ambiguous,
                    wait_ms,
                } => (error, ambiguous, wait_ms),
            };

            if attempt >= attempts {
                self.emit_failure(op, attempt, &error);
                return Err(error.into());
            }
            let delay = match wait_ms {
                Some(ms) if ms > MAX_RETRY_AFTER_MS => {
                    let mut error = error;
                    let asked = if ms.is_finite() {
                        format!("{} s", (ms / 1000.0).ceil() as u64)
                    } else {
                        "longer".to_owned()
                    };
                    error.note = Some(format!(
                        "the server asked to wait {asked}, longer than the {} s this client waits",
                        (MAX_RETRY_AFTER_MS / 1000.0) as u64
                    ));
                    self.emit_failure(op, attempt, &error);
                    return Err(error.into());
                }
                Some(ms) => ms,
                None => backoff_ms(attempt, js_sys::Math::random()),
            };
            let status = match &error.kind {
                ErrorKind::Api(f) => JsValue::from(f.status),
                _ => JsValue::NULL,
            };
            self.emit(
                op,
                "retry",
                attempt,
                &[
                    ("delayMs", JsValue::from_f64(delay.round())),
                    ("status", status),
                ],
            );
            if let Err(reason) = sleep(delay, self.transport.signal.as_ref()).await {
                let failed = self.aborted(op, attempt, reason);
                self.emit_failure(op, attempt, &failed.error);
                return Err(failed);
            }

            // A create whose outcome is unknown may have made the schedule already: look
            // before posting again, so a retry can never make a second one.
            if let (
                Operation::Create {
                    index_name,
                    request,
                },
                true,
            ) = (op, ambiguous)
            {
                match self.find_existing(index_name, request).await {
                    Lookup::Found(schedule) => {
                        self.emit(op, "adopted", attempt, &[]);
                        return Ok(schedule);
                    }
                    Lookup::Absent => {}
                    Lookup::Unknown => {
                        let mut error = error;
                        error.note = Some(
                            "the schedule may have been created; it was not posted again to \
                             avoid a duplicate, so list the index's schedules to check"
                                .to_owned(),
                        );
                        self.emit_failure(op, attempt, &error);
                        return Err(error.into());
                    }
                }
            }
        }
    }

    async fn judge(
        &self,
        op: &Operation,
        attempt: u32,
        sent: Result<RawResponse, Failure>,
    ) -> Outcome {
        let name = op.name();
        let response = match sent {
            Ok(response) => response,
            Err(Failure::Network(detail)) => {
                return Outcome::Retry {
                    error: Error::new(ErrorKind::Network { detail }, name, attempt),
                    ambiguous: true,
                    wait_ms: None,
                }
            }
            Err(Failure::Timeout) => {
                let mut error = Error::new(
                    ErrorKind::Timeout {
                        timeout_ms: self.options.timeout_ms,
                    },
                    name,
                    attempt,
                );
                if matches!(op, Operation::Create { .. }) {
                    error.note = Some(
                        "the schedule may have been created; list the index's schedules before \
                         trying again"
                            .to_owned(),
                    );
                }
                return Outcome::Fail(error.into());
            }
            Err(Failure::Aborted(reason)) => {
                return Outcome::Fail(self.aborted(op, attempt, reason))
            }
            Err(Failure::TooLarge { status }) => {
                let detail = format!(
                    "the body is larger than {} bytes",
                    super::transport::MAX_BODY_BYTES
                );
                return Outcome::Fail(response_error(op, attempt, status, detail, None, ""));
            }
            Err(Failure::NotAResponse(detail)) => {
                return Outcome::Fail(response_error(op, attempt, 0, detail, None, ""))
            }
        };

        let status = response.status;
        if (200..300).contains(&status) {
            return match decode_success(op, &response.body) {
                Ok(value) => Outcome::Done(value),
                Err((detail, path)) => Outcome::Fail(response_error(
                    op,
                    attempt,
                    status,
                    detail,
                    path,
                    &response.body,
                )),
            };
        }

        // A delete whose earlier attempt was lost may have worked: the schedule being gone
        // is the outcome the caller asked for.
        if matches!(op, Operation::Delete { .. }) && status == 404 && attempt > 1 {
            return Outcome::Done(JsValue::UNDEFINED);
        }
        let failure = api_failure(&response);
        let wait_ms = failure.retry_after_ms;
        let error = Error::new(ErrorKind::Api(failure), name, attempt);

        if let (
            Operation::Create {
                index_name,
                request,
            },
            409,
        ) = (op, status)
        {
            if attempt > 1 {
                return match self.find_existing(index_name, request).await {
                    Lookup::Found(schedule) => {
                        self.emit(op, "adopted", attempt, &[]);
                        Outcome::Done(schedule)
                    }
                    _ => {
                        let mut error = error;
                        error.note = Some(
                            "it may already exist: an earlier attempt of this call may have \
                             reached the server"
                                .to_owned(),
                        );
                        let existing = self.enabled_schedule(index_name).await;
                        Outcome::Fail(Failed {
                            error,
                            cause: None,
                            existing: Some(existing.unwrap_or(JsValue::NULL)),
                        })
                    }
                };
            }
        }
        if is_retryable_status(status) {
            Outcome::Retry {
                error,
                ambiguous: is_ambiguous_status(status),
                wait_ms,
            }
        } else {
            Outcome::Fail(error.into())
        }
    }

    fn aborted(&self, op: &Operation, attempt: u32, reason: JsValue) -> Failed {
        let error = Error::new(ErrorKind::Aborted, op.name(), attempt);
        Failed {
            error,
            cause: Some(reason),
            existing: None,
        }
    }

    /// Reads the index's schedules (one attempt per page, no retries) looking for the one
    /// this create would have made.
    async fn find_existing(&self, index_name: &str, request: &CreateRequest) -> Lookup {
        let mut token = None;
        for _ in 0..RECONCILE_PAGES {
            let Some((page, parsed)) = self.read_page(index_name, token.take()).await else {
                return Lookup::Unknown;
            };
            if let Some(i) = find_created(&parsed, request) {
                let data = Reflect::get(&page, &JsValue::from_str("data")).unwrap_or_default();
                return match Reflect::get_u32(&data, i as u32) {
                    Ok(item) => Lookup::Found(item),
                    Err(_) => Lookup::Unknown,
                };
            }
            match decode::next_token(&parsed) {
                Some(next) => token = Some(next.to_owned()),
                None => return Lookup::Absent,
            }
        }
        Lookup::Unknown
    }

    /// The first enabled schedule of the index, to show what a 409 collided with.
    async fn enabled_schedule(&self, index_name: &str) -> Option<JsValue> {
        let (page, parsed) = self.read_page(index_name, None).await?;
        let Some(Value::Array(items)) = parsed.get("data") else {
            return None;
        };
        let i = items
            .iter()
            .position(|s| s.get("enabled") == Some(&Value::Bool(true)))?;
        let data = Reflect::get(&page, &JsValue::from_str("data")).ok()?;
        Reflect::get_u32(&data, i as u32).ok()
    }

    async fn read_page(&self, index_name: &str, token: Option<String>) -> Option<(JsValue, Value)> {
        let list = Operation::List {
            index_name: index_name.to_owned(),
            page: PageParams {
                limit: token.is_none().then_some(100),
                pagination_token: token,
            },
        };
        let response = self
            .transport
            .send(&build(&list, &self.options), self.options.timeout_ms)
            .await
            .ok()?;
        if !(200..300).contains(&response.status) {
            return None;
        }
        let (page, parsed) = parse_json(&response.body).ok()?;
        decode::page(&parsed).ok()?;
        Some((page, parsed))
    }

    fn emit_failure(&self, op: &Operation, attempt: u32, error: &Error) {
        let status = match &error.kind {
            ErrorKind::Api(f) => JsValue::from(f.status),
            _ => JsValue::NULL,
        };
        self.emit(
            op,
            "failure",
            attempt,
            &[
                ("error", JsValue::from_str(error.name())),
                ("status", status),
            ],
        );
    }

    /// Reports progress to the caller's `onEvent`. The event names the operation, method and
    /// path, never headers, so the key cannot leak through it; a throwing hook is ignored.
    fn emit(&self, op: &Operation, kind: &str, attempt: u32, extra: &[(&str, JsValue)]) {
        let Some(hook) = &self.on_event else { return };
        let mut pairs = vec![
            ("type", JsValue::from_str(kind)),
            ("operation", JsValue::from_str(op.name())),
            ("attempt", JsValue::from(attempt)),
            ("method", JsValue::from_str(op.method().as_str())),
            ("path", JsValue::from_str(&op.path())),
            ("time", JsValue::from_f64(js_sys::Date::now())),
        ];
        pairs.extend(extra.iter().cloned());
        let _ = hook.call1(&JsValue::UNDEFINED, &object(&pairs));
    }
}

enum Lookup {
    Found(JsValue),
    Absent,
    Unknown,
}

fn api_failure(response: &RawResponse) -> ApiFailure {
    let parsed = read_json(&response.body).ok();
    let (code, message) = read_error_body(response.status, &response.body, parsed.as_ref());
    let request_id = response
        .header("x-pinecone-request-id")
        .or_else(|| response.header("x-request-id"));
    ApiFailure {
        status: response.status,
        code,
        message,
        request_id,
        body: response.body.clone(),
        retry_after_ms: retry_after_ms(
            response.header("retry-after").as_deref(),
            js_sys::Date::now(),
        ),
    }
}

/// Parses and checks a 2xx body. Delete ignores whatever body a server sends.
fn decode_success(op: &Operation, body: &str) -> Result<JsValue, (String, Option<String>)> {
    if matches!(op, Operation::Delete { .. }) {
        return Ok(JsValue::UNDEFINED);
    }
    if body.trim().is_empty() {
        return Err(("the body is empty; expected JSON".to_owned(), None));
    }
    let value = read_json(body)?;
    let checked = match op {
        Operation::List { .. } | Operation::History { .. } => decode::page(&value),
        _ => decode::schedule(&value),
    };
    checked.map_err(|e| (e.detail, Some(e.path)))?;
    to_js_value(body)
}

/// Bodies nest a few levels; anything deeper is not the API talking.
const MAX_BODY_DEPTH: usize = 64;

/// Reads a body for the checks, in Rust, without a crossing per field.
fn read_json(text: &str) -> Result<Value, (String, Option<String>)> {
    json::parse(text, MAX_BODY_DEPTH).map_err(|_| {
        (
            "the body is not valid JSON (HTML, plain text or a truncated document)".to_owned(),
            None,
        )
    })
}

/// The body as the JS value handed to the caller: parsed by the JS engine, so unknown
/// fields and exact numbers arrive as the server sent them.
fn to_js_value(text: &str) -> Result<JsValue, (String, Option<String>)> {
    js_sys::JSON::parse(text).map_err(|_| ("the body is not valid JSON".to_owned(), None))
}

/// Both forms at once, for the lookups that need items as JS values.
fn parse_json(text: &str) -> Result<(JsValue, Value), (String, Option<String>)> {
    let value = read_json(text)?;
    Ok((to_js_value(text)?, value))
}

fn response_error(
    op: &Operation,
    attempt: u32,
    status: u16,
    detail: String,
    path: Option<String>,
    body: &str,
) -> Failed {
    Error::new(
        ErrorKind::Response {
            status,
            detail,
            path,
            body: body.to_owned(),
        },
        op.name(),
        attempt,
    )
    .into()
}
