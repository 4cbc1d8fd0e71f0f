//! A local emulator of Pinecone's backup-schedule control-plane API, for tests and demos.
//!
//! [`app`] builds the whole service as an axum [`Router`]: the six schedule endpoints, CORS, the
//! static demo files and, when asked for, the `/_emulator/` admin API that resets state, shows
//! recorded requests and scripts faults.
//!
//! # Admin API (`--admin` only, no key)
//!
//! | request | effect |
//! |---|---|
//! | `POST /_emulator/reset` | seeds back, requests, faults and config cleared; 204 |
//! | `GET /_emulator/requests` | recorded API requests and preflights, oldest first |
//! | `DELETE /_emulator/requests` | forget them; 204 |
//! | `GET /_emulator/state` | projects, indexes, schedules with history, config |
//! | `POST /_emulator/config` | any of `expose_headers`, `max_retention_days`, `hostile_strings`; 204 |
//! | `GET`, `POST`, `DELETE /_emulator/faults` | list, queue one, clear; 204 for the last two |
//!
//! Requests are only recorded while the admin API is on: nothing else could read them.
//!
//! A request record is `{request_id, method, path, query, headers, body, status, outcome}`;
//! `outcome` is `pending` while a delayed or hung request is open, then `completed` or
//! `client_disconnected` (with `status: null` if nothing was sent). A fault is
//! `{method?, path?, count = 1, mode, delay_ms = 0, status?, body?, headers?, cors = true}` with
//! `mode` one of `replace`, `after` (both default to status 503), `delay`, `hang` or `cut`. A
//! `cut` truncates its own `body` if given (status 200 unless set), otherwise the real answer.
//!
//! # Limits
//!
//! [`serve`] is the accept loop the binary uses. A client gets [`Config::read_timeout`] to send
//! its headers (and to start its next request on a kept-alive connection), then as long again
//! for its body; past either the connection is closed or the request answered 408. Requests
//! with more than [`MAX_HEADERS`] header lines or [`MAX_HEADER_BYTES`] of head get 431, bodies
//! over [`BODY_LIMIT`] get 413, and past [`Config::max_connections`] open connections new ones
//! wait. Every connection has a task of its own, so a stalled client delays no one else.

#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, rust_2018_idioms)]

mod admin;
mod api;
mod body;
mod clock;
mod cors;
mod faults;
mod fields;
mod journal;
mod log;
mod page;
mod reply;
mod server;
mod state;
mod static_files;

use std::path::PathBuf;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::Router;

pub use api::REQUEST_ID;
pub use body::BODY_LIMIT;
pub use server::{serve, MAX_HEADERS, MAX_HEADER_BYTES};
pub use state::{
    DEMO_KEY, DEMO_PROJECT, NIGHTLY_SUPPORT_ID, STARTER_KEY, STARTER_PROJECT, WEEKLY_ARCHIVE_ID,
};

use crate::reply::ApiError;
use crate::state::Shared;

/// Startup settings, fixed for the life of the process.
#[derive(Clone, Debug)]
pub struct Config {
    /// Mount the `/_emulator/` admin API.
    pub admin: bool,
    /// Directory served at `/`.
    pub www_dir: PathBuf,
    /// Directory served at `/pkg/`.
    pub pkg_dir: PathBuf,
    /// Largest `expire_after_days` accepted, until the admin API changes it.
    pub max_retention_days: u32,
    /// Leave out the per-request log lines on stderr.
    pub quiet: bool,
    /// How long a client may take to send a request's headers (or, on a kept-alive connection,
    /// to start the next request), and separately its body. Past it the connection is closed,
    /// or the request answered with 408.
    pub read_timeout: Duration,
    /// Connections open at once in [`serve`]; further ones wait until one closes.
    pub max_connections: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            admin: false,
            www_dir: PathBuf::from("www"),
            pkg_dir: PathBuf::from("pkg"),
            max_retention_days: 90,
            quiet: false,
            read_timeout: Duration::from_secs(5),
            max_connections: 256,
        }
    }
}

/// The whole emulator, with freshly seeded state.
pub fn app(config: Config) -> Router {
    let shared = Shared::new(config);
    let mut router = Router::new();
    if shared.config().admin {
        router = router.nest("/_emulator", admin::routes());
    }
    // Layers added later run first: the log sees every request, CORS wraps what routing made.
    router
        .fallback(entry)
        .layer(from_fn_with_state(shared.clone(), cors::layer))
        .layer(from_fn_with_state(shared.clone(), log::layer))
        .with_state(shared)
}

async fn entry(State(shared): State<Shared>, request: Request) -> Response {
    let path = request.uri().path();
    if api::is_api_path(path) {
        return api::handle(shared, request).await;
    }
    // Without --admin the admin paths must not exist, not even as files.
    if path == "/_emulator" || path.starts_with("/_emulator/") {
        let error = ApiError::not_found(format!("no route for {path}"));
        return error.into_reply(false).into_response();
    }
    static_files::serve(shared.config(), request.method().clone(), path).await
}
