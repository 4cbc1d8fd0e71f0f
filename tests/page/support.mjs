// Shared plumbing of the page tests: the emulator process, the browser, and a page
// that records everything that must not happen (CSP violations, dialogs, errors).

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.mjs';
import { adminCall, spawnEmulator } from '../support/emulator.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = path.join(ROOT, 'artifacts');
export const API_KEY = 'emulator-key';

const STARTUP_TIMEOUT_MS = 20_000;
const ADMIN_TIMEOUT_MS = 5_000;

/** Uses EMULATOR_URL when set, otherwise starts target/debug/emulator on a free port. */
export async function startEmulator() {
  if (process.env.EMULATOR_URL) {
    return { url: process.env.EMULATOR_URL.replace(/\/+$/, ''), stop: async () => {} };
  }
  if (!existsSync(path.join(ROOT, 'pkg', 'pinecone_backup_schedules.js'))) {
    throw new Error('no built package in pkg/: run bash scripts/build.sh first');
  }
  return spawnEmulator({
    args: ['--admin', '--www', 'www', '--pkg', 'pkg', '--quiet'],
    cwd: ROOT,
    timeoutMs: STARTUP_TIMEOUT_MS,
  });
}

/** Calls the emulator's admin API and returns the parsed JSON answer (or null). */
export function admin(baseUrl, method, route, body) {
  return adminCall(baseUrl, method, route, body, { timeoutMs: ADMIN_TIMEOUT_MS });
}

/** The API requests the emulator has seen since its last reset (admin and static files excluded). */
export async function apiRequests(baseUrl) {
  const answer = await admin(baseUrl, 'GET', '/_emulator/requests');
  const records = Array.isArray(answer) ? answer : answer?.requests;
  if (!Array.isArray(records)) throw new Error(`unexpected /_emulator/requests answer: ${JSON.stringify(answer)}`);
  return records.filter((r) => /^\/(indexes|backup-schedules)(\/|$)/.test(r.path) && r.method !== 'OPTIONS');
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: STARTUP_TIMEOUT_MS });
}

const AXE_SOURCE = readFileSync(
  createRequire(path.join(ROOT, 'tests', 'package.json')).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * A fresh context and page with recorders for what must never happen. The init script
 * runs before the page's own code, so it sees every CSP violation from the start.
 */
export async function openPage(browser, baseUrl, { colorScheme = 'light', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({
    viewport,
    colorScheme,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push({
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        sample: event.sample,
      });
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const seen = { dialogs: [], consoleErrors: [], pageErrors: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));

  await page.goto(`${baseUrl}/`, { waitUntil: 'load', timeout: 15_000 });
  await page.waitForSelector('html[data-app]', { timeout: 15_000 });
  const appState = await page.getAttribute('html', 'data-app');
  if (appState !== 'ready') {
    const alert = await page.textContent('[data-testid="page-alert"]');
    throw new Error(`the page did not become ready (${appState}): ${alert}`);
  }
  return { context, page, seen };
}

/** Console errors other than the browser's own line for an HTTP error status the test expects. */
export function unexpectedConsoleErrors(seen, allowedStatuses = []) {
  return seen.consoleErrors.filter((text) => {
    const match = text.match(/the server responded with a status of (\d{3})/);
    return !(match && allowedStatuses.includes(Number(match[1])));
  });
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations);
}

/** Waits until no element on the page is marked busy (every request has settled). */
export async function settled(page, timeout = 10_000) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout });
}

export async function connect(page, indexName) {
  await page.getByTestId('api-key').fill(API_KEY);
  await page.getByTestId('index-name').fill(indexName);
  await page.getByTestId('load-schedules').click();
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid="manager-index"]')?.textContent === name,
    indexName,
    { timeout: 10_000 },
  );
  await settled(page);
}

export function scheduleRow(page, name) {
  return page.locator(`[data-testid="schedule-row"][data-name="${name}"]`);
}

export async function runAxe(page) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const report = await axe.run(document, { resultTypes: ['violations'] });
    return report.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return result;
}

/**
 * Full-page screenshot. Chromium leaves a stale scroll offset behind one (snapped back on
 * the next input, under the pointer of the next click), so the offset is put back.
 */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const scroll = await page.evaluate(() => [window.scrollX, window.scrollY]);
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true, timeout: 15_000 });
  await page.evaluate(([x, y]) => new Promise((resolve) => {
    window.scrollTo(x, y);
    requestAnimationFrame(() => resolve());
  }), scroll);
}
