// Starts the project's emulator on a free loopback port, serving the benchmark page as its
// www/ so that page, bundles and API share one origin (no CORS preflights in the timings).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const START_TIMEOUT_MS = 20_000;
const ADMIN_TIMEOUT_MS = 10_000;

export async function startEmulator(root, wwwDir) {
  const binary = path.join(root, 'target', 'debug', 'emulator');
  if (!existsSync(binary)) {
    throw new Error('no target/debug/emulator: run `cargo build -q -p emulator` first');
  }
  const child = spawn(
    binary,
    ['--host', '127.0.0.1', '--port', '0', '--admin', '--quiet', '--www', wwwDir, '--pkg', path.join(root, 'pkg')],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulator printed no address in ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const found = stdout.match(/emulator listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited early (code ${code}, signal ${signal}): ${stderr}`));
    });
  });

  async function admin(method, route) {
    const response = await fetch(url + route, { method, signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killer);
  }

  return {
    url,
    stop,
    /** Back to the initial world: no schedules, empty request journal. */
    reset: () => admin('POST', '/_emulator/reset'),
    /** The API requests seen since the last reset (preflights and static files left out). */
    async requests() {
      const answer = await admin('GET', '/_emulator/requests');
      const records = Array.isArray(answer) ? answer : answer?.requests;
      if (!Array.isArray(records)) throw new Error('unexpected /_emulator/requests answer');
      return records.filter((r) => /^\/(indexes|backup-schedules)\//.test(r.path) && r.method !== 'OPTIONS');
    },
  };
}
