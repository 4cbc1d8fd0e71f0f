// Demo page of pinecone-backup-schedules. Plain ES module, no build step.
// Rules kept throughout: server text goes into the DOM as text only, the API key
// lives in the input field and nowhere else, and every call gets the same
// connection options.

import {
  DASH,
  el,
  formatBytes,
  formatCount,
  formatDateTime,
  formatDays,
  formatFrequency,
  missing,
  plural,
  revealJson,
  setText,
  short,
} from './dom.js';
import { renderTimeline } from './timeline.js';

const PACKAGE_URL = '/pkg/pinecone_backup_schedules.js';
const PAGE_SIZE = 50;
// A misbehaving server could hand out tokens forever; stop well before that hurts.
const MAX_PAGES = 100;
const MAX_ACTIVITY = 100;

const $ = (id) => document.getElementById(id);

const ui = {
  status: $('status'),
  pageAlert: $('page-alert'),
  connectionForm: $('connection-form'),
  baseUrl: $('base-url'),
  apiKey: $('api-key'),
  forgetKey: $('forget-key'),
  apiVersion: $('api-version'),
  indexName: $('index-name'),
  loadSchedules: $('load-schedules'),
  createForm: $('create-form'),
  name: $('schedule-name'),
  frequency: $('frequency'),
  retention: $('retention'),
  createButton: $('create-button'),
  createHint: $('create-hint'),
  timeline: {
    canvas: $('timeline-canvas'),
    list: $('timeline-list'),
    summaryEl: $('timeline-summary'),
  },
  createAlert: $('create-alert'),
  resultEmpty: $('result-empty'),
  resultBody: $('result-body'),
  resultSummary: $('result-summary'),
  resultJson: $('result-json'),
  managerTitle: $('manager-title'),
  managerIndex: $('manager-index'),
  managerOn: $('manager-on'),
  refresh: $('refresh'),
  managerAlert: $('manager-alert'),
  schedulesWrap: document.querySelector('[data-testid="schedules-wrap"]'),
  schedulesBody: $('schedules-body'),
  schedulesEmpty: $('schedules-empty'),
  historyPanel: $('history-panel'),
  historyTitle: $('history-title'),
  historyName: $('history-name'),
  historyClose: $('history-close'),
  historyAlert: $('history-alert'),
  historyWrap: document.querySelector('[data-testid="history-wrap"]'),
  historyBody: $('history-body'),
  historyEmpty: $('history-empty'),
  activityList: $('activity-list'),
  editDialog: $('edit-dialog'),
  editForm: $('edit-form'),
  editName: $('edit-name'),
  editFrequency: $('edit-frequency'),
  editRetention: $('edit-retention'),
  editRetentionMsg: $('msg-edit-retention'),
  editAlert: $('edit-alert'),
  editCancel: $('edit-cancel'),
  editSave: $('edit-save'),
  deleteDialog: $('delete-dialog'),
  deleteForm: $('delete-form'),
  deleteName: $('delete-name'),
  deleteAlert: $('delete-alert'),
  deleteCancel: $('delete-cancel'),
  deleteConfirm: $('delete-confirm'),
};

// Where validation messages go, by the first segment of the issue's path.
const FIELDS = {
  indexName: { input: ui.indexName, msg: $('msg-index-name') },
  name: { input: ui.name, msg: $('msg-name') },
  schedule: { input: ui.frequency, msg: $('msg-frequency') },
  retention: { input: ui.retention, msg: $('msg-retention') },
  'options.apiKey': { input: ui.apiKey, msg: $('msg-api-key') },
  'options.baseUrl': { input: ui.baseUrl, msg: $('msg-base-url') },
  'options.apiVersion': { input: ui.apiVersion, msg: $('msg-api-version') },
  other: { input: null, msg: $('msg-other') },
};

const state = {
  api: null,
  validation: null,
  // Errors of a field show once the user has typed in it (or tried to submit);
  // until then an empty name is not yet a mistake.
  touched: new Set(['indexName', 'schedule', 'retention', 'options.apiKey', 'options.baseUrl', 'options.apiVersion', 'other']),
  submitAttempted: false,
  creating: false,
  loaded: false,
  loadSeq: 0,
  managerIndex: '',
  schedules: [],
  editing: null,
  deleting: null,
  historyFor: null,
  historySeq: 0,
};

// ---------------------------------------------------------------- connection

/** The options every call gets; the key is left out when empty. */
function connectionOptions() {
  const options = { apiVersion: ui.apiVersion.value };
  const baseUrl = ui.baseUrl.value.trim();
  if (baseUrl) options.baseUrl = baseUrl;
  const apiKey = ui.apiKey.value.trim();
  if (apiKey) options.apiKey = apiKey;
  return options;
}

function callOptions() {
  return { ...connectionOptions(), onEvent: logEvent };
}

/** Smooth scrolling, unless the user asked for less motion. */
function scrollBehavior() {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
}

function currentIndex() {
  return ui.indexName.value.trim();
}

// ---------------------------------------------------------------- status, activity

function announce(message) {
  setText(ui.status, message);
}

function logEvent(event) {
  const time = new Date(typeof event.time === 'number' ? event.time : Date.now()).toLocaleTimeString();
  const request = event.method && event.path ? `${event.method} ${event.path}` : event.operation;
  const parts = [time, request, event.type, `attempt ${event.attempt}`];
  if (typeof event.status === 'number') parts.push(`HTTP ${event.status}`);
  if (event.error) parts.push(event.error);
  if (typeof event.delayMs === 'number') parts.push(`next in ${Math.round(event.delayMs)} ms`);
  ui.activityList.prepend(el('li', { class: `ev-${event.type}` }, parts.join(' · ')));
  while (ui.activityList.childElementCount > MAX_ACTIVITY) ui.activityList.lastElementChild.remove();
  if (event.type === 'retry') {
    announce(`Retrying ${event.operation}${event.status ? ` after HTTP ${event.status}` : ''}…`);
  }
}

// ---------------------------------------------------------------- busy buttons

function setBusy(button, busy) {
  const label = button.querySelector('.btn-label');
  const isBusy = button.getAttribute('aria-busy') === 'true';
  if (busy === isBusy) return;
  if (busy) {
    button.dataset.wasFocused = String(document.activeElement === button);
    button.setAttribute('aria-busy', 'true');
    button.disabled = true;
    if (label && button.dataset.busyLabel) {
      button.dataset.idleLabel = label.textContent;
      label.textContent = button.dataset.busyLabel;
    }
  } else {
    button.removeAttribute('aria-busy');
    button.disabled = false;
    if (label && button.dataset.idleLabel) label.textContent = button.dataset.idleLabel;
    if (button.dataset.wasFocused === 'true' && !button.disabled) button.focus();
    delete button.dataset.wasFocused;
  }
}

// ---------------------------------------------------------------- errors

function clearAlert(region) {
  region.replaceChildren();
}

function apiStatus(err) {
  return err && err.name === 'PineconeApiError' && typeof err.status === 'number' ? err.status : null;
}

/** Plain-words title and explanation for a rejection, by error class and context. */
function describeError(err, ctx) {
  const name = err && typeof err === 'object' ? err.name : undefined;
  const status = apiStatus(err);
  switch (name) {
    case 'PineconeValidationError':
      return { title: 'Nothing was sent: the input is not valid', explain: 'Fix the points below and try again.' };
    case 'PineconeNetworkError':
      return {
        title: 'Could not reach the server',
        explain:
          'The request did not complete: the browser may be offline, the host may be blocked, or the server does not allow calls from this page (CORS). Pinecone’s API is built for servers; from a browser, use a same-origin proxy as the base URL.',
      };
    case 'PineconeTimeoutError':
      return { title: 'The request timed out', explain: 'No answer arrived in time, retries included. Check the base URL and try again.' };
    case 'PineconeAbortError':
      return { title: 'The request was cancelled', explain: '' };
    case 'PineconeResponseError':
      return {
        title: 'The answer was not understood',
        explain: 'The server reported success but sent something that is not what Pinecone returns. Is the base URL pointing at Pinecone or a proxy of it?',
      };
    case 'PineconeApiError':
      break;
    default:
      return { title: 'Something went wrong', explain: 'An unexpected error was raised; the details are below.' };
  }

  const scheduleGone = !['create', 'list'].includes(ctx.op);
  if (status === 409 && ctx.op === 'create') {
    return {
      title: 'This index already has an enabled schedule',
      explain: 'This index already has an enabled schedule; disable or delete it first. Only one schedule per index can be enabled at a time.',
      jump: true,
    };
  }
  if (status === 409 && ctx.op === 'enable') {
    return {
      title: 'Another schedule on this index is already enabled',
      explain: 'Only one schedule per index can be enabled at a time; disable the enabled one first, then enable this one.',
      jump: true,
    };
  }
  if (status === 401) {
    return { title: 'The API key was not accepted', explain: 'Check the key, or leave it empty behind a proxy that adds it.' };
  }
  if (status === 402) {
    return { title: 'Payment required', explain: 'The project has unpaid invoices; new backups are blocked until they are settled.' };
  }
  if (status === 403) {
    return {
      title: 'Not allowed for this project or key',
      explain: 'Scheduled backups need a Standard or Enterprise plan, and a key with permission to manage backups.',
    };
  }
  if (status === 404) {
    return scheduleGone
      ? { title: 'This schedule no longer exists', explain: 'It may have been deleted elsewhere. Refresh the list.' }
      : { title: `No index named “${ctx.indexName}” in this project`, explain: 'Check the index name in the connection panel.' };
  }
  if (status === 400) {
    return {
      title: 'The server rejected the request',
      explain: 'Its message below says why: for example a retention above the project’s maximum, or an index that is pod-based.',
    };
  }
  if (status === 422) {
    return { title: 'The server could not process the request', explain: 'A field was missing or had the wrong type.' };
  }
  if (status === 429) {
    return { title: 'Too many requests', explain: 'Pinecone is rate limiting; the package already retried. Wait a moment and try again.' };
  }
  if (status !== null && status >= 500) {
    return { title: 'Pinecone had a problem', explain: 'The server or a gateway failed and the retries did not help. Try again later.' };
  }
  return { title: `The server answered with status ${status ?? 'unknown'}`, explain: '' };
}

const ACTIONS = {
  create: 'create a schedule',
  list: 'list schedules',
  enable: 'enable a schedule',
  disable: 'disable a schedule',
  update: 'update a schedule',
  delete: 'delete a schedule',
  history: 'list backup history',
};

/** Fills an alert region with what failed, why, and what to do next. */
function showError(region, err, ctx) {
  const info = describeError(err, ctx);
  const isObject = err !== null && typeof err === 'object';
  const facts = [
    ['Error', isObject && err.name ? err.name : 'Error', 'alert-name'],
    ['Status', isObject ? err.status : null, 'alert-status'],
    ['Code', isObject ? err.code : null, 'alert-code'],
    ['Message', isObject ? err.message : String(err), 'alert-message'],
    ['Request id', isObject ? err.requestId : null, 'alert-request-id'],
    ['While trying to', ACTIONS[ctx.op], null],
  ].filter(([, value]) => value !== null && value !== undefined && value !== '');

  const parts = [el('p', { class: 'alert-title', 'data-testid': 'alert-title' }, info.title)];
  if (info.explain) parts.push(el('p', { 'data-testid': 'alert-explain' }, info.explain));
  if (isObject && Array.isArray(err.issues) && err.issues.length) {
    parts.push(
      el('ul', { 'data-testid': 'alert-issues' },
        err.issues.map((issue) => el('li', {}, issue.path ? el('code', {}, issue.path) : null, issue.path ? ': ' : '', issue.message))),
    );
  }
  parts.push(
    el('dl', { class: 'kv' },
      facts.map(([label, value, testid]) => [el('dt', {}, label), el('dd', { 'data-testid': testid }, String(value))])),
  );
  if (info.jump) {
    parts.push(
      el('button', {
        type: 'button',
        class: 'btn btn-secondary btn-small',
        'data-testid': 'jump-to-enabled',
        onclick: () => jumpToEnabled(ctx.indexName),
      }, 'Show the enabled schedule'),
    );
  }
  region.replaceChildren(...parts);
}

// ---------------------------------------------------------------- create form

function createRequest() {
  const days = ui.retention.valueAsNumber;
  return {
    name: ui.name.value,
    schedule: { type: 'time-based', frequency: ui.frequency.value },
    retention: { expire_after_days: Number.isNaN(days) ? undefined : days },
  };
}

function sentence(text) {
  const value = String(text ?? '');
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function fieldKey(path) {
  if (typeof path !== 'string') return 'other';
  for (const key of Object.keys(FIELDS)) {
    if (path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`)) return key;
  }
  return 'other';
}

function validate() {
  if (!state.api) return;
  let result;
  try {
    result = state.api.validateCreateBackupSchedule(currentIndex(), createRequest(), connectionOptions());
  } catch (err) {
    result = { ok: false, errors: [{ path: '', message: `validation failed: ${err?.message ?? err}` }], warnings: [] };
  }
  state.validation = result;

  const grouped = new Map(Object.keys(FIELDS).map((key) => [key, { errors: [], warnings: [] }]));
  for (const issue of result.errors ?? []) grouped.get(fieldKey(issue.path)).errors.push(issue);
  for (const issue of result.warnings ?? []) grouped.get(fieldKey(issue.path)).warnings.push(issue);

  for (const [key, field] of Object.entries(FIELDS)) {
    const { errors, warnings } = grouped.get(key);
    const visible = state.submitAttempted || state.touched.has(key) ? errors : [];
    // Messages name the rule, not the field ("must not be empty"): they sit under their field.
    const line = (issue, kind) =>
      el('p', { class: `msg msg-${kind}`, 'data-kind': kind, 'data-path': issue.path },
        key === 'other' && issue.path ? `${issue.path}: ${issue.message}` : sentence(issue.message));
    field.msg.replaceChildren(...visible.map((i) => line(i, 'error')), ...warnings.map((i) => line(i, 'warning')));
    if (field.input) {
      if (visible.length) field.input.setAttribute('aria-invalid', 'true');
      else field.input.removeAttribute('aria-invalid');
    }
  }

  const errorCount = result.errors?.length ?? 0;
  const nameOnlyUntouched = errorCount > 0 && !state.touched.has('name') && !state.submitAttempted
    && result.errors.every((issue) => fieldKey(issue.path) === 'name');
  if (nameOnlyUntouched) setText(ui.createHint, 'Name the schedule to create it.');
  else if (errorCount) setText(ui.createHint, `Fix ${plural(errorCount, 'problem', 'problems')} above to create.`);
  else setText(ui.createHint, `Creates “${short(ui.name.value)}” on ${currentIndex()}.`);
  updateCreateButton();
}

function updateCreateButton() {
  if (state.creating) return;
  ui.createButton.disabled = !state.api || !state.validation?.ok;
}

function updateTimeline() {
  renderTimeline(ui.timeline, ui.frequency.value, ui.retention.valueAsNumber);
}

async function onCreate(event) {
  event.preventDefault();
  if (!state.api || state.creating) return;
  state.submitAttempted = true;
  validate();
  if (!state.validation?.ok) {
    const firstInvalid = Object.values(FIELDS).find((f) => f.input?.getAttribute('aria-invalid') === 'true');
    firstInvalid?.input.focus();
    return;
  }

  const indexName = currentIndex();
  state.creating = true;
  setBusy(ui.createButton, true);
  clearAlert(ui.createAlert);
  announce(`Creating “${short(ui.name.value)}” on ${indexName}…`);
  try {
    const schedule = await state.api.createBackupSchedule(indexName, createRequest(), callOptions());
    showResult(schedule);
    announce(`Created “${short(schedule.name)}” on ${indexName}.`);
    await loadSchedules({ keepAlert: true, highlightId: schedule.schedule_id });
  } catch (err) {
    // A stale success under a fresh error reads as if this attempt had worked.
    ui.resultBody.hidden = true;
    ui.resultEmpty.hidden = false;
    showError(ui.createAlert, err, { op: 'create', indexName });
    announce('The schedule was not created.');
  } finally {
    state.creating = false;
    setBusy(ui.createButton, false);
    validate();
  }
}

function kvRow(label, value, testid) {
  return [el('dt', {}, label), el('dd', { 'data-testid': testid }, value ?? missing())];
}

function showResult(schedule) {
  const enabled = schedule.enabled === true;
  ui.resultSummary.replaceChildren(
    ...kvRow('Name', schedule.name, 'result-name'),
    ...kvRow('Frequency', formatFrequency(schedule.frequency), 'result-frequency'),
    ...kvRow('Keeps backups for', formatDays(schedule.retention_expire_after_days), 'result-retention'),
    ...kvRow('State', stateBadge(enabled), 'result-enabled'),
    ...kvRow('Next run', nextRunText(schedule), 'result-next-run'),
    ...kvRow('Created', formatDateTime(schedule.created_at), 'result-created'),
    ...kvRow('Schedule id', el('span', { class: 'mono' }, schedule.schedule_id ?? DASH), 'result-id'),
    ...kvRow('Index id', el('span', { class: 'mono' }, schedule.index_id ?? DASH), 'result-index-id'),
  );
  ui.resultJson.textContent = revealJson(JSON.stringify(schedule, null, 2));
  ui.resultEmpty.hidden = true;
  ui.resultBody.hidden = false;
}

function stateBadge(enabled) {
  return el('span', { class: enabled ? 'badge badge-ok' : 'badge' }, enabled ? 'Enabled' : 'Disabled');
}

function nextRunText(schedule) {
  if (schedule.enabled !== true) return missing('Paused');
  return formatDateTime(schedule.next_scheduled_run) ?? missing('Not scheduled yet');
}

// ---------------------------------------------------------------- manager

/** Lists every schedule of the index, following pagination tokens to the end. */
async function fetchAll(call) {
  const items = [];
  let token = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const params = token ? { paginationToken: token } : { limit: PAGE_SIZE };
    const result = await call(params);
    items.push(...(result.data ?? []));
    const next = result.pagination?.next ?? null;
    if (!next || next === token) break;
    token = next;
  }
  return items;
}

async function loadSchedules({ keepAlert = false, quiet = keepAlert, highlightId = null, focus = null } = {}) {
  if (!state.api) return;
  const indexName = currentIndex();
  const seq = ++state.loadSeq;
  setBusy(ui.refresh, true);
  ui.loadSchedules.setAttribute('aria-busy', 'true');
  if (!keepAlert) clearAlert(ui.managerAlert);
  try {
    const schedules = await fetchAll((params) => state.api.listBackupSchedules(indexName, params, callOptions()));
    if (seq !== state.loadSeq) return;
    state.schedules = schedules;
    state.managerIndex = indexName;
    state.loaded = true;
    renderSchedules({ highlightId, focus });
    if (!quiet) announce(`${plural(schedules.length, 'schedule', 'schedules')} on ${indexName}.`);
  } catch (err) {
    if (seq !== state.loadSeq) return;
    state.schedules = [];
    state.managerIndex = indexName;
    state.loaded = true;
    renderSchedules({});
    showError(ui.managerAlert, err, { op: 'list', indexName });
    announce(`Could not list the schedules of ${indexName}.`);
  } finally {
    if (seq === state.loadSeq) {
      setBusy(ui.refresh, false);
      ui.loadSchedules.removeAttribute('aria-busy');
    }
  }
}

function renderSchedules({ highlightId = null, focus = null }) {
  setText(ui.managerIndex, state.managerIndex);
  ui.managerOn.hidden = false;
  const rows = state.schedules.map(scheduleRow);
  ui.schedulesBody.replaceChildren(...rows);
  ui.schedulesWrap.hidden = rows.length === 0;
  ui.schedulesEmpty.hidden = rows.length > 0;
  setText(ui.schedulesEmpty, `No backup schedules on ${state.managerIndex} yet.`);

  if (highlightId) findRow(highlightId)?.classList.add('is-highlighted');
  if (focus) findRow(focus.id)?.querySelector(`[data-testid="${focus.testid}"]`)?.focus();
}

function findRow(scheduleId) {
  return [...ui.schedulesBody.rows].find((row) => row.dataset.scheduleId === scheduleId) ?? null;
}

function scheduleRow(schedule) {
  const enabled = schedule.enabled === true;
  const name = String(schedule.name ?? '');
  const hidden = (text) => el('span', { class: 'visually-hidden' }, text);

  const toggle = el('button', {
    type: 'button',
    class: 'switch',
    role: 'switch',
    'aria-checked': String(enabled),
    'data-testid': 'toggle-enabled',
    onclick: () => onToggle(schedule),
  },
  el('span', { class: 'switch-track', 'aria-hidden': 'true' }),
  hidden(`Enable ${name}`),
  el('span', { 'aria-hidden': 'true' }, enabled ? 'Enabled' : 'Disabled'));

  const action = (label, testid, handler, extraClass = '') =>
    el('button', { type: 'button', class: `btn btn-quiet btn-small ${extraClass}`, 'data-testid': testid, onclick: handler },
      label, hidden(` ${name}`));

  return el('tr', {
    'data-testid': 'schedule-row',
    'data-schedule-id': schedule.schedule_id,
    'data-name': name,
    'data-enabled': String(enabled),
  },
  el('th', { scope: 'row', class: 'name-cell', 'data-label': 'Name' },
    el('span', { 'data-testid': 'row-name' }, name),
    el('span', { class: 'sub' }, schedule.schedule_id)),
  el('td', { 'data-label': 'State' }, toggle),
  el('td', { 'data-label': 'Frequency', 'data-testid': 'row-frequency' }, formatFrequency(schedule.frequency) ?? missing()),
  el('td', { 'data-label': 'Retention', 'data-testid': 'row-retention' }, formatDays(schedule.retention_expire_after_days) ?? missing()),
  el('td', { 'data-label': 'Next run', 'data-testid': 'row-next-run' }, nextRunText(schedule)),
  el('td', { class: 'actions-cell' },
    el('div', { class: 'actions' },
      action('Edit', 'edit', () => openEdit(schedule)),
      action('History', 'history', () => openHistory(schedule)),
      action('Delete', 'delete', () => openDelete(schedule)))));
}

async function onToggle(schedule) {
  const row = findRow(schedule.schedule_id);
  const toggle = row?.querySelector('[data-testid="toggle-enabled"]');
  const enable = schedule.enabled !== true;
  const op = enable ? 'enable' : 'disable';
  row?.classList.add('is-busy');
  toggle?.setAttribute('aria-busy', 'true');
  if (toggle) toggle.disabled = true;
  clearAlert(ui.managerAlert);
  announce(`${enable ? 'Enabling' : 'Disabling'} “${short(schedule.name)}”…`);
  try {
    const updated = await state.api.updateBackupSchedule(schedule.schedule_id, { enabled: enable }, callOptions());
    announce(`“${short(updated.name)}” is now ${updated.enabled ? 'enabled' : 'disabled'}.`);
  } catch (err) {
    showError(ui.managerAlert, err, { op, indexName: state.managerIndex });
    announce(`Could not ${op} “${short(schedule.name)}”.`);
  }
  await loadSchedules({ keepAlert: true, focus: { id: schedule.schedule_id, testid: 'toggle-enabled' } });
}

/** Brings the index's enabled schedule into view and puts focus on its switch. */
async function jumpToEnabled(indexName) {
  if (indexName) ui.indexName.value = indexName;
  await loadSchedules({ keepAlert: true });
  const enabled = state.schedules.find((s) => s.enabled === true);
  if (!enabled) {
    announce(`No enabled schedule is listed on ${state.managerIndex} now; try creating again.`);
    return;
  }
  for (const row of ui.schedulesBody.rows) row.classList.remove('is-highlighted');
  const row = findRow(enabled.schedule_id);
  if (!row) return;
  row.classList.add('is-highlighted');
  row.scrollIntoView({ block: 'center', behavior: scrollBehavior() });
  row.querySelector('[data-testid="toggle-enabled"]')?.focus({ preventScroll: true });
  announce(`“${short(enabled.name)}” is the enabled schedule of ${state.managerIndex}.`);
}

// ---------------------------------------------------------------- edit dialog

function openEdit(schedule) {
  state.editing = schedule;
  setText(ui.editName, schedule.name);
  // A frequency this page does not know yet still shows, so saving keeps it.
  for (const option of [...ui.editFrequency.options]) if (option.dataset.extra) option.remove();
  const frequency = String(schedule.frequency ?? '');
  if (frequency && ![...ui.editFrequency.options].some((o) => o.value === frequency)) {
    ui.editFrequency.append(el('option', { value: frequency, 'data-extra': 'true' }, frequency));
  }
  ui.editFrequency.value = frequency;
  ui.editRetention.value = String(schedule.retention_expire_after_days ?? '');
  ui.editRetention.removeAttribute('aria-invalid');
  ui.editRetentionMsg.replaceChildren();
  clearAlert(ui.editAlert);
  ui.editDialog.showModal();
  ui.editFrequency.focus();
}

async function onEditSubmit(event) {
  event.preventDefault();
  const schedule = state.editing;
  if (!schedule || ui.editSave.getAttribute('aria-busy') === 'true') return;

  const days = ui.editRetention.valueAsNumber;
  if (!Number.isInteger(days) || days < 1) {
    ui.editRetention.setAttribute('aria-invalid', 'true');
    ui.editRetentionMsg.replaceChildren(el('p', { class: 'msg msg-error' }, 'Enter a whole number of days, at least 1.'));
    ui.editRetention.focus();
    return;
  }
  ui.editRetention.removeAttribute('aria-invalid');
  ui.editRetentionMsg.replaceChildren();

  // Send only what changed; an empty update would be a wasted round trip.
  const changes = {};
  if (ui.editFrequency.value !== schedule.frequency) changes.frequency = ui.editFrequency.value;
  if (days !== schedule.retention_expire_after_days) changes.retention = { expire_after_days: days };
  if (Object.keys(changes).length === 0) {
    ui.editDialog.close();
    announce(`Nothing to change on “${short(schedule.name)}”.`);
    return;
  }

  setBusy(ui.editSave, true);
  clearAlert(ui.editAlert);
  try {
    const updated = await state.api.updateBackupSchedule(schedule.schedule_id, changes, callOptions());
    ui.editDialog.close();
    announce(`Saved “${short(updated.name)}”: ${formatFrequency(updated.frequency)?.toLowerCase() ?? ''}, kept ${formatDays(updated.retention_expire_after_days) ?? ''}.`);
    await loadSchedules({ quiet: true, highlightId: schedule.schedule_id, focus: { id: schedule.schedule_id, testid: 'edit' } });
  } catch (err) {
    showError(ui.editAlert, err, { op: 'update', indexName: state.managerIndex });
  } finally {
    setBusy(ui.editSave, false);
  }
}

// ---------------------------------------------------------------- delete dialog

function openDelete(schedule) {
  state.deleting = schedule;
  setText(ui.deleteName, schedule.name);
  clearAlert(ui.deleteAlert);
  ui.deleteDialog.showModal();
  ui.deleteCancel.focus();
}

async function onDeleteSubmit(event) {
  event.preventDefault();
  const schedule = state.deleting;
  if (!schedule || ui.deleteConfirm.getAttribute('aria-busy') === 'true') return;
  setBusy(ui.deleteConfirm, true);
  clearAlert(ui.deleteAlert);
  try {
    await state.api.deleteBackupSchedule(schedule.schedule_id, callOptions());
    ui.deleteDialog.close();
    if (state.historyFor?.schedule_id === schedule.schedule_id) closeHistory();
    announce(`Deleted “${short(schedule.name)}”. Its backups are kept.`);
    await loadSchedules({ keepAlert: true });
    ui.managerTitle.focus();
  } catch (err) {
    showError(ui.deleteAlert, err, { op: 'delete', indexName: state.managerIndex });
  } finally {
    setBusy(ui.deleteConfirm, false);
  }
}

// ---------------------------------------------------------------- history

const STATUS_TONES = {
  ready: 'badge-ok',
  initializationfailed: 'badge-bad',
  failed: 'badge-bad',
  scheduled: 'badge-pending',
  initializing: 'badge-pending',
  pending: 'badge-pending',
};

function statusBadge(status) {
  if (typeof status !== 'string' || status === '') return missing();
  return el('span', { class: `badge ${STATUS_TONES[status.toLowerCase()] ?? ''}` }, status);
}

function orDash(text) {
  return text ?? missing();
}

function historyRow(item) {
  return el('tr', { 'data-testid': 'history-row', 'data-backup-id': item.backup_id ?? '' },
    el('th', { scope: 'row', class: 'name-cell', 'data-label': 'Backup' },
      el('span', { 'data-testid': 'history-backup-name' }, item.name ?? DASH),
      item.description ? el('span', { class: 'sub' }, item.description) : null),
    el('td', { 'data-label': 'Status', 'data-testid': 'history-status' }, statusBadge(item.status)),
    el('td', { 'data-label': 'Created', 'data-testid': 'history-created' }, orDash(formatDateTime(item.created_at))),
    el('td', { class: 'num', 'data-label': 'Records', 'data-testid': 'history-records' }, orDash(formatCount(item.record_count))),
    el('td', { class: 'num', 'data-label': 'Namespaces', 'data-testid': 'history-namespaces' }, orDash(formatCount(item.namespace_count))),
    el('td', { class: 'num', 'data-label': 'Size', 'data-testid': 'history-size' }, orDash(formatBytes(item.size_bytes))));
}

async function openHistory(schedule) {
  const seq = ++state.historySeq;
  state.historyFor = schedule;
  setText(ui.historyName, schedule.name);
  ui.historyBody.replaceChildren();
  ui.historyWrap.hidden = true;
  ui.historyEmpty.hidden = true;
  clearAlert(ui.historyAlert);
  ui.historyPanel.hidden = false;
  ui.historyPanel.setAttribute('aria-busy', 'true');
  ui.historyTitle.focus({ preventScroll: true });
  ui.historyPanel.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
  announce(`Loading the backups of “${short(schedule.name)}”…`);
  try {
    const items = await fetchAll((params) =>
      state.api.listBackupScheduleHistory(schedule.schedule_id, params, callOptions()));
    if (seq !== state.historySeq) return;
    ui.historyBody.replaceChildren(...items.map(historyRow));
    ui.historyWrap.hidden = items.length === 0;
    ui.historyEmpty.hidden = items.length > 0;
    announce(`“${short(schedule.name)}” has made ${plural(items.length, 'backup', 'backups')}.`);
  } catch (err) {
    if (seq !== state.historySeq) return;
    showError(ui.historyAlert, err, { op: 'history', indexName: state.managerIndex });
    announce(`Could not load the backups of “${short(schedule.name)}”.`);
  } finally {
    if (seq === state.historySeq) ui.historyPanel.removeAttribute('aria-busy');
  }
}

function closeHistory() {
  state.historySeq += 1;
  state.historyFor = null;
  ui.historyPanel.hidden = true;
}

// ---------------------------------------------------------------- start

async function loadPackage() {
  try {
    const pkg = await import(PACKAGE_URL);
    await pkg.default();
    return pkg;
  } catch (err) {
    ui.pageAlert.replaceChildren(
      el('p', { class: 'alert-title' }, 'The package could not be loaded'),
      el('p', {}, 'Build it with bash scripts/build.sh, then reload. Details: ', String(err?.message ?? err)),
    );
    return null;
  }
}

function wire() {
  ui.baseUrl.value = window.location.origin;

  const touch = (key) => () => {
    state.touched.add(key);
    validate();
  };
  ui.name.addEventListener('input', touch('name'));
  ui.name.addEventListener('blur', touch('name'));
  for (const input of [ui.indexName, ui.apiKey, ui.baseUrl]) input.addEventListener('input', validate);
  ui.apiVersion.addEventListener('change', validate);
  for (const control of [ui.frequency, ui.retention]) {
    control.addEventListener('input', () => {
      validate();
      updateTimeline();
    });
  }
  ui.frequency.addEventListener('change', updateTimeline);

  ui.createForm.addEventListener('submit', onCreate);
  ui.connectionForm.addEventListener('submit', (event) => {
    event.preventDefault();
    loadSchedules();
  });
  // Once a list is on screen it follows the selected index and version.
  ui.indexName.addEventListener('change', () => {
    if (state.loaded && currentIndex() !== state.managerIndex) loadSchedules();
  });
  ui.apiVersion.addEventListener('change', () => {
    if (state.loaded) loadSchedules();
  });
  ui.refresh.addEventListener('click', () => loadSchedules());

  ui.forgetKey.addEventListener('click', () => {
    ui.apiKey.value = '';
    validate();
    ui.apiKey.focus();
    announce('The API key was cleared from the page.');
  });

  ui.editForm.addEventListener('submit', onEditSubmit);
  ui.editCancel.addEventListener('click', () => ui.editDialog.close());
  ui.deleteForm.addEventListener('submit', onDeleteSubmit);
  ui.deleteCancel.addEventListener('click', () => ui.deleteDialog.close());
  ui.historyClose.addEventListener('click', () => {
    const owner = state.historyFor && findRow(state.historyFor.schedule_id);
    closeHistory();
    owner?.querySelector('[data-testid="history"]')?.focus();
  });

  let lastWidth = 0;
  new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width !== lastWidth) {
      lastWidth = width;
      updateTimeline();
    }
  }).observe(ui.timeline.canvas);
}

async function start() {
  wire();
  updateTimeline();
  state.api = await loadPackage();
  if (!state.api) {
    announce('The package is not available.');
    document.documentElement.dataset.app = 'error';
    return;
  }
  validate();
  announce('Ready. Enter the API key, then load the schedules or create one.');
  document.documentElement.dataset.app = 'ready';
}

start();
