#!/usr/bin/env node
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
