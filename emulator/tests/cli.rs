//! The binary as scripts start it: where it listens, and that its flags reach the server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_emulator");

/// The child process, killed when the test ends however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the emulator on a free port and returns it with the address it announced.
fn start(extra: &[&str]) -> (Running, SocketAddr) {
    let child = Command::new(BINARY)
        .args([
            "--port",
            "0",
            "--quiet",
            "--www",
            "/nonexistent",
            "--pkg",
            "/nonexistent",
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut running = Running(child);
    let stdout = running.0.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let address = line
        .trim()
        .strip_prefix("emulator listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .parse()
        .unwrap();
    (running, address)
}

#[test]
fn it_listens_on_loopback_by_default() {
    let (_running, address) = start(&[]);
    assert!(address.ip().is_loopback(), "{address}");

    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .write_all(b"GET /nowhere HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
}

#[test]
fn a_reachable_host_is_refused_without_the_flag() {
    for host in ["0.0.0.0", "::", "192.0.2.1", "example.invalid"] {
        let output = Command::new(BINARY)
            .args(["--host", host, "--port", "0"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{host}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--allow-remote"), "{host}: {stderr}");
        assert!(output.stdout.is_empty(), "{host} started listening");
    }
}

#[test]
fn the_read_timeout_flag_reaches_the_server() {
    let (_running, address) = start(&["--read-timeout-ms", "300"]);
    let started = Instant::now();
    let mut stream = TcpStream::connect(address).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nhost:").unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut rest = Vec::new();
    // Ends with the server closing the connection; a read timeout would be an error here.
    stream.read_to_end(&mut rest).unwrap();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(150) && elapsed < Duration::from_secs(3),
        "closed after {elapsed:?}"
    );
}
