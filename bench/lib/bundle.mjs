// Bundles each contender with esbuild the way an app would ship it (ES module, minified,
// tree-shaken, for the browser) and measures what a page downloads for one create.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import * as esbuild from 'esbuild';

const WASM = 'pinecone_backup_schedules_bg.wasm';

// The SDK reaches Node built-ins only through dynamic imports on paths a create never takes
// (assistant file upload and chat streaming); left external, they stay unresolved imports
// that never run.
const NODE_BUILTINS = ['fs', 'path', 'stream', 'node:*'];

export const BUNDLES = {
  'ours-create': { entry: 'ours-create.js', wasm: true, sizeOf: 'ours' },
  'sdk-create': { entry: 'sdk-create.js', sizeOf: 'sdk' },
  'sdk-deep-create': { entry: 'sdk-deep-create.js', sizeOf: 'sdk-deep' },
  'raw-create': { entry: 'raw-create.js', sizeOf: 'raw' },
  'ours-run': { entry: 'ours-run.js', wasm: true },
  'raw-run': { entry: 'raw-run.js' },
};

function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

function add(a, b) {
  return { raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli };
}

/** Builds every bundle into outDir next to the page, and answers the size of each contender. */
export async function buildBundles({ benchDir, root, outDir }) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const file of ['bench.html', 'harness.js']) {
    copyFileSync(path.join(benchDir, 'page', file), path.join(outDir, file));
  }
  const wasmBytes = readFileSync(path.join(root, 'pkg', WASM));
  writeFileSync(path.join(outDir, WASM), wasmBytes);

  const sizes = {};
  for (const [name, spec] of Object.entries(BUNDLES)) {
    const result = await esbuild.build({
      entryPoints: [path.join(benchDir, 'entries', spec.entry)],
      outfile: path.join(outDir, `${name}.js`),
      bundle: true,
      minify: true,
      treeShaking: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      external: NODE_BUILTINS,
      metafile: true,
      logLevel: 'error',
    });
    if (!spec.sizeOf) continue;
    const js = readFileSync(path.join(outDir, `${name}.js`));
    const jsSize = compressed(js);
    const wasmSize = spec.wasm ? compressed(wasmBytes) : null;
    const inputs = Object.values(result.metafile.outputs)[0].inputs;
    const largest = Object.entries(inputs)
      .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
      .slice(0, 5)
      .map(([file, info]) => ({ file: file.replace(/^.*node_modules\//, ''), minifiedBytes: info.bytesInOutput }));
    sizes[spec.sizeOf] = {
      files: spec.wasm ? [`${name}.js`, WASM] : [`${name}.js`],
      js: jsSize,
      wasm: wasmSize,
      total: wasmSize ? add(jsSize, wasmSize) : jsSize,
      modules: Object.keys(inputs).length,
      largestInputs: largest,
    };
  }

  // For reference: pkg/ as published (glue not minified), counted file by file like
  // scripts/size.mjs does.
  let published = compressed(wasmBytes);
  for (const file of jsFiles(path.join(root, 'pkg'))) published = add(published, compressed(readFileSync(file)));
  sizes['ours-unminified'] = { total: published };
  return sizes;
}
