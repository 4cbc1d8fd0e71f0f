// Turns any JS value into JSON text in one pass, so the module reads caller input with one
// boundary crossing instead of one per property. Values JSON cannot hold become marker
// objects the Rust side understands; getters, proxies and cycles that throw are caught.
const TAG = '\u0000';
const MAX_VALUES = 10000;
const MAX_CHARS = 1 << 20;

const mark = (kind) => ({ [TAG]: kind });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s) =>
  typeof s.isWellFormed === 'function' ? s.isWellFormed() : !LONE_SURROGATE.test(s);

export function snapshot(value) {
  if (value === undefined) return undefined;
  let seen = 0;
  function replacer(key, shown) {
    // A marker's own member passes as is: counting it would mark the marker again, forever.
    if (key === TAG) return shown;
    if (++seen > MAX_VALUES) return mark(`more than ${MAX_VALUES} values in total`);
    let raw;
    try {
      raw = this[key];
    } catch {
      return mark('a property that cannot be read');
    }
    switch (typeof raw) {
      case 'number':
        return Number.isFinite(raw) ? raw : mark(String(raw));
      case 'string':
        if (raw.length > MAX_CHARS) return mark(`a string of ${raw.length} characters (too long)`);
        // A lone surrogate has no UTF-8 form: refuse it rather than send a replacement character.
        return wellFormed(raw) ? raw : mark('a string with an unpaired surrogate');
      case 'boolean':
      case 'undefined':
        return raw;
      case 'function':
      case 'symbol':
      case 'bigint':
        return mark(typeof raw);
    }
    if (raw === null) return null;
    if (Array.isArray(raw)) {
      return raw.length > MAX_VALUES ? mark(`an array of ${raw.length} items (too many)`) : raw;
    }
    const proto = Object.getPrototypeOf(raw);
    const name = proto === null ? 'Object' : proto.constructor && proto.constructor.name;
    // An object from another realm (an iframe) has its own Object.prototype but is still plain.
    if (name === 'Object') return raw;
    return mark(typeof name === 'string' && name ? name : 'object');
  }
  try {
    return JSON.stringify({ v: value }, replacer);
  } catch {
    return JSON.stringify({ v: mark('a structure that cannot be read (cyclic, or with a throwing getter or revoked proxy)') });
  }
}
