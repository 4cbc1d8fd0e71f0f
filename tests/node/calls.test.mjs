// Every call against the emulator: what goes on the wire and what comes back.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  API_KEY,
  EXAMPLE_BODY,
  NIGHTLY_ID,
  STARTER_KEY,
  WEEKLY_ID,
  bareFetchHeaders,
  cannedScheduleBody,
  exampleRequest,
  pkg,
  rejectsWith,
  sleep,
  useEmulator,
  within,
} from './support.mjs';

const emu = useEmulator();
const T = { timeout: 10_000 };

const isPlain = (v) => Object.getPrototypeOf(v) === Object.prototype;

test('create posts the documented body once, with only the client headers added', T, async () => {
  const baseline = await bareFetchHeaders(emu);
  await emu.reset();

  const schedule = await within(
    pkg.createBackupSchedule('docs-example', exampleRequest(), emu.opts()),
    5_000,
  );

  assert.equal(schedule.name, 'my-nightly-backup');
  assert.equal(schedule.frequency, 'daily');
  assert.equal(schedule.retention_expire_after_days, 7);
  assert.equal(schedule.enabled, true);
  assert.equal(schedule.index_id, 'idx-docs-example-0001');
  assert.match(schedule.schedule_id, /^[0-9a-f-]{36}$/);

  const requests = await emu.requests();
  assert.equal(requests.length, 1);
  const [sent] = requests;
  assert.equal(sent.method, 'POST');
  assert.equal(sent.path, '/indexes/docs-example/backup-schedules');
  assert.equal(sent.query, '');
  assert.equal(sent.body, EXAMPLE_BODY);
  assert.equal(sent.headers['api-key'], API_KEY);
  assert.equal(sent.headers['x-pinecone-api-version'], '2026-07');
  assert.equal(sent.headers['content-type'], 'application/json');

  // Whatever Node's fetch adds by itself may be there, with the value it gives; nothing else.
  const ours = new Set(['api-key', 'x-pinecone-api-version', 'content-type']);
  for (const [name, value] of Object.entries(sent.headers)) {
    if (ours.has(name)) continue;
    assert.ok(name in baseline, `unexpected header ${name}: ${value}`);
    if (name !== 'content-length') {
      assert.equal(value, baseline[name], `header ${name} differs from a bare fetch`);
    }
  }
  assert.ok(!Object.keys(sent.headers).some((h) => h.startsWith('x-pinecone-sdk')));
});

test('list returns one page of the index schedules', T, async () => {
  const page = await pkg.listBackupSchedules('support-tickets', undefined, emu.opts());
  assert.deepEqual(
    page.data.map((s) => s.schedule_id).sort(),
    [NIGHTLY_ID, WEEKLY_ID].sort(),
  );
  assert.equal(page.pagination, null);

  const [sent] = await emu.requests();
  assert.equal(sent.method, 'GET');
  assert.equal(sent.path, '/indexes/support-tickets/backup-schedules');
  assert.equal(sent.query, '');
  assert.equal(sent.body, null);
  assert.equal(sent.headers['content-type'], undefined, 'a GET carries no content-type');
});

test('list sends limit and hands back the next-page token', T, async () => {
  const first = await pkg.listBackupSchedules('support-tickets', { limit: 1 }, emu.opts());
  assert.equal(first.data.length, 1);
  assert.equal(typeof first.pagination.next, 'string');

  const second = await pkg.listBackupSchedules(
    'support-tickets',
    { paginationToken: first.pagination.next, limit: 1 },
    emu.opts(),
  );
  assert.equal(second.data.length, 1);
  assert.notEqual(second.data[0].schedule_id, first.data[0].schedule_id);

  const [a, b] = await emu.requests();
  assert.equal(a.query, 'limit=1');
  assert.equal(b.query, `paginationToken=${encodeURIComponent(first.pagination.next)}`);
});

test('describe returns the schedule asked for', T, async () => {
  const schedule = await pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts());
  assert.equal(schedule.schedule_id, NIGHTLY_ID);
  assert.equal(schedule.name, 'nightly-support');
  assert.equal(schedule.enabled, true);
  assert.equal(typeof schedule.next_scheduled_run, 'string');

  const [sent] = await emu.requests();
  assert.equal(sent.method, 'GET');
  assert.equal(sent.path, `/backup-schedules/${NIGHTLY_ID}`);
});

test('update sends only the fields given', T, async () => {
  const paused = await pkg.updateBackupSchedule(NIGHTLY_ID, { enabled: false }, emu.opts());
  assert.equal(paused.enabled, false);
  assert.equal(paused.next_scheduled_run, null);

  const weekly = await pkg.updateBackupSchedule(NIGHTLY_ID, { frequency: 'weekly' }, emu.opts());
  assert.equal(weekly.frequency, 'weekly');

  const kept = await pkg.updateBackupSchedule(
    NIGHTLY_ID,
    { retention: { expire_after_days: 14 } },
    emu.opts(),
  );
  assert.equal(kept.retention_expire_after_days, 14);

  const requests = await emu.requests();
  assert.deepEqual(
    requests.map((r) => [r.method, r.path, r.body, r.headers['content-type']]),
    [
      ['PATCH', `/backup-schedules/${NIGHTLY_ID}`, '{"enabled":false}', 'application/json'],
      ['PATCH', `/backup-schedules/${NIGHTLY_ID}`, '{"frequency":"weekly"}', 'application/json'],
      [
        'PATCH',
        `/backup-schedules/${NIGHTLY_ID}`,
        '{"retention":{"expire_after_days":14}}',
        'application/json',
      ],
    ],
  );
});

test('delete resolves undefined on 204 and the schedule is gone', T, async () => {
  const result = await pkg.deleteBackupSchedule(WEEKLY_ID, emu.opts());
  assert.equal(result, undefined);
  const [sent] = await emu.requests();
  assert.equal(sent.method, 'DELETE');
  assert.equal(sent.path, `/backup-schedules/${WEEKLY_ID}`);
  assert.equal(sent.status, 204);

  const gone = await rejectsWith(pkg.describeBackupSchedule(WEEKLY_ID, emu.opts()), 'PineconeApiError');
  assert.equal(gone.status, 404);
});

test('delete resolves undefined on an empty 200 and on a 202', T, async () => {
  await emu.fault({ mode: 'replace', method: 'DELETE', status: 200 });
  assert.equal(await pkg.deleteBackupSchedule(WEEKLY_ID, emu.opts()), undefined);

  await emu.fault({ mode: 'replace', method: 'DELETE', status: 202, body: '{"accepted":true}' });
  assert.equal(await pkg.deleteBackupSchedule(WEEKLY_ID, emu.opts()), undefined);

  const statuses = (await emu.requests()).map((r) => r.status);
  assert.deepEqual(statuses, [200, 202]);
});

test('history keeps sparse items sparse and nulls as null', T, async () => {
  const page = await pkg.listBackupScheduleHistory(NIGHTLY_ID, undefined, emu.opts());
  assert.equal(page.data.length, 3);
  const [full, sparse, failed] = page.data;

  assert.equal(full.record_count, 18240);
  assert.deepEqual(full.tags, { schedule: 'nightly-support', team: 'support' });

  for (const field of ['description', 'record_count', 'size_bytes', 'tags', 'schema']) {
    assert.ok(!(field in sparse), `sparse item should have no ${field}`);
  }
  assert.equal(sparse.status, 'Ready');

  assert.equal(failed.status, 'InitializationFailed');
  assert.equal(failed.description, null);
  assert.equal(failed.record_count, null);

  const [sent] = await emu.requests();
  assert.equal(sent.path, `/backup-schedules/${NIGHTLY_ID}/history`);
});

test('the schedule iterator walks every page, later pages by token only', T, async () => {
  // Two more schedules on product-search: the first is paused so the second may be enabled.
  const one = await pkg.createBackupSchedule(
    'product-search',
    { ...exampleRequest(), name: 'first' },
    emu.opts(),
  );
  await pkg.updateBackupSchedule(one.schedule_id, { enabled: false }, emu.opts());
  await pkg.createBackupSchedule('product-search', { ...exampleRequest(), name: 'second' }, emu.opts());
  await emu.admin('DELETE', 'requests');

  const names = [];
  for await (const s of pkg.iterateBackupSchedules('product-search', { limit: 1 }, emu.opts())) {
    names.push(s.name);
  }
  assert.deepEqual(names, ['first', 'second']);

  const requests = await emu.requests();
  assert.equal(requests.length, 2);
  assert.equal(requests[0].query, 'limit=1');
  assert.match(requests[1].query, /^paginationToken=[^&]+$/);
});

test('the history iterator walks three pages of one item', T, async () => {
  const ids = [];
  for await (const b of pkg.iterateBackupScheduleHistory(NIGHTLY_ID, { limit: 1 }, emu.opts())) {
    ids.push(b.backup_id);
  }
  assert.equal(ids.length, 3);
  assert.equal(new Set(ids).size, 3);

  const requests = await emu.requests();
  assert.equal(requests.length, 3);
  assert.equal(requests[0].query, 'limit=1');
  for (const later of requests.slice(1)) {
    assert.match(later.query, /^paginationToken=[^&]+$/, 'later pages carry no limit');
    assert.equal(later.path, `/backup-schedules/${NIGHTLY_ID}/history`);
  }
});

test('an iterator left with break requests no further page', T, async () => {
  let seen = 0;
  for await (const item of pkg.iterateBackupScheduleHistory(NIGHTLY_ID, { limit: 1 }, emu.opts())) {
    assert.ok(item.backup_id);
    seen += 1;
    break;
  }
  assert.equal(seen, 1);
  await sleep(200);
  assert.equal((await emu.requests()).length, 1);
});

test('BackupSchedules holds options and per-call options override them', T, async () => {
  const clientEvents = [];
  const callEvents = [];
  const client = new pkg.BackupSchedules(
    emu.opts({ apiVersion: 'unstable', onEvent: (e) => clientEvents.push(e.type) }),
  );

  const schedule = await client.describe(NIGHTLY_ID);
  assert.equal(schedule.schedule_id, NIGHTLY_ID);

  await client.describe(NIGHTLY_ID, {
    apiVersion: '2026-07',
    onEvent: (e) => callEvents.push(e.type),
  });

  const denied = await rejectsWith(
    client.list('starter-index', undefined, { apiKey: STARTER_KEY }),
    'PineconeApiError',
  );
  assert.equal(denied.status, 403);

  const requests = await emu.requests();
  assert.deepEqual(
    requests.map((r) => [r.headers['x-pinecone-api-version'], r.headers['api-key']]),
    [
      ['unstable', API_KEY],
      ['2026-07', API_KEY],
      ['unstable', STARTER_KEY],
    ],
  );
  assert.deepEqual(callEvents, ['attempt', 'success']);
  assert.deepEqual(clientEvents, ['attempt', 'success', 'attempt', 'failure']);

  // The other methods reach the same endpoints as the functions.
  await client.update(NIGHTLY_ID, { enabled: false });
  const page = await client.history(NIGHTLY_ID, { limit: 2 });
  assert.equal(page.data.length, 2);
  const created = await client.create('docs-example', exampleRequest());
  const items = [];
  for await (const s of client.iterate('docs-example')) items.push(s.schedule_id);
  assert.deepEqual(items, [created.schedule_id]);
  const backups = [];
  for await (const b of client.iterateHistory(WEEKLY_ID)) backups.push(b.backup_id);
  assert.equal(backups.length, 1);
  assert.equal(await client.delete(created.schedule_id), undefined);
  assert.equal(client.validateCreate('docs-example', exampleRequest()).ok, true);
});

test('results are plain objects with null kept as null', T, async () => {
  const schedule = await pkg.describeBackupSchedule(WEEKLY_ID, emu.opts());
  assert.ok(isPlain(schedule));
  assert.equal(schedule.enabled, false);
  assert.equal(schedule.next_scheduled_run, null);

  const page = await pkg.listBackupSchedules('support-tickets', undefined, emu.opts());
  assert.ok(isPlain(page));
  assert.ok(Array.isArray(page.data));
  assert.ok(page.data.every(isPlain));
  assert.equal(page.pagination, null);

  const history = await pkg.listBackupScheduleHistory(NIGHTLY_ID, undefined, emu.opts());
  assert.ok(history.data.every(isPlain));
  assert.ok(isPlain(history.data[0].tags));
});

test('fields the package does not know are kept as they came', T, async () => {
  const body = cannedScheduleBody({
    schedule_id: NIGHTLY_ID,
    frequency: 'hourly',
    schedule_type: 'event-based',
    extra_field: { nested: [1, null, 'x'] },
    data: undefined,
    pagination: undefined,
  });
  await emu.fault({ mode: 'replace', status: 200, body: JSON.stringify(body) });

  const schedule = await pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts());
  assert.ok(isPlain(schedule));
  assert.deepEqual(schedule.extra_field, { nested: [1, null, 'x'] });
  assert.ok(isPlain(schedule.extra_field));
  assert.equal(schedule.frequency, 'hourly');
  assert.equal(schedule.schedule_type, 'event-based');
  assert.equal(schedule.next_scheduled_run, null);
});

test('validateCreateBackupSchedule reports without sending anything', T, async () => {
  const good = pkg.validateCreateBackupSchedule('docs-example', exampleRequest(), emu.opts());
  assert.deepEqual(good, { ok: true, errors: [], warnings: [] });

  const warned = pkg.validateCreateBackupSchedule('docs-example', {
    ...exampleRequest(),
    name: 'Nightly Backup',
  });
  assert.equal(warned.ok, true);
  assert.deepEqual(warned.warnings.map((w) => w.path), ['name']);

  const bad = pkg.validateCreateBackupSchedule('Docs', {
    name: '',
    schedule: { frequency: 'hourly' },
    retention: { expire_after_days: 0 },
  });
  assert.equal(bad.ok, false);
  assert.deepEqual(
    bad.errors.map((e) => e.path).sort(),
    ['indexName', 'name', 'retention.expire_after_days', 'schedule.frequency'],
  );
  assert.equal((await emu.requests()).length, 0);
});
