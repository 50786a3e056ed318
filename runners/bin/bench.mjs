#!/usr/bin/env node
// npm run bench — see bench/bench.ts. Not part of the tests: it takes a few minutes and measures this machine.
// It runs the compiled JavaScript when the build is fresh, as `govllm` does, so it measures what a user runs.
import { compiledIsFresh } from './compiled.mjs';

if (compiledIsFresh()) {
  await import('../../bench/bench.js');
} else {
  console.log('bench: no fresh build (npm run build): measuring the TypeScript sources through tsx, which costs more');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../../bench/bench.ts');
}
