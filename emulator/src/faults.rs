//! Scripted failures that tests queue through `POST /_emulator/faults`.

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use http_body::Frame;
use serde::Serialize;
use tokio::time::Sleep;

use crate::fields::{self, Object};
use crate::reply::{self, ApiError, Reply};

/// Long enough for hyper to flush the half body before the connection is torn down.
const CUT_PAUSE: Duration = Duration::from_millis(50);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Answer with the fault instead of processing the request.
    Replace,
    /// Process the request (state changes stick), then answer with the fault anyway.
    After,
    /// Wait, then answer normally.
    Delay,
    /// Never answer.
    Hang,
    /// Promise a longer body than is sent, send half, then drop the connection.
    Cut,
}

#[derive(Clone, Debug, Serialize)]
pub struct Fault {
    pub method: Option<String>,
    pub path: Option<String>,
    /// How many more matching requests this fault will hit.
    pub count: u32,
    pub mode: Mode,
    pub delay_ms: u64,
    pub status: Option<u16>,
    pub body: Option<String>,
    pub headers: BTreeMap<String, String>,
    pub cors: bool,
}

const KEYS: &[&str] = &[
    "method", "path", "count", "mode", "delay_ms", "status", "body", "headers", "cors",
];

impl Fault {
    pub fn parse(body: &[u8]) -> Result<Fault, ApiError> {
        let object = fields::parse_object(body)?;
        fields::reject_unknown(&object, KEYS)?;

        let text = |key: &str| -> Result<Option<String>, ApiError> {
            fields::optional(&object, key)
                .map(|v| fields::string(v, key).map(str::to_owned))
                .transpose()
        };
        let method = text("method")?.map(|m| m.to_ascii_uppercase());
        let path = text("path")?;
        let body = text("body")?;
        let mode = match fields::string(fields::required(&object, "mode", "mode")?, "mode")? {
            "replace" => Mode::Replace,
            "after" => Mode::After,
            "delay" => Mode::Delay,
            "hang" => Mode::Hang,
            "cut" => Mode::Cut,
            other => {
                return Err(ApiError::invalid(format!(
                    "unknown mode `{other}`; expected replace, after, delay, hang or cut"
                )))
            }
        };
        let count = match fields::optional(&object, "count") {
            Some(value) => fields::unsigned(value, "count")?,
            None => 1,
        };
        let count = u32::try_from(count)
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| ApiError::invalid("count must be between 1 and 4294967295"))?;
        let delay_ms = match fields::optional(&object, "delay_ms") {
            Some(value) => fields::unsigned(value, "delay_ms")?,
            None => 0,
        };
        let status = fields::optional(&object, "status")
            .map(|value| fields::unsigned(value, "status"))
            .transpose()?
            .map(|n| {
                u16::try_from(n)
                    .ok()
                    .filter(|n| StatusCode::from_u16(*n).is_ok())
                    .ok_or_else(|| ApiError::invalid("status must be between 100 and 999"))
            })
            .transpose()?;
        let headers = match fields::optional(&object, "headers") {
            Some(value) => parse_headers(fields::object(value, "headers")?)?,
            None => BTreeMap::new(),
        };
        let cors = match fields::optional(&object, "cors") {
            Some(value) => fields::boolean(value, "cors")?,
            None => true,
        };

        Ok(Fault {
            method,
            path,
            count,
            mode,
            delay_ms,
            status,
            body,
            headers,
            cors,
        })
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method.as_str())
            && self.path.as_deref().is_none_or(|p| p == path)
    }

    pub fn delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms)
    }

    /// The answer a `replace` or `after` fault sends instead of the real one.
    pub fn replacement(&self) -> Reply {
        let status = self.status.and_then(|s| StatusCode::from_u16(s).ok());
        let mut reply = self.canned(status.unwrap_or(StatusCode::SERVICE_UNAVAILABLE));
        self.add_headers(&mut reply.headers);
        reply
    }

    /// What a `cut` fault truncates: its own body if it has one, otherwise `real`.
    pub fn cut_source(&self, real: impl FnOnce() -> Reply) -> Reply {
        let status = self.status.and_then(|s| StatusCode::from_u16(s).ok());
        let mut reply = match self.body {
            Some(_) => self.canned(status.unwrap_or(StatusCode::OK)),
            None => {
                let mut reply = real();
                if let Some(status) = status {
                    reply.status = status;
                }
                reply
            }
        };
        self.add_headers(&mut reply.headers);
        reply
    }

    fn canned(&self, status: StatusCode) -> Reply {
        let body = self.body.clone().unwrap_or_default();
        if body.is_empty() {
            return Reply::empty(status);
        }
        let content_type = if serde_json::from_str::<serde_json::Value>(&body).is_ok() {
            reply::JSON
        } else {
            reply::TEXT
        };
        Reply::with_type(status, content_type, body.into())
    }

    fn add_headers(&self, headers: &mut HeaderMap) {
        for (name, value) in &self.headers {
            // Both were checked when the fault was queued.
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.insert(name, value);
            }
        }
    }
}

fn parse_headers(object: &Object) -> Result<BTreeMap<String, String>, ApiError> {
    let mut headers = BTreeMap::new();
    for (name, value) in object {
        let path = format!("headers.{name}");
        let value = fields::string(value, &path)?;
        if HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(ApiError::invalid(format!(
                "`{name}` is not a valid header name"
            )));
        }
        if HeaderValue::from_str(value).is_err() {
            return Err(ApiError::invalid(format!(
                "`{path}` is not a valid header value"
            )));
        }
        headers.insert(name.to_ascii_lowercase(), value.to_owned());
    }
    Ok(headers)
}

/// Takes one use of the first queued fault that matches, removing it once used up.
pub fn take(queue: &mut VecDeque<Fault>, method: &Method, path: &str) -> Option<Fault> {
    let position = queue.iter().position(|f| f.matches(method, path))?;
    let fault = &mut queue[position];
    fault.count -= 1;
    let taken = fault.clone();
    if fault.count == 0 {
        queue.remove(position);
    }
    Some(taken)
}

/// Sends `reply` with a `content-length` it will never reach: half the body, then an error that
/// makes hyper abort the connection.
pub fn cut(reply: Reply) -> Response {
    let sent = reply.body.len() / 2;
    let declared = reply.body.len().max(sent + 1);
    let mut headers = reply.headers;
    headers.insert(CONTENT_LENGTH, HeaderValue::from(declared));
    if !headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(reply::TEXT));
    }
    let body = CutBody {
        first: Some(reply.body.slice(..sent)),
        pause: None,
        failed: false,
    };
    let mut response = Response::new(Body::new(body));
    *response.status_mut() = reply.status;
    *response.headers_mut() = headers;
    response
}

struct CutBody {
    first: Option<Bytes>,
    pause: Option<Pin<Box<Sleep>>>,
    failed: bool,
}

impl http_body::Body for CutBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if let Some(chunk) = this.first.take().filter(|chunk| !chunk.is_empty()) {
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        let pause = this
            .pause
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(CUT_PAUSE)));
        ready!(pause.as_mut().poll(cx));
        if this.failed {
            return Poll::Ready(None);
        }
        this.failed = true;
        Poll::Ready(Some(Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "response cut short by an emulator fault",
        ))))
    }
    // No size hint on purpose: hyper must take the declared content-length at its word.
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(json: &str) -> Fault {
        Fault::parse(json.as_bytes()).unwrap()
    }

    #[test]
    fn defaults_and_validation() {
        let f = fault(r#"{"mode": "replace"}"#);
        assert_eq!((f.count, f.delay_ms, f.cors), (1, 0, true));
        assert_eq!(f.replacement().status, StatusCode::SERVICE_UNAVAILABLE);

        for bad in [
            r#"{}"#,
            r#"{"mode": "explode"}"#,
            r#"{"mode": "cut", "count": 0}"#,
            r#"{"mode": "cut", "status": 42}"#,
            r#"{"mode": "cut", "headers": {"bad name": "x"}}"#,
            r#"{"mode": "cut", "headers": {"x-a": "line\nbreak"}}"#,
            r#"{"mode": "cut", "colour": "red"}"#,
        ] {
            assert!(Fault::parse(bad.as_bytes()).is_err(), "{bad}");
        }
        let wrong_type = Fault::parse(br#"{"mode": "cut", "delay_ms": "5"}"#).unwrap_err();
        assert_eq!(wrong_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn faults_are_consumed_in_order_by_matching_requests() {
        let mut queue = VecDeque::from([
            fault(r#"{"mode": "delay", "method": "get", "path": "/a", "count": 2}"#),
            fault(r#"{"mode": "replace"}"#),
        ]);
        assert_eq!(
            take(&mut queue, &Method::POST, "/a").map(|f| f.mode),
            Some(Mode::Replace)
        );
        assert_eq!(
            take(&mut queue, &Method::GET, "/a").map(|f| f.mode),
            Some(Mode::Delay)
        );
        assert_eq!(
            take(&mut queue, &Method::GET, "/a").map(|f| f.mode),
            Some(Mode::Delay)
        );
        assert!(take(&mut queue, &Method::GET, "/a").is_none());
    }

    #[test]
    fn replacement_carries_headers_and_guesses_the_type() {
        let f = fault(
            r#"{"mode": "after", "status": 429, "body": "{\"x\":1}", "headers": {"Retry-After": "2"}}"#,
        );
        let reply = f.replacement();
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(reply.headers["retry-after"], "2");
        assert_eq!(reply.headers["content-type"], reply::JSON);
    }
}
