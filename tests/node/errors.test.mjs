// The emulator's refusals arrive as PineconeApiError with the right status and code, and bad
// input is refused before anything is sent.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  NIGHTLY_ID,
  STARTER_KEY,
  WEEKLY_ID,
  exampleRequest,
  pkg,
  rejectsWith,
  stubFetch,
  useEmulator,
} from './support.mjs';

const emu = useEmulator();
const T = { timeout: 10_000 };

/** The call's error, checked against the last request the emulator answered. */
async function apiError(promise, status, code) {
  const error = await rejectsWith(promise, 'PineconeApiError');
  assert.equal(error.status, status);
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0);
  const last = (await emu.requests()).at(-1);
  assert.equal(last.status, status);
  assert.equal(error.requestId, last.request_id, 'requestId comes from x-pinecone-request-id');
  return error;
}

test('a starter-plan key gets 403 FORBIDDEN', T, async () => {
  const error = await apiError(
    pkg.createBackupSchedule('starter-index', exampleRequest(), emu.opts({ apiKey: STARTER_KEY })),
    403,
    'FORBIDDEN',
  );
  assert.match(error.message, /plan/i);
  assert.equal(error.operation, 'createBackupSchedule');
  assert.equal(error.attempts, 1);
});

test('403 wins over an unknown index', T, async () => {
  await apiError(
    pkg.listBackupSchedules('no-such-index', undefined, emu.opts({ apiKey: STARTER_KEY })),
    403,
    'FORBIDDEN',
  );
});

test('an unknown index is 404 NOT_FOUND on create and list', T, async () => {
  await apiError(
    pkg.createBackupSchedule('no-such-index', exampleRequest(), emu.opts()),
    404,
    'NOT_FOUND',
  );
  await apiError(pkg.listBackupSchedules('no-such-index', undefined, emu.opts()), 404, 'NOT_FOUND');
  assert.equal((await emu.requests()).length, 2, 'a 404 is not retried');
});

test('an unknown schedule id is 404 on describe, update, delete and history', T, async () => {
  const id = '00000000-0000-4000-8000-00000000dead';
  await apiError(pkg.describeBackupSchedule(id, emu.opts()), 404, 'NOT_FOUND');
  await apiError(pkg.updateBackupSchedule(id, { enabled: true }, emu.opts()), 404, 'NOT_FOUND');
  await apiError(pkg.deleteBackupSchedule(id, emu.opts()), 404, 'NOT_FOUND');
  await apiError(pkg.listBackupScheduleHistory(id, undefined, emu.opts()), 404, 'NOT_FOUND');
});

test('a second enabled schedule is 409 ALREADY_EXISTS', T, async () => {
  const error = await apiError(
    pkg.createBackupSchedule('support-tickets', exampleRequest(), emu.opts()),
    409,
    'ALREADY_EXISTS',
  );
  assert.equal(error.attempts, 1);
  assert.equal((await emu.schedulesOf('support-tickets')).length, 2);
});

test('re-enabling while another schedule is enabled is 409', T, async () => {
  await apiError(
    pkg.updateBackupSchedule(WEEKLY_ID, { enabled: true }, emu.opts()),
    409,
    'ALREADY_EXISTS',
  );
});

test('a 422 from the server is a PineconeApiError', T, async () => {
  await emu.fault({
    mode: 'replace',
    method: 'POST',
    status: 422,
    body: JSON.stringify({
      error: { code: 'UNPROCESSABLE_ENTITY', message: 'missing field `schedule`' },
      status: 422,
    }),
  });
  const error = await apiError(
    pkg.createBackupSchedule('docs-example', exampleRequest(), emu.opts()),
    422,
    'UNPROCESSABLE_ENTITY',
  );
  assert.equal(error.message, 'missing field `schedule`');
  assert.equal(error.attempts, 1);
});

test('a 422 through a custom fetch is a PineconeApiError', T, async () => {
  const fetch = stubFetch(() =>
    Response.json(
      { error: { code: 'UNPROCESSABLE_ENTITY', message: 'bad shape' }, status: 422 },
      { status: 422, headers: { 'x-request-id': 'req-422' } },
    ),
  );
  const error = await rejectsWith(
    pkg.updateBackupSchedule(NIGHTLY_ID, { enabled: false }, { baseUrl: 'http://127.0.0.1:9', fetch }),
    'PineconeApiError',
  );
  assert.equal(error.status, 422);
  assert.equal(error.code, 'UNPROCESSABLE_ENTITY');
  assert.equal(error.requestId, 'req-422', 'x-request-id is the fallback');
  assert.equal(fetch.calls.length, 1);
});

test('retention above the project maximum is 400 INVALID_ARGUMENT', T, async () => {
  const error = await apiError(
    pkg.createBackupSchedule(
      'docs-example',
      { ...exampleRequest(), retention: { expire_after_days: 91 } },
      emu.opts(),
    ),
    400,
    'INVALID_ARGUMENT',
  );
  assert.match(error.message, /90/);
  assert.equal((await emu.schedulesOf('docs-example')).length, 0);
});

test('a pod-based index and a malformed page token are 400', T, async () => {
  await apiError(
    pkg.createBackupSchedule('legacy-pods', exampleRequest(), emu.opts()),
    400,
    'INVALID_ARGUMENT',
  );
  await apiError(
    pkg.listBackupSchedules('support-tickets', { paginationToken: 'not-a-token' }, emu.opts()),
    400,
    'INVALID_ARGUMENT',
  );
});

test('a bad key is 401 as plain text in 2026-07', T, async () => {
  const error = await apiError(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ apiKey: 'wrong-key' })),
    401,
    null,
  );
  assert.equal(error.message, 'Invalid API key');
  assert.equal(error.body, 'Invalid API key');
});

test("a bad key is 401 UNAUTHENTICATED as JSON in 'unstable'", T, async () => {
  const error = await apiError(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ apiKey: 'wrong-key', apiVersion: 'unstable' })),
    401,
    'UNAUTHENTICATED',
  );
  assert.equal(error.message, 'Invalid API key');
  assert.equal(JSON.parse(error.body).status, 401);
});

test('errors carry the documented fields', T, async () => {
  const error = await rejectsWith(pkg.describeBackupSchedule('missing', emu.opts()), 'PineconeApiError');
  assert.ok(error instanceof Error);
  assert.equal(error.operation, 'describeBackupSchedule');
  assert.equal(error.attempts, 1);
  assert.equal(error.retryAfterMs, null);
  assert.equal(typeof error.body, 'string');
  assert.match(error.body, /NOT_FOUND/);
  assert.equal(typeof error.stack, 'string');
});

// ---------------------------------------------------------------------------------------------
// Validation: nothing reaches the server.

async function refused(promise, paths) {
  const error = await rejectsWith(promise, 'PineconeValidationError');
  assert.deepEqual(error.issues.map((i) => i.path).sort(), [...paths].sort());
  for (const issue of error.issues) {
    assert.equal(typeof issue.message, 'string');
    assert.ok(issue.message.length > 0);
  }
  assert.equal(error.attempts, 0);
  assert.deepEqual(await emu.requests(), [], 'nothing may be sent');
  return error;
}

test('create input that breaks the rules is refused with every path', T, async () => {
  const error = await refused(
    pkg.createBackupSchedule(
      'Docs Example',
      { name: '   ', schedule: { type: 'cron', frequency: 'Daily' }, retention: { expire_after_days: 1.5 } },
      emu.opts(),
    ),
    ['indexName', 'name', 'schedule.type', 'schedule.frequency', 'retention.expire_after_days'],
  );
  assert.equal(error.operation, 'createBackupSchedule');
  assert.match(error.message, /indexName/);
});

test('a create with misplaced fields is refused', T, async () => {
  await refused(
    pkg.createBackupSchedule(
      'docs-example',
      { name: 'x', frequency: 'daily', retention: { expire_after_days: '7' } },
      emu.opts(),
    ),
    ['frequency', 'schedule', 'retention.expire_after_days'],
  );
});

test('an empty update and an update with a name are refused', T, async () => {
  await refused(pkg.updateBackupSchedule(NIGHTLY_ID, {}, emu.opts()), ['request']);
  await refused(pkg.updateBackupSchedule(NIGHTLY_ID, { name: 'x', enabled: 1 }, emu.opts()), [
    'name',
    'enabled',
  ]);
});

test('bad ids and page parameters are refused', T, async () => {
  await refused(pkg.describeBackupSchedule('', emu.opts()), ['scheduleId']);
  await refused(pkg.deleteBackupSchedule('..', emu.opts()), ['scheduleId']);
  await refused(pkg.listBackupScheduleHistory(NIGHTLY_ID, { limit: 101 }, emu.opts()), [
    'params.limit',
  ]);
  await refused(pkg.listBackupSchedules('docs-example', { paginationToken: '' }, emu.opts()), [
    'params.paginationToken',
  ]);
});

test('bad options are refused', T, async () => {
  await refused(
    pkg.describeBackupSchedule(
      NIGHTLY_ID,
      emu.opts({ timeoutMs: 0, maxRetries: 99, headers: { 'Api-Key': 'x' }, apiVersion: '2025-01' }),
    ),
    ['options.timeoutMs', 'options.maxRetries', 'options.headers.Api-Key', 'options.apiVersion'],
  );
});

test('a missing key for api.pinecone.io is refused before any request', T, async () => {
  const fetch = stubFetch();
  await refused(pkg.describeBackupSchedule(NIGHTLY_ID, { fetch }), ['options.apiKey']);
  assert.equal(fetch.calls.length, 0);
});

test('iterators report validation errors on the first next()', T, async () => {
  const iterable = pkg.iterateBackupSchedules('Bad', undefined, emu.opts());
  const iterator = iterable[Symbol.asyncIterator]();
  await refused(iterator.next(), ['indexName']);
});

test('the BackupSchedules constructor throws on bad options', T, async () => {
  assert.throws(
    () => new pkg.BackupSchedules({ baseUrl: 'ftp://127.0.0.1', apiKey: 'k' }),
    (e) => e.name === 'PineconeValidationError' && e.issues[0].path === 'options.baseUrl',
  );
  assert.deepEqual(await emu.requests(), []);
});
