// Node 20 or later: the packed tarball installed into a throwaway project and imported by its
// name, calling the emulator with Node's global fetch. Each script runs in its own process
// from the project's folder, so the package resolves exactly as it would for a user.

import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { FIXTURES, packAndInstall, run, startEmulator, tempDir } from './support.mjs';

let temp;
let appDir;
let emulator;

before(async () => {
  temp = await tempDir('node');
  ({ appDir } = await packAndInstall(temp.dir));
  await cp(path.join(FIXTURES, 'node-app'), appDir, { recursive: true });
  emulator = await startEmulator();
}, { timeout: 90_000 });

after(async () => {
  await emulator?.stop();
  await temp?.remove();
}, { timeout: 30_000 });

async function script(file) {
  const { stdout, stderr } = await run(process.execPath, [file, emulator.url], { cwd: appDir, timeoutMs: 30_000 });
  // Some Node lines flag require() of an ES module as experimental; anything else is a problem.
  const unexpected = stderr.split('\n').filter((l) => l.trim() && !/ExperimentalWarning|--trace-warnings/.test(l));
  assert.deepEqual(unexpected, [], `${file} wrote to stderr`);
  return JSON.parse(stdout);
}

test('runs on the Node this suite runs on (20 or later)', () => {
  assert.ok(Number(process.versions.node.split('.')[0]) >= 20, process.version);
});

test('plain `await init()` cannot load the wasm in Node: fetch refuses file: URLs', { timeout: 40_000 }, async () => {
  const result = await script('default-init.mjs');
  assert.equal(result.ok, false);
  assert.equal(result.name, 'TypeError');
  assert.match(`${result.message} ${result.cause}`, /fetch failed|not implemented|file/i);
});

test('initSync with the exported .wasm, then every call over the global fetch', { timeout: 40_000 }, async () => {
  await emulator.admin('POST', '/_emulator/reset');
  const report = await script('init-sync.mjs');

  assert.equal(report.hasWindow, false);
  assert.deepEqual(report.validation, { ok: true, errors: [], warnings: [] });
  assert.equal(report.created.name, 'node-nightly');
  assert.equal(report.created.frequency, 'weekly');
  assert.equal(report.described.schedule_id, report.created.schedule_id);
  assert.equal(report.paused.enabled, false);
  assert.equal(report.paused.next_scheduled_run, null);
  assert.deepEqual(report.listed, ['node-nightly']);
  assert.deepEqual(report.iterated, ['nightly-support', 'weekly-archive']);
  assert.ok(report.history.length > 0 && report.history.every((s) => typeof s === 'string'));
  assert.deepEqual(report.afterDelete, { name: 'PineconeApiError', status: 404 });
  assert.match(report.relative?.name ?? '', /^Pinecone\w+Error$/, JSON.stringify(report.relative));
  assert.match(report.relative.message, /URL/);

  const requests = await emulator.apiRequests();
  assert.ok(requests.length >= 9, `only ${requests.length} requests arrived`);
  for (const r of requests) {
    assert.equal(r.headers['api-key'], 'emulator-key');
    assert.equal(r.headers['user-agent'], 'node', 'sent by something other than Node\'s fetch');
  }
});

test('CommonJS loads it with import() (or require() where Node allows) and init({ module_or_path: bytes })', { timeout: 40_000 }, async () => {
  const report = await script('from-commonjs.cjs');
  assert.deepEqual(report.names, ['nightly-support', 'weekly-archive']);
  // require() of an ES module works only where Node supports it (20.19+, 22.12+).
  assert.equal(report.require, process.features.require_module ? 'loaded' : 'ERR_REQUIRE_ESM');
});
