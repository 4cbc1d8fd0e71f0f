// Turns the figures into the targets of issue 6, a terminal table and a Markdown table.
// KB here means 1024 bytes, as scripts/size.mjs prints it.

const KB = 1024;
const WASM_PAGE = 64 * KB;

const COLUMNS = ['ours', 'sdk', 'sdk-deep', 'raw'];
const HEADERS = ['ours', 'sdk', 'sdk (deep import)', 'raw fetch', 'ours/sdk', 'ours/raw'];

const fixed = (digits) => (v) => (v === null || v === undefined ? '—' : v.toFixed(digits));
const kb = (v) => (v === null || v === undefined ? '—' : (v / KB).toFixed(1));
const thousands = (v) => (v === null || v === undefined ? '—' : `${(v / 1000).toFixed(v < 10_000 ? 1 : 0)}k`);
const signedBytes = (v) => (v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${v.toLocaleString('en-US')}`);

function ratio(a, b) {
  if (a === null || a === undefined || !b) return '—';
  const r = a / b;
  return r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(2)}×`;
}

/** One row per figure: label, the value of each column, and how to print it. */
function rows(report) {
  const size = (kind) => (n) => report.sizes[n]?.total[kind];
  const cold = (key) => (n) => report.coldStart[n]?.[key].median;
  const call = (key, stat) => (n) => report.perCall[n]?.[key][stat];
  const inModule = (n) => report.inModule[n]?.usPerCall.median;
  const oursOnly = (f) => (n) => (n === 'ours' ? f() : null);
  const heap = (n) => report.memory[n]?.jsHeapBytes.growth;
  const calls = (report.memory.ours?.calls ?? []).map((n) => n.toLocaleString('en-US'));
  return [
    ['bytes for one create, gzip (KB)', size('gzip'), kb],
    ['bytes for one create, brotli (KB)', size('brotli'), kb],
    ['bytes for one create, minified (KB)', size('raw'), kb],
    ['cold start: import → ready, median (ms)', cold('readyMs'), fixed(1)],
    ['cold start: import → first create answered, median (ms)', cold('firstCallMs'), fixed(1)],
    ['per call: create + delete, median (ms)', call('pairMs', 'median'), fixed(2)],
    ['per call: create + delete, p99 (ms)', call('pairMs', 'p99'), fixed(2)],
    ['per call: create + delete, mean of middle half (ms)', call('pairMs', 'midMean'), fixed(3)],
    ['per call: create alone, median (ms)', call('createMs', 'median'), fixed(2)],
    ['in module (canned fetch): µs per create, median', inModule, fixed(1)],
    ['validation, valid input: calls/s, median', oursOnly(() => report.validation.valid.callsPerSecond.median), thousands],
    ['validation, invalid input: calls/s, median', oursOnly(() => report.validation.invalid.callsPerSecond.median), thousands],
    ['validation, valid input + options: calls/s, median', oursOnly(() => report.validation.withOptions.callsPerSecond.median), thousands],
    [`wasm memory growth, ${calls[0]} → ${calls[1]} calls (bytes)`, oursOnly(() => report.memory.ours?.wasmBytes.growth), signedBytes],
    [`wasm linear memory after ${calls[1]} calls (KB)`, oursOnly(() => report.memory.ours?.wasmBytes.end), kb],
    [`JS heap growth, ${calls[0]} → ${calls[1]} calls (bytes)`, heap, signedBytes],
  ].map(([label, get, format]) => {
    const values = COLUMNS.map((n) => get(n));
    const [ours, sdk, , raw] = values;
    return [label, ...values.map((v) => (v === null || v === undefined ? '—' : format(v))), ratio(ours, sdk), ratio(ours, raw)];
  });
}

/** The targets of issue 6, each with the figures it was judged on. Missing one never fails. */
export function judge(report) {
  const ours = report.sizes.ours.total.gzip;
  const sdk = report.sizes.sdk.total.gzip;
  const coldOurs = report.coldStart.ours.readyMs.median;
  const coldSdk = report.coldStart.sdk.readyMs.median;
  const call = (n, stat = 'median') => report.perCall[n].pairMs[stat];
  const valid = report.validation.valid.callsPerSecond.median;
  const invalid = report.validation.invalid.callsPerSecond.median;
  const wasmGrowth = report.memory.ours.wasmBytes.growth;
  const heapGrowth = report.memory.ours.jsHeapBytes.growth;
  const pct = (a, b) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%`;
  return [
    {
      target: 'bytes: ours at most 28 KB gzip',
      met: ours <= 28 * KB,
      detail: `${(ours / KB).toFixed(1)} KB gzip`,
    },
    {
      target: "bytes: ours at most a third of the SDK's",
      met: ours * 3 <= sdk,
      detail: `${(ours / KB).toFixed(1)} KB vs ${(sdk / KB).toFixed(1)} KB gzip (${ratio(ours, sdk)}); the SDK's deep import is ${(report.sizes['sdk-deep'].total.gzip / KB).toFixed(1)} KB`,
    },
    {
      target: "cold start: ours at most the SDK's",
      met: coldOurs <= coldSdk,
      detail: `${coldOurs.toFixed(1)} ms vs ${coldSdk.toFixed(1)} ms (median, import → ready)`,
    },
    {
      target: 'per call: ours within 5% of raw fetch at the median',
      met: call('ours') <= call('raw') * 1.05,
      detail: `median ${call('ours').toFixed(2)} vs ${call('raw').toFixed(2)} ms (${pct(call('ours'), call('raw'))}); mean of middle half ${pct(call('ours', 'midMean'), call('raw', 'midMean'))}`,
    },
    {
      target: 'per call: ours faster than the SDK',
      met: call('ours') < call('sdk'),
      detail: `median ${call('ours').toFixed(2)} vs ${call('sdk').toFixed(2)} ms (${pct(call('ours'), call('sdk'))})`,
    },
    {
      target: 'validation: at least 100,000 calls/s',
      met: valid >= 100_000 && invalid >= 100_000,
      detail: `valid ${Math.round(valid).toLocaleString('en-US')}/s, invalid ${Math.round(invalid).toLocaleString('en-US')}/s (with options ${Math.round(report.validation.withOptions.callsPerSecond.median).toLocaleString('en-US')}/s)`,
    },
    {
      target: 'memory: growth within one wasm page (64 KiB)',
      met: wasmGrowth <= WASM_PAGE && heapGrowth <= WASM_PAGE,
      detail: `wasm ${signedBytes(wasmGrowth)} B, JS heap ${signedBytes(heapGrowth)} B`,
    },
  ];
}

function pad(cells, widths) {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

function notes(report) {
  const lines = [];
  const published = report.sizes['ours-unminified'].total;
  lines.push(
    `ours as published in pkg/ (glue not minified, as scripts/size.mjs counts it): ` +
      `${kb(published.gzip)} KB gzip, ${kb(published.brotli)} KB brotli`,
  );
  const wires = Object.values(report.wire).flatMap((seen) => seen.notes);
  if (wires.length === 0) lines.push('wire: every contender sent the same method, path, JSON body and headers as raw fetch, and the emulator accepted all of them');
  for (const [name, seen] of Object.entries(report.wire)) {
    for (const note of seen.notes) lines.push(`wire, ${name}: ${note}`);
  }
  const { nonLoopbackRequests, blackholeAttempts, pageErrors } = report.safety;
  lines.push(`requests from the pages to anything but 127.0.0.1: ${nonLoopbackRequests.length}${nonLoopbackRequests.length ? ` (${nonLoopbackRequests.join(', ')})` : ''}`);
  if (blackholeAttempts.length) {
    const hosts = [...new Set(blackholeAttempts)].join(', ');
    lines.push(`Chromium's own background requests, stopped by the loopback proxy before leaving the machine: ${blackholeAttempts.length} (${hosts})`);
  }
  if (pageErrors.length) lines.push(`page errors: ${pageErrors.join(' | ')}`);
  return lines;
}

export function renderTable(report) {
  const table = rows(report);
  const head = ['figure', ...HEADERS];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => String(r[i]).length)));
  const out = [
    `pinecone-backup-schedules benchmark, ${report.date} (${report.mode} run: ${report.command})`,
    `Chromium ${report.environment.chromium}, Node ${report.environment.node}, ${report.environment.cpus} cores, ` +
      `load average ${report.environment.loadAverage.join(' → ')}; ` +
      `sdk = @pinecone-database/pinecone ${report.environment.sdk}, bundled with esbuild ${report.environment.esbuild}`,
    '',
    pad(head, widths),
    pad(widths.map((w) => '-'.repeat(w)), widths),
    ...table.map((r) => pad(r, widths)),
    '',
    'targets (issue 6):',
    ...report.targets.map((t) => `  ${t.met ? 'met   ' : 'MISSED'}  ${t.target}: ${t.detail}`),
    '',
    ...notes(report),
  ];
  const wasm = report.wasmBreakdown;
  if (wasm.largest) {
    out.push('', `what costs the bytes in the .wasm (${wasm.totalBytes.toLocaleString('en-US')} B before compression):`);
    for (const e of wasm.byOrigin.slice(0, 12)) out.push(`  ${String(e.bytes).padStart(7)} B ${e.percent.toFixed(1).padStart(5)}%  ${e.origin}`);
    out.push('  largest items:');
    for (const e of wasm.largest.slice(0, 12)) out.push(`  ${String(e.bytes).padStart(7)} B ${e.percent.toFixed(1).padStart(5)}%  ${e.name}`);
  } else {
    out.push(`wasm breakdown: skipped (${wasm.skipped})`);
  }
  return out.join('\n');
}

export function renderMarkdown(report) {
  const table = rows(report);
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const out = [
    `Run on ${report.date.slice(0, 10)} with \`${report.command}\` (${report.seconds} s): Chromium ${report.environment.chromium}, ` +
      `Node ${report.environment.node}, ${report.environment.cpus} cores (load average ${report.environment.loadAverage.join(' → ')}), package ${report.environment.package}, ` +
      `@pinecone-database/pinecone ${report.environment.sdk}, esbuild ${report.environment.esbuild}.`,
    '',
    line(['figure', ...HEADERS]),
    line(['---', ...HEADERS.map(() => '---:')]),
    ...table.map((r) => line(r)),
    '',
    '| target (issue 6) | result | figures |',
    '|---|---|---|',
    ...report.targets.map((t) => line([t.target, t.met ? 'met' : '**missed**', t.detail])),
    '',
    ...notes(report).map((n) => `- ${n}`),
  ];
  const wasm = report.wasmBreakdown;
  if (wasm.largest) {
    out.push(
      '',
      `What costs the bytes in the .wasm (${wasm.totalBytes.toLocaleString('en-US')} B before compression, names section left out):`,
      '',
      '| bytes | share | origin |',
      '|---:|---:|---|',
      ...wasm.byOrigin.slice(0, 14).map((e) => line([e.bytes, `${e.percent.toFixed(1)}%`, e.origin])),
      '',
      '| bytes | share | largest items |',
      '|---:|---:|---|',
      ...wasm.largest.map((e) => line([e.bytes, `${e.percent.toFixed(1)}%`, `\`${e.name.replace(/\|/g, '\\|')}\``])),
    );
  }
  return `${out.join('\n')}\n`;
}
