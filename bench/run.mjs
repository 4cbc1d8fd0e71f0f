#!/usr/bin/env node
// The benchmark: this package, the official SDK and hand-written fetch code, side by side in
// one headless Chromium against the emulator on 127.0.0.1. Prints a table and writes the same
// figures as JSON. It measures; it never fails on a figure (a missed target is printed as
// such and the exit code stays 0). It exits non-zero only when it could not measure.
//
//   node bench/run.mjs            full run, a few minutes; writes bench/results/latest.json
//   node bench/run.mjs --quick    tiny run that proves the harness works; results/quick.json

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHROMIUM, CHROMIUM_ARGS as LOCKED_DOWN } from '../tests/support/chromium.mjs';
import { startBlackhole } from './lib/blackhole.mjs';
import { wasmBreakdown } from './lib/breakdown.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { summary } from './lib/stats.mjs';
import { renderMarkdown, renderTable, judge } from './lib/report.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const RESULTS = path.join(BENCH, 'results');

const HELP = `usage: node bench/run.mjs [--quick] [--no-breakdown]

  --quick          a tiny run (well under a minute) that only proves the harness works
  --no-breakdown   skip the twiggy breakdown of the .wasm (needs wasm-bindgen and twiggy)`;

// Sized for a shared 2-core machine: the full run stays within about five minutes even
// when other builds load it, the quick one well under a minute.
const PLANS = {
  full: {
    coldLoads: 10,
    warmupRounds: 30,
    rounds: 400,
    chunk: 50,
    inModuleWarmup: 50,
    inModuleBatches: 15,
    inModuleBatch: 100,
    validationWindows: 10,
    validationMs: 100,
    memoryBaseline: 100,
    memoryCalls: 10_000,
  },
  quick: {
    coldLoads: 1,
    warmupRounds: 2,
    rounds: 10,
    chunk: 10,
    inModuleWarmup: 10,
    inModuleBatches: 2,
    inModuleBatch: 20,
    validationWindows: 1,
    validationMs: 20,
    memoryBaseline: 100,
    memoryCalls: 300,
  },
};

// Order inside every round: A, B, C, A, B, C...
const RUNTIME = ['ours', 'sdk', 'raw'];
const COLD = ['ours', 'sdk', 'sdk-deep', 'raw'];

// The blackhole proxy below takes the place of the shared dead proxy port, so that stray
// requests are counted rather than only refused.
const CHROMIUM_ARGS = ['--headless', ...LOCKED_DOWN.filter((a) => !a.startsWith('--proxy-'))];

function parseArgs(argv) {
  const flags = new Set(argv);
  for (const flag of flags) {
    if (!['--quick', '--no-breakdown', '-h', '--help'].includes(flag)) {
      throw new Error(`unknown argument ${flag}\n${HELP}`);
    }
  }
  if (flags.has('-h') || flags.has('--help')) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = flags.has('--quick');
  return { quick, breakdown: !quick && !flags.has('--no-breakdown') };
}

const startedAt = Date.now();
const step = (text) => process.stderr.write(`bench [${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${text}\n`);
const load = () => Math.round(os.loadavg()[0] * 10) / 10;

function packageVersion(dir) {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

/** A fresh context whose requests are watched: anything not on 127.0.0.1 is written down. */
async function newContext(browser, stray) {
  const context = await browser.newContext();
  context.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if (!['data:', 'blob:'].includes(protocol) && hostname !== '127.0.0.1') stray.push(request.url());
  });
  return context;
}

async function openBench(context, url, pageErrors) {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(`${url}/bench.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.bench === 'ready');
  return page;
}

/** Compares the create and delete each contender put on the wire with the raw fetch ones. */
function compareWire(records, ids) {
  const interesting = (headers) =>
    Object.fromEntries(
      Object.entries(headers).filter(([name]) =>
        !/^(host|connection|accept-encoding|accept-language|sec-|origin$|referer$|content-length$)/.test(name),
      ),
    );
  const out = {};
  for (const [name, id] of Object.entries(ids)) {
    const create = records.find(
      (r, i) => r.method === 'POST' && records[i + 1]?.path === `/backup-schedules/${encodeURIComponent(id)}`,
    );
    const remove = records.find((r) => r.method === 'DELETE' && r.path === `/backup-schedules/${encodeURIComponent(id)}`);
    if (!create || !remove) throw new Error(`the emulator saw no create/delete pair for ${name}`);
    out[name] = {
      create: { method: create.method, path: create.path, status: create.status, body: JSON.parse(create.body ?? 'null'), headers: interesting(create.headers) },
      delete: { method: remove.method, path: remove.path, status: remove.status, headers: interesting(remove.headers) },
    };
  }
  const floor = out.raw;
  for (const [name, seen] of Object.entries(out)) {
    const notes = [];
    if (JSON.stringify(seen.create.body) !== JSON.stringify(floor.create.body)) notes.push(`create body differs: ${JSON.stringify(seen.create.body)}`);
    if (seen.create.path !== floor.create.path) notes.push(`create path differs: ${seen.create.path}`);
    for (const verb of ['create', 'delete']) {
      const extra = Object.keys(seen[verb].headers).filter((h) => !(h in floor[verb].headers));
      const missing = Object.keys(floor[verb].headers).filter((h) => !(h in seen[verb].headers));
      if (extra.length) notes.push(`${verb} adds headers: ${extra.map((h) => `${h}: ${seen[verb].headers[h]}`).join('; ')}`);
      if (missing.length) notes.push(`${verb} lacks headers: ${missing.join(', ')}`);
    }
    seen.notes = notes;
  }
  return out;
}

async function measure(plan, url, emulator, browser, stray, pageErrors, cdpOf) {
  const results = {};

  // 1. Cold start: a fresh context (empty cache) per load, contenders interleaved.
  step(`cold start: ${plan.coldLoads} fresh loads of each of ${COLD.join(', ')}`);
  const cold = Object.fromEntries(COLD.map((n) => [n, { readyMs: [], firstCallMs: [] }]));
  for (let i = 0; i < plan.coldLoads; i++) {
    for (const name of COLD) {
      await emulator.reset();
      const context = await newContext(browser, stray);
      const page = await openBench(context, url, pageErrors);
      const sample = await page.evaluate((n) => window.bench.cold(n), name);
      await context.close();
      if (!sample.id) throw new Error(`${name}: the cold create returned no schedule id`);
      cold[name].readyMs.push(sample.readyMs);
      cold[name].firstCallMs.push(sample.firstCallMs);
    }
  }
  results.coldStart = Object.fromEntries(
    Object.entries(cold).map(([n, s]) => [n, { readyMs: summary(s.readyMs), firstCallMs: summary(s.firstCallMs), samples: s }]),
  );

  // 2. One page for everything warm: same session, same JIT, same connection pool.
  await emulator.reset();
  const context = await newContext(browser, stray);
  const page = await openBench(context, url, pageErrors);
  await page.evaluate((names) => window.bench.load(names), RUNTIME);
  const wasmAfterLoad = await page.evaluate(() => window.bench.wasmBytes());

  step('wire check: one create and one delete per contender');
  await emulator.reset();
  const ids = await page.evaluate((names) => window.bench.wire(names), RUNTIME);
  results.wire = compareWire(await emulator.requests(), ids);
  const canned = await page.evaluate(() => window.bench.captureCanned());
  results.cannedResponse = JSON.parse(canned);

  step(`per call: ${plan.warmupRounds} warm-up + ${plan.rounds} rounds of create-then-delete, interleaved`);
  await page.evaluate(([names, n]) => window.bench.perCall(names, n), [RUNTIME, plan.warmupRounds]);
  const calls = Object.fromEntries(RUNTIME.map((n) => [n, { create: [], pair: [] }]));
  for (let done = 0; done < plan.rounds; done += plan.chunk) {
    await emulator.reset(); // keeps the emulator's request journal short
    const part = await page.evaluate(
      ([names, n]) => window.bench.perCall(names, n),
      [RUNTIME, Math.min(plan.chunk, plan.rounds - done)],
    );
    for (const name of RUNTIME) {
      calls[name].create.push(...part[name].create);
      calls[name].pair.push(...part[name].pair);
    }
  }
  results.perCall = Object.fromEntries(
    RUNTIME.map((n) => [n, { pairMs: summary(calls[n].pair), createMs: summary(calls[n].create), samples: calls[n] }]),
  );
  results.perCallWasmBytes = { afterLoad: wasmAfterLoad, afterRuns: await page.evaluate(() => window.bench.wasmBytes()) };

  step(`in module: ${plan.inModuleBatches} batches of ${plan.inModuleBatch} creates on a canned fetch, interleaved`);
  await page.evaluate(([names, size]) => window.bench.inModule(names, 1, size), [RUNTIME, plan.inModuleWarmup]);
  const inModule = await page.evaluate(
    ([names, b, s]) => window.bench.inModule(names, b, s),
    [RUNTIME, plan.inModuleBatches, plan.inModuleBatch],
  );
  results.inModule = Object.fromEntries(RUNTIME.map((n) => [n, { usPerCall: summary(inModule[n]), batches: inModule[n] }]));

  step(`validation: ${plan.validationWindows} windows of ${plan.validationMs} ms per input (valid, invalid, valid with options)`);
  await page.evaluate(() => window.bench.validation(1, 20));
  const validation = await page.evaluate(([w, ms]) => window.bench.validation(w, ms), [plan.validationWindows, plan.validationMs]);
  results.validation = Object.fromEntries(
    Object.entries(validation).map(([kind, perSecond]) => [kind, { callsPerSecond: summary(perSecond), windows: perSecond }]),
  );
  await context.close();

  // 3. Memory: a fresh page per contender, so the baseline really is "after 100 calls".
  step(`memory: ${plan.memoryBaseline} then ${plan.memoryCalls} canned creates, one fresh page per contender`);
  results.memory = {};
  for (const name of RUNTIME) {
    await emulator.reset();
    const memContext = await newContext(browser, stray);
    const memPage = await openBench(memContext, url, pageErrors);
    const cdp = await cdpOf(memContext, memPage);
    await memPage.evaluate((n) => window.bench.load([n]), name);
    await memPage.evaluate(() => window.bench.captureCanned());
    const settle = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const wasmAtStart = await memPage.evaluate(() => window.bench.wasmBytes());
    const wasmBase = await memPage.evaluate(([n, c]) => window.bench.churn(n, c), [name, plan.memoryBaseline]);
    const heapBase = await settle();
    const wasmEnd = await memPage.evaluate(([n, c]) => window.bench.churn(n, c), [name, plan.memoryCalls - plan.memoryBaseline]);
    const heapEnd = await settle();
    results.memory[name] = {
      calls: [plan.memoryBaseline, plan.memoryCalls],
      wasmBytes: name === 'ours' ? { atStart: wasmAtStart, baseline: wasmBase, end: wasmEnd, growth: wasmEnd - wasmBase } : null,
      jsHeapBytes: { baseline: heapBase, end: heapEnd, growth: heapEnd - heapBase },
    };
    await memContext.close();
  }
  return results;
}

async function main() {
  const { quick, breakdown } = parseArgs(process.argv.slice(2));
  const plan = PLANS[quick ? 'quick' : 'full'];
  const started = Date.now();
  const loadBefore = load();
  const command = `node bench/run.mjs${quick ? ' --quick' : ''}`;

  if (!existsSync(path.join(BENCH, 'node_modules', 'esbuild'))) {
    throw new Error('bench/node_modules is missing: run `npm ci` in bench/ first');
  }
  if (!existsSync(path.join(ROOT, 'pkg', 'pinecone_backup_schedules_bg.wasm'))) {
    throw new Error('no built package in pkg/: run `bash scripts/build.sh` first');
  }
  // Loaded here, after the checks above, so a missing install gets a plain message.
  const { chromium } = await import('playwright-core');
  const { buildBundles } = await import('./lib/bundle.mjs');

  step('bundling the contenders with esbuild');
  const sizes = await buildBundles({ benchDir: BENCH, root: ROOT, outDir: path.join(RESULTS, 'www') });

  const blackhole = await startBlackhole();
  const emulator = await startEmulator(ROOT, path.join(RESULTS, 'www'));
  let browser;
  const stray = [];
  const pageErrors = [];
  let figures;
  try {
    step(`emulator at ${emulator.url}; launching ${CHROMIUM}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      proxy: { server: blackhole.server, bypass: '127.0.0.1' },
      timeout: 30_000,
    });
    const cdpOf = (context, page) => context.newCDPSession(page);
    try {
      figures = await measure(plan, emulator.url, emulator, browser, stray, pageErrors, cdpOf);
    } catch (error) {
      // Say exactly what the emulator refused, if anything: that is usually the cause.
      const refused = (await emulator.requests().catch(() => [])).filter((r) => r.status >= 400);
      if (refused.length) {
        const lines = refused.map(
          (r) => `  ${r.method} ${r.path} -> ${r.status}; headers: ${Object.keys(r.headers).join(', ')}; body: ${r.body ?? ''}`,
        );
        error.message += `\nthe emulator refused:\n${lines.join('\n')}`;
      }
      throw error;
    }
    figures.chromium = browser.version();
  } finally {
    await browser?.close().catch(() => {});
    await emulator.stop();
    await blackhole.stop();
  }

  let wasm = { skipped: '--quick or --no-breakdown' };
  if (breakdown) {
    step('size breakdown of the .wasm (wasm-bindgen --keep-debug, wasm-opt -Oz -g, twiggy)');
    wasm = wasmBreakdown(ROOT);
  }

  const report = {
    date: new Date(started).toISOString(),
    command,
    mode: quick ? 'quick' : 'full',
    seconds: Math.round((Date.now() - started) / 100) / 10,
    environment: {
      node: process.version,
      chromium: figures.chromium,
      package: packageVersion(path.join(ROOT, 'pkg')),
      sdk: packageVersion(path.join(BENCH, 'node_modules', '@pinecone-database', 'pinecone')),
      esbuild: packageVersion(path.join(BENCH, 'node_modules', 'esbuild')),
      cpus: os.cpus().length,
      // One-minute load average before and after: above the core count, other work shared
      // the CPUs and absolute times are inflated (ratios side by side still hold better).
      loadAverage: [loadBefore, load()],
    },
    plan,
    sizes,
    ...figures,
    wasmBreakdown: wasm,
    safety: { nonLoopbackRequests: stray, blackholeAttempts: blackhole.attempts, pageErrors },
  };
  report.targets = judge(report);

  mkdirSync(RESULTS, { recursive: true });
  const base = quick ? 'quick' : 'latest';
  writeFileSync(path.join(RESULTS, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(RESULTS, `${base}.md`), renderMarkdown(report));
  console.log(renderTable(report));
  console.log(`\nwritten: bench/results/${base}.json and bench/results/${base}.md (${report.seconds} s)`);
}

main().catch((error) => {
  console.error(`bench: ${error.stack || error}`);
  process.exit(1);
});
