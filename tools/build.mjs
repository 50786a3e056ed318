#!/usr/bin/env node
// npm run build (also `prepare`, so `npm ci` runs it): compiles the TypeScript sources to JavaScript beside them
// (tsconfig.build.json), then writes the files the CLI reads at start-up:
// - runners/cli/commands.index.json: each command's name, aliases and description, so `govllm --help` and every
//   command load only the one module they run instead of all of them (and all they import);
// - runners/cli/.build-stamp: when this build started; runners/bin/govllm.mjs runs the compiled code only while
//   no source is newer, and tsx otherwise, so an edited checkout never runs stale JavaScript;
// - runners/load/.catalog-cache.json and suites/checks.index.json: the built-in catalog parsed and validated, and
//   the checks' metadata, so `validate`, `list` and `explain` neither parse the YAML nor import every check;
// - runners/load/.schema-validators.cjs: every schema's validator, precompiled, so no start compiles a schema.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOURCE_DIRS } from '../runners/bin/compiled.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'runners', 'cli');
const started = Date.now();

// Output of a source renamed or deleted since the last build: no source of these folders is JavaScript, so a .js
// without its .ts is stale (a stale .check.js would be discovered as a check).
for (const dir of SOURCE_DIRS) {
  for (const e of fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
    const file = path.join(e.parentPath ?? e.path, e.name);
    if (e.isFile() && e.name.endsWith('.js') && !file.includes('node_modules') && !fs.existsSync(file.slice(0, -3) + '.ts')) fs.rmSync(file);
  }
}

const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  // The CLI still works through tsx; a failed build must not leave a stamp that vouches for stale output.
  fs.rmSync(path.join(CLI, '.build-stamp'), { force: true });
  console.error('build: tsc failed; govllm will run the TypeScript sources through tsx');
  // `prepare` (npm ci) passes --if-possible: a type error is the typecheck's to report, not a reason to fail the
  // install of a CLI that runs without a build.
  process.exit(process.argv.includes('--if-possible') ? 0 : (tsc.status ?? 1));
}

const commandsDir = path.join(CLI, 'commands');
const index = [];
for (const f of fs
  .readdirSync(commandsDir)
  .filter((f) => f.endsWith('.js'))
  .sort()) {
  if (!fs.existsSync(path.join(commandsDir, f.replace(/\.js$/, '.ts')))) continue; // output of a deleted source
  const mod = (await import(pathToFileURL(path.join(commandsDir, f)).href)).default;
  const aliases = mod.aliases === undefined ? [] : [mod.aliases].flat();
  index.push({ file: f, command: mod.command, aliases, describe: mod.describe });
}
fs.writeFileSync(path.join(CLI, 'commands.index.json'), JSON.stringify(index, null, 2) + '\n');

// What `validate`, `list` and `explain` would otherwise parse or import on every start: the built-in catalog
// (runners/load/.catalog-cache.json) and the checks' metadata (suites/checks.index.json). A catalog or a check that
// does not load is not the build's to report (`govllm validate` does): the CLI then parses and imports as before.
const cacheFile = path.join(ROOT, 'runners', 'load', '.catalog-cache.json');
const checkIndexFile = path.join(ROOT, 'suites', 'checks.index.json');
let checks = 0;
try {
  (await import(pathToFileURL(path.join(ROOT, 'runners', 'load', 'catalog.js')).href)).writeCatalogCache();
} catch (e) {
  fs.rmSync(cacheFile, { force: true });
  console.error(`build: built-in catalog not cached (${e.message.split('\n')[0]})`);
}
// Every schema's validator as ajv's standalone code (runners/load/.schema-validators.cjs), read when its schemas
// are unchanged; without it ajv compiles the schemas a command needs, as before.
const validatorsFile = path.join(ROOT, 'runners', 'load', '.schema-validators.cjs');
try {
  await (await import(pathToFileURL(path.join(ROOT, 'runners', 'load', 'documents.js')).href)).writeSchemaValidators();
} catch (e) {
  fs.rmSync(validatorsFile, { force: true });
  console.error(`build: schema validators not precompiled (${e.message.split('\n')[0]})`);
}
try {
  checks = await (await import(pathToFileURL(path.join(ROOT, 'runners', 'core', 'registry.js')).href)).writeCheckIndex();
} catch (e) {
  fs.rmSync(checkIndexFile, { force: true });
  console.error(`build: check index not written (${e.message.split('\n')[0]})`);
}
fs.writeFileSync(path.join(CLI, '.build-stamp'), JSON.stringify({ started }) + '\n');
console.log(`build: compiled in ${((Date.now() - started) / 1000).toFixed(1)} s; ${index.length} commands and ${checks} checks indexed`);
process.exit(0);
