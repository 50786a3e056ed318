#!/usr/bin/env node
// Entry point. Runs the compiled JavaScript (`npm run build`, which `npm ci` runs) when it is newer than every
// TypeScript source, and the sources through tsx otherwise, so an edited checkout never runs stale code and a
// checkout without a build still works. Start-up is most of what `govllm --help` costs: tsx alone adds ~0.3 s.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_DIRS = ['runners', 'suites', 'reports', 'fixtures'];

function builtAt() {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'runners/cli/.build-stamp'), 'utf8')).started;
  } catch {
    return undefined;
  }
}

/** True when a build exists and no .ts source was changed after it started (a few hundred stat calls). */
function compiledIsFresh() {
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

// `govllm list … | head` closes stdout early: that is not an error of ours.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
let main;
if (compiledIsFresh()) {
  ({ main } = await import('../cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
await main(process.argv.slice(2));
