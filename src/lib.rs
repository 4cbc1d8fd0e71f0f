//! A validated client for Pinecone's backup-schedule API, compiled to WebAssembly.
//!
//! The core (input rules, request building, response checks, error reading and the retry
//! policy) is plain Rust and tests natively. Only [`wasm`] touches JavaScript: it converts
//! JS values into [`Value`], calls the platform `fetch`, and turns [`Error`] into JS errors.

#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, rust_2018_idioms)]

pub mod decode;
pub mod error;
pub mod issue;
pub mod json;
pub mod options;
pub mod request;
pub mod retry;
pub mod validate;
pub mod value;

/// The exported JS surface; public so the browser tests drive exactly what JS sees.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{ApiFailure, Error, ErrorKind};
pub use issue::{Issue, Report};
pub use options::ClientOptions;
pub use request::{HttpRequest, Method, Operation};
pub use value::Value;
