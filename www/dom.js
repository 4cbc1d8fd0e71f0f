// DOM and formatting helpers. Every string passed in ends up as a text node or an
// attribute value, never as markup, so server data cannot inject HTML.

export const DASH = '—';

// Invisible characters that reorder or hide text: a name holding U+202E can display
// "fdp.exe" as "exe.pdf". They are shown as visible code points instead.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

const codePoint = (c) => c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');

/** Text as it will be displayed, with invisible reordering characters made visible. */
export function reveal(text) {
  return String(text).replace(INVISIBLE, (c) => `⟨U+${codePoint(c)}⟩`);
}

/** The same characters escaped inside JSON text, which keeps it valid JSON. */
export function revealJson(json) {
  return json.replace(INVISIBLE, (c) => `\\u${codePoint(c).toLowerCase()}`);
}

export function setText(node, text) {
  node.textContent = reveal(text);
}

/** Shortens a name for one-line messages. */
export function short(text, max = 48) {
  const value = String(text);
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * Creates an element. `attrs` keys: `class`, `on<event>` (listener), anything else
 * becomes an attribute (`true` → empty attribute; `null`/`undefined`/`false` → skipped).
 * Children may be nodes, strings or numbers (as text), arrays, or null (skipped).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      node.className = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : reveal(child));
  }
}

/** Text for a missing value, styled softer. */
export function missing(text = DASH) {
  return el('span', { class: 'muted' }, text);
}

/** Parses an API timestamp; returns null when absent or not a date. */
export function parseDate(value) {
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Local date and time for a timestamp, the raw text when it is not a date, null when absent. */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') return null;
  const date = parseDate(value);
  return date ? date.toLocaleString() : String(value);
}

export function formatCount(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString() : null;
}

const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];

export function formatBytes(value) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  let amount = value;
  let unit = 0;
  while (amount >= 1000 && unit < BYTE_UNITS.length - 1) {
    amount /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || amount >= 100 ? 0 : 1;
  return `${amount.toLocaleString(undefined, { maximumFractionDigits: digits })} ${BYTE_UNITS[unit]}`;
}

export function formatDays(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return `${value.toLocaleString()} ${value === 1 ? 'day' : 'days'}`;
}

const FREQUENCY_LABELS = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

/** Known frequencies get a label; new values from the server are shown as they come. */
export function formatFrequency(value) {
  if (typeof value !== 'string' || value === '') return null;
  return FREQUENCY_LABELS[value] ?? value;
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}
