// Prints what a page downloads for this package: the .wasm and the JS glue, raw and gzipped.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { join } from 'node:path';

const dir = new URL('../pkg/', import.meta.url).pathname;
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(wasm|js)$/.test(name)) files.push(p);
  }
};
walk(dir);

let raw = 0, gz = 0, br = 0;
for (const f of files) {
  const bytes = readFileSync(f);
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
  br += brotliCompressSync(bytes).length;
}
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const wasm = files.find((f) => f.endsWith('.wasm'));
const wasmGz = gzipSync(readFileSync(wasm), { level: 9 }).length;
console.log(`size: wasm ${kb(wasmGz)} gzip; wasm + glue ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli`);
