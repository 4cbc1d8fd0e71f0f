//! The demo page and its wasm package, served from the same origin as the API.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::header::{
    HeaderValue, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::Method;
use axum::response::Response;

use crate::reply::ApiError;
use crate::Config;

const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; \
    connect-src 'self' https://api.pinecone.io http://127.0.0.1:* http://localhost:*; \
    form-action 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

pub async fn serve(config: &Config, method: Method, path: &str) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = page_error(ApiError::method_not_allowed("GET, HEAD"));
        response.headers_mut().insert(
            axum::http::header::ALLOW,
            HeaderValue::from_static("GET, HEAD"),
        );
        return response;
    }
    let not_found = || page_error(ApiError::not_found("no such file"));

    let (root, rest) = match path.strip_prefix("/pkg") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => (&config.pkg_dir, rest),
        _ => (&config.www_dir, path),
    };
    let Some(file) = resolve(root, rest).await else {
        return not_found();
    };
    let Ok(bytes) = tokio::fs::read(&file).await else {
        return not_found();
    };

    let mut response = Response::new(if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    });
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
    // The demo is rebuilt often; a cached stale wasm next to fresh glue code fails confusingly.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    add_security_headers(&mut response);
    response
}

/// Maps a URL path onto a file under `root`, refusing anything that could step outside it:
/// `..` or `.` segments (raw or percent-encoded), encoded separators, and symlinks leading out.
async fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for raw in url_path.split('/').filter(|s| !s.is_empty()) {
        let segment = crate::api::percent_decode(raw)?;
        let unsafe_segment = segment == ".."
            || segment == "."
            || segment.contains(['/', '\\', '\0'])
            || segment.contains(':');
        if unsafe_segment {
            return None;
        }
        relative.push(segment);
    }

    let root = tokio::fs::canonicalize(root).await.ok()?;
    let mut candidate = root.join(&relative);
    let wants_directory = url_path.ends_with('/') || relative.as_os_str().is_empty();
    if wants_directory || tokio::fs::metadata(&candidate).await.ok()?.is_dir() {
        candidate.push("index.html");
    }
    let file = tokio::fs::canonicalize(&candidate).await.ok()?;
    let metadata = tokio::fs::metadata(&file).await.ok()?;
    (file.starts_with(&root) && metadata.is_file()).then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt" | "ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn page_error(error: ApiError) -> Response {
    let mut response = error.into_reply(false).into_response();
    add_security_headers(&mut response);
    response
}

fn add_security_headers(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_cover_the_demo_files() {
        assert_eq!(content_type(Path::new("a/x.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("x.MJS")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }
}
