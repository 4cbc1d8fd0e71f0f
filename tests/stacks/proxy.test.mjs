// A dashboard with no key in the page: a small same-origin proxy serves the page and the
// packed package, and forwards /pinecone/* to the emulator with the key added on the server.
// The test watches all three hops: what Chromium sent (request interception), what the proxy
// received, and what reached the emulator.

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

const PAGE_FILES = path.join(FIXTURES, 'proxy');
const WORKER_FILES = path.join(FIXTURES, 'workers');
// connect-src 'self' alone: the page cannot reach any other origin, the emulator included.
const PAGE_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";
const UPSTREAM_MS = 10_000;

let temp;
let emulator;
let proxy;
let browser;
let arrivals; // what the proxy received on its API routes, newest last

/**
 * Forwards one API request upstream. `withKey` is what a real proxy does; the keyless route
 * exists only to show that the emulator refuses requests without the proxy's key.
 */
async function forward(req, res, prefix, withKey) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = ['POST', 'PATCH'].includes(req.method) ? Buffer.concat(chunks) : undefined;
  const headers = {
    'content-type': req.headers['content-type'] ?? 'application/json',
    'x-pinecone-api-version': req.headers['x-pinecone-api-version'] ?? '2026-07',
  };
  if (withKey) headers['api-key'] = API_KEY;
  const upstream = await fetch(emulator.url + req.url.slice(prefix.length), {
    method: req.method,
    headers,
    body,
    signal: AbortSignal.timeout(UPSTREAM_MS),
  });
  const reply = { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' };
  const requestId = upstream.headers.get('x-pinecone-request-id');
  if (requestId) reply['x-pinecone-request-id'] = requestId;
  res.writeHead(upstream.status, reply);
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

before(async () => {
  temp = await tempDir('proxy');
  const { installed } = await packAndInstall(temp.dir);
  emulator = await startEmulator();
  proxy = await startServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    for (const [prefix, withKey] of [['/pinecone/', true], ['/pinecone-keyless/', false]]) {
      if (pathname.startsWith(prefix)) {
        arrivals.push({ method: req.method, url: req.url, headers: { ...req.headers } });
        return forward(req, res, prefix.slice(0, -1), withKey);
      }
    }
    if (req.method !== 'GET') return res.writeHead(405).end();
    // The worker page (/workers/) and its scripts come from the workers test's fixtures.
    const csp = { 'content-security-policy': `${PAGE_CSP}; worker-src 'self' blob:` };
    const served = pathname.startsWith('/pkg/')
      ? await sendFile(res, installed, pathname.slice('/pkg/'.length), csp)
      : pathname.startsWith('/workers/')
        ? await sendFile(res, WORKER_FILES, pathname.slice('/workers/'.length), csp)
        : (await sendFile(res, PAGE_FILES, pathname, csp)) || (await sendFile(res, WORKER_FILES, pathname, csp));
    if (!served) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  browser = await launchBrowser();
}, { timeout: 90_000 });

after(async () => {
  await browser?.close();
  await proxy?.close();
  await emulator?.stop();
  await temp?.remove();
}, { timeout: 30_000 });

beforeEach(async () => {
  arrivals = [];
  await emulator.admin('POST', '/_emulator/reset');
}, { timeout: 10_000 });

/** Opens the page with two page-side recorders: route interception and the request log. */
async function openProxyPage() {
  const session = await openPage(browser);
  session.intercepted = [];
  session.sent = [];
  const isApi = (url) => /^\/pinecone(-keyless)?\//.test(url.pathname);
  await session.page.route(isApi, async (route) => {
    const request = route.request();
    session.intercepted.push({ method: request.method(), url: request.url(), headers: await request.allHeaders() });
    await route.continue();
  });
  // Every request the page makes, with the headers Chromium really sent (read later).
  session.page.on('request', (request) => {
    session.sent.push(request.allHeaders().then((headers) => ({ url: request.url(), headers })));
  });
  await session.page.goto(`${proxy.url}/`, { waitUntil: 'load' });
  await session.page.waitForSelector('html[data-ready]', { timeout: 10_000 });
  return session;
}

const hasKey = (headers) => Object.keys(headers).some((name) => name.toLowerCase() === 'api-key');

test("baseUrl '/pinecone' and no apiKey: the page sends no key, the emulator gets the proxy's", { timeout: 60_000 }, async () => {
  const { context, page, seen, intercepted, sent } = await openProxyPage();
  const result = await page.evaluate(() => window.createVia('/pinecone', 'proxied-weekly'));

  assert.equal(result.error, undefined, JSON.stringify(result.error));
  assert.equal(result.schedule.name, 'proxied-weekly');
  assert.deepEqual(result.listed, ['proxied-weekly']);
  assert.equal(result.paused.enabled, false);

  // Page side: three API calls, all same-origin under /pinecone, none with a key.
  assert.deepEqual(
    intercepted.map((r) => `${r.method} ${new URL(r.url).origin === proxy.url} ${new URL(r.url).pathname}`),
    [
      'POST true /pinecone/indexes/docs-example/backup-schedules',
      'GET true /pinecone/indexes/docs-example/backup-schedules',
      `PATCH true /pinecone/backup-schedules/${result.schedule.schedule_id}`,
    ],
  );
  for (const r of intercepted) {
    assert.ok(!hasKey(r.headers), `the page sent a key to ${r.url}`);
    assert.equal(r.headers['x-pinecone-api-version'], '2026-07');
  }
  const everything = await Promise.all(sent);
  // The document, app.js, the glue, its snippet, the wasm and the three API calls.
  assert.ok(everything.length >= 8, `only ${everything.length} requests seen`);
  assert.deepEqual(everything.filter((r) => hasKey(r.headers)).map((r) => r.url), []);

  // Proxy side: the same three requests arrived without a key.
  assert.equal(arrivals.length, 3);
  assert.ok(arrivals.every((a) => !hasKey(a.headers)));

  // Emulator side: each arrived with the key the proxy added, and nothing else came.
  const received = await emulator.apiRequests();
  assert.deepEqual(received.map((r) => `${r.method} ${r.path}`), [
    'POST /indexes/docs-example/backup-schedules',
    'GET /indexes/docs-example/backup-schedules',
    `PATCH /backup-schedules/${result.schedule.schedule_id}`,
  ]);
  for (const r of received) {
    assert.equal(r.headers['api-key'], API_KEY);
    assert.equal(r.status, 200);
  }
  const preflights = (await emulator.admin('GET', '/_emulator/requests')).filter((r) => r.method === 'OPTIONS');
  assert.deepEqual(preflights, [], 'a same-origin call needs no preflight');

  assert.deepEqual(seen, { pageErrors: [], consoleErrors: [], offHost: [], csp: [] });
  await context.close();
});

test('without the key the proxy adds, the emulator refuses the same call (401)', { timeout: 60_000 }, async () => {
  const { context, page, intercepted } = await openProxyPage();
  const result = await page.evaluate(() => window.createVia('/pinecone-keyless', 'no-key'));

  assert.equal(result.error?.name, 'PineconeApiError', JSON.stringify(result));
  assert.equal(result.error.status, 401);
  assert.equal(intercepted.length, 1);
  const received = await emulator.apiRequests();
  assert.deepEqual(received.map((r) => `${r.path} ${r.status} ${hasKey(r.headers)}`), [
    '/indexes/docs-example/backup-schedules 401 false',
  ]);
  await context.close();
});

test("session cookies reach the proxy only with credentials: 'same-origin'", { timeout: 60_000 }, async () => {
  const { context, page } = await openProxyPage();
  await context.addCookies([{ name: 'session', value: 'dashboard-user', url: proxy.url }]);

  const plain = await page.evaluate(() => window.createVia('/pinecone', 'cookie-omit'));
  assert.equal(plain.error, undefined, JSON.stringify(plain.error));
  const firstCalls = arrivals.length;
  const withCookie = await page.evaluate(() => window.createVia('/pinecone', 'cookie-sent', { credentials: 'same-origin' }));
  assert.equal(withCookie.error, undefined, JSON.stringify(withCookie.error));

  assert.ok(firstCalls > 0 && arrivals.length > firstCalls);
  assert.ok(arrivals.slice(0, firstCalls).every((a) => a.headers.cookie === undefined), 'the default sent a cookie');
  assert.ok(arrivals.slice(firstCalls).every((a) => a.headers.cookie === 'session=dashboard-user'));
  await context.close();
});

test("module workers behind the proxy: '/pinecone' from a file worker, an absolute URL from a Blob worker", { timeout: 60_000 }, async () => {
  const { context, page, seen } = await openPage(browser);
  await page.goto(`${proxy.url}/workers/`, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready]', { timeout: 10_000 });

  const job = (baseUrl, indexName, name) => ({ baseUrl, indexName, name });
  const fromFile = await page.evaluate((j) => window.callWorker('file', j), job('/pinecone', 'docs-example', 'worker-relative'));
  const blobRelative = await page.evaluate((j) => window.callWorker('blob', j), job('/pinecone', 'product-search', 'blob-relative'));
  const blobAbsolute = await page.evaluate((j) => window.callWorker('blob', j), job(`${proxy.url}/pinecone`, 'product-search', 'blob-absolute'));

  assert.equal(fromFile.error, undefined, fromFile.error);
  assert.equal(fromFile.schedule.name, 'worker-relative');
  assert.equal(blobAbsolute.error, undefined, blobAbsolute.error);
  assert.equal(blobAbsolute.schedule.name, 'blob-absolute');
  // A Blob worker's base URL is blob:, so a path cannot be resolved there: the call fails
  // before anything is sent (README: use an absolute URL in a Blob worker).
  assert.match(blobRelative.error ?? '', /URL/, JSON.stringify(blobRelative));

  // Each working worker created and listed; the failed call sent nothing; no key came along.
  assert.deepEqual(arrivals.map((a) => `${a.method} ${a.url}`), [
    'POST /pinecone/indexes/docs-example/backup-schedules',
    'GET /pinecone/indexes/docs-example/backup-schedules',
    'POST /pinecone/indexes/product-search/backup-schedules',
    'GET /pinecone/indexes/product-search/backup-schedules',
  ]);
  assert.ok(arrivals.every((a) => !hasKey(a.headers)));
  const received = await emulator.apiRequests();
  assert.ok(received.every((r) => r.headers['api-key'] === API_KEY));
  assert.deepEqual(seen, { pageErrors: [], consoleErrors: [], offHost: [], csp: [] });
  await context.close();
});
