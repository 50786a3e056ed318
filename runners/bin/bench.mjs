#!/usr/bin/env node
// npm run bench — see bench/bench.ts. Not part of the tests: it takes a few minutes and measures this machine.
import { register } from 'tsx/esm/api';

register();
await import('../../bench/bench.ts');
