//! Command line for the emulator: parse flags, bind, announce the address, serve until a signal.

use std::future::Future;
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;
use std::task::{Context, Poll};

use emulator::{app, Config};

const USAGE: &str = "\
usage: emulator [--host 127.0.0.1] [--port 8790] [--admin] [--www DIR] [--pkg DIR]
                [--max-retention-days 90] [--quiet]

  --host HOST               address to bind (default 127.0.0.1; anything else is exposed)
  --port PORT               port to bind; 0 picks a free one (default 8790)
  --admin                   enable the /_emulator/ control API
  --www DIR                 static files served at / (default www)
  --pkg DIR                 static files served at /pkg/ (default pkg)
  --max-retention-days N    largest expire_after_days accepted (default 90)
  --quiet                   no per-request log lines";

#[derive(Debug)]
struct Args {
    host: String,
    port: u16,
    config: Config,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        host: "127.0.0.1".to_owned(),
        port: 8790,
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
            "--admin" | "--quiet" if inline.is_some() => {
                return Err(format!("{flag} takes no value"));
            }
            "--admin" => parsed.config.admin = true,
            "--quiet" => parsed.config.quiet = true,
            "-h" | "--help" => return Ok(None),
            _ => return Err(format!("unknown argument `{flag}`")),
        }
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
    let loopback =
        args.host == "localhost" || args.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
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
    let listener = match tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await {
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
    println!("emulator listening on http://{address}");
    // Scripts wait for this line; a pipe would otherwise hold it back in the buffer.
    let _ = std::io::stdout().flush();

    let mut server = tokio::spawn(async move { axum::serve(listener, app(args.config)).await });
    std::future::poll_fn(|cx| {
        if stop.poll_recv(cx).is_ready() {
            return Poll::Ready(ExitCode::SUCCESS);
        }
        match Pin::new(&mut server).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(Ok(()))) => Poll::Ready(ExitCode::SUCCESS),
            Poll::Ready(Ok(Err(e))) => {
                eprintln!("emulator: server failed: {e}");
                Poll::Ready(ExitCode::FAILURE)
            }
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
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }
}
