// The API key goes out in the api-key header and nowhere else: not in errors (any property,
// however deep), not in events, not on the console.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';

import {
  API_KEY,
  NIGHTLY_ID,
  WEEKLY_ID,
  captureConsole,
  closedPort,
  exampleRequest,
  pkg,
  realFetch,
  useEmulator,
  within,
} from './support.mjs';

const emu = useEmulator();
const T = { timeout: 15_000 };
const KEY = 'sk-SECRET-0123456789';

/** Every place inside `value` (own properties, enumerable or not, and `cause`) holding KEY. */
function keyPaths(value, path = '$', seen = new Set()) {
  if (typeof value === 'string') return value.includes(KEY) ? [path] : [];
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return [];
  if (seen.has(value)) return [];
  seen.add(value);
  const found = [];
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
    if (!descriptor || !('value' in descriptor)) continue;
    found.push(...keyPaths(descriptor.value, `${path}.${String(key)}`, seen));
  }
  return found;
}

function assertClean(error, what) {
  assert.ok(error instanceof Error, `${what}: expected an Error`);
  assert.ok(error.name.startsWith('Pinecone'), `${what}: got ${error.name}`);
  assert.deepEqual(keyPaths(error), [], `${what}: key in error properties`);
  assert.ok(!String(error).includes(KEY), `${what}: key in String(err)`);
  assert.ok(!String(error.stack).includes(KEY), `${what}: key in err.stack`);
  assert.ok(!JSON.stringify(error).includes(KEY), `${what}: key in JSON.stringify(err)`);
  assert.ok(!inspect(error, { depth: 8, showHidden: true }).includes(KEY), `${what}: key in inspect(err)`);
}

/** Records events and console output for one test, and checks both afterwards. */
function watch() {
  const events = [];
  const out = captureConsole();
  return {
    events,
    onEvent: (e) => events.push(e),
    finish() {
      out.restore();
      assert.deepEqual(out.lines, [], 'the package must write nothing to the console');
      assert.ok(events.length > 0 || this.noEvents, 'onEvent should have been called');
      for (const e of events) {
        assert.deepEqual(keyPaths(e), [], `key in event ${JSON.stringify(e)}`);
      }
    },
  };
}

/** The key reached the emulator only as the api-key header. */
async function assertOnlyInHeader({ expectSent = true } = {}) {
  const requests = await emu.requests({ preflights: true });
  if (expectSent) assert.ok(requests.length > 0, 'the emulator should have seen the key');
  for (const r of requests) {
    const { headers, ...rest } = r;
    const { 'api-key': sent, ...otherHeaders } = headers;
    assert.deepEqual(keyPaths(rest), [], `key outside headers in ${r.method} ${r.path}`);
    assert.deepEqual(keyPaths(otherHeaders), [], `key in another header of ${r.method} ${r.path}`);
    if (expectSent) assert.equal(sent, KEY);
  }
}

async function failure(promise, what, ms = 8_000) {
  try {
    const value = await within(promise, ms, what);
    assert.fail(`${what}: expected a rejection, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assertClean(error, what);
    return error;
  }
}

const secretOpts = (w, extra = {}) => emu.opts({ apiKey: KEY, onEvent: w.onEvent, ...extra });

/** Every operation, as thunks that take options. */
const everyCall = {
  create: (o) => pkg.createBackupSchedule('docs-example', exampleRequest(), o),
  list: (o) => pkg.listBackupSchedules('support-tickets', { limit: 1 }, o),
  describe: (o) => pkg.describeBackupSchedule(NIGHTLY_ID, o),
  update: (o) => pkg.updateBackupSchedule(NIGHTLY_ID, { enabled: false }, o),
  delete: (o) => pkg.deleteBackupSchedule(WEEKLY_ID, o),
  history: (o) => pkg.listBackupScheduleHistory(NIGHTLY_ID, undefined, o),
  iterate: (o) => pkg.iterateBackupSchedules('support-tickets', undefined, o)[Symbol.asyncIterator]().next(),
  iterateHistory: (o) =>
    pkg.iterateBackupScheduleHistory(NIGHTLY_ID, undefined, o)[Symbol.asyncIterator]().next(),
  client: (o) => new pkg.BackupSchedules(o).describe(NIGHTLY_ID),
};

test('validation failures never repeat the key', T, async () => {
  const w = watch();
  w.noEvents = true;
  const cases = {
    'bad create input': () =>
      pkg.createBackupSchedule('Bad Index', { name: KEY, retention: {} }, secretOpts(w)),
    'bad options beside the key': () =>
      pkg.describeBackupSchedule(NIGHTLY_ID, secretOpts(w, { timeoutMs: -1, maxRetries: 'x' })),
    'key with a line break': () => pkg.describeBackupSchedule(NIGHTLY_ID, secretOpts(w, { apiKey: `${KEY}\n` })),
    'key with a non-Latin-1 character': () =>
      pkg.describeBackupSchedule(NIGHTLY_ID, secretOpts(w, { apiKey: `${KEY}\u20ac` })),
    'key with a leading space': () => pkg.describeBackupSchedule(NIGHTLY_ID, secretOpts(w, { apiKey: ` ${KEY}` })),
    'key with a control character': () =>
      pkg.describeBackupSchedule(NIGHTLY_ID, secretOpts(w, { apiKey: `${KEY}\u0007` })),
    'key under api_key': () =>
      pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: emu.url, api_key: KEY, onEvent: w.onEvent }),
    'key under key': () => pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: emu.url, key: KEY }),
    'key as a number-typed option': () => pkg.describeBackupSchedule(NIGHTLY_ID, secretOpts(w, { timeoutMs: KEY })),
    'key in a managed header': () =>
      pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ apiKey: undefined, headers: { 'Api-Key': KEY } })),
    'key in a header with a line break': () =>
      pkg.describeBackupSchedule(NIGHTLY_ID, secretOpts(w, { headers: { 'x-proxy-auth': `${KEY}\r\n` } })),
    'key in baseUrl credentials': () =>
      pkg.describeBackupSchedule(NIGHTLY_ID, secretOpts(w, { baseUrl: `http://user:${KEY}@127.0.0.1:9` })),
    'key as the schedule id with control characters': () =>
      pkg.describeBackupSchedule(`${KEY}\n`, secretOpts(w, { apiKey: 'k' })),
    'iterator with bad params': () =>
      pkg.iterateBackupSchedules('docs-example', { limit: 0 }, secretOpts(w))[Symbol.asyncIterator]().next(),
  };
  for (const [what, run] of Object.entries(cases)) {
    const error = await failure(run(), what);
    assert.equal(error.name, 'PineconeValidationError', what);
  }

  assert.throws(
    () => new pkg.BackupSchedules(secretOpts(w, { apiKey: `${KEY}\n` })),
    (e) => {
      assertClean(e, 'constructor');
      return true;
    },
  );
  const result = pkg.validateCreateBackupSchedule('docs-example', exampleRequest(), secretOpts(w, { apiKey: `${KEY}\n` }));
  assert.equal(result.ok, false);
  assert.deepEqual(keyPaths(result), []);

  w.finish();
  await assertOnlyInHeader({ expectSent: false });
  assert.deepEqual(await emu.requests(), [], 'nothing is sent on a validation failure');
});

test('401 answers to every call never carry the key', T, async () => {
  const w = watch();
  for (const [what, call] of Object.entries(everyCall)) {
    const error = await failure(call(secretOpts(w)), what);
    assert.equal(error.name, 'PineconeApiError', what);
    assert.equal(error.status, 401, what);
  }
  w.finish();
  await assertOnlyInHeader();
});

test('401 in the unstable version (JSON body) never carries the key', T, async () => {
  const w = watch();
  const error = await failure(everyCall.describe(secretOpts(w, { apiVersion: 'unstable' })), 'describe');
  assert.equal(error.code, 'UNAUTHENTICATED');
  w.finish();
  await assertOnlyInHeader();
});

test('5xx with retries exhausted never carries the key', T, async () => {
  await emu.fault({ mode: 'replace', status: 503, count: 100, headers: { 'Retry-After': '0' } });
  const w = watch();
  for (const [what, call] of Object.entries(everyCall)) {
    const error = await failure(call(secretOpts(w, { maxRetries: 1 })), what);
    assert.equal(error.name, 'PineconeApiError', what);
    assert.equal(error.status, 503, what);
  }
  w.finish();
  await assertOnlyInHeader();
});

test('a timeout never carries the key', T, async () => {
  await emu.fault({ mode: 'hang', count: 100 });
  const w = watch();
  for (const [what, call] of Object.entries(everyCall)) {
    const error = await failure(call(secretOpts(w, { timeoutMs: 150 })), what);
    assert.equal(error.name, 'PineconeTimeoutError', what);
  }
  w.finish();
  await assertOnlyInHeader();
});

test('an abort never carries the key', T, async () => {
  await emu.fault({ mode: 'hang', count: 100 });
  const w = watch();
  for (const [what, call] of Object.entries(everyCall)) {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 80);
    const error = await failure(call(secretOpts(w, { signal: controller.signal })), what);
    assert.equal(error.name, 'PineconeAbortError', what);
  }
  w.finish();
  await assertOnlyInHeader();
});

test('a network failure never carries the key', T, async () => {
  const port = await closedPort();
  const w = watch();
  for (const [what, call] of Object.entries(everyCall)) {
    const error = await failure(
      call({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0, onEvent: w.onEvent }),
      what,
    );
    assert.equal(error.name, 'PineconeNetworkError', what);
  }
  w.finish();
});

test('a cut body never carries the key', T, async () => {
  await emu.fault({ mode: 'cut', count: 100 });
  const w = watch();
  const error = await failure(everyCall.describe(secretOpts(w, { maxRetries: 0 })), 'describe');
  assert.equal(error.name, 'PineconeNetworkError');
  w.finish();
  await assertOnlyInHeader();
});

test('an undecodable 2xx never carries the key', T, async () => {
  await emu.fault({ mode: 'replace', status: 200, count: 100, body: '<html>ok</html>' });
  const w = watch();
  const error = await failure(everyCall.describe(secretOpts(w)), 'describe');
  assert.equal(error.name, 'PineconeResponseError');
  w.finish();
  await assertOnlyInHeader();
});

test('successful calls leave the key in no result or event', T, async () => {
  // Forwards to the emulator with the key it knows, after checking ours was the one sent.
  const sentKeys = [];
  const forward = async (request) => {
    sentKeys.push(request.headers.get('api-key'));
    const headers = new Headers(request.headers);
    headers.set('api-key', API_KEY);
    const body = ['POST', 'PATCH'].includes(request.method) ? await request.text() : undefined;
    return realFetch(request.url, { method: request.method, headers, body, signal: request.signal });
  };
  const w = watch();
  const results = [];
  for (const [what, call] of Object.entries(everyCall)) {
    const result = await within(call(secretOpts(w, { fetch: forward })), 5_000, what);
    results.push(result);
  }
  assert.deepEqual(keyPaths(results), []);
  assert.ok(sentKeys.length >= Object.keys(everyCall).length);
  assert.ok(sentKeys.every((k) => k === KEY));
  w.finish();
  const requests = await emu.requests();
  assert.ok(requests.every((r) => !JSON.stringify(r).includes(KEY)));
});

test('an error body that echoes the key does not put it in the error', T, async () => {
  await emu.fault({
    mode: 'replace',
    status: 401,
    count: 10,
    body: JSON.stringify({
      error: { code: 'UNAUTHENTICATED', message: `Invalid API key ${KEY}` },
      status: 401,
    }),
  });
  const w = watch();
  const error = await within(
    everyCall.describe(secretOpts(w)).then(
      () => assert.fail('expected a rejection'),
      (e) => e,
    ),
    5_000,
  );
  assert.equal(error.status, 401);
  assertClean(error, 'echoed key');
  w.finish();
});
