// Seeded fuzzing of every export with hostile JavaScript values. Each call must return or
// throw/reject an Error whose name starts with `Pinecone`, settle quickly, print no panic, and
// leave the module able to serve a normal create afterwards.
//
// Nothing here reaches the network: every options object carries a stub `fetch`, and the
// global `fetch` is swapped for a guard that answers locally while the fuzz runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  cannedScheduleBody,
  captureConsole,
  exampleRequest,
  loadPackage,
  trapUncaught,
  useEmulator,
  within,
} from './support.mjs';

const emu = useEmulator();
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const CALLS_PER_EXPORT = Number(process.env.FUZZ_CALLS ?? 600);
const BATCH = 200;
const SETTLE_MS = 1_000;
// A call that never settles is a bug already; one batch with hangs is enough evidence.
const STOP_AFTER_HANGS = 1;

// ---------------------------------------------------------------------------------------------
// A small seeded PRNG (mulberry32) and a catalogue of hostile values, each with a label so a
// failure can name the input that caused it.

function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick(list) {
      return list[Math.floor(next() * list.length)];
    },
    chance: (p) => next() < p,
  };
}

const HUGE = 'x'.repeat(1_000_000);
const HUGER = 'y'.repeat(1_100_000); // past the package's 1 Mi-character cut-off

function deep(depth, makeArray) {
  let v = makeArray ? [] : {};
  for (let i = 0; i < depth; i += 1) v = makeArray ? [v] : { a: v };
  return v;
}

function cyclic() {
  const o = { name: 'loop' };
  o.self = o;
  o.list = [o, { back: o }];
  return o;
}

function throwingGetters(keys) {
  const o = {};
  for (const k of keys) {
    Object.defineProperty(o, k, {
      enumerable: true,
      get() {
        throw new Error(`getter ${k} exploded`);
      },
    });
  }
  return o;
}

const TRAPS = [
  'get',
  'has',
  'ownKeys',
  'getOwnPropertyDescriptor',
  'getPrototypeOf',
  'defineProperty',
  'set',
  'apply',
];

function throwingProxy(target, traps = TRAPS) {
  const handler = {};
  for (const trap of traps) {
    handler[trap] = () => {
      throw new Error(`proxy trap ${trap} exploded`);
    };
  }
  return new Proxy(target, handler);
}

function revoked(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

function holes() {
  const a = [1, , 3]; // eslint-disable-line no-sparse-arrays
  a[10] = 'x';
  return a;
}

function hugeLength() {
  const a = [];
  a.length = 2 ** 32 - 1;
  return a;
}

// Each unknown key costs the validator tens of microseconds, so keep this moderate.
function manyKeys() {
  const o = {};
  for (let i = 0; i < 2_000; i += 1) o[`k${i}`] = i;
  return o;
}

function fakeSignal() {
  return Object.create(AbortSignal.prototype);
}

function signalWithThrowingGetters() {
  const signal = new AbortController().signal;
  Object.defineProperty(signal, 'aborted', {
    get() {
      throw new Error('aborted getter exploded');
    },
  });
  return signal;
}

/** Leaves: values that are wrong almost everywhere. Functions build fresh objects. */
const LEAVES = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['true', () => true],
  ['false', () => false],
  ['0', () => 0],
  ['-0', () => -0],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['1.5', () => 1.5],
  ['-1', () => -1],
  ['7', () => 7],
  ['2**31', () => 2 ** 31],
  ['2**53+2', () => 2 ** 53 + 2],
  ['1e308', () => 1e308],
  ["''", () => ''],
  ["' '", () => ' '],
  ["'daily'", () => 'daily'],
  ["'docs-example'", () => 'docs-example'],
  ["'..'", () => '..'],
  ["'%2e%2e'", () => '%2e%2e'],
  ["'a/b?c#d'", () => 'a/b?c#d'],
  ['NUL string', () => 'a\u0000b'],
  ['CRLF string', () => 'a\r\nX-Evil: 1'],
  ['lone surrogate', () => '\uD800'],
  ['RTL override', () => '\u202Eabc'],
  ['emoji', () => '🦀💥'],
  ['Symbol()', () => Symbol('fuzz')],
  ['Symbol.iterator', () => Symbol.iterator],
  ['10n', () => 10n],
  ['-(2n**70n)', () => -(2n ** 70n)],
  ['{}', () => ({})],
  ['[]', () => []],
  ['array with holes', holes],
  ['new Array(5)', () => new Array(5)],
  ['null-prototype object', () => Object.create(null)],
  ['null-prototype example', () => Object.assign(Object.create(null), exampleRequest())],
  ['Date', () => new Date(0)],
  ['invalid Date', () => new Date(NaN)],
  ['Map', () => new Map([['name', 'x']])],
  ['Set', () => new Set([1])],
  ['RegExp', () => /x/g],
  ['Error', () => new Error('e')],
  ['Promise', () => Promise.resolve(1)],
  ['function', () => () => 1],
  ['throwing function', () => () => {
    throw new Error('called');
  }],
  ['class', () => class Foo {}],
  ['String object', () => new String('daily')], // eslint-disable-line no-new-wrappers
  ['Number object', () => new Number(7)], // eslint-disable-line no-new-wrappers
  ['Uint8Array', () => new Uint8Array([1, 2])],
  ['ArrayBuffer', () => new ArrayBuffer(8)],
  ['WeakMap', () => new WeakMap()],
  ['throwing getters', () => throwingGetters(['name', 'schedule', 'retention', 'limit', 'enabled'])],
  ['throwing toString/valueOf', () => ({
    toString() {
      throw new Error('toString');
    },
    valueOf() {
      throw new Error('valueOf');
    },
    [Symbol.toPrimitive]() {
      throw new Error('toPrimitive');
    },
  })],
  ['throwing toJSON', () => ({
    toJSON() {
      throw new Error('toJSON');
    },
  })],
  ['array with a throwing index getter', () => {
    const a = [1, 2];
    Object.defineProperty(a, 0, {
      get() {
        throw new Error('index getter');
      },
    });
    return a;
  }],
  ['Proxy of {} throwing on every trap', () => throwingProxy({})],
  ['Proxy of [] throwing on every trap', () => throwingProxy([])],
  ['Proxy of {} throwing on ownKeys', () => throwingProxy({}, ['ownKeys'])],
  ['Proxy of {} throwing on getPrototypeOf', () => throwingProxy({}, ['getPrototypeOf'])],
  ['Proxy of example request', () => new Proxy(exampleRequest(), {})],
  ['Proxy of a function', () => new Proxy(() => 1, {})],
  ['revoked Proxy of {}', () => revoked({})],
  ['revoked Proxy of []', () => revoked([])],
  ['frozen example', () => Object.freeze(exampleRequest())],
  ['fake AbortSignal', fakeSignal],
  ['AbortSignal with throwing aborted', signalWithThrowingGetters],
  ['aborted signal', () => AbortSignal.abort('fuzz')],
  ['Symbol-keyed object', () => ({ [Symbol('k')]: 1 })],
  ['object with __proto__ key', () => JSON.parse('{"__proto__":{"name":"x"}}')],
];

/** Leaves that cost the converter milliseconds each: drawn less often to keep the run short. */
const HEAVY_LEAVES = [
  ['1e6-char string', () => HUGE],
  ['1.1e6-char string', () => HUGER],
  ['array of length 2**32-1', hugeLength],
  ['depth-1000 object', () => deep(1000, false)],
  ['depth-1000 array', () => deep(1000, true)],
  ['cyclic object', cyclic],
  ['object with 2000 keys', manyKeys],
  ['array of 20000 items', () => new Array(20_000).fill(0)],
];

const KEYS = [
  'name',
  'schedule',
  'type',
  'frequency',
  'retention',
  'expire_after_days',
  'enabled',
  'limit',
  'paginationToken',
  'apiKey',
  'baseUrl',
  'apiVersion',
  'headers',
  'timeoutMs',
  'maxRetries',
  'onEvent',
  'signal',
  'credentials',
  'constructor',
  '__proto__',
  'toString',
  '',
];

function makeJunk(rng, depth = 0) {
  const roll = rng.next();
  if (depth < 3 && roll < 0.15) {
    const n = rng.int(4);
    const o = rng.chance(0.2) ? Object.create(null) : {};
    const parts = [];
    for (let i = 0; i < n; i += 1) {
      const key = rng.pick(KEYS);
      const child = makeJunk(rng, depth + 1);
      Object.defineProperty(o, key, { value: child.value, enumerable: true, configurable: true, writable: true });
      parts.push(`${key}: ${child.label}`);
    }
    return { value: o, label: `{ ${parts.join(', ')} }` };
  }
  if (depth < 3 && roll < 0.22) {
    const n = rng.int(4);
    const items = Array.from({ length: n }, () => makeJunk(rng, depth + 1));
    return { value: items.map((c) => c.value), label: `[${items.map((c) => c.label).join(', ')}]` };
  }
  const [label, make] = rng.pick(rng.chance(0.04) ? HEAVY_LEAVES : LEAVES);
  return { value: make(), label };
}

/** A valid value for a slot with one random part swapped for junk. */
function mutate(rng, valid, label) {
  const copy = structuredClone(valid);
  const paths = [];
  const walk = (v, p) => {
    if (v && typeof v === 'object') for (const k of Object.keys(v)) walk(v[k], [...p, k]);
    paths.push(p);
  };
  walk(copy, []);
  const path = rng.pick(paths);
  const junk = makeJunk(rng);
  if (path.length === 0) return junk;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k];
  parent[path.at(-1)] = junk.value;
  return { value: copy, label: `${label} with ${path.join('.')} = ${junk.label}` };
}

// ---------------------------------------------------------------------------------------------
// Slots

const stubFetch = async () => Response.json(cannedScheduleBody());

function indexName(rng) {
  if (rng.chance(0.3)) return { value: 'docs-example', label: "'docs-example'" };
  return makeJunk(rng);
}

function scheduleId(rng) {
  if (rng.chance(0.3)) return { value: 'abc-123', label: "'abc-123'" };
  return makeJunk(rng);
}

function createRequest(rng) {
  if (rng.chance(0.15)) return { value: exampleRequest(), label: 'the example request' };
  if (rng.chance(0.5)) return mutate(rng, exampleRequest(), 'the example request');
  return makeJunk(rng);
}

function updateRequest(rng) {
  const valid = { enabled: false, frequency: 'weekly', retention: { expire_after_days: 3 } };
  if (rng.chance(0.15)) return { value: valid, label: 'a full update' };
  if (rng.chance(0.5)) return mutate(rng, valid, 'a full update');
  return makeJunk(rng);
}

function pageParams(rng) {
  if (rng.chance(0.3)) return { value: undefined, label: 'undefined' };
  if (rng.chance(0.4)) return mutate(rng, { limit: 2, paginationToken: 'tok' }, 'page params');
  return makeJunk(rng);
}

/**
 * Options always end with the stub `fetch` when they are an object, so no call can pick the
 * global one; otherwise they are junk that the rules must refuse.
 */
function options(rng) {
  const base = { baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000, maxRetries: 0 };
  const roll = rng.next();
  if (roll < 0.2) return { value: { ...base, fetch: stubFetch }, label: 'stub options' };
  if (roll < 0.6) {
    // One or two option fields set to junk, the stub fetch kept.
    const value = { ...base };
    const parts = [];
    for (let i = 0, n = 1 + rng.int(2); i < n; i += 1) {
      const [key, junk] = rng.chance(0.25)
        ? optionHazard(rng)
        : [rng.pick(OPTION_KEYS), makeJunk(rng)];
      value[key] = junk.value;
      parts.push(`${key}: ${junk.label}`);
    }
    value.fetch = stubFetch;
    return { value, label: `stub options with ${parts.join(', ')}` };
  }
  if (roll < 0.85) {
    const full = { ...base, apiKey: 'k', apiVersion: '2026-07', headers: { 'x-a': 'b' }, credentials: 'omit' };
    const { value, label } = mutate(rng, full, 'options');
    addStub(value);
    return { value, label };
  }
  const junk = makeJunk(rng);
  addStub(junk.value);
  return junk;
}

/** Values aimed at the JS-only options, which the package uses as live objects. */
const OPTION_HAZARDS = [
  ['signal', 'fake AbortSignal', fakeSignal],
  ['signal', 'AbortSignal with throwing aborted', signalWithThrowingGetters],
  ['signal', 'aborted AbortSignal with a throwing reason', () => {
    const controller = new AbortController();
    controller.abort();
    Object.defineProperty(controller.signal, 'reason', {
      get() {
        throw new Error('reason getter exploded');
      },
    });
    return controller.signal;
  }],
  ['signal', 'AbortSignal whose addEventListener throws', () => {
    const signal = new AbortController().signal;
    signal.addEventListener = () => {
      throw new Error('addEventListener exploded');
    };
    return signal;
  }],
  ['onEvent', 'Proxy of a function throwing on apply', () => throwingProxy(() => {}, ['apply'])],
  ['headers', 'Proxy of headers throwing on get', () => throwingProxy({ 'x-a': 'b' }, ['get'])],
  ['maxRetries', '10', () => 10],
  ['timeoutMs', '1', () => 1],
];

function optionHazard(rng) {
  const [key, label, make] = rng.pick(OPTION_HAZARDS);
  return [key, { value: make(), label }];
}

const OPTION_KEYS = [
  'apiKey',
  'baseUrl',
  'apiVersion',
  'headers',
  'timeoutMs',
  'maxRetries',
  'onEvent',
  'signal',
  'credentials',
  'api_key',
  'timeout',
];

/** Gives a readable plain object the stub fetch; anything else stays junk for the rules. */
function addStub(value) {
  if (value && typeof value === 'object' && isPlainish(value)) {
    try {
      value.fetch = stubFetch;
    } catch {
      // frozen, or a proxy that refuses: the rules must refuse it, and the guard is there
    }
  }
}

function isPlainish(v) {
  try {
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The harness

function isPineconeError(e) {
  return e instanceof Error && typeof e.name === 'string' && e.name.startsWith('Pinecone');
}

function describeError(e) {
  try {
    if (e instanceof Error) return `${e.name}: ${String(e.message).slice(0, 160)}`;
    return `non-Error ${typeof e}: ${String(e).slice(0, 80)}`;
  } catch {
    return 'unprintable';
  }
}

/**
 * Runs CALLS_PER_EXPORT generated calls against one fresh module instance, in concurrent
 * batches. `make(rng, mod)` returns `{ label, run }`; `run()` may throw, or return a value, a
 * promise or an async iterable (stepped twice).
 */
async function fuzz(tag, make) {
  const mod = await loadPackage(`fuzz-${tag}`);
  const rng = prng(SEED ^ [...tag].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
  // Failures grouped by what went wrong, each with the shortest input that did it.
  const failures = new Map();
  const record = (what, label) => {
    const seen = failures.get(what);
    if (!seen) failures.set(what, { count: 1, label });
    else {
      seen.count += 1;
      if (label.length < seen.label.length) seen.label = label;
    }
  };
  const realGlobalFetch = globalThis.fetch;
  const escaped = [];
  globalThis.fetch = async (input) => {
    escaped.push(String(input?.url ?? input));
    return Response.json(cannedScheduleBody());
  };
  const out = captureConsole();
  const trap = trapUncaught();
  let calls = 0;
  let hangs = 0;
  try {
    while (calls < CALLS_PER_EXPORT && hangs < STOP_AFTER_HANGS) {
      const batch = [];
      for (let i = 0; i < BATCH && calls < CALLS_PER_EXPORT; i += 1, calls += 1) {
        const { label, run } = make(rng, mod);
        let result;
        try {
          result = run();
        } catch (e) {
          if (!isPineconeError(e)) record(`threw ${describeError(e)}`, label);
          continue;
        }
        const settle = async () => {
          if (result && typeof result.then === 'function') {
            await result;
          } else if (result && typeof result[Symbol.asyncIterator] === 'function') {
            const it = result[Symbol.asyncIterator]();
            const first = await it.next();
            if (!first.done) await it.next();
          }
        };
        const entry = { label, settled: false };
        entry.done = settle().then(
          () => {
            entry.settled = true;
          },
          (e) => {
            entry.settled = true;
            if (!isPineconeError(e)) record(`rejected with ${describeError(e)}`, label);
          },
        );
        batch.push(entry);
      }
      await within(Promise.all(batch.map((e) => e.done)), SETTLE_MS).catch(() => {});
      for (const entry of batch.filter((e) => !e.settled)) {
        hangs += 1;
        // A well-formed call queued in the same tick as one that threw inside the package
        // stalls too, so the shortest label here may be a bystander, not the cause.
        record(`did not settle within ${SETTLE_MS} ms`, entry.label);
      }
      for (const e of trap.seen.splice(0)) {
        record(`uncaught exception ${describeError(e)}`, '(some call of this batch)');
      }
    }
  } finally {
    trap.restore();
    globalThis.fetch = realGlobalFetch;
  }

  // The instance must still work for real.
  let after;
  try {
    after = await within(mod.createBackupSchedule('docs-example', exampleRequest(), emu.opts()), 2_000);
  } catch (e) {
    record(`a normal create afterwards failed: ${describeError(e)}`, '(after the fuzz)');
  } finally {
    out.restore();
  }
  if (after) assert.equal(after.name, 'my-nightly-backup');

  for (const p of out.lines.filter((l) => /internal error/i.test(l.text))) {
    record(`console.${p.method}: ${p.text.slice(0, 200)}`, '(during the fuzz)');
  }
  for (const url of escaped) record(`the global fetch was called for ${url}`, '(during the fuzz)');

  assert.ok(calls > 0);
  const report = [...failures].map(
    ([what, { count, label }]) => `${what}  [${count}x; e.g. ${tag}(${label.slice(0, 300)})]`,
  );
  assert.deepEqual(report, [], `bad outcomes in ${calls} calls of ${tag} (seed ${SEED})`);
}

const T = { timeout: 45_000 };

test('fuzz createBackupSchedule', T, () =>
  fuzz('createBackupSchedule', (rng, mod) => {
    const [a, b, c] = [indexName(rng), createRequest(rng), options(rng)];
    return { label: `${a.label}, ${b.label}, ${c.label}`, run: () => mod.createBackupSchedule(a.value, b.value, c.value) };
  }));

test('fuzz validateCreateBackupSchedule', T, () =>
  fuzz('validateCreateBackupSchedule', (rng, mod) => {
    const [a, b, c] = [indexName(rng), createRequest(rng), options(rng)];
    return {
      label: `${a.label}, ${b.label}, ${c.label}`,
      run: () => {
        const result = mod.validateCreateBackupSchedule(a.value, b.value, c.value);
        if (typeof result?.ok !== 'boolean' || !Array.isArray(result.errors) || !Array.isArray(result.warnings)) {
          throw new Error('validateCreateBackupSchedule returned a malformed result');
        }
        if (result.ok !== (result.errors.length === 0)) throw new Error('ok disagrees with errors');
        return result;
      },
    };
  }));

test('fuzz listBackupSchedules', T, () =>
  fuzz('listBackupSchedules', (rng, mod) => {
    const [a, b, c] = [indexName(rng), pageParams(rng), options(rng)];
    return { label: `${a.label}, ${b.label}, ${c.label}`, run: () => mod.listBackupSchedules(a.value, b.value, c.value) };
  }));

test('fuzz describeBackupSchedule', T, () =>
  fuzz('describeBackupSchedule', (rng, mod) => {
    const [a, c] = [scheduleId(rng), options(rng)];
    return { label: `${a.label}, ${c.label}`, run: () => mod.describeBackupSchedule(a.value, c.value) };
  }));

test('fuzz updateBackupSchedule', T, () =>
  fuzz('updateBackupSchedule', (rng, mod) => {
    const [a, b, c] = [scheduleId(rng), updateRequest(rng), options(rng)];
    return { label: `${a.label}, ${b.label}, ${c.label}`, run: () => mod.updateBackupSchedule(a.value, b.value, c.value) };
  }));

test('fuzz deleteBackupSchedule', T, () =>
  fuzz('deleteBackupSchedule', (rng, mod) => {
    const [a, c] = [scheduleId(rng), options(rng)];
    return { label: `${a.label}, ${c.label}`, run: () => mod.deleteBackupSchedule(a.value, c.value) };
  }));

test('fuzz listBackupScheduleHistory', T, () =>
  fuzz('listBackupScheduleHistory', (rng, mod) => {
    const [a, b, c] = [scheduleId(rng), pageParams(rng), options(rng)];
    return {
      label: `${a.label}, ${b.label}, ${c.label}`,
      run: () => mod.listBackupScheduleHistory(a.value, b.value, c.value),
    };
  }));

test('fuzz iterateBackupSchedules', T, () =>
  fuzz('iterateBackupSchedules', (rng, mod) => {
    const [a, b, c] = [indexName(rng), pageParams(rng), options(rng)];
    return { label: `${a.label}, ${b.label}, ${c.label}`, run: () => mod.iterateBackupSchedules(a.value, b.value, c.value) };
  }));

test('fuzz iterateBackupScheduleHistory', T, () =>
  fuzz('iterateBackupScheduleHistory', (rng, mod) => {
    const [a, b, c] = [scheduleId(rng), pageParams(rng), options(rng)];
    return {
      label: `${a.label}, ${b.label}, ${c.label}`,
      run: () => mod.iterateBackupScheduleHistory(a.value, b.value, c.value),
    };
  }));

test('fuzz new BackupSchedules', T, () =>
  fuzz('BackupSchedules', (rng, mod) => {
    const c = options(rng);
    return { label: c.label, run: () => new mod.BackupSchedules(c.value) };
  }));

test('fuzz the BackupSchedules methods', T, () =>
  fuzz('BackupSchedules.methods', (rng, mod) => {
    const client = new mod.BackupSchedules({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000, fetch: stubFetch });
    const per = rng.chance(0.3) ? { value: undefined, label: 'undefined' } : options(rng);
    const calls = {
      create: () => [indexName(rng), createRequest(rng), per],
      validateCreate: () => [indexName(rng), createRequest(rng)],
      list: () => [indexName(rng), pageParams(rng), per],
      iterate: () => [indexName(rng), pageParams(rng), per],
      describe: () => [scheduleId(rng), per],
      update: () => [scheduleId(rng), updateRequest(rng), per],
      delete: () => [scheduleId(rng), per],
      history: () => [scheduleId(rng), pageParams(rng), per],
      iterateHistory: () => [scheduleId(rng), pageParams(rng), per],
    };
    const method = rng.pick(Object.keys(calls));
    const args = calls[method]();
    return {
      label: `${method}: ${args.map((x) => x.label).join(', ')}`,
      run: () => client[method](...args.map((x) => x.value)),
    };
  }));
