// Checks the package manifest against Cargo.toml and the files the build wrote, so a
// release cannot ship a version mismatch, a missing file or a stray one.
import { readFileSync, existsSync } from 'node:fs';
import assert from 'node:assert/strict';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('pkg/package.json', root), 'utf8'));
const cargo = readFileSync(new URL('Cargo.toml', root), 'utf8');
const cargoVersion = cargo.match(/^version = "([^"]+)"/m)[1];

assert.equal(manifest.version, cargoVersion, 'pkg/package.json and Cargo.toml versions differ');
assert.equal(manifest.type, 'module');
assert.equal(manifest.sideEffects, false);
assert.ok(manifest.license && manifest.description && manifest.repository, 'metadata');
const entry = manifest.exports['.'];
assert.equal(Object.keys(entry)[0], 'types', '`types` must come first in exports');
for (const file of manifest.files) {
  assert.ok(existsSync(new URL(`pkg/${file}`, root)), `pkg/${file} is listed but missing`);
}
for (const target of [entry.types, entry.import, entry.default].filter(Boolean)) {
  assert.ok(existsSync(new URL(`pkg/${target}`, root)), `export target ${target} missing`);
}
console.log(`package: ${manifest.name}@${manifest.version} manifest ok`);
