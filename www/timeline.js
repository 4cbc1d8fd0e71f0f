// Preview of what a schedule does: when the next runs happen and how long each
// backup lives. Drawn as SVG through DOM calls (the page's CSP forbids inline markup
// tricks), with a text list beside it that says the same for screen readers.

import { el, plural } from './dom.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const DAY_MS = 24 * 60 * 60 * 1000;
const ROW_HEIGHT = 24;
const AXIS_HEIGHT = 26;
const PAD_X = 10;
const TICK_STEPS = [1, 2, 7, 14, 30, 61, 91, 182, 365];
// Longer retentions are legal for some projects but make an unreadable chart.
const MAX_PREVIEW_DAYS = 3650;

const PERIOD_WORDS = { daily: 'day', weekly: 'week', monthly: 'month' };

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function addRuns(start, frequency, count) {
  const date = new Date(start);
  if (frequency === 'daily') date.setDate(date.getDate() + count);
  else if (frequency === 'weekly') date.setDate(date.getDate() + 7 * count);
  else {
    // Same day of the month, clamped to the month's last day (31 Jan → 28/29 Feb).
    const day = date.getDate();
    date.setDate(1);
    date.setMonth(date.getMonth() + count);
    const lastDay = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate();
    date.setDate(Math.min(day, lastDay));
  }
  return date;
}

function addDays(date, days) {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}

/**
 * Plans the first runs of a schedule. The server picks the real run time; the
 * preview assumes the first run at the start of tomorrow.
 */
export function planSchedule(frequency, retentionDays, now = new Date()) {
  const first = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const lifetime = (i) => {
    const made = addRuns(first, frequency, i);
    return { made, expires: addDays(made, retentionDays) };
  };

  // Most backups alive at once: at each run, count the earlier ones not yet expired.
  const sample = Array.from({ length: 40 }, (_, i) => lifetime(i));
  let maxKept = 1;
  for (let i = 0; i < sample.length; i += 1) {
    let alive = 0;
    for (let j = 0; j <= i; j += 1) if (sample[j].expires > sample[i].made) alive += 1;
    maxKept = Math.max(maxKept, alive);
  }

  const rows = Math.min(Math.max(maxKept + 1, 3), 6);
  const backups = sample.slice(0, rows);
  const periodDays = (addRuns(first, frequency, 1) - first) / DAY_MS;
  return { start: now, backups, maxKept, gapDays: Math.max(0, Math.round(periodDays - retentionDays)) };
}

export function describePlan(frequency, retentionDays, plan) {
  const every = `A backup every ${PERIOD_WORDS[frequency]}, each kept ${plural(retentionDays, 'day', 'days')}`;
  if (plan.gapDays > 0) {
    return `${every}: at most one exists at a time, and for about ${plural(plan.gapDays, 'day', 'days')} of each ${PERIOD_WORDS[frequency]} there is none.`;
  }
  return `${every}: up to ${plural(plan.maxKept, 'backup', 'backups')} on hand at once.`;
}

function pickTickStep(spanDays, width) {
  const maxTicks = Math.max(2, Math.floor(width / 72));
  return TICK_STEPS.find((step) => spanDays / step <= maxTicks) ?? TICK_STEPS[TICK_STEPS.length - 1];
}

const shortDate = (date) => date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
const longDate = (date) =>
  date.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });

function drawChart(plan, width, summary) {
  const start = plan.start.getTime();
  const end = Math.max(...plan.backups.map((b) => b.expires.getTime()));
  const spanDays = Math.max(1, (end - start) / DAY_MS);
  const innerWidth = width - 2 * PAD_X;
  const x = (date) => PAD_X + ((date.getTime() - start) / (end - start)) * innerWidth;
  const height = AXIS_HEIGHT + plan.backups.length * ROW_HEIGHT + 8;

  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': summary,
    'data-testid': 'timeline-svg',
  });

  // Date grid.
  const step = pickTickStep(spanDays, innerWidth);
  const dayZero = new Date(plan.start.getFullYear(), plan.start.getMonth(), plan.start.getDate());
  for (let day = step; day < spanDays; day += step) {
    const tick = addDays(dayZero, day);
    const tx = x(tick);
    if (tx > width - PAD_X - 18) break;
    root.append(svg('line', { class: 'tl-grid', x1: tx, x2: tx, y1: AXIS_HEIGHT - 6, y2: height - 4 }));
    root.append(svg('text', { class: 'tl-tick', x: tx, y: 12, 'text-anchor': 'middle' }, shortDate(tick)));
  }
  root.append(svg('line', { class: 'tl-axis', x1: PAD_X, x2: width - PAD_X, y1: AXIS_HEIGHT - 6, y2: AXIS_HEIGHT - 6 }));
  root.append(svg('line', { class: 'tl-today', x1: PAD_X, x2: PAD_X, y1: AXIS_HEIGHT - 12, y2: height - 4 }));
  root.append(svg('text', { class: 'tl-tick', x: PAD_X, y: 12, 'text-anchor': 'start' }, 'today'));

  // One row per backup: a bar from the run to the expiry.
  plan.backups.forEach((backup, i) => {
    const y = AXIS_HEIGHT + i * ROW_HEIGHT + ROW_HEIGHT / 2;
    const x1 = x(backup.made);
    const x2 = Math.max(x(backup.expires), x1 + 3);
    root.append(svg('rect', {
      class: i === 0 ? 'tl-bar tl-bar-first' : 'tl-bar',
      x: x1, y: y - 5, width: x2 - x1, height: 10, rx: 5,
    }));
    root.append(svg('line', { class: 'tl-end', x1: x2, x2, y1: y - 7, y2: y + 7 }));
    root.append(svg('circle', { class: 'tl-run', cx: x1, cy: y, r: 4.5 }));

    const label = `#${i + 1} expires ${shortDate(backup.expires)}`;
    const room = label.length * 6.2;
    if (x2 + 8 + room < width) {
      root.append(svg('text', { class: 'tl-label', x: x2 + 8, y: y + 4 }, label));
    } else if (x1 - 10 - room > 0) {
      root.append(svg('text', { class: 'tl-label', x: x1 - 10, y: y + 4, 'text-anchor': 'end' }, label));
    }
  });
  return root;
}

/**
 * Renders the preview into `canvas` (the chart), `list` (one line per backup) and
 * `summaryEl` (one sentence). Invalid input clears the chart and says why.
 */
export function renderTimeline({ canvas, list, summaryEl }, frequency, retentionDays) {
  if (!PERIOD_WORDS[frequency]) {
    canvas.replaceChildren();
    list.replaceChildren();
    summaryEl.textContent = 'Pick a frequency to see the runs.';
    return;
  }
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > MAX_PREVIEW_DAYS) {
    canvas.replaceChildren();
    list.replaceChildren();
    summaryEl.textContent = 'Enter a retention of at least one whole day to see how long backups live.';
    return;
  }

  const plan = planSchedule(frequency, retentionDays);
  const summary = describePlan(frequency, retentionDays, plan);
  summaryEl.textContent = summary;
  const width = Math.max(280, Math.floor(canvas.clientWidth || 480));
  canvas.replaceChildren(drawChart(plan, width, summary));
  list.replaceChildren(
    ...plan.backups.map((b, i) =>
      el('li', {}, `${i === 0 ? 'First run' : 'Run'} ${longDate(b.made)}, kept until ${longDate(b.expires)}`),
    ),
  );
}
