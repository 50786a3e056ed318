// Whether the JavaScript that `npm run build` (tools/build.mjs) compiled beside the sources may run: a build exists
// and no TypeScript source was changed after it started (a few hundred stat calls). Shared by the CLI
// (runners/bin/govllm.mjs) and the bench (runners/bin/bench.mjs), so both run what a user's `govllm` runs, and an
// edited checkout never runs stale code.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The folders tsconfig.build.json compiles. */
export const SOURCE_DIRS = ['runners', 'suites', 'reports', 'fixtures', 'bench'];

function builtAt() {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'runners/cli/.build-stamp'), 'utf8')).started;
  } catch {
    return undefined;
  }
}

export function compiledIsFresh() {
  if (process.env.GOVLLM_TSX === '1') return false;
  const started = builtAt();
  if (typeof started !== 'number') return false;
  for (const dir of SOURCE_DIRS) {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      // The compiled output of a check whose source was renamed or deleted would still be discovered (twice
      // defined, or a check that no longer exists): the build removes it; until then run the sources.
      if (e.isFile() && e.name.endsWith('.check.js') && !fs.existsSync(path.join(e.parentPath ?? e.path, e.name.slice(0, -3) + '.ts'))) return false;
      if (!e.isFile() || !e.name.endsWith('.ts') || e.name.endsWith('.test.ts')) continue;
      const file = path.join(e.parentPath ?? e.path, e.name);
      if (/[\\/](testdata|__fixtures__)[\\/]/.test(file)) continue; // test-only sources, not compiled
      if (fs.statSync(file).mtimeMs >= started) return false;
      if (!fs.existsSync(file.slice(0, -3) + '.js')) return false;
    }
  }
  return true;
}
