//! One line per request on stderr: method, path, status, milliseconds.
//!
//! Only the path is logged, never the query or any header, so neither keys nor tokens leak.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::Shared;

pub async fn layer(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    if shared.config().quiet {
        return next.run(request).await;
    }
    let mut line = AccessLine {
        method: request.method().to_string(),
        path: request.uri().path().to_owned(),
        started: Instant::now(),
        written: false,
    };
    let response = next.run(request).await;
    line.write(&response.status().as_u16().to_string());
    response
}

struct AccessLine {
    method: String,
    path: String,
    started: Instant,
    written: bool,
}

impl AccessLine {
    fn write(&mut self, status: &str) {
        self.written = true;
        let millis = self.started.elapsed().as_millis();
        eprintln!("{} {} {status} {millis}ms", self.method, self.path);
    }
}

impl Drop for AccessLine {
    /// The request's future was dropped before it answered: the client went away.
    fn drop(&mut self) {
        if !self.written {
            self.write("client-disconnected");
        }
    }
}
