// Browser tests of the demo page (www/) against the local emulator, in headless Chromium.
// Run from the repository root: node --test tests/page/

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';

import {
  API_KEY,
  admin,
  apiRequests,
  connect,
  cspViolations,
  launchBrowser,
  openPage,
  runAxe,
  scheduleRow,
  screenshot,
  settled,
  startEmulator,
  unexpectedConsoleErrors,
} from './support.mjs';

const TEST_TIMEOUT = 90_000;

let emulator;
let browser;
let session; // { context, page, seen } of the running test

before(async () => {
  emulator = await startEmulator();
  browser = await launchBrowser();
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
  await emulator?.stop();
}, { timeout: 30_000 });

beforeEach(async () => {
  await admin(emulator.url, 'POST', '/_emulator/reset');
}, { timeout: 10_000 });

afterEach(async () => {
  await session?.context.close();
  session = undefined;
}, { timeout: 10_000 });

async function open(options) {
  session = await openPage(browser, emulator.url, options);
  return session;
}

/** What must hold at the end of every test, whatever it did. */
async function assertNothingBad({ page, seen }, allowedStatuses = []) {
  assert.deepEqual(await cspViolations(page), [], 'CSP violations');
  assert.deepEqual(seen.dialogs, [], 'dialogs opened by the page');
  assert.deepEqual(seen.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(unexpectedConsoleErrors(seen, allowedStatuses), [], 'console errors');
}

async function fieldErrors(page, testid) {
  return page.getByTestId(testid).locator('.msg-error').allTextContents();
}

describe('demo page', () => {
  test('(a) create succeeds, the result is shown, and exactly one POST went out', { timeout: TEST_TIMEOUT }, async () => {
    const { page, seen } = await open();
    await page.getByTestId('api-key').fill(API_KEY);
    await page.getByTestId('index-name').fill('docs-example');
    await page.getByTestId('schedule-name').fill('docs-weekly');
    await page.getByTestId('frequency').selectOption('weekly');
    await page.getByTestId('retention').fill('30');

    // The preview says at a glance what "weekly, keep 30 days" means.
    await assert.doesNotReject(
      page.waitForFunction(
        () => /every week, each kept 30 days: up to 5 backups/.test(document.querySelector('[data-testid="timeline-summary"]').textContent),
        null,
        { timeout: 5_000 },
      ),
    );
    assert.equal(await page.locator('[data-testid="timeline-svg"] rect').count(), 6);
    assert.equal(await page.locator('[data-testid="timeline-list"] li').count(), 6);

    const create = page.getByTestId('create-button');
    assert.equal(await create.isEnabled(), true, 'create is enabled for valid input');
    await create.click();
    await page.getByTestId('result-name').waitFor();
    await settled(page);

    assert.equal(await page.getByTestId('result-name').textContent(), 'docs-weekly');
    assert.equal(await page.getByTestId('result-frequency').textContent(), 'Weekly');
    assert.equal(await page.getByTestId('result-retention').textContent(), '30 days');
    assert.equal(await page.getByTestId('result-enabled').textContent(), 'Enabled');
    const nextRun = await page.getByTestId('result-next-run').textContent();
    assert.match(nextRun, /\d{1,2}\/\d{1,2}\/\d{4}, \d{1,2}:\d{2}:\d{2} [AP]M/, 'next run in local time');

    const json = JSON.parse(await page.getByTestId('result-json').textContent());
    assert.equal(json.name, 'docs-weekly');
    assert.equal(json.frequency, 'weekly');
    assert.equal(json.retention_expire_after_days, 30);
    assert.equal(json.enabled, true);
    assert.equal(await page.getByTestId('result-id').textContent(), json.schedule_id);
    assert.equal(await page.getByTestId('create-alert').textContent(), '');

    // The manager refreshed and lists the new schedule.
    const row = scheduleRow(page, 'docs-weekly');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-schedule-id'), json.schedule_id);
    assert.equal(await row.getByTestId('toggle-enabled').getAttribute('aria-checked'), 'true');

    const posts = (await apiRequests(emulator.url)).filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'exactly one POST');
    assert.equal(posts[0].path, '/indexes/docs-example/backup-schedules');
    assert.equal(posts[0].status, 200);
    assert.deepEqual(JSON.parse(posts[0].body), {
      name: 'docs-weekly',
      schedule: { type: 'time-based', frequency: 'weekly' },
      retention: { expire_after_days: 30 },
    });
    assert.equal(posts[0].headers['api-key'], API_KEY);
    assert.equal(posts[0].headers['x-pinecone-api-version'], '2026-07');

    await screenshot(page, 'demo-created.png');
    await assertNothingBad(session);
    assert.deepEqual(seen.consoleErrors, []);
  });

  test('(b) invalid input shows inline errors and sends nothing', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open();
    const create = page.getByTestId('create-button');
    assert.equal(await create.isDisabled(), true, 'disabled before a name is typed');
    assert.deepEqual(await fieldErrors(page, 'msg-name'), [], 'no error before the user typed');

    await page.getByTestId('api-key').fill(API_KEY);
    await page.getByTestId('schedule-name').fill('x');
    await page.getByTestId('schedule-name').fill('');
    await page.getByTestId('retention').fill('0');
    await page.getByTestId('index-name').fill('a'.repeat(46));

    assert.ok((await fieldErrors(page, 'msg-name')).length > 0, 'empty name is reported');
    assert.ok((await fieldErrors(page, 'msg-retention')).length > 0, 'retention 0 is reported');
    assert.ok((await fieldErrors(page, 'msg-index-name')).length > 0, 'a 46-character index name is reported');
    assert.equal(await page.getByTestId('schedule-name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByTestId('retention').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByTestId('index-name').getAttribute('aria-invalid'), 'true');
    assert.equal(await create.isDisabled(), true, 'disabled while errors exist');
    assert.match(await page.getByTestId('create-hint').textContent(), /Fix 3 problems/);
    assert.equal(await page.getByTestId('timeline-svg').count(), 0, 'no preview for retention 0');

    // Enter in a field submits the form; the page must still send nothing.
    await page.getByTestId('schedule-name').press('Enter');
    await page.getByTestId('retention').press('Enter');
    await screenshot(page, 'demo-invalid.png');

    // Fixing one field clears only its message.
    await page.getByTestId('retention').fill('14');
    assert.deepEqual(await fieldErrors(page, 'msg-retention'), []);
    assert.equal(await page.getByTestId('retention').getAttribute('aria-invalid'), null);
    assert.ok((await fieldErrors(page, 'msg-name')).length > 0);

    // A name whose backups would get invalid names is a warning: shown, but not blocking.
    await page.getByTestId('index-name').fill('docs-example');
    await page.getByTestId('schedule-name').fill('Nightly Backup Of The Documentation Index');
    assert.deepEqual(await fieldErrors(page, 'msg-name'), []);
    const warnings = await page.getByTestId('msg-name').locator('.msg-warning').allTextContents();
    assert.ok(warnings.length > 0, 'the long, mixed-case name gets a warning');
    assert.equal(await create.isEnabled(), true, 'warnings do not block');

    await page.waitForTimeout(300);
    assert.deepEqual(await apiRequests(emulator.url), [], 'the emulator saw no API request');
    await assertNothingBad(session);
  });

  test('(c) a 409 on create is explained in plain words with a way to the enabled schedule', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open();
    await page.getByTestId('api-key').fill(API_KEY);
    await page.getByTestId('index-name').fill('support-tickets');
    await page.getByTestId('schedule-name').fill('tickets-second');
    await page.getByTestId('create-button').click();

    const alert = page.getByTestId('create-alert');
    await alert.getByTestId('alert-title').waitFor();
    await settled(page);
    assert.equal(await alert.getAttribute('role'), 'alert');
    const text = await alert.textContent();
    assert.match(text, /this index already has an enabled schedule; disable or delete it first/i);
    assert.equal(await alert.getByTestId('alert-name').textContent(), 'PineconeApiError');
    assert.equal(await alert.getByTestId('alert-status').textContent(), '409');
    assert.equal(await alert.getByTestId('alert-code').textContent(), 'ALREADY_EXISTS');
    assert.ok((await alert.getByTestId('alert-message').textContent()).length > 0);
    assert.equal(await page.getByTestId('result-body').isHidden(), true, 'no result on failure');

    await alert.getByTestId('jump-to-enabled').click();
    const row = scheduleRow(page, 'nightly-support');
    await row.waitFor();
    await settled(page);
    assert.match(await row.getAttribute('class'), /is-highlighted/);
    const focused = await page.evaluate(() => document.activeElement?.closest('tr')?.dataset.name);
    assert.equal(focused, 'nightly-support', 'focus is on the enabled schedule');

    const posts = (await apiRequests(emulator.url)).filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1);
    assert.equal(posts[0].status, 409);
    await screenshot(page, 'demo-conflict.png');
    await assertNothingBad(session, [409]);
  });

  test('(d) the manager walks disable, conflict, edit, history and delete', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open();
    await connect(page, 'support-tickets');
    const nightly = scheduleRow(page, 'nightly-support');
    const archive = scheduleRow(page, 'weekly-archive');
    assert.equal(await page.getByTestId('schedule-row').count(), 2);
    assert.equal(await nightly.getByTestId('toggle-enabled').getAttribute('aria-checked'), 'true');
    assert.equal(await archive.getByTestId('toggle-enabled').getAttribute('aria-checked'), 'false');
    assert.equal(await archive.getByTestId('row-next-run').textContent(), 'Paused');

    // Disable the enabled one.
    await nightly.getByTestId('toggle-enabled').click();
    await settled(page);
    assert.equal(await nightly.getByTestId('toggle-enabled').getAttribute('aria-checked'), 'false');

    // Now a new schedule can be created on the index.
    await page.getByTestId('schedule-name').fill('tickets-daily');
    await page.getByTestId('create-button').click();
    await scheduleRow(page, 'tickets-daily').waitFor();
    await settled(page);
    assert.equal(await scheduleRow(page, 'tickets-daily').getByTestId('toggle-enabled').getAttribute('aria-checked'), 'true');

    // Re-enabling the old one conflicts with the new one, and the page says why.
    await nightly.getByTestId('toggle-enabled').click();
    const managerAlert = page.getByTestId('manager-alert');
    await managerAlert.getByTestId('alert-title').waitFor();
    await settled(page);
    assert.match(await managerAlert.textContent(), /already enabled/i);
    assert.match(await managerAlert.textContent(), /only one schedule per index can be enabled/i);
    assert.equal(await managerAlert.getByTestId('alert-status').textContent(), '409');
    assert.equal(await nightly.getByTestId('toggle-enabled').getAttribute('aria-checked'), 'false');
    await managerAlert.getByTestId('jump-to-enabled').click();
    await settled(page);
    assert.match(await scheduleRow(page, 'tickets-daily').getAttribute('class'), /is-highlighted/);

    // Edit: a retention above the project's maximum is refused inside the dialog...
    await nightly.getByTestId('edit').click();
    const dialog = page.getByTestId('edit-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('edit-frequency').inputValue(), 'daily');
    assert.equal(await page.getByTestId('edit-retention').inputValue(), '7');
    await page.getByTestId('edit-frequency').selectOption('weekly');
    await page.getByTestId('edit-retention').fill('120');
    await page.getByTestId('edit-save').click();
    await page.getByTestId('edit-alert').getByTestId('alert-title').waitFor();
    await settled(page);
    assert.equal(await page.getByTestId('edit-alert').getByTestId('alert-status').textContent(), '400');
    assert.equal(await dialog.isVisible(), true, 'the dialog stays open on failure');

    // ...and a valid change is saved and shown.
    await page.getByTestId('edit-retention').fill('14');
    await page.getByTestId('edit-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await settled(page);
    assert.equal(await nightly.getByTestId('row-frequency').textContent(), 'Weekly');
    assert.equal(await nightly.getByTestId('row-retention').textContent(), '14 days');
    const patches = (await apiRequests(emulator.url)).filter((r) => r.method === 'PATCH');
    assert.deepEqual(patches.map((r) => [JSON.parse(r.body), r.status]), [
      [{ enabled: false }, 200],
      [{ enabled: true }, 409],
      [{ frequency: 'weekly', retention: { expire_after_days: 120 } }, 400],
      [{ frequency: 'weekly', retention: { expire_after_days: 14 } }, 200],
    ]);

    // History, including the sparse backup whose optional fields are all missing.
    await nightly.getByTestId('history').click();
    const panel = page.getByTestId('history-panel');
    await panel.waitFor({ state: 'visible' });
    await settled(page);
    const rows = panel.getByTestId('history-row');
    assert.equal(await rows.count(), 3);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => Object.fromEntries(
        ['history-backup-name', 'history-status', 'history-records', 'history-namespaces', 'history-size', 'history-created']
          .map((id) => [id.replace('history-', ''), tr.querySelector(`[data-testid="${id}"]`).textContent]),
      )));
    const full = cells.find((c) => c.records !== '—');
    assert.ok(full, 'one backup has its counts');
    assert.equal(full.records, '18,240');
    assert.equal(full.namespaces, '3');
    assert.equal(full.size, '94.4 MB');
    assert.equal(full.status, 'Ready');
    const sparse = cells.filter((c) => c.records === '—' && c.size === '—' && c.namespaces === '—');
    assert.ok(sparse.length >= 1, 'a sparse backup shows dashes');
    assert.ok(cells.some((c) => c.status === 'InitializationFailed'));
    for (const c of cells) assert.match(c.created, /2026/, 'created time is shown');
    await screenshot(page, 'demo-manager.png');

    // Delete asks first; "keep it" changes nothing.
    const daily = scheduleRow(page, 'tickets-daily');
    await daily.getByTestId('delete').click();
    const confirm = page.getByTestId('delete-dialog');
    await confirm.waitFor({ state: 'visible' });
    assert.match(await confirm.textContent(), /tickets-daily/);
    await page.getByTestId('delete-cancel').click();
    await confirm.waitFor({ state: 'hidden' });
    assert.equal(await daily.count(), 1);
    assert.equal((await apiRequests(emulator.url)).filter((r) => r.method === 'DELETE').length, 0);

    await daily.getByTestId('delete').click();
    await confirm.waitFor({ state: 'visible' });
    await page.getByTestId('delete-confirm').click();
    await confirm.waitFor({ state: 'hidden' });
    await settled(page);
    assert.equal(await daily.count(), 0, 'the deleted schedule is gone');
    assert.deepEqual(
      await page.getByTestId('row-name').allTextContents(),
      ['nightly-support', 'weekly-archive'],
    );
    const deletes = (await apiRequests(emulator.url)).filter((r) => r.method === 'DELETE');
    assert.equal(deletes.length, 1);
    assert.match(deletes[0].path, /^\/backup-schedules\/[^/]+$/);
    assert.equal(deletes[0].status, 204);

    await assertNothingBad(session, [400, 409]);
  });

  test('(e) hostile server strings render as text and the layout holds', { timeout: TEST_TIMEOUT }, async () => {
    await admin(emulator.url, 'POST', '/_emulator/config', { hostile_strings: true });
    const { page } = await open({ viewport: { width: 390, height: 844 } });
    await connect(page, 'support-tickets');

    // A create that succeeds (names come back hostile) and one that fails (message hostile).
    await page.getByTestId('index-name').fill('docs-example');
    await page.getByTestId('schedule-name').fill('docs-daily');
    await page.getByTestId('create-button').click();
    await page.getByTestId('result-name').waitFor();
    await settled(page);
    await page.getByTestId('index-name').fill('legacy-pods');
    await page.getByTestId('create-button').click();
    await page.getByTestId('create-alert').getByTestId('alert-title').waitFor();
    await settled(page);

    await connect(page, 'support-tickets');
    const names = await page.getByTestId('row-name').allTextContents();
    assert.equal(names.length, 2);
    for (const name of names) {
      assert.ok(name.includes('<img src=x onerror=alert(1)>'), `markup shown as text: ${name.slice(0, 60)}`);
      assert.ok(name.includes('<script>alert(1)</script>'));
    }
    assert.ok((await page.getByTestId('result-name').textContent()).includes('<img src=x'));
    // A right-to-left override would show "fdp.exe" as "exe.pdf": it is shown as a code point.
    assert.ok(names[0].includes('⟨U+202E⟩fdp.exe⟨U+202C⟩'), 'bidi controls are made visible');
    const hiddenChars = await page.evaluate(() =>
      /[\u200B\u202A-\u202E\u2066-\u2069]/.test(document.querySelector('header').textContent + document.querySelector('main').textContent));
    assert.equal(hiddenChars, false, 'no invisible reordering characters reach the page');
    const json = JSON.parse(await page.getByTestId('result-json').textContent());
    assert.ok(json.name.includes('\u202Efdp.exe'), 'the raw JSON stays valid and exact');
    assert.ok((await page.getByTestId('alert-message').textContent()).includes('<script>'));

    await page.getByTestId('schedule-row').first().getByTestId('history').click();
    await page.getByTestId('history-row').first().waitFor();
    await settled(page);
    assert.ok((await page.getByTestId('history-backup-name').first().textContent()).includes('<img'));

    const injected = await page.evaluate(() => ({
      pwned: typeof window.__pwned,
      images: document.querySelectorAll('main img, dialog img').length,
      scripts: document.querySelectorAll('body script').length,
      links: document.querySelectorAll('a[href^="javascript"]').length,
    }));
    assert.deepEqual(injected, { pwned: 'undefined', images: 0, scripts: 0, links: 0 });

    const overflow = async () => page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const boxes = [...document.querySelectorAll('.table-wrap, .card, .alert, pre')].filter((e) => e.offsetParent);
      return {
        page: document.documentElement.scrollWidth - width,
        boxes: boxes
          .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > width + 1)
          .map((e) => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}`),
      };
    });
    assert.deepEqual(await overflow(), { page: 0, boxes: [] }, 'nothing overflows at 390 px');
    await screenshot(page, 'demo-hostile-mobile.png');

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(100);
    assert.deepEqual(await overflow(), { page: 0, boxes: [] }, 'nothing overflows at 1280 px');
    await screenshot(page, 'demo-hostile.png');

    await assertNothingBad(session, [400]);
  });

  test('(f) a full session causes no CSP violation and no console error', { timeout: TEST_TIMEOUT }, async () => {
    const { page, seen } = await open();
    await connect(page, 'support-tickets');
    await scheduleRow(page, 'nightly-support').getByTestId('history').click();
    await page.getByTestId('history-row').first().waitFor();
    await settled(page);
    await scheduleRow(page, 'weekly-archive').getByTestId('edit').click();
    await page.getByTestId('edit-cancel').click();
    await connect(page, 'docs-example');
    await page.getByTestId('schedule-name').fill('docs-monthly');
    await page.getByTestId('frequency').selectOption('monthly');
    await page.getByTestId('create-button').click();
    await scheduleRow(page, 'docs-monthly').waitFor();
    await settled(page);
    await page.getByTestId('forget-key').click();

    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(seen.consoleErrors, []);
    await assertNothingBad(session);

    // The recorder itself works: a violation made on purpose (last, since the browser
    // also logs it as a console error) is caught. The blocked load never leaves the browser.
    const probe = await page.evaluate(async () => {
      const before = window.__cspViolations.length;
      const img = document.createElement('img');
      img.src = 'https://example.invalid/probe.png';
      document.body.append(img);
      await new Promise((resolve) => setTimeout(resolve, 200));
      img.remove();
      const caught = window.__cspViolations.splice(before);
      return caught.map((v) => v.directive);
    });
    assert.deepEqual(probe, ['img-src']);
  });

  test('(g) axe-core finds nothing serious or critical, light and dark', { timeout: TEST_TIMEOUT }, async () => {
    const serious = (violations) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const { page } = await open();
    await connect(page, 'support-tickets');
    // Fill the page: an error alert, a result, inline messages and the history.
    await page.getByTestId('schedule-name').fill('Tickets Nightly Backup With A Long Name');
    await page.getByTestId('create-button').click();
    await page.getByTestId('create-alert').getByTestId('alert-title').waitFor();
    await settled(page);
    await scheduleRow(page, 'nightly-support').getByTestId('history').click();
    await page.getByTestId('history-row').first().waitFor();
    await settled(page);
    await page.getByTestId('retention').fill('0');

    assert.deepEqual(serious(await runAxe(page)), [], 'light scheme');

    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(serious(await runAxe(page)), [], 'dark scheme');
    await screenshot(page, 'demo-dark.png');

    await scheduleRow(page, 'weekly-archive').getByTestId('edit').click();
    await page.getByTestId('edit-dialog').waitFor({ state: 'visible' });
    assert.deepEqual(serious(await runAxe(page)), [], 'with the edit dialog open');
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-dialog').waitFor({ state: 'hidden' });

    await assertNothingBad(session, [409]);
  });

  test('(h) the API key is used but never stored', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open();
    const key = page.getByTestId('api-key');
    assert.equal(await key.getAttribute('type'), 'password');
    assert.equal(await key.getAttribute('autocomplete'), 'off');

    await connect(page, 'support-tickets');
    await page.getByTestId('api-version').selectOption('unstable');
    await settled(page);
    await page.getByTestId('schedule-name').fill('tickets-key-check');
    await page.getByTestId('create-button').click();
    await page.getByTestId('create-alert').getByTestId('alert-title').waitFor();
    await settled(page);

    const requests = await apiRequests(emulator.url);
    assert.ok(requests.length >= 3);
    assert.ok(requests.every((r) => r.headers['api-key'] === API_KEY), 'every call carries the key');
    assert.deepEqual(
      requests.map((r) => r.headers['x-pinecone-api-version']),
      ['2026-07', 'unstable', 'unstable'],
      'the version follows the select',
    );

    const stored = await page.evaluate(() => {
      const dump = (storage) => Array.from({ length: storage.length }, (_, i) => `${storage.key(i)}=${storage.getItem(storage.key(i))}`);
      return {
        local: dump(localStorage),
        session: dump(sessionStorage),
        cookie: document.cookie,
        inMarkup: document.documentElement.outerHTML.includes('emulator-key"'),
        url: location.href,
      };
    });
    assert.deepEqual(stored.local, []);
    assert.deepEqual(stored.session, []);
    assert.equal(stored.cookie, '');
    assert.equal(stored.inMarkup, false, 'the key is not written into an attribute');
    assert.ok(!stored.url.includes(API_KEY));

    // Forgetting the key clears the field, and later calls go without it.
    await page.getByTestId('forget-key').click();
    assert.equal(await key.inputValue(), '');
    await page.getByTestId('refresh').click();
    await page.getByTestId('manager-alert').getByTestId('alert-title').waitFor();
    await settled(page);
    assert.equal(await page.getByTestId('manager-alert').getByTestId('alert-status').textContent(), '401');
    const last = (await apiRequests(emulator.url)).at(-1);
    assert.equal(last.headers['api-key'], undefined, 'no key header after forgetting');

    // A reload brings nothing back.
    await page.reload();
    await page.waitForSelector('html[data-app="ready"]', { timeout: 15_000 });
    assert.equal(await key.inputValue(), '');
    await assertNothingBad(session, [401, 409]);
  });

  test('(i) busy while in flight, retries visible, persistent failures explained', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open();
    await connect(page, 'docs-example');

    // A slow create: the button says so and cannot be pressed twice.
    await admin(emulator.url, 'POST', '/_emulator/faults', {
      method: 'POST', path: '/indexes/docs-example/backup-schedules', mode: 'delay', delay_ms: 1500,
    });
    await page.getByTestId('schedule-name').fill('docs-slow');
    const create = page.getByTestId('create-button');
    await create.click();
    assert.equal(await create.getAttribute('aria-busy'), 'true');
    assert.equal(await create.isDisabled(), true);
    assert.equal(await create.locator('.btn-label').textContent(), 'Creating…');
    assert.equal(await create.locator('.spinner').isVisible(), true);
    await page.getByTestId('result-name').waitFor();
    await settled(page);
    assert.equal(await create.getAttribute('aria-busy'), null);
    assert.equal(await create.locator('.btn-label').textContent(), 'Create schedule');
    assert.equal((await apiRequests(emulator.url)).filter((r) => r.method === 'POST').length, 1);

    // One 503 on the list is retried by the package; the activity log shows it.
    await admin(emulator.url, 'POST', '/_emulator/faults', {
      method: 'GET', path: '/indexes/docs-example/backup-schedules', mode: 'replace', status: 503,
    });
    await page.getByTestId('refresh').click();
    await settled(page);
    assert.equal(await page.getByTestId('manager-alert').textContent(), '');
    assert.equal(await scheduleRow(page, 'docs-slow').count(), 1);
    const activity = await page.getByTestId('activity-list').allTextContents();
    assert.match(activity.join('\n'), /retry · attempt 1 · HTTP 503/);

    // A 503 that outlasts the retries is explained.
    const row = scheduleRow(page, 'docs-slow');
    const id = await row.getAttribute('data-schedule-id');
    await admin(emulator.url, 'POST', '/_emulator/faults', {
      method: 'GET', path: `/backup-schedules/${id}/history`, mode: 'replace', status: 503, count: 10,
    });
    await row.getByTestId('history').click();
    const alert = page.getByTestId('history-alert');
    await alert.getByTestId('alert-title').waitFor({ timeout: 15_000 });
    await settled(page);
    assert.match(await alert.getByTestId('alert-title').textContent(), /Pinecone had a problem/);
    assert.equal(await alert.getByTestId('alert-status').textContent(), '503');
    assert.equal(await page.getByTestId('history-empty').isHidden(), true, 'no "no backups" claim on failure');
    await assertNothingBad(session, [503]);
  });
});
