//! Reading request bodies with a size cap and a deadline, for the API and the admin API alike.

use std::future::poll_fn;
use std::pin::pin;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{HeaderValue, CONNECTION, CONTENT_LENGTH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bytes::BytesMut;
use http_body::Body as _;

use crate::reply::ApiError;

/// Largest request body accepted; real create and update bodies are a few hundred bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Why a body could not be had. Each is the client's fault, so each is a 4xx.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyError {
    TooLarge,
    /// The whole body did not arrive within the read timeout: a slow or stalled sender.
    TimedOut(Duration),
    /// Broken framing, such as a bad chunk size, or a connection that dropped mid-body.
    Unreadable,
}

impl BodyError {
    pub fn to_api_error(self) -> ApiError {
        match self {
            BodyError::TooLarge => ApiError::too_large(BODY_LIMIT),
            BodyError::TimedOut(limit) => ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "DEADLINE_EXCEEDED",
                format!(
                    "request body did not arrive within {} ms",
                    limit.as_millis()
                ),
            ),
            BodyError::Unreadable => ApiError::invalid("request body could not be read"),
        }
    }
}

/// The whole body, refused early when `content-length` already says it is too large.
pub async fn read(headers: &HeaderMap, body: Body, timeout: Duration) -> Result<Bytes, BodyError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(BodyError::TooLarge);
    }
    tokio::time::timeout(timeout, collect(body))
        .await
        .unwrap_or(Err(BodyError::TimedOut(timeout)))
}

async fn collect(body: Body) -> Result<Bytes, BodyError> {
    let mut body = pin!(body);
    let mut buffer = BytesMut::new();
    while let Some(frame) = poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let frame = frame.map_err(|_| BodyError::Unreadable)?;
        // Trailers carry nothing the emulator reads.
        if let Ok(data) = frame.into_data() {
            if buffer.len() + data.len() > BODY_LIMIT {
                return Err(BodyError::TooLarge);
            }
            buffer.extend_from_slice(&data);
        }
    }
    Ok(buffer.freeze())
}

/// Marks an answer to a request whose body was not read to its end: the rest of it may still be
/// on the wire, so the connection cannot carry another request.
pub fn close_after(response: &mut Response) {
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a current-thread runtime always builds")
    }

    #[test]
    fn size_limit_applies_to_declared_and_actual_length() {
        let rt = runtime();
        let second = Duration::from_secs(1);
        let mut declared = HeaderMap::new();
        declared.insert(CONTENT_LENGTH, HeaderValue::from(BODY_LIMIT + 1));
        let read_with = |headers: &HeaderMap, body: Vec<u8>| {
            rt.block_on(read(headers, Body::from(body), second))
        };

        assert_eq!(read_with(&declared, Vec::new()), Err(BodyError::TooLarge));
        assert_eq!(
            read_with(&HeaderMap::new(), vec![b'x'; BODY_LIMIT + 1]),
            Err(BodyError::TooLarge)
        );
        let exact = read_with(&HeaderMap::new(), vec![b'x'; BODY_LIMIT]).unwrap();
        assert_eq!(exact.len(), BODY_LIMIT);
    }

    #[test]
    fn errors_are_client_errors() {
        for error in [
            BodyError::TooLarge,
            BodyError::TimedOut(Duration::from_millis(5)),
            BodyError::Unreadable,
        ] {
            assert!(error.to_api_error().status.is_client_error(), "{error:?}");
        }
    }
}
