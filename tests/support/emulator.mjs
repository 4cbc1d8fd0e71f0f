// How every test suite and the benchmark run the project's emulator: target/debug/emulator on
// a free loopback port, its address read from the line it prints on stdout, every wait
// bounded. Callers choose the rest of the command line (--admin, --quiet, --www, --pkg).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EMULATOR_BINARY = path.join(ROOT, 'target', 'debug', 'emulator');

const LISTENING = /emulator listening on (http:\/\/127\.0\.0\.1:\d+)/;
const STDERR_KEPT = 4_000;

/**
 * Starts the emulator with `--port 0` followed by `args`, in `cwd` (relative --www and --pkg
 * resolve against it), and resolves to `{ url, stop }` once it prints its address. When no
 * address comes within `timeoutMs` the process is killed; that and an early exit reject, with
 * the tail of its stderr in the message.
 *
 * `stop()` sends SIGTERM, then SIGKILL after `graceMs`, and resolves once the process is gone.
 * `onSpawn(child)` is handed the process before its address is known, for a caller that must
 * be able to kill it at any moment (from a process 'exit' handler, say).
 */
export async function spawnEmulator({
  args = [],
  cwd = ROOT,
  timeoutMs = 20_000,
  graceMs = 3_000,
  onSpawn,
} = {}) {
  if (!existsSync(EMULATOR_BINARY)) {
    throw new Error('no target/debug/emulator: run `cargo build -q -p emulator` first');
  }
  const child = spawn(EMULATOR_BINARY, ['--port', '0', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onSpawn?.(child);
  const alive = () => child.exitCode === null && child.signalCode === null;

  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    let found = false;
    const timer = setTimeout(() => {
      if (alive()) child.kill('SIGKILL');
      reject(new Error(`the emulator printed no address within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    // Read stdout to the end, so that a chatty emulator never blocks on a full pipe.
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      if (found) return;
      stdout += chunk;
      const match = LISTENING.exec(stdout);
      if (match) {
        found = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited early (code ${code}, signal ${signal}); stderr: ${stderr}`));
    });
  });

  async function stop() {
    if (!alive()) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => {
      if (alive()) child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(force);
  }

  return { url, stop };
}

/**
 * One call to the emulator's admin API at `baseUrl + route`, JSON body optional. Resolves to
 * the parsed JSON answer (null when the answer is empty) and throws on an error status.
 * `fetch` is looked up at call time unless given, for tests that replace the global.
 */
export async function adminCall(baseUrl, method, route, body, { timeoutMs = 5_000, fetch: send = globalThis.fetch } = {}) {
  const response = await send(baseUrl + route, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}
