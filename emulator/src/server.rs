//! The accept loop. `axum::serve` gives no access to hyper's connection settings, and its
//! defaults let a client that never finishes its headers hold a connection forever; this loop
//! sets a header deadline, caps header count and size, and bounds how many connections are open.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::Config;

/// Header lines one request may carry; a browser sends about twenty. More is answered with 431.
pub const MAX_HEADERS: usize = 64;

/// Bytes of request line plus headers; more is answered with 431.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Pause after an accept error that is not about one connection (out of file descriptors, say),
/// so the loop does not spin while the cause lasts.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Serves `router` on `listener` with `config`'s limits, until the returned future is dropped.
///
/// Every connection runs in a task of its own, so a stalled client costs one task and one
/// connection slot until its deadline passes, and never holds up anyone else.
pub fn serve(
    listener: TcpListener,
    router: Router,
    config: &Config,
) -> impl Future<Output = ()> + Send + 'static {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        // Also bounds how long an idle keep-alive connection stays open.
        .header_read_timeout(config.read_timeout)
        .max_headers(MAX_HEADERS)
        .max_header_size(MAX_HEADER_BYTES);
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let quiet = config.quiet;

    async move {
        loop {
            // Past the cap, new connections wait in the kernel's backlog until one closes.
            let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
                return;
            };
            let stream = match listener.accept().await {
                Ok((stream, _peer)) => stream,
                Err(e) if is_per_connection(&e) => continue,
                Err(e) => {
                    if !quiet {
                        eprintln!("emulator: accept failed: {e}");
                    }
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            };
            // Answers are small and written whole; waiting to coalesce them only adds latency.
            let _ = stream.set_nodelay(true);
            let connection = http.serve_connection(
                TokioIo::new(stream),
                TowerToHyperService::new(router.clone()),
            );
            tokio::spawn(async move {
                // Errors here are the client's (bad request line, timeout, reset): hyper has
                // already answered or closed, and there is no one else to tell.
                let _ = connection.await;
                drop(slot);
            });
        }
    }
}

fn is_per_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::Interrupted
    )
}
