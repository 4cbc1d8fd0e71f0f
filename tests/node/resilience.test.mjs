// Retries, waits, the create safety net, timeouts and aborts, driven by emulator faults.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  NIGHTLY_ID,
  WEEKLY_ID,
  exampleRequest,
  pkg,
  rejectsWith,
  useEmulator,
  within,
} from './support.mjs';

const emu = useEmulator();
const T = { timeout: 15_000 };
const DESCRIBE_PATH = `/backup-schedules/${NIGHTLY_ID}`;
const CREATE_PATH = '/indexes/docs-example/backup-schedules';

/** Options that record events, with the wall-clock time each arrived. */
function recorded(extra = {}) {
  const events = [];
  return { events, opts: emu.opts({ onEvent: (e) => events.push({ ...e, seen: Date.now() }), ...extra }) };
}

/** After any fault the emulator and the module must serve a normal call. */
async function stillWorks() {
  const schedule = await within(pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts()), 5_000);
  assert.equal(schedule.schedule_id, NIGHTLY_ID);
}

test('503, 503, then 200 succeeds on the third attempt with growing waits', T, async () => {
  await emu.fault({ mode: 'replace', method: 'GET', path: DESCRIBE_PATH, status: 503, count: 2 });
  const { events, opts } = recorded();

  // Pin the jitter to the middle of each window so the growth is measurable above timer noise.
  const random = Math.random;
  Math.random = () => 0.5;
  let schedule;
  try {
    schedule = await within(pkg.describeBackupSchedule(NIGHTLY_ID, opts), 5_000);
  } finally {
    Math.random = random;
  }
  assert.equal(schedule.schedule_id, NIGHTLY_ID);

  const attempts = events.filter((e) => e.type === 'attempt');
  const retries = events.filter((e) => e.type === 'retry');
  assert.deepEqual(attempts.map((e) => e.attempt), [1, 2, 3]);
  assert.deepEqual(retries.map((e) => e.status), [503, 503]);
  assert.equal(events.at(-1).type, 'success');
  assert.equal(events.at(-1).attempt, 3);

  const [first, second] = retries.map((e) => e.delayMs);
  assert.ok(first > 0 && second > first, `announced waits should grow: ${first} then ${second}`);
  // Measured from the retry event to the next attempt: the sleep alone, without the request.
  const slept = retries.map((r, i) => attempts[i + 1].seen - r.seen);
  assert.ok(slept[0] >= first - 20, `first wait lasted ${slept[0]} ms, announced ${first}`);
  assert.ok(slept[1] >= second - 20, `second wait lasted ${slept[1]} ms, announced ${second}`);
  assert.ok(slept[1] > slept[0], `measured waits should grow: ${slept[0]} then ${slept[1]}`);

  assert.equal((await emu.requests()).length, 3);
});

test('Retry-After in seconds is honoured', T, async () => {
  await emu.fault({ mode: 'replace', status: 503, headers: { 'Retry-After': '2' } });
  const { events, opts } = recorded();
  const started = Date.now();

  await within(pkg.describeBackupSchedule(NIGHTLY_ID, opts), 6_000);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1_900, `waited only ${elapsed} ms`);
  assert.equal(events.find((e) => e.type === 'retry').delayMs, 2_000);
  await stillWorks();
});

test('Retry-After as an HTTP date is honoured', T, async () => {
  const at = new Date(Date.now() + 2_000).toUTCString();
  await emu.fault({ mode: 'replace', status: 503, headers: { 'Retry-After': at } });
  const { events, opts } = recorded();

  await within(pkg.describeBackupSchedule(NIGHTLY_ID, opts), 6_000);
  const retry = events.find((e) => e.type === 'retry');
  // Whole seconds: the date lies 1 to 2 s ahead, beyond any first backoff step (at most 500 ms).
  assert.ok(retry.delayMs > 500 && retry.delayMs <= 2_000, `delay ${retry.delayMs}`);
  const [a, b] = events.filter((e) => e.type === 'attempt');
  assert.ok(b.seen - a.seen >= retry.delayMs - 20);
});

test('Retry-After beyond the cap gives up with the status kept', T, async () => {
  await emu.fault({ mode: 'replace', status: 503, headers: { 'Retry-After': '3600' } });
  const started = Date.now();
  const error = await rejectsWith(pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts()), 'PineconeApiError');
  assert.ok(Date.now() - started < 2_000);
  assert.equal(error.status, 503);
  assert.equal(error.retryAfterMs, 3_600_000);
  await stillWorks();
});

test('429 is retried', T, async () => {
  await emu.fault({ mode: 'replace', status: 429, headers: { 'Retry-After': '0' } });
  const { events, opts } = recorded();
  const schedule = await within(pkg.describeBackupSchedule(NIGHTLY_ID, opts), 5_000);
  assert.equal(schedule.schedule_id, NIGHTLY_ID);
  assert.deepEqual(events.filter((e) => e.type === 'retry').map((e) => e.status), [429]);
  assert.deepEqual((await emu.requests()).map((r) => r.status), [429, 200]);
});

for (const status of [400, 404, 409]) {
  test(`${status} is not retried`, T, async () => {
    await emu.fault({ mode: 'replace', status, count: 3 });
    const error = await rejectsWith(
      pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ maxRetries: 2 })),
      'PineconeApiError',
    );
    assert.equal(error.status, status);
    assert.equal(error.attempts, 1);
    assert.equal((await emu.requests()).length, 1);
  });
}

test('maxRetries 0 disables retries', T, async () => {
  await emu.fault({ mode: 'replace', status: 503, count: 2 });
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ maxRetries: 0 })),
    'PineconeApiError',
  );
  assert.equal(error.status, 503);
  assert.equal(error.attempts, 1);
  assert.equal((await emu.requests()).length, 1);
});

test('exhausted retries keep status, code, message, requestId and attempts', T, async () => {
  await emu.fault({
    mode: 'replace',
    status: 503,
    count: 2,
    body: JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: 'try later' }, status: 503 }),
  });
  const { events, opts } = recorded({ maxRetries: 1 });
  const error = await rejectsWith(pkg.describeBackupSchedule(NIGHTLY_ID, opts), 'PineconeApiError');

  const requests = await emu.requests();
  assert.equal(requests.length, 2);
  assert.equal(error.status, 503);
  assert.equal(error.code, 'SERVICE_UNAVAILABLE');
  assert.equal(error.message, 'try later');
  assert.equal(error.requestId, requests[1].request_id);
  assert.equal(error.attempts, 2);
  const failure = events.at(-1);
  assert.equal(failure.type, 'failure');
  assert.equal(failure.error, 'PineconeApiError');
  assert.equal(failure.status, 503);
  await stillWorks();
});

test('a create answered 503 after it worked is adopted, not posted twice', T, async () => {
  await emu.fault({ mode: 'after', method: 'POST', path: CREATE_PATH });
  const { events, opts } = recorded();

  const schedule = await within(pkg.createBackupSchedule('docs-example', exampleRequest(), opts), 5_000);

  const stored = await emu.schedulesOf('docs-example');
  assert.equal(stored.length, 1, 'exactly one schedule');
  assert.equal(schedule.schedule_id, stored[0].schedule_id);
  assert.equal(schedule.name, 'my-nightly-backup');
  assert.ok(events.some((e) => e.type === 'adopted'));
  const posts = (await emu.requests()).filter((r) => r.method === 'POST');
  assert.equal(posts.length, 1);
});

test('a retried create that meets 409 adopts the schedule its first attempt made', T, async () => {
  await emu.fault({ mode: 'after', method: 'POST', path: CREATE_PATH });
  // The first look finds nothing, so the client posts again and gets the conflict.
  await emu.fault({
    mode: 'replace',
    method: 'GET',
    path: CREATE_PATH,
    status: 200,
    body: '{"data":[],"pagination":null}',
  });
  const { events, opts } = recorded();

  const schedule = await within(pkg.createBackupSchedule('docs-example', exampleRequest(), opts), 5_000);

  const stored = await emu.schedulesOf('docs-example');
  assert.equal(stored.length, 1);
  assert.equal(schedule.schedule_id, stored[0].schedule_id);
  const posts = (await emu.requests()).filter((r) => r.method === 'POST');
  assert.deepEqual(posts.map((r) => r.status), [503, 409]);
  assert.ok(events.some((e) => e.type === 'adopted'));
});

test('a retried create that meets 409 with another schedule reports the one in the way', T, async () => {
  await emu.fault({ mode: 'replace', method: 'POST', path: '/indexes/support-tickets/backup-schedules' });
  const error = await rejectsWith(
    pkg.createBackupSchedule('support-tickets', exampleRequest(), emu.opts()),
    'PineconeApiError',
  );
  assert.equal(error.status, 409);
  assert.equal(error.code, 'ALREADY_EXISTS');
  assert.equal(error.attempts, 2);
  assert.equal(error.existingSchedule.schedule_id, NIGHTLY_ID);
  assert.equal((await emu.schedulesOf('support-tickets')).length, 2);
});

test('a delete processed but answered 503, then 404, resolves undefined', T, async () => {
  await emu.fault({ mode: 'after', method: 'DELETE', path: `/backup-schedules/${WEEKLY_ID}` });
  const result = await within(pkg.deleteBackupSchedule(WEEKLY_ID, emu.opts()), 5_000);
  assert.equal(result, undefined);
  const deletes = (await emu.requests()).filter((r) => r.method === 'DELETE');
  assert.deepEqual(deletes.map((r) => r.status), [503, 404]);
  const gone = await rejectsWith(pkg.describeBackupSchedule(WEEKLY_ID, emu.opts()), 'PineconeApiError');
  assert.equal(gone.status, 404);
});

test('a hung request times out and the emulator sees the client leave', T, async () => {
  await emu.fault({ mode: 'hang', method: 'GET', path: DESCRIBE_PATH });
  const started = Date.now();
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ timeoutMs: 300 })),
    'PineconeTimeoutError',
    3_000,
  );
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 280 && elapsed < 1_500, `took ${elapsed} ms`);
  assert.equal(error.timeoutMs, 300);
  assert.equal(error.attempts, 1);

  const left = await emu.waitForRecord((r) => r.outcome === 'client_disconnected');
  assert.ok(left, 'the emulator should record client_disconnected');
  assert.equal(left.status, null);
  await stillWorks();
});

test('a slow body counts against the timeout too', T, async () => {
  await emu.fault({ mode: 'delay', delay_ms: 1_000 });
  await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ timeoutMs: 300 })),
    'PineconeTimeoutError',
    3_000,
  );
  await stillWorks();
});

test('abort during a hang rejects with the reason as cause', T, async () => {
  await emu.fault({ mode: 'hang' });
  const controller = new AbortController();
  const reason = new Error('user left the page');
  setTimeout(() => controller.abort(reason), 100);
  const started = Date.now();

  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ signal: controller.signal })),
    'PineconeAbortError',
    3_000,
  );
  assert.ok(Date.now() - started < 1_000);
  assert.equal(error.cause, reason);
  assert.equal(error.operation, 'describeBackupSchedule');
  await stillWorks();
});

test('abort with a string reason keeps the string as cause', T, async () => {
  await emu.fault({ mode: 'hang' });
  const controller = new AbortController();
  setTimeout(() => controller.abort('stop'), 100);
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ signal: controller.signal })),
    'PineconeAbortError',
    3_000,
  );
  assert.equal(error.cause, 'stop');
  await stillWorks();
});

test('an already-aborted signal sends nothing', T, async () => {
  const reason = new Error('too late');
  const error = await rejectsWith(
    pkg.createBackupSchedule(
      'docs-example',
      exampleRequest(),
      emu.opts({ signal: AbortSignal.abort(reason) }),
    ),
    'PineconeAbortError',
  );
  assert.equal(error.cause, reason);
  assert.equal(error.attempts, 0, 'no attempt was made');
  assert.deepEqual(await emu.requests(), []);
});

test('abort during the wait between attempts ends promptly', T, async () => {
  await emu.fault({ mode: 'replace', status: 503, headers: { 'Retry-After': '30' } });
  const controller = new AbortController();
  let abortedAt = 0;
  const opts = emu.opts({
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === 'retry') {
        setTimeout(() => {
          abortedAt = Date.now();
          controller.abort(new Error('cancelled while waiting'));
        }, 50);
      }
    },
  });

  const error = await rejectsWith(pkg.describeBackupSchedule(NIGHTLY_ID, opts), 'PineconeAbortError', 3_000);
  assert.ok(abortedAt > 0, 'the retry event should have come');
  assert.ok(Date.now() - abortedAt < 500, 'the wait should end right after the abort');
  assert.equal(error.cause.message, 'cancelled while waiting');
  assert.equal((await emu.requests()).length, 1);
  await stillWorks();
});

test('a throwing onEvent hook changes nothing', T, async () => {
  const schedule = await pkg.describeBackupSchedule(
    NIGHTLY_ID,
    emu.opts({
      onEvent: () => {
        throw new Error('hook exploded');
      },
    }),
  );
  assert.equal(schedule.schedule_id, NIGHTLY_ID);
});
