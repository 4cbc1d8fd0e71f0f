// Plumbing shared by the stack tests: packing pkg/ the way npm publishes it, installing that
// tarball into throwaway apps, and the local processes the tests talk to (the emulator, small
// static servers, headless Chromium). Everything binds to 127.0.0.1 and every wait is bounded.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.mjs';
import { adminCall, spawnEmulator } from '../support/emulator.mjs';

export const STACKS = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(STACKS, '..', '..');
export const PKG = path.join(ROOT, 'pkg');
export const FIXTURES = path.join(STACKS, 'fixtures');
export const API_KEY = 'emulator-key';
export const PACKAGE = 'pinecone-backup-schedules';
export const GLUE = 'pinecone_backup_schedules.js';
export const WASM = 'pinecone_backup_schedules_bg.wasm';

const BIN = path.join(STACKS, 'node_modules', '.bin');
const STARTUP_MS = 20_000;
const ADMIN_MS = 5_000;

/**
 * Runs a command to completion, killing it after `timeoutMs`. Rejects on a non-zero exit
 * unless `allowFailure`, with both output streams in the message so a failure explains itself.
 */
export function run(command, args, { cwd = ROOT, timeoutMs = 60_000, env = {}, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const shown = `${command} ${args.join(' ')}`;
      if (timedOut) {
        reject(new Error(`${shown} ran past ${timeoutMs} ms\n${stdout}\n${stderr}`));
      } else if (code !== 0 && !allowFailure) {
        reject(new Error(`${shown} exited with ${code ?? signal}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
      } else {
        resolve({ code, stdout, stderr });
      }
    });
  });
}

/** A binary from this folder's node_modules (vite, tsc), so no global install is used. */
export function bin(name) {
  const file = path.join(BIN, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm ci in tests/stacks`);
  return file;
}

// npm must not reach for the registry: the tarball has no dependencies, and --offline turns
// any attempt into an error instead of traffic.
const NPM_QUIET = ['--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];

/** A fresh temporary directory and the function that removes it. */
export async function tempDir(label) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `stacks-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `npm pack` of pkg/ into `dest`; returns the tarball's path and npm's list of its files. */
export async function packTarball(dest) {
  if (!existsSync(path.join(PKG, GLUE)) || !existsSync(path.join(PKG, WASM))) {
    throw new Error('pkg/ is not built: run bash scripts/build.sh first');
  }
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dest, ...NPM_QUIET], {
    cwd: PKG,
    timeoutMs: 60_000,
  });
  const [report] = JSON.parse(stdout);
  return { tarball: path.join(dest, report.filename), files: report.files.map((f) => f.path), report };
}

/**
 * Makes `appDir` a fresh npm project (if it has no package.json yet) and installs the tarball
 * into it, exactly as a user would. Returns the installed package's directory.
 */
export async function installTarball(appDir, tarball) {
  const manifest = path.join(appDir, 'package.json');
  if (!existsSync(manifest)) {
    await writeFile(manifest, JSON.stringify({ name: 'stack-app', private: true, type: 'module' }, null, 2));
  }
  await run('npm', ['install', ...NPM_QUIET, tarball], { cwd: appDir, timeoutMs: 60_000 });
  const installed = path.join(appDir, 'node_modules', PACKAGE);
  await stat(path.join(installed, GLUE));
  return installed;
}

/** Packs pkg/ and installs it into `<dir>/app`; the usual start of a stack test. */
export async function packAndInstall(dir) {
  const packed = await packTarball(dir);
  const appDir = path.join(dir, 'app');
  await mkdir(appDir, { recursive: true });
  const installed = await installTarball(appDir, packed.tarball);
  return { ...packed, appDir, installed };
}

/**
 * Starts target/debug/emulator on a free loopback port with the admin API. `www` and `pkg`
 * choose the static directories it serves at / and /pkg/.
 */
export async function startEmulator({ www = path.join(ROOT, 'www'), pkg = PKG } = {}) {
  const { url, stop } = await spawnEmulator({
    args: ['--admin', '--quiet', '--www', www, '--pkg', pkg],
    cwd: ROOT,
    timeoutMs: STARTUP_MS,
  });
  const admin = (method, route, body) => adminCall(url, method, route, body, { timeoutMs: ADMIN_MS });

  return {
    url,
    admin,
    /** API requests that reached the emulator since the last reset, preflights left out. */
    async apiRequests() {
      const records = await admin('GET', '/_emulator/requests');
      return records.filter((r) => r.method !== 'OPTIONS' && /^\/(indexes|backup-schedules)\//.test(r.path));
    },
    stop,
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Answers a GET with a file under `root`, or returns false when `urlPath` is not a file
 * there. Paths that climb out of `root` are never served.
 */
export async function sendFile(res, root, urlPath, headers = {}) {
  const relative = decodeURIComponent(urlPath).replace(/^\/+/, '') || 'index.html';
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return false;
  let body;
  try {
    body = await readFile(file);
  } catch {
    return false;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
  return true;
}

/** An HTTP server on a free loopback port; `handler` may be async. */
export async function startServer(handler) {
  const sockets = new Set();
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error?.stack ?? error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}


/** Headless Chromium; playwright-core gives each launch a fresh temporary profile. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: STARTUP_MS });
}

/**
 * A new context and page that record what must never happen: page errors, console errors,
 * CSP violations, and any request leaving the loopback address (those are aborted, too).
 */
export async function openPage(browser) {
  const context = await browser.newContext();
  const seen = { pageErrors: [], consoleErrors: [], offHost: [], csp: [] };
  await context.route(
    (url) => url.protocol.startsWith('http') && url.hostname !== '127.0.0.1',
    (route) => {
      seen.offHost.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  await page.exposeFunction('__reportCsp', (entry) => seen.csp.push(entry));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportCsp(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return { context, page, seen };
}
