// Cases found by trying to break the package, kept so they stay fixed.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { exampleRequest, localServer, pkg, rejectsWith, stubFetch, useEmulator } from './support.mjs';

const emu = useEmulator();
const T = { timeout: 15_000 };

test('a create never adopts an older, disabled schedule with the same fields', T, async () => {
  const first = await pkg.createBackupSchedule('docs-example', exampleRequest(), emu.opts());
  await pkg.updateBackupSchedule(first.schedule_id, { enabled: false }, emu.opts());
  await emu.fault({ method: 'POST', path: '/indexes/docs-example/backup-schedules', mode: 'replace', status: 503 });

  const events = [];
  const second = await pkg.createBackupSchedule(
    'docs-example',
    exampleRequest(),
    emu.opts({ maxRetries: 1, onEvent: (e) => events.push(e.type) }),
  );
  assert.notEqual(second.schedule_id, first.schedule_id);
  assert.equal(second.enabled, true);
  assert.ok(!events.includes('adopted'), events.join());
  const posts = (await emu.requests()).filter((r) => r.method === 'POST');
  // The first create, the POST answered 503, and the retry the failed lookup allowed.
  assert.equal(posts.length, 3, 'the lookup found nothing of ours, so it posted again');
});

test('redirects are refused, so the key cannot follow one to another host', T, async () => {
  const seen = [];
  const elsewhere = await localServer((req, res) => {
    seen.push(req.headers['api-key']);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[],"pagination":null}');
  });
  const redirector = await localServer((req, res) => {
    res.writeHead(307, { location: `${elsewhere.url.replace('127.0.0.1', 'localhost')}${req.url}` }).end();
  });
  try {
    const error = await rejectsWith(
      pkg.listBackupSchedules('docs-example', undefined, {
        apiKey: 'sk-redirect-secret-123',
        baseUrl: redirector.url,
        maxRetries: 0,
      }),
      'PineconeNetworkError',
    );
    assert.ok(!error.message.includes('sk-redirect-secret-123'));
    assert.deepEqual(seen, [], 'the other host received nothing');
  } finally {
    await redirector.close();
    await elsewhere.close();
  }
});

test('a page token the server repeats ends the iteration with an error', T, async () => {
  const fetch = stubFetch(() =>
    Response.json({ data: [{ schedule_id: 's', name: 'n' }], pagination: { next: 'same' } }),
  );
  const seen = [];
  await assert.rejects(
    (async () => {
      for await (const item of pkg.iterateBackupSchedules('docs-example', undefined, {
        baseUrl: emu.url,
        fetch,
      })) {
        seen.push(item);
        assert.ok(seen.length < 10, 'paging must stop');
      }
    })(),
    (error) => error.name === 'PineconeResponseError' && /repeated a page token/.test(error.message),
  );
  assert.equal(fetch.calls.length, 2);
});

test('a Retry-After too large to count gives up instead of retrying at once', T, async () => {
  await emu.fault({ method: 'GET', mode: 'replace', status: 503, headers: { 'retry-after': '99999999999999999999' } });
  const error = await rejectsWith(
    pkg.listBackupSchedules('support-tickets', undefined, emu.opts({ maxRetries: 2 })),
    'PineconeApiError',
  );
  assert.equal(error.attempts, 1);
  assert.match(error.message, /longer than the 60 s/);
});

test('unpaired surrogates are refused, not replaced', T, async () => {
  const fetch = stubFetch();
  const bad = await rejectsWith(pkg.describeBackupSchedule('\uD800', { baseUrl: emu.url, fetch }), 'PineconeValidationError');
  assert.equal(bad.issues[0].path, 'scheduleId');
  assert.match(bad.issues[0].message, /unpaired surrogate/);
  const name = await rejectsWith(
    pkg.createBackupSchedule('docs-example', { ...exampleRequest(), name: 'a\uDC00b' }, { baseUrl: emu.url, fetch }),
    'PineconeValidationError',
  );
  assert.equal(name.issues[0].path, 'name');
  assert.equal(fetch.calls.length, 0);
});

test('an object past the value limit is refused for what it is, not as unreadable', T, async () => {
  const retention = { expire_after_days: 7 };
  for (let i = 0; i < 10_050; i++) retention[`k${i}`] = i;
  const result = pkg.validateCreateBackupSchedule('docs-example', { ...exampleRequest(), retention });
  assert.equal(result.ok, false);
  assert.ok(
    result.errors.some((e) => e.path === 'retention' && /more unknown fields/.test(e.message)),
    JSON.stringify(result.errors.slice(-2)),
  );
  assert.ok(!result.errors.some((e) => /cannot be read/.test(e.message)));
});

test('header names with line breaks do not put them into issue paths', T, async () => {
  const result = pkg.validateCreateBackupSchedule('docs-example', exampleRequest(), {
    baseUrl: emu.url,
    headers: { 'x-a\r\nx-b': 'v' },
  });
  assert.equal(result.ok, false);
  assert.ok(result.errors.every((e) => !/[\r\n]/.test(e.path)));
});
