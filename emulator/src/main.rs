//! Command line for the emulator: parse flags, bind, announce the address, serve until a signal.

use std::future::Future;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;
use std::task::{Context, Poll};
use std::time::Duration;

use emulator::{app, serve, Config};

const USAGE: &str = "\
usage: emulator [--host 127.0.0.1] [--port 8790] [--allow-remote] [--admin] [--www DIR]
                [--pkg DIR] [--max-retention-days 90] [--read-timeout-ms 5000] [--quiet]

  --host HOST               address to bind (default 127.0.0.1); a non-loopback one also
                            needs --allow-remote
  --allow-remote            permit a --host other machines can reach; the emulator has no
                            real security, so only on a network you trust
  --port PORT               port to bind; 0 picks a free one (default 8790)
  --admin                   enable the /_emulator/ control API
  --www DIR                 static files served at / (default www)
  --pkg DIR                 static files served at /pkg/ (default pkg)
  --max-retention-days N    largest expire_after_days accepted (default 90)
  --read-timeout-ms N       time a client gets to send its headers, and again its body,
                            before the connection is closed or answered 408 (default 5000)
  --quiet                   no per-request log lines";

#[derive(Debug)]
struct Args {
    host: String,
    port: u16,
    allow_remote: bool,
    config: Config,
}

/// Whether `host` names this machine only. Any other name could resolve anywhere, so only
/// `localhost` and loopback literals count.
fn is_loopback_host(host: &str) -> bool {
    let literal = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.eq_ignore_ascii_case("localhost")
        || literal
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

/// Checks the address actually bound, since a name such as `localhost` is resolved by the
/// system and could in principle map to a routable address.
fn check_bound(address: SocketAddr, allow_remote: bool) -> Result<(), String> {
    if allow_remote || address.ip().to_canonical().is_loopback() {
        Ok(())
    } else {
        Err(format!(
            "{address} is not a loopback address; pass --allow-remote to listen there"
        ))
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        host: "127.0.0.1".to_owned(),
        port: 8790,
        allow_remote: false,
        config: Config::default(),
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--host" => parsed.host = value()?,
            "--port" => {
                let text = value()?;
                parsed.port = text.parse().map_err(|_| format!("invalid port `{text}`"))?;
            }
            "--www" => parsed.config.www_dir = PathBuf::from(value()?),
            "--pkg" => parsed.config.pkg_dir = PathBuf::from(value()?),
            "--max-retention-days" => {
                let text = value()?;
                parsed.config.max_retention_days = text
                    .parse()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| format!("invalid --max-retention-days `{text}`"))?;
            }
            "--read-timeout-ms" => {
                let text = value()?;
                let millis = text
                    .parse::<u64>()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| format!("invalid --read-timeout-ms `{text}`"))?;
                parsed.config.read_timeout = Duration::from_millis(millis);
            }
            "--admin" | "--quiet" | "--allow-remote" if inline.is_some() => {
                return Err(format!("{flag} takes no value"));
            }
            "--admin" => parsed.config.admin = true,
            "--allow-remote" => parsed.allow_remote = true,
            "--quiet" => parsed.config.quiet = true,
            "-h" | "--help" => return Ok(None),
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    if !parsed.allow_remote && !is_loopback_host(&parsed.host) {
        return Err(format!(
            "--host {} may be reachable from other machines; add --allow-remote to bind it anyway",
            parsed.host
        ));
    }
    Ok(Some(parsed))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("emulator: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.allow_remote && !is_loopback_host(&args.host) {
        eprintln!(
            "emulator: warning: binding to {}, which may be reachable from other machines; \
             the emulator has no real security",
            args.host
        );
    }

    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("emulator: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(run(args));
    // Hung requests (a `hang` fault) would otherwise keep the process alive after a signal.
    runtime.shutdown_background();
    code
}

async fn run(args: Args) -> ExitCode {
    // Listen for signals before announcing the address, so a script may stop us right away.
    let mut stop = match StopSignals::new() {
        Ok(stop) => stop,
        Err(e) => {
            eprintln!("emulator: cannot listen for signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let host = args.host.trim_start_matches('[').trim_end_matches(']');
    let listener = match tokio::net::TcpListener::bind((host, args.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("emulator: cannot bind {}:{}: {e}", args.host, args.port);
            return ExitCode::FAILURE;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(e) => {
            eprintln!("emulator: cannot read the bound address: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(message) = check_bound(address, args.allow_remote) {
        eprintln!("emulator: {message}");
        return ExitCode::FAILURE;
    }
    println!("emulator listening on http://{address}");
    // Scripts wait for this line; a pipe would otherwise hold it back in the buffer.
    let _ = std::io::stdout().flush();

    let mut server = tokio::spawn(serve(listener, app(args.config.clone()), &args.config));
    std::future::poll_fn(|cx| {
        if stop.poll_recv(cx).is_ready() {
            return Poll::Ready(ExitCode::SUCCESS);
        }
        match Pin::new(&mut server).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(())) => Poll::Ready(ExitCode::SUCCESS),
            Poll::Ready(Err(e)) => {
                eprintln!("emulator: server task failed: {e}");
                Poll::Ready(ExitCode::FAILURE)
            }
        }
    })
    .await
}

/// SIGINT or SIGTERM, whichever comes first.
#[cfg(unix)]
struct StopSignals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl StopSignals {
    fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(StopSignals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if self.interrupt.poll_recv(cx).is_ready() || self.terminate.poll_recv(cx).is_ready() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

#[cfg(not(unix))]
struct StopSignals(Pin<Box<dyn Future<Output = std::io::Result<()>> + Send>>);

#[cfg(not(unix))]
impl StopSignals {
    fn new() -> std::io::Result<Self> {
        Ok(StopSignals(Box::pin(tokio::signal::ctrl_c())))
    }

    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        self.0.as_mut().poll(cx).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn flags_and_defaults() {
        let args = parse(&[]).unwrap().unwrap();
        assert_eq!((args.host.as_str(), args.port), ("127.0.0.1", 8790));
        assert!(!args.config.admin && !args.config.quiet);

        let args = parse(&[
            "--port",
            "0",
            "--admin",
            "--www=site",
            "--max-retention-days",
            "30",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(args.port, 0);
        assert!(args.config.admin);
        assert_eq!(args.config.www_dir, PathBuf::from("site"));
        assert_eq!(args.config.max_retention_days, 30);
        assert!(parse(&["--help"]).unwrap().is_none());
    }

    #[test]
    fn bad_input_is_reported() {
        for args in [
            &["--bogus"][..],
            &["--port"],
            &["--port", "99999"],
            &["--max-retention-days", "0"],
            &["--admin=yes"],
            &["--allow-remote=1"],
            &["--read-timeout-ms", "0"],
            &["--read-timeout-ms", "soon"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn loopback_is_the_default_and_anything_else_needs_the_flag() {
        let args = parse(&[]).unwrap().unwrap();
        assert!(!args.allow_remote);
        assert_eq!(args.config.read_timeout, Duration::from_secs(5));

        for host in [
            "127.0.0.1",
            "127.8.9.10",
            "::1",
            "[::1]",
            "localhost",
            "LocalHost",
        ] {
            let args = parse(&["--host", host]).unwrap().unwrap();
            assert_eq!(args.host, host);
        }
        // Mapped IPv4 loopback counts as loopback too.
        assert!(parse(&["--host=::ffff:127.0.0.1"]).is_ok());

        for host in [
            "0.0.0.0",
            "::",
            "[::]",
            "192.168.1.20",
            "10.0.0.1",
            "::ffff:10.0.0.1",
            "example.com",
            "localhost.example.com",
            "",
        ] {
            let error = parse(&["--host", host]).unwrap_err();
            assert!(error.contains("--allow-remote"), "{host}: {error}");
            // The flag may come before or after --host.
            let args = parse(&["--allow-remote", "--host", host]).unwrap().unwrap();
            assert!(args.allow_remote && args.host == host);
            assert!(parse(&["--host", host, "--allow-remote"]).is_ok());
        }
    }

    #[test]
    fn the_bound_address_is_checked_again() {
        let bound = |text: &str| text.parse::<SocketAddr>().unwrap();
        assert!(check_bound(bound("127.0.0.1:8790"), false).is_ok());
        assert!(check_bound(bound("[::1]:8790"), false).is_ok());
        assert!(check_bound(bound("0.0.0.0:8790"), false).is_err());
        assert!(check_bound(bound("[::]:8790"), false).is_err());
        assert!(check_bound(bound("192.168.1.20:8790"), false).is_err());
        assert!(check_bound(bound("0.0.0.0:8790"), true).is_ok());
    }

    #[test]
    fn the_read_timeout_is_configurable() {
        let args = parse(&["--read-timeout-ms=250"]).unwrap().unwrap();
        assert_eq!(args.config.read_timeout, Duration::from_millis(250));
    }
}
