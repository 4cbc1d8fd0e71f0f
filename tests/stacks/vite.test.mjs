// A fresh Vite app (plain TypeScript, no wasm plugin, no Vite config) installs the packed
// tarball, type-checks, builds for production, and the built page creates a schedule in
// headless Chromium. The emulator serves the build under its strict CSP, so the wasm must
// come from the built assets and nowhere else. The same app under `vite` (the dev server)
// works too, with the emulator as a second origin.

import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';

import {
  FIXTURES,
  STACKS,
  WASM,
  bin,
  installTarball,
  launchBrowser,
  openPage,
  packTarball,
  run,
  startEmulator,
  tempDir,
} from './support.mjs';

let temp;
let appDir;
let installed;
let emulator;
let browser;

before(async () => {
  temp = await tempDir('vite');
  const { tarball } = await packTarball(temp.dir);
  appDir = path.join(temp.dir, 'app');
  await cp(path.join(FIXTURES, 'vite-app'), appDir, { recursive: true });
  installed = await installTarball(appDir, tarball);
  // The emulator serves dist/ (built below) at / and nothing at /pkg/.
  const emptyPkg = path.join(temp.dir, 'no-pkg');
  await mkdir(emptyPkg);
  emulator = await startEmulator({ www: path.join(appDir, 'dist'), pkg: emptyPkg });
  browser = await launchBrowser();
}, { timeout: 90_000 });

after(async () => {
  await browser?.close();
  await emulator?.stop();
  await temp?.remove();
}, { timeout: 30_000 });

beforeEach(async () => {
  await emulator.admin('POST', '/_emulator/reset');
}, { timeout: 10_000 });

/** Opens `url`, waits for the app to finish, and returns the schedule it created. */
async function runApp(url) {
  const session = await openPage(browser);
  const responses = [];
  session.page.on('response', (r) => responses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] }));
  await session.page.goto(url, { waitUntil: 'load' });
  await session.page.waitForSelector('html[data-state]', { timeout: 20_000 });
  const state = await session.page.getAttribute('html', 'data-state');
  const text = await session.page.textContent('#result');
  assert.equal(state, 'done', text);
  const schedule = JSON.parse(text);
  assert.equal(schedule.name, 'vite-nightly');
  assert.equal(schedule.retention_expire_after_days, 14);
  assert.equal(typeof schedule.schedule_id, 'string');

  const requests = await emulator.apiRequests();
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path} ${r.status}`), [
    'POST /indexes/docs-example/backup-schedules 200',
  ]);
  assert.equal(JSON.parse(requests[0].body).name, 'vite-nightly');
  return { ...session, responses };
}

test('the app type-checks against the packed declarations (bundler resolution)', { timeout: 60_000 }, async () => {
  const { stdout } = await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: appDir });
  assert.equal(stdout.trim(), '');
});

test('vite build emits the wasm as a hashed asset, byte for byte', { timeout: 60_000 }, async () => {
  await run(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: appDir, timeoutMs: 60_000 });

  const assets = await readdir(path.join(appDir, 'dist', 'assets'));
  const wasmFiles = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasmFiles.length, 1, `one .wasm in dist/assets, got ${assets.join(', ')}`);
  assert.match(wasmFiles[0], /^pinecone_backup_schedules_bg-[\w-]+\.wasm$/);
  const built = await readFile(path.join(appDir, 'dist', 'assets', wasmFiles[0]));
  const shipped = await readFile(path.join(installed, WASM));
  assert.ok(built.equals(shipped), 'the built .wasm differs from the one in the tarball');

  // Neither inlined as a data: URL nor pointing back into node_modules.
  for (const file of assets.filter((f) => f.endsWith('.js'))) {
    const code = await readFile(path.join(appDir, 'dist', 'assets', file), 'utf8');
    assert.doesNotMatch(code, /data:application\/wasm|node_modules/, `${file} inlines or reaches outside the build`);
    assert.ok(code.length < 200_000, `${file} is ${code.length} characters: is the wasm inlined?`);
  }
});

test('the built page creates a schedule in Chromium, loading the wasm from dist/assets', { timeout: 60_000 }, async () => {
  const { context, seen, responses } = await runApp(`${emulator.url}/`);

  const wasm = responses.filter((r) => r.url.endsWith('.wasm'));
  assert.equal(wasm.length, 1, JSON.stringify(responses));
  assert.match(new URL(wasm[0].url).pathname, /^\/assets\/pinecone_backup_schedules_bg-[\w-]+\.wasm$/);
  assert.equal(wasm[0].status, 200);
  assert.equal(wasm[0].type, 'application/wasm');
  assert.ok(!responses.some((r) => r.status >= 400), JSON.stringify(responses));
  // The emulator's strict CSP was in force: nothing was blocked.
  assert.deepEqual(seen, { pageErrors: [], consoleErrors: [], offHost: [], csp: [] });
  await context.close();
});

test('under the dev server (vite, no config) the same app loads the wasm and creates', { timeout: 60_000 }, async () => {
  const { createServer } = await import(createRequire(path.join(STACKS, 'package.json')).resolve('vite'));
  const server = await createServer({
    root: appDir,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: true, watch: null },
  });
  try {
    await server.listen();
    const { port } = server.httpServer.address();
    const { context, seen, responses } = await runApp(`http://127.0.0.1:${port}/?api=${encodeURIComponent(emulator.url)}`);
    const wasm = responses.filter((r) => new URL(r.url).pathname.endsWith('.wasm'));
    assert.equal(wasm.length, 1, JSON.stringify(responses));
    assert.equal(wasm[0].status, 200);
    assert.equal(wasm[0].type, 'application/wasm');
    assert.deepEqual(seen, { pageErrors: [], consoleErrors: [], offHost: [], csp: [] });
    await context.close();
  } finally {
    await server.close();
  }
});
