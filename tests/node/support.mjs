// Shared plumbing of the Node tests: the built package, the emulator process and its admin
// API, and small helpers that keep every wait bounded.
//
// Set EMULATOR_URL to test against an emulator that is already running (it must have been
// started with --admin). Files share it then, so run them one at a time:
// `EMULATOR_URL=http://127.0.0.1:8790 node --test --test-concurrency=1 tests/node/`.

import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

import { adminCall, spawnEmulator } from '../support/emulator.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const API_KEY = 'emulator-key';
export const STARTER_KEY = 'emulator-starter-key';
export const NIGHTLY_ID = '3f6c1e2a-8b4d-4c7e-9a15-2d8f0b6e4a71';
export const WEEKLY_ID = 'b7d2e9c4-1f3a-4e8b-a6c5-9e0d7f2b1c38';
export const MAX_RETENTION = 90;

/** The documented create body, as a fresh object each time. */
export function exampleRequest() {
  return {
    name: 'my-nightly-backup',
    schedule: { type: 'time-based', frequency: 'daily' },
    retention: { expire_after_days: 7 },
  };
}

/** The exact JSON the client must post for `exampleRequest()`. */
export const EXAMPLE_BODY =
  '{"name":"my-nightly-backup","schedule":{"type":"time-based","frequency":"daily"},' +
  '"retention":{"expire_after_days":7}}';

// Captured before any test can replace the global, so admin calls always reach the emulator.
const realFetch = globalThis.fetch;
export { realFetch };

const STARTUP_TIMEOUT_MS = 15_000;
const ADMIN_TIMEOUT_MS = 5_000;

const PKG_JS = new URL('../../pkg/pinecone_backup_schedules.js', import.meta.url);
const PKG_WASM = new URL('../../pkg/pinecone_backup_schedules_bg.wasm', import.meta.url);

/**
 * A freshly instantiated copy of the package. The query string gives each tag its own module
 * instance, so a test that breaks one (a panic aborts the module) cannot break the others.
 */
export async function loadPackage(tag = 'main') {
  if (!existsSync(PKG_JS) || !existsSync(PKG_WASM)) {
    throw new Error('no built package in pkg/: run `bash scripts/build.sh` first');
  }
  const url = new URL(PKG_JS);
  url.search = `?instance=${encodeURIComponent(tag)}`;
  const mod = await import(url.href);
  mod.initSync({ module: readFileSync(PKG_WASM) });
  return mod;
}

/** The package instance most tests share. */
export const pkg = await loadPackage();

// ---------------------------------------------------------------------------------------------
// Bounded waiting

/** Rejects if `promise` has not settled within `ms`; a hang becomes a failure, not a stall. */
export async function within(promise, ms, what = 'the call') {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Awaits a rejection and checks its class by `name`. Returns the error for further checks.
 * A resolution, a plain throw of a non-Error, or a hang all fail the test.
 */
export async function rejectsWith(promiseOrFn, name, ms = 10_000) {
  let outcome;
  try {
    const value = await within(
      typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn,
      ms,
      `a call expected to reject with ${name}`,
    );
    outcome = { value };
  } catch (error) {
    outcome = { error };
  }
  if (!('error' in outcome)) {
    assert.fail(`expected ${name}, but the call resolved to ${safeShow(outcome.value)}`);
  }
  const { error } = outcome;
  assert.ok(error instanceof Error, `expected an Error, got ${safeShow(error)}`);
  assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
  return error;
}

export function safeShow(value) {
  try {
    if (typeof value === 'string') return JSON.stringify(value.slice(0, 200));
    return String(JSON.stringify(value) ?? String(value)).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

// ---------------------------------------------------------------------------------------------
// The emulator

let child = null; // the emulator this process started, from spawn to stopEmulator
let stopChild = null;

function killChild() {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.on('exit', killChild);
// A signal skips 'exit' handlers: stop the emulator, then die of the same signal.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killChild();
    process.kill(process.pid, signal);
  });
}

async function spawnOwnEmulator() {
  const { url, stop } = await spawnEmulator({
    args: ['--admin', '--quiet', '--www', 'www', '--pkg', 'pkg'],
    cwd: ROOT,
    timeoutMs: STARTUP_TIMEOUT_MS,
    graceMs: 2_000,
    onSpawn: (spawned) => {
      child = spawned;
    },
  });
  stopChild = stop;
  return url;
}

async function stopEmulator() {
  if (!child) return;
  if (stopChild) await within(stopChild(), 5_000, 'emulator shutdown').catch(killChild);
  child = null;
  stopChild = null;
}

/** Admin API client for one emulator. */
class Emulator {
  constructor(url) {
    this.url = url;
  }

  admin(method, route, body) {
    const options = { timeoutMs: ADMIN_TIMEOUT_MS, fetch: realFetch };
    return adminCall(this.url, method, `/_emulator/${route}`, body, options);
  }

  reset() {
    return this.admin('POST', 'reset');
  }

  /** Recorded API requests, oldest first; CORS preflights left out unless asked for. */
  async requests({ preflights = false } = {}) {
    const all = await this.admin('GET', 'requests');
    return preflights ? all : all.filter((r) => r.method !== 'OPTIONS');
  }

  fault(fault) {
    return this.admin('POST', 'faults', fault);
  }

  faults() {
    return this.admin('GET', 'faults');
  }

  config(change) {
    return this.admin('POST', 'config', change);
  }

  state() {
    return this.admin('GET', 'state');
  }

  /** Options for a call that goes to this emulator with the demo key. */
  opts(extra = {}) {
    return { apiKey: API_KEY, baseUrl: this.url, timeoutMs: 5_000, ...extra };
  }

  /** The schedules the emulator holds for one index name. */
  async schedulesOf(indexName) {
    const state = await this.state();
    const index = state.indexes.find((i) => i.name === indexName);
    return state.schedules.filter((s) => s.index_id === index.index_id);
  }

  /** Polls a recorded request until `test` holds, for at most `ms`. */
  async waitForRecord(test, ms = 3_000) {
    const end = Date.now() + ms;
    for (;;) {
      const found = (await this.requests()).find(test);
      if (found || Date.now() > end) return found;
      await sleep(50);
    }
  }
}

/**
 * Registers the hooks of a test file: start (or join) the emulator before the tests, reset it
 * before each one, stop it afterwards. The returned object fills in once `before` has run.
 */
export function useEmulator() {
  const emulator = new Emulator(null);
  before(async () => {
    const given = process.env.EMULATOR_URL;
    emulator.url = given ? given.replace(/\/+$/, '') : await spawnOwnEmulator();
    await emulator.reset();
  });
  beforeEach(() => emulator.reset());
  after(stopEmulator);
  return emulator;
}

// ---------------------------------------------------------------------------------------------
// Stand-ins for the network

/** A schedule body that also passes as an empty last page, so one stub serves every call. */
export function cannedScheduleBody(extra = {}) {
  return {
    schedule_id: '00000000-0000-4000-8000-000000000001',
    name: 'canned',
    index_id: 'idx-canned',
    project_id: 'proj-canned',
    schedule_type: 'time-based',
    frequency: 'daily',
    retention_expire_after_days: 7,
    enabled: true,
    next_scheduled_run: null,
    created_at: '2026-04-23T16:36:51.267528+00:00',
    data: [],
    pagination: null,
    ...extra,
  };
}

/** A `fetch` that never touches the network: it records each request and answers `reply()`. */
export function stubFetch(reply = () => Response.json(cannedScheduleBody())) {
  const calls = [];
  const fetch = async (request) => {
    calls.push(request);
    return reply(request);
  };
  fetch.calls = calls;
  return fetch;
}

/** An HTTP server of our own on 127.0.0.1 with a random port. */
export async function localServer(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 127.0.0.1 port that nothing listens on (bound, then released). */
export async function closedPort() {
  const server = await localServer(() => {});
  const port = Number(new URL(server.url).port);
  await server.close();
  return port;
}

/**
 * Takes over uncaught exceptions and unhandled rejections until `restore()`, so one thrown
 * from inside the package is attributed to the test that caused it instead of the runner.
 */
export function trapUncaught() {
  const seen = [];
  const kinds = ['uncaughtException', 'unhandledRejection'];
  const saved = kinds.map((k) => process.listeners(k));
  const listener = (error) => seen.push(error);
  for (const k of kinds) {
    process.removeAllListeners(k);
    process.on(k, listener);
  }
  return {
    seen,
    restore() {
      kinds.forEach((k, i) => {
        process.removeAllListeners(k);
        for (const l of saved[i]) process.on(k, l);
      });
    },
  };
}

/** Records everything written through console.* until `restore()`. */
export function captureConsole() {
  const lines = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
  const saved = methods.map((m) => console[m]);
  for (const m of methods) {
    console[m] = (...args) => {
      lines.push({ method: m, text: args.map((a) => safeText(a)).join(' ') });
    };
  }
  return {
    lines,
    restore() {
      methods.forEach((m, i) => {
        console[m] = saved[i];
      });
    },
  };
}

function safeText(value) {
  try {
    if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack}`;
    return typeof value === 'string' ? value : String(value);
  } catch {
    return '[unprintable]';
  }
}

/** Names of the headers a bare `fetch` from this Node sends on its own. */
export async function bareFetchHeaders(emulator) {
  await realFetch(`${emulator.url}/indexes/bare-probe/backup-schedules`, {
    method: 'POST',
    body: '{}',
    signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS),
  }).then((r) => r.arrayBuffer());
  const records = await emulator.requests();
  const probe = records.findLast((r) => r.path === '/indexes/bare-probe/backup-schedules');
  return probe.headers;
}
