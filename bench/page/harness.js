// The in-page half of the benchmark. run.mjs drives it through `window.bench`; every timing
// is taken here with performance.now(), so the Node side and the DevTools protocol stay out
// of the measured spans.

const API_KEY = 'emulator-key';
const INDEX = 'docs-example';
const BASE = location.origin;
const REQUEST = {
  name: 'bench-nightly',
  schedule: { type: 'time-based', frequency: 'daily' },
  retention: { expire_after_days: 7 },
};
// The same create in the SDK's own shape (camelCase, flat frequency).
const SDK_REQUEST = { name: 'bench-nightly', frequency: 'daily', retentionDays: 7 };
// Several rules broken at once, the way a form looks while someone is still typing.
const INVALID_REQUEST = {
  name: 'Nightly Backup',
  schedule: { type: 'time-based', frequency: 'Daily' },
  retention: { expireAfterDays: 7 },
};

const now = () => performance.now();

// One adapter per contender: `create(fetchFn?)` resolves to the new schedule's id and
// `remove(id)` deletes it. A fetchFn replaces the network (the canned runs).
const makers = {
  async ours(m) {
    const out = await m.init();
    const options = { baseUrl: BASE, apiKey: API_KEY };
    const withFetch = new Map();
    const optionsFor = (fetchFn) => {
      if (!fetchFn) return options;
      if (!withFetch.has(fetchFn)) withFetch.set(fetchFn, { ...options, fetch: fetchFn });
      return withFetch.get(fetchFn);
    };
    return {
      memory: out.memory,
      create: async (fetchFn) =>
        (await m.createBackupSchedule(INDEX, REQUEST, optionsFor(fetchFn))).schedule_id,
      remove: (id) => m.deleteBackupSchedule(id, options),
      // The three inputs the validation figure uses: a valid request, an invalid one (both
      // without options, as a form checks while someone types), and a valid request with
      // the call's options, which are then checked too.
      validate: {
        valid: () => m.validateCreateBackupSchedule(INDEX, REQUEST),
        invalid: () => m.validateCreateBackupSchedule(INDEX, INVALID_REQUEST),
        withOptions: () => m.validateCreateBackupSchedule(INDEX, REQUEST, options),
      },
    };
  },
  async sdk(m) {
    const config = { apiKey: API_KEY, controllerHostUrl: BASE };
    const client = new m.Pinecone(config);
    const withFetch = new Map();
    const clientFor = (fetchFn) => {
      if (!fetchFn) return client;
      if (!withFetch.has(fetchFn)) withFetch.set(fetchFn, new m.Pinecone({ ...config, fetchApi: fetchFn }));
      return withFetch.get(fetchFn);
    };
    return {
      create: async (fetchFn) =>
        (await clientFor(fetchFn).backupSchedules.create(INDEX, SDK_REQUEST)).scheduleId,
      remove: (id) => client.backupSchedules.delete(id),
    };
  },
  async 'sdk-deep'(m) {
    const schedules = new m.BackupSchedules({ apiKey: API_KEY, controllerHostUrl: BASE });
    return {
      create: async () => (await schedules.create(INDEX, SDK_REQUEST)).scheduleId,
      remove: (id) => schedules.delete(id),
    };
  },
  async raw(m) {
    return {
      create: async (fetchFn) => (await m.createSchedule(BASE, API_KEY, INDEX, REQUEST, fetchFn)).schedule_id,
      remove: (id) => m.deleteSchedule(BASE, API_KEY, id),
    };
  },
};

// The bundles each phase loads: create-only ones for the cold start (what the size figure
// counts), fuller ones for the runs that also delete and validate.
const COLD_BUNDLES = { ours: './ours-create.js', sdk: './sdk-create.js', 'sdk-deep': './sdk-deep-create.js', raw: './raw-create.js' };
const RUN_BUNDLES = { ours: './ours-run.js', sdk: './sdk-create.js', raw: './raw-run.js' };

const loaded = {};
let canned = null;

/** Fresh page, one contender: import → ready, and import → first create answered. */
async function cold(name) {
  const t0 = now();
  const m = await import(COLD_BUNDLES[name]);
  const contender = await makers[name](m);
  const t1 = now();
  const id = await contender.create();
  const t2 = now();
  return { readyMs: t1 - t0, firstCallMs: t2 - t0, id };
}

async function load(names) {
  for (const name of names) loaded[name] = await makers[name](await import(RUN_BUNDLES[name]));
  return Object.keys(loaded);
}

/** One create then one delete per contender, so run.mjs can compare what reached the wire. */
async function wire(names) {
  const ids = {};
  for (const name of names) {
    ids[name] = await loaded[name].create();
    await loaded[name].remove(ids[name]);
  }
  return ids;
}

/** Records a real create answer to serve as the canned response, then deletes that schedule. */
async function captureCanned() {
  const response = await fetch(`${BASE}/indexes/${INDEX}/backup-schedules`, {
    method: 'POST',
    headers: { 'Api-Key': API_KEY, 'X-Pinecone-Api-Version': '2026-07', 'Content-Type': 'application/json' },
    body: JSON.stringify(REQUEST),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`canned create answered ${response.status}: ${text}`);
  const { schedule_id: id } = JSON.parse(text);
  const removed = await fetch(`${BASE}/backup-schedules/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    headers: { 'Api-Key': API_KEY, 'X-Pinecone-Api-Version': '2026-07' },
  });
  if (!removed.ok) throw new Error(`canned cleanup answered ${removed.status}`);
  const headers = { 'content-type': 'application/json', 'x-pinecone-request-id': 'canned' };
  canned = () => Promise.resolve(new Response(text, { status: 200, headers }));
  return text;
}

/** `rounds` rounds of create-then-delete, contenders interleaved within each round. */
async function perCall(names, rounds) {
  const out = Object.fromEntries(names.map((n) => [n, { create: [], pair: [] }]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const contender = loaded[name];
      const t0 = now();
      const id = await contender.create();
      const t1 = now();
      await contender.remove(id);
      const t2 = now();
      out[name].create.push(t1 - t0);
      out[name].pair.push(t2 - t0);
    }
  }
  return out;
}

/** Per-call cost with the network replaced by a canned answer: µs per create, one figure
 * per batch, batches interleaved across contenders. */
async function inModule(names, batches, size) {
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let b = 0; b < batches; b++) {
    for (const name of names) {
      const create = loaded[name].create;
      const t0 = now();
      for (let i = 0; i < size; i++) await create(canned);
      out[name].push(((now() - t0) * 1000) / size);
    }
  }
  return out;
}

/** validateCreateBackupSchedule calls per second, in windows of `ms`, the three inputs
 * taking turns. The answers are checked first, so a broken build cannot look fast. */
function validation(windows, ms) {
  const kinds = loaded.ours.validate;
  const out = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  const invalid = kinds.invalid();
  if (!kinds.valid().ok || !kinds.withOptions().ok || invalid.ok || invalid.errors.length < 2) {
    throw new Error('validateCreateBackupSchedule did not answer as expected');
  }
  for (let w = 0; w < windows; w++) {
    for (const [kind, validate] of Object.entries(kinds)) {
      let calls = 0;
      let elapsed = 0;
      const t0 = now();
      while (elapsed < ms) {
        for (let i = 0; i < 16; i++) validate();
        calls += 16;
        elapsed = now() - t0;
      }
      out[kind].push((calls * 1000) / elapsed);
    }
  }
  return out;
}

/** `calls` canned creates for one contender; answers the wasm memory size afterwards. */
async function churn(name, calls) {
  const create = loaded[name].create;
  for (let i = 0; i < calls; i++) await create(canned);
  return wasmBytes();
}

function wasmBytes() {
  return loaded.ours ? loaded.ours.memory.buffer.byteLength : null;
}

window.bench = { cold, load, wire, captureCanned, perCall, inModule, validation, churn, wasmBytes };
document.documentElement.dataset.bench = 'ready';
