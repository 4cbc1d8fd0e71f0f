// What costs the bytes in our .wasm: rebuild the shipped module with function names kept
// (same wasm-bindgen and wasm-opt -Oz as scripts/build.sh, plus --keep-debug and -g), then
// let twiggy list the largest items and sum them by where they come from.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The feature flags scripts/build.sh passes to wasm-opt, so the named build matches it.
const WASM_OPT_FEATURES = [
  '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-mutable-globals',
  '--enable-reference-types',
  '--enable-multivalue',
];

const NAMES_SECTION = /^"function names" subsection$|^"local names"|^"name"/;

/** Where an item comes from, coarse enough to act on. */
function origin(name) {
  if (name.startsWith('data segment')) return 'data segments (messages, hint tables, panic locations)';
  if (name.startsWith('import ')) return "import section (names of the glue's JS functions)";
  if (name.startsWith('custom section')) return 'custom sections';
  if (/externref shim|multivalue shim|^export "|^__wbg_|^__wbindgen|^__externref/.test(name)) {
    return 'wasm-bindgen shims and exports (one set per exported function or method)';
  }
  const plain = name.replace(/^<+/, '').replace(/\[[0-9a-f]{16}\]/g, '');
  if (/^(js_sys::futures|wasm_bindgen_futures)/.test(plain)) {
    return 'async runtime (future_to_promise; the async call bodies are inlined into it)';
  }
  if (/core::fmt|fmt::(Display|Debug|Write|LowerHex|UpperHex)|alloc::fmt|unicode::printable/.test(plain)) {
    return 'core::fmt (format!, Display and Debug impls)';
  }
  if (/^(dlmalloc|__rustc::__rdl_|__rdl_|__rust_)/.test(plain)) return 'allocator (dlmalloc)';
  const ours = plain.match(/^pinecone_backup_schedules::(wasm::)?(\w+)/);
  if (ours) return `src: ${ours[1] ?? ''}${ours[2]}`;
  if (/^core::(str|slice|char)/.test(plain)) return 'core::str and slices (searching, slicing, bounds checks)';
  if (/^(core::panicking|core::result::unwrap_failed|core::option::|std::panicking|std::)/.test(plain)) {
    return 'panic and std support';
  }
  if (/^core::ptr::drop_in_place/.test(plain)) return 'drop glue (core::ptr::drop_in_place)';
  const crate = plain.match(/^([a-z_][a-z0-9_]*)::/);
  if (crate) return crate[1];
  return 'other (unnamed code, tables, compiler builtins)';
}

function run(command, args) {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Answers { skipped } when a tool or the release build is missing. */
export function wasmBreakdown(root, { top = 20 } = {}) {
  const release = path.join(root, 'target', 'wasm32-unknown-unknown', 'release', 'pinecone_backup_schedules.wasm');
  const wasmOpt = path.join(root, 'scripts', 'node_modules', '.bin', 'wasm-opt');
  // From PATH (`cargo install twiggy` puts it in cargo's bin folder), or wherever TWIGGY says.
  const twiggy = process.env.TWIGGY || 'twiggy';
  if (!existsSync(release)) return { skipped: 'no release build in target/: run bash scripts/build.sh' };
  if (!existsSync(wasmOpt)) return { skipped: 'no npm wasm-opt in scripts/node_modules' };
  for (const [tool, flag] of [['wasm-bindgen', '--version'], [twiggy, '--version']]) {
    try {
      run(tool, [flag]);
    } catch {
      return { skipped: `${path.basename(tool)} is not installed` };
    }
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'bench-wasm-'));
  try {
    run('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', dir, '--out-name', 'named', release]);
    const named = path.join(dir, 'named.wasm');
    run(wasmOpt, ['-Oz', '-g', ...WASM_OPT_FEATURES, path.join(dir, 'named_bg.wasm'), '-o', named]);
    const items = JSON.parse(run(twiggy, ['top', '-n', '100000', '--format', 'json', named]));

    // The shipped module has no names section; leave it out so shares match what ships.
    const shipped = items.filter((item) => !NAMES_SECTION.test(item.name));
    const total = shipped.reduce((sum, item) => sum + item.shallow_size, 0);
    const byOrigin = new Map();
    for (const item of shipped) {
      const key = origin(item.name);
      const entry = byOrigin.get(key) ?? { origin: key, bytes: 0, items: 0 };
      entry.bytes += item.shallow_size;
      entry.items += 1;
      byOrigin.set(key, entry);
    }
    const share = (bytes) => Number(((bytes / total) * 100).toFixed(1));
    return {
      totalBytes: total,
      byOrigin: [...byOrigin.values()]
        .sort((a, b) => b.bytes - a.bytes)
        .map((e) => ({ ...e, percent: share(e.bytes) })),
      largest: shipped
        .sort((a, b) => b.shallow_size - a.shallow_size)
        .slice(0, top)
        .map((item) => ({
          name: item.name.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, ''),
          bytes: item.shallow_size,
          percent: share(item.shallow_size),
        })),
    };
  } catch (error) {
    return { skipped: `the named build failed: ${String(error.stderr || error.message).slice(0, 500)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
