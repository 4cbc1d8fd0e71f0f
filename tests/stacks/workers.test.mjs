// Dedicated module workers calling the packed package, where there is no `window`: one
// started from its own file, one from a Blob. A static server on 127.0.0.1 serves the page
// and the installed tarball; the emulator is another origin, so each worker's calls go
// cross-origin with the key, as a dashboard talking to the API directly would.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';

import {
  API_KEY,
  FIXTURES,
  launchBrowser,
  openPage,
  packAndInstall,
  sendFile,
  startEmulator,
  startServer,
  tempDir,
} from './support.mjs';

const PAGE_FILES = path.join(FIXTURES, 'workers');

let temp;
let emulator;
let site;
let browser;

/** The demo's policy (see README, "Content Security Policy"), which has no worker-src. */
function demoCsp() {
  return `default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${emulator.url}`;
}

/** The same plus `worker-src 'self' blob:`, which a Blob worker needs. */
function workerCsp() {
  return `${demoCsp()}; worker-src 'self' blob:`;
}

before(async () => {
  temp = await tempDir('workers');
  const { installed } = await packAndInstall(temp.dir);
  emulator = await startEmulator();
  site = await startServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    // /strict/ is the same page under the demo's policy; worker.js keeps its own policy.
    const strict = pathname.startsWith('/strict/');
    const csp = { 'content-security-policy': strict ? demoCsp() : workerCsp() };
    const local = strict ? pathname.slice('/strict'.length) : pathname;
    const served = local.startsWith('/pkg/')
      ? await sendFile(res, installed, local.slice('/pkg/'.length), csp)
      : await sendFile(res, PAGE_FILES, local, csp);
    if (!served) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  browser = await launchBrowser();
}, { timeout: 90_000 });

after(async () => {
  await browser?.close();
  await site?.close();
  await emulator?.stop();
  await temp?.remove();
}, { timeout: 30_000 });

beforeEach(async () => {
  await emulator.admin('POST', '/_emulator/reset');
}, { timeout: 10_000 });

async function openWorkersPage(route = '/') {
  const session = await openPage(browser);
  await session.page.goto(site.url + route, { waitUntil: 'load' });
  await session.page.waitForSelector('html[data-ready]', { timeout: 10_000 });
  return session;
}

function job(indexName, name) {
  return { baseUrl: emulator.url, apiKey: API_KEY, indexName, name };
}

function assertWorkerScope(answer) {
  assert.equal(answer.error, undefined, answer.error);
  assert.deepEqual(answer.scope, { global: 'DedicatedWorkerGlobalScope', hasWindow: false, hasDocument: false });
}

test('a module worker from its own file and one from a Blob both create schedules', { timeout: 60_000 }, async () => {
  const { context, page, seen } = await openWorkersPage('/');
  const fromFile = await page.evaluate(({ j }) => window.callWorker('file', j), { j: job('docs-example', 'worker-file') });
  const fromBlob = await page.evaluate(({ j }) => window.callWorker('blob', j), { j: job('product-search', 'worker-blob') });

  assertWorkerScope(fromFile);
  assert.equal(fromFile.schedule.name, 'worker-file');
  assert.deepEqual(fromFile.listed, ['worker-file']);
  assertWorkerScope(fromBlob);
  assert.equal(fromBlob.schedule.name, 'worker-blob');
  assert.deepEqual(fromBlob.listed, ['worker-blob']);

  const posts = (await emulator.apiRequests()).filter((r) => r.method === 'POST');
  assert.deepEqual(posts.map((r) => `${r.path} ${r.status}`), [
    '/indexes/docs-example/backup-schedules 200',
    '/indexes/product-search/backup-schedules 200',
  ]);
  for (const r of posts) {
    assert.equal(r.headers.origin, site.url, 'the request did not come from the page\'s workers');
    assert.equal(r.headers['api-key'], API_KEY);
  }
  assert.deepEqual(seen, { pageErrors: [], consoleErrors: [], offHost: [], csp: [] });
  await context.close();
});

test('under the demo policy a file worker runs, a Blob worker needs worker-src blob:', { timeout: 60_000 }, async () => {
  const { context, page, seen } = await openWorkersPage('/strict/');
  const fromFile = await page.evaluate(({ j }) => window.callWorker('file', j), { j: job('docs-example', 'strict-file') });
  const fromBlob = await page.evaluate(({ j }) => window.callWorker('blob', j), { j: job('product-search', 'strict-blob') });

  assertWorkerScope(fromFile);
  assert.equal(fromFile.schedule.name, 'strict-file');
  assert.ok(fromBlob.error, `the Blob worker ran: ${JSON.stringify(fromBlob)}`);
  assert.ok(seen.csp.some((v) => /^(worker-src|script-src)/.test(v) && v.includes('blob')), JSON.stringify(seen.csp));

  const posts = (await emulator.apiRequests()).filter((r) => r.method === 'POST');
  assert.deepEqual(posts.map((r) => r.path), ['/indexes/docs-example/backup-schedules']);
  await context.close();
});
