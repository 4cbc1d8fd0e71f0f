//! Drives the emulator's router in-process with `oneshot`, or over a socket on 127.0.0.1.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

use tokio::net::TcpListener;

use emulator::{app, serve, Config, DEMO_KEY};

pub const VERSION: &str = "2026-07";

pub struct Emu {
    pub router: Router,
    pub config: Config,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `{error: {code, message}, status}` shape, checked and unpacked.
    pub fn error(&self) -> (String, String) {
        let body = self.json();
        assert_eq!(body["status"], self.status, "{body}");
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{body}"
        );
        (
            body["error"]["code"].as_str().unwrap().to_owned(),
            body["error"]["message"].as_str().unwrap().to_owned(),
        )
    }
}

impl Emu {
    pub fn new() -> Self {
        Emu::with(|_| {})
    }

    pub fn with(adjust: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config {
            admin: true,
            quiet: true,
            ..Config::default()
        };
        adjust(&mut config);
        Emu {
            router: app(config.clone()),
            config,
        }
    }

    /// Serves this emulator (same state) on 127.0.0.1:0 as the binary does, limits included.
    pub async fn listen(&self) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(serve(listener, self.router.clone(), &self.config));
        address
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        Reply {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
        }
    }

    /// An API call as a well-behaved client makes it: current version, demo key.
    pub async fn api(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.call(method, path, Some(VERSION), Some(DEMO_KEY), body)
            .await
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        version: Option<&str>,
        key: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(version) = version {
            request = request.header("X-Pinecone-Api-Version", version);
        }
        if let Some(key) = key {
            request = request.header("Api-Key", key);
        }
        let body = match body {
            Some(body) => {
                request = request.header("content-type", "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }

    pub async fn raw(&self, method: Method, path: &str, body: &str) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("X-Pinecone-Api-Version", VERSION)
            .header("Api-Key", DEMO_KEY)
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(request).await
    }

    pub async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let body = body.map_or(Body::empty(), |b| Body::from(b.to_string()));
        let request = Request::builder()
            .method(method)
            .uri(path)
            .body(body)
            .unwrap();
        self.send(request).await
    }

    pub async fn fault(&self, fault: Value) {
        let reply = self
            .admin(Method::POST, "/_emulator/faults", Some(fault))
            .await;
        assert_eq!(reply.status, 204, "{}", reply.text());
    }

    pub async fn requests(&self) -> Vec<Value> {
        let reply = self.admin(Method::GET, "/_emulator/requests", None).await;
        assert_eq!(reply.status, 200);
        reply.json().as_array().unwrap().clone()
    }

    /// Creates a schedule on `index` and returns its id.
    pub async fn create(&self, index: &str, name: &str) -> String {
        let reply = self
            .api(
                Method::POST,
                &format!("/indexes/{index}/backup-schedules"),
                Some(create_body(name, "daily", 7)),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.json()["schedule_id"].as_str().unwrap().to_owned()
    }
}

pub fn create_body(name: &str, frequency: &str, days: i64) -> Value {
    serde_json::json!({
        "name": name,
        "schedule": { "type": "time-based", "frequency": frequency },
        "retention": { "expire_after_days": days },
    })
}

/// A fresh directory under the system temp dir, unique to this process and call.
pub fn temp_dir(label: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("emulator-test-{}-{label}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn is_uuid(text: &str) -> bool {
    let lengths: Vec<usize> = text.split('-').map(str::len).collect();
    lengths == [8, 4, 4, 4, 12] && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

/// `2026-04-23T16:36:51.267528+00:00`
pub fn is_micros_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    text.len() == 32
        && b[4] == b'-'
        && b[10] == b'T'
        && b[19] == b'.'
        && text.ends_with("+00:00")
        && text[20..26].bytes().all(|c| c.is_ascii_digit())
}
