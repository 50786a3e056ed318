#!/usr/bin/env -S node --max-semi-space-size=8
// The flag (runners/bin/node-flags.json: also in package.json's start and govllm scripts, and the bench's runs) caps
// V8's young generation at 8 MB instead of 16: measured by `npm run bench`, a run's peak RSS is 10–14 MB lower
// (bank scenario 110 → 97 MB) at the same CPU per request. It can only be given when node starts.
// Entry point. Runs the compiled JavaScript (`npm run build`, which `npm ci` runs) when it is newer than every
// TypeScript source, and the sources through tsx otherwise, so an edited checkout never runs stale code and a
// checkout without a build still works. Start-up is most of what `govllm --help` costs: tsx alone adds ~0.3 s.
import { compiledIsFresh } from './compiled.mjs';

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
