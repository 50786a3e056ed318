// Hostile evidence packs and input files (SECURITY.md §4; issue 15 item 3): a pack whose files are symbolic links
// to a file outside it, to /dev/zero, a FIFO, or sit in a folder that links outside; a pack whose manifest.yaml is
// such a link; `govllm validate /dev/zero`. Each is refused quickly, naming the file and why, and nothing of the
// outside file is hashed, printed or published.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTSIDE_SECRET, buildHostilePack, manifestLink, type HostilePack } from '../fixtures/hostile/evidence.ts';
import { allFiles, govllm, govllmHere, writeTarget } from '../fixtures/hostile/run-helpers.ts';
import { readBounded } from '../runners/load/documents.ts';
import { loadEvidencePack } from '../runners/evidence/pack.ts';

// A command that blocks on the FIFO or reads /dev/zero for ever is stopped by this guard, and fails the test. Those
// two run as child processes (a blocking read would freeze the test itself); the rest run in this process.
const GUARD_MS = 150_000;

let tmp: string;
let pack: HostilePack;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-evidence-'));
  pack = buildHostilePack(tmp);
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const expectNothingOutside = (name: string, text: string) => expect(text.includes(OUTSIDE_SECRET), `${name} quotes the file outside the pack`).toBe(false);

describe('a pack with links, a FIFO and a device', () => {
  it(
    '`evidence validate` refuses each such file by name, ends, and prints nothing of the outside file',
    async () => {
      const r = await govllm(['evidence', 'validate', pack.dir], {}, undefined, GUARD_MS);
      expect(r.signal, 'evidence validate did not end by itself').toBeNull();
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/data-catalog\.csv: refused: .*data-catalog\.csv is a symbolic link/);
      expect(r.stderr).toMatch(/model-config\.json: refused: .*is a symbolic link/);
      expect(r.stderr).toMatch(/hardware-inventory\.csv: refused: .*is a FIFO/);
      expect(r.stderr).toMatch(/linked\/lineage\.csv: refused: .*linked is a symbolic link/);
      expect(r.stdout).toMatch(/annotation\.csv: \d+ rows valid/); // the plain files are still checked
      expectNothingOutside('stdout', r.stdout);
      expectNothingOutside('stderr', r.stderr);
    },
    GUARD_MS + 10_000,
  );

  it(
    '`evidence hash` refuses them and writes no hash for them',
    async () => {
      const before = fs.readFileSync(path.join(pack.dir, 'manifest.yaml'), 'utf8');
      const r = await govllmHere(['evidence', 'hash', pack.dir]);
      expect(r.code).toBe(2);
      for (const f of pack.refused) expect(r.stderr).toContain(`${f}: refused`);
      expect(fs.readFileSync(path.join(pack.dir, 'manifest.yaml'), 'utf8')).toBe(before);
      expectNothingOutside('output', r.stdout + r.stderr);
    },
    GUARD_MS + 10_000,
  );

  it(
    '`run` gives `error` for the checks that need them and publishes nothing of the outside file',
    async () => {
      const target = writeTarget(tmp, 'evidence-only', { name: 'hostile evidence', vendor: 'x', endpoints: {}, evidence: pack.dir } as never);
      const out = path.join(tmp, 'run-out');
      const r = await govllmHere([
        'run',
        '--target',
        target,
        '--out',
        out,
        '--only',
        'DAT-SEC-01,INF-CAP-01,DAT-QLT-01',
        '--ci',
        '--format',
        'html,junit,csv,oscal',
      ]);
      expect(r.stderr).not.toMatch(/govllm: internal error/);
      const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as {
        outcomes: { clause: string; status: string; message: string }[];
      };
      const by = Object.fromEntries(results.outcomes.map((o) => [o.clause, o]));
      expect(by['DAT-SEC-01'].status).toBe('error');
      expect(by['DAT-SEC-01'].message).toMatch(/data-catalog\.csv.*symbolic link/);
      expect(by['INF-CAP-01'].status).toBe('error');
      for (const f of allFiles(out)) expectNothingOutside(path.relative(out, f), fs.readFileSync(f, 'utf8'));
      expectNothingOutside('stdout/stderr', r.stdout + r.stderr);
    },
    GUARD_MS + 10_000,
  );

  it(
    'a manifest.yaml that is a link is refused without reading it',
    async () => {
      const dir = manifestLink(tmp, path.join(pack.outside, 'shadow'));
      for (const action of ['validate', 'hash']) {
        const r = await govllmHere(['evidence', action, dir]);
        expect(r.code, action).toBe(2);
        expect(r.stderr).toMatch(/manifest\.yaml: refused: .*manifest\.yaml is a symbolic link/);
        expectNothingOutside(`evidence ${action}`, r.stdout + r.stderr);
      }
      await expect(loadEvidencePack(dir)).rejects.toThrow(/symbolic link/);
    },
    2 * GUARD_MS,
  );
});

describe('input files that never end', () => {
  it(
    '`validate /dev/zero` stops at once with a clear error',
    async () => {
      const r = await govllm(['validate', '/dev/zero'], {}, undefined, GUARD_MS);
      expect(r.signal, 'validate /dev/zero did not end by itself').toBeNull();
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\/dev\/zero: not a regular file/);
    },
    GUARD_MS + 10_000,
  );

  it('the size cap is counted while reading, not taken from stat', () => {
    // /proc files report a size of 0 and still hold bytes: a cap trusting stat would read them whole.
    expect(fs.statSync('/proc/self/maps').size).toBe(0);
    expect(() => readBounded('/proc/self/maps', 64)).toThrow(/larger than/);
  });
});
