// Responses no API should send, and fetch stand-ins that misbehave: each must end in a clear,
// typed error, quickly, and leave the module working.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  NIGHTLY_ID,
  cannedScheduleBody,
  exampleRequest,
  loadPackage,
  localServer,
  pkg,
  rejectsWith,
  stubFetch,
  trapUncaught,
  useEmulator,
  within,
} from './support.mjs';

const emu = useEmulator();
const T = { timeout: 10_000 };
const NOWHERE = 'http://127.0.0.1:9';
const MiB = 1 << 20;

async function stillWorks() {
  const schedule = await within(pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts()), 5_000);
  assert.equal(schedule.schedule_id, NIGHTLY_ID);
}

/** Describe answered 200 with `body`; returns the error. */
async function describeWith(body, name = 'PineconeResponseError') {
  await emu.fault({ mode: 'replace', status: 200, body });
  const error = await rejectsWith(pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts()), name);
  assert.equal(error.operation, 'describeBackupSchedule');
  assert.equal((await emu.requests()).length, 1, 'a bad 2xx body is not retried');
  return error;
}

test('a 2xx HTML page is a PineconeResponseError with the body kept', T, async () => {
  const html = '<!doctype html><html><head><title>Welcome</title></head><body>hi</body></html>';
  const error = await describeWith(html);
  assert.equal(error.status, 200);
  assert.match(error.message, /JSON/);
  assert.equal(error.body, html);
  await stillWorks();
});

test('a 2xx empty body is a PineconeResponseError', T, async () => {
  await emu.fault({ mode: 'replace', status: 200 });
  const error = await rejectsWith(pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts()), 'PineconeResponseError');
  assert.match(error.message, /empty/);
  assert.equal(error.body, '');
  await stillWorks();
});

test('truncated JSON is a PineconeResponseError', T, async () => {
  const error = await describeWith('{"schedule_id":"3f6c1e2a","name":"nigh');
  assert.equal(error.path, null);
});

test('a JSON array where a schedule belongs is a PineconeResponseError', T, async () => {
  await describeWith('[{"schedule_id":"x"}]');
});

test('a bare number is a PineconeResponseError', T, async () => {
  await describeWith('42');
});

test('a schedule without schedule_id names the missing field', T, async () => {
  const body = cannedScheduleBody();
  delete body.schedule_id;
  const error = await describeWith(JSON.stringify(body));
  assert.equal(error.path, 'schedule_id');
  assert.match(error.message, /schedule_id/);
});

test('a string retention names the field', T, async () => {
  const error = await describeWith(JSON.stringify(cannedScheduleBody({ retention_expire_after_days: '7' })));
  assert.equal(error.path, 'retention_expire_after_days');
});

test('a list whose data is not an array names the field', T, async () => {
  await emu.fault({ mode: 'replace', status: 200, body: '{"data":{"0":{}},"pagination":null}' });
  const error = await rejectsWith(
    pkg.listBackupSchedules('support-tickets', undefined, emu.opts()),
    'PineconeResponseError',
  );
  assert.equal(error.path, 'data');
});

test('a body over 4 MiB from a custom fetch is refused', T, async () => {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const fetch = stubFetch(() => {
    const stream = new ReadableStream({
      pull(controller) {
        if (pulled >= 5 * MiB) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
  });
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch }),
    'PineconeResponseError',
  );
  assert.match(error.message, /larger/);
  assert.ok(pulled <= 4 * MiB + 2 * chunk.length, `read ${pulled} bytes past the limit`);
});

test('an endless body from a local server is cut off, not read forever', T, async () => {
  let closed = false;
  const server = await localServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const piece = Buffer.alloc(256 * 1024, 0x20);
    const pump = () => {
      while (!closed && res.write(piece));
      if (!closed) res.once('drain', pump);
    };
    res.on('close', () => {
      closed = true;
    });
    pump();
  });
  try {
    const error = await rejectsWith(
      pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: server.url, timeoutMs: 5_000 }),
      'PineconeResponseError',
      8_000,
    );
    assert.match(error.message, /larger/);
  } finally {
    await server.close();
  }
});

test('a 502 HTML page gives its title as the message and keeps a body snippet', T, async () => {
  const page =
    '<html><head><title>502 Bad Gateway</title><style>body{}</style></head>' +
    `<body><h1>502 Bad Gateway</h1><p>${'x'.repeat(5_000)}</p></body></html>`;
  await emu.fault({ mode: 'replace', status: 502, body: page, count: 2 });
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ maxRetries: 0 })),
    'PineconeApiError',
  );
  assert.equal(error.status, 502);
  assert.equal(error.message, '502 Bad Gateway');
  assert.equal(error.code, null);
  assert.ok(error.body.startsWith('<html><head><title>502 Bad Gateway'));
  assert.ok(error.body.length <= 1_001, `body kept at ${error.body.length} chars`);
});

test('a 525 plain-text answer is a PineconeApiError and is not retried', T, async () => {
  await emu.fault({ mode: 'replace', status: 525, body: 'SSL handshake failed', count: 3 });
  const error = await rejectsWith(pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts()), 'PineconeApiError');
  assert.equal(error.status, 525);
  assert.equal(error.message, 'SSL handshake failed');
  assert.equal(error.code, null);
  assert.equal((await emu.requests()).length, 1);
});

test('an error body of 100 KB is shortened in message and body', T, async () => {
  const fetch = stubFetch(() => new Response('e'.repeat(100_000), { status: 400 }));
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch }),
    'PineconeApiError',
  );
  assert.equal(error.status, 400);
  assert.ok(error.message.length <= 501);
  assert.ok(error.body.length <= 1_001);
});

test('a body cut mid-way is a PineconeNetworkError without retries', T, async () => {
  await emu.fault({ mode: 'cut', method: 'GET' });
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ maxRetries: 0 })),
    'PineconeNetworkError',
    5_000,
  );
  assert.equal(error.attempts, 1);
  await stillWorks();
});

test('a body cut mid-way is retried to success', T, async () => {
  await emu.fault({ mode: 'cut', method: 'GET' });
  const schedule = await within(
    pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts({ maxRetries: 1 })),
    5_000,
  );
  assert.equal(schedule.schedule_id, NIGHTLY_ID);
  assert.equal((await emu.requests()).length, 2);
});

test('hostile strings from the server come back unchanged', T, async () => {
  await emu.config({ hostile_strings: true });
  const schedule = await pkg.describeBackupSchedule(NIGHTLY_ID, emu.opts());
  assert.ok(schedule.name.includes('nightly-support'));
  assert.ok(schedule.name.includes('<script>alert(1)</script>'));
  assert.ok(schedule.name.includes('\u202E'));
  const error = await rejectsWith(pkg.describeBackupSchedule('missing', emu.opts()), 'PineconeApiError');
  assert.ok(error.message.includes('missing'));
});

// ---------------------------------------------------------------------------------------------
// fetch stand-ins that misbehave

test('a fetch that resolves to something other than a Response is a typed error', T, async () => {
  const fetch = stubFetch(() => ({ status: 200, ok: true, json: async () => ({}) }));
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch }),
    'PineconeResponseError',
  );
  assert.match(error.message, /not a Response/);
  assert.equal(fetch.calls.length, 1);
});

test('a fetch that resolves to undefined is a typed error', T, async () => {
  const fetch = stubFetch(() => undefined);
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch }),
    'PineconeResponseError',
  );
  assert.match(error.message, /not a Response/);
});

test('a fetch that throws synchronously is a PineconeNetworkError', T, async () => {
  let calls = 0;
  const fetch = () => {
    calls += 1;
    throw new TypeError('sync boom');
  };
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch, maxRetries: 0 }),
    'PineconeNetworkError',
  );
  assert.match(error.message, /sync boom/);
  assert.equal(calls, 1);
});

test('a fetch that rejects with a string is a PineconeNetworkError', T, async () => {
  const fetch = () => Promise.reject('string boom');
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch, maxRetries: 0 }),
    'PineconeNetworkError',
  );
  assert.match(error.message, /string boom/);
});

test('a fetch that rejects with undefined or a plain object is a PineconeNetworkError', T, async () => {
  for (const reason of [undefined, null, { code: 42 }, Symbol('s')]) {
    const fetch = () => Promise.reject(reason);
    await rejectsWith(
      pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch, maxRetries: 0 }),
      'PineconeNetworkError',
    );
  }
});

test('network failures are retried, then reported', T, async () => {
  let calls = 0;
  const fetch = () => {
    calls += 1;
    return Promise.reject(new TypeError('fetch failed'));
  };
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch, maxRetries: 1 }),
    'PineconeNetworkError',
  );
  assert.equal(calls, 2);
  assert.equal(error.attempts, 2);
});

test('a body stream that errors is a PineconeNetworkError', T, async () => {
  const fetch = stubFetch(() => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"schedule_id":'));
        controller.error(new Error('socket hang up'));
      },
    });
    return new Response(stream, { status: 200 });
  });
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch, maxRetries: 0 }),
    'PineconeNetworkError',
  );
  assert.match(error.message, /socket hang up/);
});

test('a fetch that never settles and ignores its signal still times out', T, async () => {
  const fetch = () => new Promise(() => {});
  const error = await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch, timeoutMs: 200 }),
    'PineconeTimeoutError',
    3_000,
  );
  assert.equal(error.timeoutMs, 200);
});

test('a body that never ends still times out', T, async () => {
  const fetch = stubFetch(() => new Response(new ReadableStream({ pull() {} }), { status: 200 }));
  await rejectsWith(
    pkg.describeBackupSchedule(NIGHTLY_ID, { baseUrl: NOWHERE, fetch, timeoutMs: 200 }),
    'PineconeTimeoutError',
    3_000,
  );
});

// ---------------------------------------------------------------------------------------------
// Live objects that throw where the package reads them. Each test gets its own module instance
// and takes over uncaught exceptions, so a failure here is reported here and spoils nothing else.

let instances = 0;

/** Runs `body(mod)` on a fresh instance; fails if anything escaped as an uncaught exception. */
async function isolated(body) {
  instances += 1;
  const mod = await loadPackage(`hostile-${instances}`);
  const trap = trapUncaught();
  let failure = null;
  try {
    await body(mod);
  } catch (error) {
    failure = error;
  } finally {
    trap.restore();
  }
  const escaped = trap.seen.map((e) => `${e?.name}: ${e?.message}`);
  if (failure) {
    if (escaped.length) failure.message += ` [meanwhile uncaught: ${escaped.join('; ')}]`;
    throw failure;
  }
  assert.deepEqual(escaped, [], 'an exception escaped from the package as uncaught');
}

/** Calls `fn`; a synchronous throw fails the test (the API promises a rejected promise). */
function noSyncThrow(fn) {
  try {
    return fn();
  } catch (e) {
    assert.fail(`threw synchronously instead of rejecting: ${e?.name}: ${e?.message}`);
  }
}

function revoked(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

// The stub answers at once, so anything still pending after SETTLE_MS is stuck for good.
const STUB_OPTS = () => ({ baseUrl: NOWHERE, fetch: stubFetch(), timeoutMs: 300, maxRetries: 0 });
const SETTLE_MS = 800;

test('a revoked Proxy as the request is a PineconeValidationError', T, () =>
  isolated(async (mod) => {
    const p = noSyncThrow(() => mod.createBackupSchedule('docs-example', revoked({}), STUB_OPTS()));
    await rejectsWith(p, 'PineconeValidationError', SETTLE_MS);
  }));

test('a revoked Proxy as the schedule id is a PineconeValidationError', T, () =>
  isolated(async (mod) => {
    const p = noSyncThrow(() => mod.describeBackupSchedule(revoked([]), STUB_OPTS()));
    await rejectsWith(p, 'PineconeValidationError', SETTLE_MS);
  }));

test('a revoked Proxy as options is a PineconeValidationError', T, () =>
  isolated(async (mod) => {
    const p = noSyncThrow(() => mod.listBackupSchedules('docs-example', undefined, revoked({})));
    await rejectsWith(p, 'PineconeValidationError', SETTLE_MS);
  }));

test('validateCreateBackupSchedule reports a revoked Proxy instead of throwing', T, () =>
  isolated(async (mod) => {
    const result = noSyncThrow(() => mod.validateCreateBackupSchedule('docs-example', revoked({})));
    assert.equal(result.ok, false);
    assert.deepEqual(result.errors.map((e) => e.path), ['request']);
  }));

test('new BackupSchedules with a revoked Proxy throws a PineconeValidationError', T, () =>
  isolated(async (mod) => {
    let thrown;
    try {
      new mod.BackupSchedules(revoked({})); // eslint-disable-line no-new
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Error, 'the constructor should throw');
    assert.equal(thrown.name, 'PineconeValidationError', `got ${thrown.name}: ${thrown.message}`);
  }));

test('an array Proxy whose get trap throws is a PineconeValidationError', T, () =>
  isolated(async (mod) => {
    const exploding = new Proxy([], {
      get() {
        throw new Error('trap exploded');
      },
    });
    const request = { ...exampleRequest(), name: exploding };
    const p = noSyncThrow(() => mod.createBackupSchedule('docs-example', request, STUB_OPTS()));
    await rejectsWith(p, 'PineconeValidationError', SETTLE_MS);
  }));

test('an object posing as an AbortSignal is refused, not left pending', T, () =>
  isolated(async (mod) => {
    const signal = Object.create(AbortSignal.prototype);
    const p = mod.describeBackupSchedule(NIGHTLY_ID, { ...STUB_OPTS(), signal });
    const error = await within(p.catch((e) => e), SETTLE_MS, 'a call with a fake signal');
    assert.ok(error instanceof Error && error.name.startsWith('Pinecone'), `got ${error}`);
  }));

test('an AbortSignal whose aborted getter throws is reported, not left pending', T, () =>
  isolated(async (mod) => {
    const signal = new AbortController().signal;
    Object.defineProperty(signal, 'aborted', {
      get() {
        throw new Error('aborted getter exploded');
      },
    });
    const p = mod.describeBackupSchedule(NIGHTLY_ID, { ...STUB_OPTS(), signal });
    const error = await within(p.catch((e) => e), SETTLE_MS, 'a call with a throwing signal');
    assert.ok(error instanceof Error && error.name.startsWith('Pinecone'), `got ${error}`);
  }));

test('a call that fails inside the package does not stall a call started beside it', T, () =>
  isolated(async (mod) => {
    const first = mod.describeBackupSchedule(NIGHTLY_ID, {
      ...STUB_OPTS(),
      signal: Object.create(AbortSignal.prototype),
    });
    const second = mod.describeBackupSchedule(NIGHTLY_ID, STUB_OPTS());
    first.catch(() => {});
    const schedule = await within(second, SETTLE_MS, 'the well-formed call');
    assert.equal(schedule.name, 'canned');
  }));

/** A custom fetch resolving to `make()`: the call must end in a Pinecone error, quickly. */
function fetchResolvingTo(make) {
  return isolated(async (mod) => {
    const p = mod.describeBackupSchedule(NIGHTLY_ID, {
      baseUrl: NOWHERE,
      fetch: async () => make(),
      timeoutMs: 300,
      maxRetries: 0,
    });
    const error = await within(p.then(() => null, (e) => e), SETTLE_MS, 'the call');
    assert.ok(error instanceof Error, 'the call should reject');
    assert.ok(error.name.startsWith('Pinecone'), `got ${error.name}: ${error.message}`);
  });
}

test('a fetch resolving to a bare object with the Response prototype is a typed error', T, () =>
  fetchResolvingTo(() => Object.create(Response.prototype)));

test('a Response whose body getter throws is a typed error', T, () =>
  fetchResolvingTo(() => {
    class Exploding extends Response {
      get body() {
        throw new Error('body getter exploded');
      }
    }
    return new Exploding(JSON.stringify(cannedScheduleBody()));
  }));

test('a Response whose headers getter throws is a typed error', T, () =>
  fetchResolvingTo(() => {
    class Exploding extends Response {
      get headers() {
        throw new Error('headers getter exploded');
      }
    }
    return new Exploding(JSON.stringify(cannedScheduleBody()));
  }));

test('a body whose getReader throws is a typed error', T, () =>
  fetchResolvingTo(() => {
    const response = Response.json(cannedScheduleBody());
    Object.defineProperty(response.body, 'getReader', {
      value() {
        throw new Error('getReader exploded');
      },
    });
    return response;
  }));

test('a reader whose read() returns a non-promise is a typed error', T, () =>
  fetchResolvingTo(() => {
    const response = Response.json(cannedScheduleBody());
    Object.defineProperty(response.body, 'getReader', {
      value: () => ({ read: () => 42, cancel: () => undefined, releaseLock: () => undefined }),
    });
    return response;
  }));

test('after all of this the shared module still serves normal calls', T, async () => {
  await stillWorks();
});
