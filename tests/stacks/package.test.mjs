// The package as npm would publish it: the manifest inside the packed tarball, the exact list
// of files it ships (from `npm pack --dry-run` and from the real tarball), their contents
// against pkg/ and the repository, and one version across Cargo.toml, Cargo.lock,
// pkg/package.json and CHANGELOG.md.

import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { GLUE, PKG, ROOT, packTarball, run, tempDir } from './support.mjs';

const FIXED_FILES = [
  'LICENSE',
  'README.md',
  'package.json',
  'pinecone_backup_schedules.d.ts',
  'pinecone_backup_schedules.js',
  'pinecone_backup_schedules_bg.wasm',
  'pinecone_backup_schedules_bg.wasm.d.ts',
];

let temp;
let packed; // { tarball, files }
let unpacked; // folder holding the tarball's `package/`
let manifest; // package.json as it is inside the tarball

async function filesUnder(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(path.join(dir, entry.name), `${relative}/`)));
    else out.push(relative);
  }
  return out;
}

/** The crate's version and metadata from the `[package]` table of Cargo.toml. */
async function cargoPackage() {
  const toml = await readFile(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const table = toml.split(/^\[/m).find((t) => t.startsWith('package]'));
  const field = (name) => new RegExp(`^${name} = "([^"]*)"`, 'm').exec(table)?.[1];
  return { name: field('name'), version: field('version'), license: field('license'), repository: field('repository') };
}

before(async () => {
  temp = await tempDir('package');
  packed = await packTarball(temp.dir);
  unpacked = path.join(temp.dir, 'unpacked');
  await run('mkdir', ['-p', unpacked]);
  await run('tar', ['-xzf', packed.tarball, '-C', unpacked]);
  manifest = JSON.parse(await readFile(path.join(unpacked, 'package', 'package.json'), 'utf8'));
}, { timeout: 60_000 });

after(async () => {
  await temp?.remove();
}, { timeout: 30_000 });

/** What the glue itself imports from its own folder (wasm-bindgen snippets). */
async function glueImports() {
  const glue = await readFile(path.join(PKG, GLUE), 'utf8');
  return [...glue.matchAll(/\bfrom\s+['"]\.\/([^'"]+)['"]/g)].map((m) => m[1]).sort();
}

test('the tarball ships exactly the package files and what the glue imports', { timeout: 30_000 }, async () => {
  const imports = await glueImports();
  assert.ok(imports.every((f) => f.startsWith('snippets/')), `unexpected glue imports: ${imports}`);
  const expected = [...FIXED_FILES, ...imports].sort();

  assert.deepEqual([...packed.files].sort(), expected, 'npm pack --json');
  assert.deepEqual((await filesUnder(path.join(unpacked, 'package'))).sort(), expected, 'tarball contents');

  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--offline', '--ignore-scripts', '--loglevel=error'], {
    cwd: PKG,
  });
  const dryRun = JSON.parse(stdout)[0].files.map((f) => f.path).sort();
  assert.deepEqual(dryRun, expected, 'npm pack --dry-run');
});

test('shipped files are the built ones; README and LICENSE are the repository\'s', { timeout: 30_000 }, async () => {
  for (const file of packed.files) {
    const shipped = await readFile(path.join(unpacked, 'package', file));
    assert.ok(shipped.equals(await readFile(path.join(PKG, file))), `${file} differs from pkg/${file}`);
  }
  for (const file of ['README.md', 'LICENSE']) {
    const shipped = await readFile(path.join(unpacked, 'package', file));
    assert.ok(shipped.equals(await readFile(path.join(ROOT, file))), `the shipped ${file} is stale: run scripts/build.sh`);
  }
});

test('exports put types first and point only at shipped files', () => {
  const shipped = new Set(packed.files);
  const target = (p) => p.replace(/^\.\//, '');
  assert.equal(manifest.type, 'module');

  const root = manifest.exports['.'];
  assert.equal(typeof root, 'object');
  assert.equal(Object.keys(root)[0], 'types', 'types must be the first condition');
  assert.equal(Object.keys(root).at(-1), 'default', 'default must be the last condition');
  for (const [condition, file] of Object.entries(root)) {
    assert.ok(shipped.has(target(file)), `exports['.'].${condition} -> ${file} is not shipped`);
  }
  assert.equal(root.types, manifest.types);
  assert.ok(target(root.types).endsWith('.d.ts'));
  assert.equal(target(root.import), GLUE);

  for (const [subpath, file] of Object.entries(manifest.exports)) {
    if (subpath === '.') continue;
    assert.equal(typeof file, 'string', `${subpath} has conditions; put types first there too`);
    assert.ok(shipped.has(target(file)), `exports['${subpath}'] -> ${file} is not shipped`);
  }
  assert.equal(manifest.exports['./package.json'], './package.json');
  assert.ok(manifest.exports['./pinecone_backup_schedules_bg.wasm'], 'Node users need the .wasm path exported');
  for (const field of ['main', 'module', 'types']) {
    assert.ok(shipped.has(target(manifest[field])), `${field} -> ${manifest[field]} is not shipped`);
  }
});

test('metadata: sideEffects, engines, repository, license, keywords, no dependencies', async () => {
  const cargo = await cargoPackage();
  assert.equal(manifest.name, cargo.name);
  assert.equal(manifest.sideEffects, false);
  assert.equal(manifest.private, undefined);
  assert.ok(manifest.description?.length > 20, 'description');

  assert.match(manifest.engines?.node ?? '', /^>=\s*(\d+)/);
  const floor = Number(/^>=\s*(\d+)/.exec(manifest.engines.node)[1]);
  assert.equal(floor, 20, 'engines.node should say what the Node tests prove: 20 or later');

  assert.equal(manifest.repository?.type, 'git');
  const normalize = (url) => url.replace(/^git\+/, '').replace(/\.git$/, '');
  assert.equal(normalize(manifest.repository.url), cargo.repository);

  assert.equal(manifest.license, cargo.license);
  const licenseText = await readFile(path.join(unpacked, 'package', 'LICENSE'), 'utf8');
  assert.match(licenseText, new RegExp(`\\b${manifest.license} License\\b`));

  assert.ok(Array.isArray(manifest.keywords) && manifest.keywords.length >= 3);
  assert.equal(new Set(manifest.keywords).size, manifest.keywords.length, 'duplicate keywords');
  for (const k of manifest.keywords) assert.match(k, /^[a-z0-9-]+$/);
  for (const k of ['pinecone', 'wasm']) assert.ok(manifest.keywords.includes(k), `keyword ${k}`);

  // The stack tests install the tarball with --offline: nothing may be fetched.
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies']) {
    assert.equal(manifest[field], undefined, `${field} in the manifest`);
  }
  assert.equal(manifest.scripts, undefined, 'install scripts in the manifest');
});

test('one version in Cargo.toml, Cargo.lock, pkg/package.json and CHANGELOG.md', async () => {
  const cargo = await cargoPackage();
  assert.match(cargo.version, /^\d+\.\d+\.\d+(-[\w.]+)?$/);
  assert.equal(manifest.version, cargo.version, 'pkg/package.json and Cargo.toml');

  const lock = await readFile(path.join(ROOT, 'Cargo.lock'), 'utf8');
  const locked = new RegExp(`name = "${cargo.name}"\\nversion = "([^"]+)"`).exec(lock)?.[1];
  assert.equal(locked, cargo.version, 'Cargo.lock is stale');

  const changelog = await readFile(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  const releases = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
  const latest = releases.find((r) => r !== 'Unreleased');
  assert.equal(latest, cargo.version, 'the newest CHANGELOG.md entry is not the current version');
  assert.match(changelog, new RegExp(`^## \\[${cargo.version.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
});
