// vitest globalSetup: the test run gets a temp folder of its own, removed when the run ends. Tests make hundreds of
// output folders (runs, evidence packs, Chromium profiles) under os.tmpdir(); each one cleaning up after itself
// is not enough when a test fails or a worker is killed at its timeout, and a CI machine's /tmp filled up with
// them. Workers are forked after this runs, so they inherit TMPDIR and os.tmpdir() points here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
}
