// The packed declarations under `tsc --strict`: a consumer that imports every export
// compiles cleanly, each deliberate mistake in it fails for the reason written next to it,
// and the values the package really returns (run in Node against the emulator) satisfy the
// declared types.

import assert from 'node:assert/strict';
import { cp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { FIXTURES, PACKAGE, STACKS, bin, packAndInstall, run, startEmulator, tempDir } from './support.mjs';

const ts = createRequire(path.join(STACKS, 'package.json'))('typescript');

let temp;
let appDir;

before(async () => {
  temp = await tempDir('types');
  ({ appDir } = await packAndInstall(temp.dir));
  await cp(path.join(FIXTURES, 'types'), appDir, { recursive: true });
}, { timeout: 90_000 });

after(async () => {
  await temp?.remove();
}, { timeout: 30_000 });

/** Compiler options from a tsconfig in the app, as tsc itself would read them. */
function options(configName) {
  const file = path.join(appDir, configName);
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, appDir, undefined, file);
}

// Parsed files outlive one program, so the second and third programs skip parsing and
// binding lib.dom.d.ts again: the cost that dominates a small TypeScript check.
const parsedFiles = new Map();

/** A program over `rootFile`, optionally with that file's text replaced in memory. */
function program(configName, rootFile, text) {
  const parsed = options(configName);
  const host = ts.createCompilerHost(parsed.options);
  const target = path.join(appDir, rootFile);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => {
    const file = path.resolve(name);
    if (file === target) return ts.createSourceFile(name, text ?? ts.sys.readFile(file), version);
    if (!parsedFiles.has(file)) parsedFiles.set(file, getSourceFile(name, version, ...rest));
    return parsedFiles.get(file);
  };
  return ts.createProgram({ rootNames: [target], options: parsed.options, host });
}

/**
 * Diagnostics of the named files only. Checking TypeScript's own lib files (which tsc does
 * with skipLibCheck off) costs seconds and says nothing about this package.
 */
function diagnosticsOf(prog, files) {
  const global = [...prog.getOptionsDiagnostics(), ...prog.getGlobalDiagnostics()];
  return global.concat(
    files.flatMap((file) => {
      const source = prog.getSourceFile(file);
      assert.ok(source, `${file} is not part of the program`);
      return [...prog.getSyntacticDiagnostics(source), ...prog.getSemanticDiagnostics(source)];
    }),
  );
}

function describeDiagnostic(d) {
  const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
  return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
}

test('the consumer imports every export of the package', { timeout: 60_000 }, () => {
  const prog = program('tsconfig.json', 'consumer.ts');
  const checker = prog.getTypeChecker();
  const source = prog.getSourceFile(path.join(appDir, 'consumer.ts'));
  const declaration = source.statements.find(
    (s) => ts.isImportDeclaration(s) && s.moduleSpecifier.text === PACKAGE,
  );
  const moduleSymbol = checker.getSymbolAtLocation(declaration.moduleSpecifier);
  const exported = checker.getExportsOfModule(moduleSymbol).map((s) => s.name).sort();
  const clause = declaration.importClause;
  const imported = [
    ...(clause.name ? ['default'] : []),
    ...clause.namedBindings.elements.map((e) => (e.propertyName ?? e.name).text),
  ].sort();
  assert.deepEqual(imported, exported);
  assert.ok(exported.length > 30, `only ${exported.length} exports found`);
});

test('tsc --strict --noEmit accepts the consumer, @ts-expect-error lines included', { timeout: 60_000 }, async () => {
  const result = await run(bin('tsc'), ['--strict', '--noEmit', '-p', 'tsconfig.json'], {
    cwd: appDir,
    allowFailure: true,
  });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(result.stdout.trim(), '');
});

test('each @ts-expect-error line is an error for the reason it names, and nothing else is', { timeout: 60_000 }, async () => {
  const text = await readFile(path.join(appDir, 'consumer.ts'), 'utf8');
  const lines = text.split('\n');
  const expected = new Map(); // 1-based line of the mistake -> { code, why }
  lines.forEach((line, i) => {
    const found = /\/\/ @ts-expect-error TS(\d+) (.+)$/.exec(line);
    if (found) expected.set(i + 2, { code: Number(found[1]), why: found[2] });
  });
  assert.ok(expected.size >= 15, `only ${expected.size} expected errors`);

  const stripped = text.replaceAll('// @ts-expect-error', '// expected error:');
  const prog = program('tsconfig.json', 'consumer.ts', stripped);
  const found = new Map();
  const elsewhere = [];
  const declarations = path.join(appDir, 'node_modules', PACKAGE, 'pinecone_backup_schedules.d.ts');
  for (const d of diagnosticsOf(prog, [path.join(appDir, 'consumer.ts'), declarations])) {
    const inConsumer = d.file && path.resolve(d.file.fileName) === path.join(appDir, 'consumer.ts');
    const line = inConsumer ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    if (expected.has(line)) found.set(line, [...(found.get(line) ?? []), d]);
    else elsewhere.push(describeDiagnostic(d));
  }

  const problems = [];
  for (const [line, { code, why }] of expected) {
    const codes = (found.get(line) ?? []).map((d) => d.code);
    if (!codes.includes(code)) {
      const got = (found.get(line) ?? []).map(describeDiagnostic).join('; ') || 'no error at all';
      problems.push(`line ${line} (${why}): expected TS${code}, got ${got}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(elsewhere, [], 'errors outside the expected lines');
});

test('what the package returns at run time satisfies the declared types', { timeout: 90_000 }, async () => {
  const source = await readFile(path.join(appDir, 'consumer.ts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  await writeFile(path.join(appDir, 'consumer.mjs'), js.outputText);

  const emulator = await startEmulator();
  let summary;
  try {
    const { stdout } = await run(process.execPath, ['run.mjs', emulator.url], { cwd: appDir, timeoutMs: 30_000 });
    summary = JSON.parse(stdout);
  } finally {
    await emulator.stop();
  }
  assert.ok(summary.count >= 30, `only ${summary.count} values observed`);
  assert.equal(summary.shapes.length, 12, `shapes seen: ${summary.shapes.join(', ')}`);

  const prog = program('tsconfig.observed.json', 'observed.ts');
  const observedFile = path.join(appDir, 'observed.ts');
  const observedText = await readFile(observedFile, 'utf8');
  const observedLines = observedText.split('\n');
  const mismatches = diagnosticsOf(prog, [observedFile]).map((d) => {
    if (!d.file) return describeDiagnostic(d);
    const line = d.file.getLineAndCharacterOfPosition(d.start).line;
    // The comment above each constant names the call that produced it.
    const label = observedLines.slice(0, line + 1).reverse().find((l) => l.startsWith('// '));
    return `${label?.slice(3)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
  assert.deepEqual(mismatches, []);
});
