// Tampering with a signed report bundle: through the CLI (`govllm keygen`, `sign`, `verify`) an untouched bundle
// verifies and exits 0; a one-byte change at seeded random offsets of every file, a byte inserted or removed,
// a file deleted or added, are each caught (verifyBundle not ok; the CLI exits 1). Complements
// reports/sign/verify.test.ts (first/middle/last byte, every byte of the signature) with random positions.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReports } from '../reports/index.ts';
import { testCatalog, writeSyntheticRun } from '../reports/testing/synthetic.ts';
import { verifyBundle } from '../reports/sign/verify.ts';
import type { Catalog } from '../runners/core/types.ts';
import { seededRandom } from '../runners/core/execute-check.ts';
import { govllm } from '../fixtures/hostile/run-helpers.ts';

const OFFSETS_PER_FILE = 8;
const SEED = Number(process.env.GOVLLM_TAMPER_SEED ?? Math.floor(Math.random() * 2 ** 31));
let tmp: string;
let pristine: string;
let pub: string;
let catalog: Catalog;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-tamper-'));
  catalog = testCatalog().catalog;
  const run = writeSyntheticRun(catalog);
  pristine = path.join(tmp, 'pristine');
  await renderReports(run.resultsPath, { formats: ['html', 'junit', 'csv', 'oscal'], outDir: pristine, catalog, log: () => {} });
  const kg = await govllm(['keygen', '--out', path.join(tmp, 'signer')], {});
  expect(kg.code, kg.stderr).toBe(0);
  pub = fs
    .readdirSync(tmp)
    .map((f) => path.join(tmp, f))
    .find((f) => /signer.*pub/.test(f))!;
  const key = fs
    .readdirSync(tmp)
    .map((f) => path.join(tmp, f))
    .find((f) => /signer/.test(f) && f !== pub)!;
  const sg = await govllm(['sign', pristine, '--key', key], {});
  expect(sg.code, sg.stderr).toBe(0);
}, 180_000);
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function tampered(name: string, change: (dir: string) => void): string {
  const dir = path.join(tmp, name);
  fs.cpSync(pristine, dir, { recursive: true });
  change(dir);
  return dir;
}
const ok = (dir: string) => verifyBundle(dir, { pubkey: pub, catalog }).ok;

describe('govllm verify against tampering', () => {
  it('an untouched signed bundle verifies (CLI exit 0)', async () => {
    expect(ok(pristine)).toBe(true);
    const r = await govllm(['verify', pristine, '--pubkey', pub], {});
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it(`a one-byte change at ${OFFSETS_PER_FILE} random offsets of every file is caught`, () => {
    const random = seededRandom(SEED, 'tamper');
    const files = (fs.readdirSync(pristine, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(pristine, f)).isFile()).sort();
    expect(files.length).toBeGreaterThanOrEqual(8);
    let cases = 0;
    for (const f of files) {
      const size = fs.statSync(path.join(pristine, f)).size;
      for (let i = 0; i < OFFSETS_PER_FILE; i++) {
        const at = Math.floor(random() * size);
        const delta = 1 + Math.floor(random() * 255); // never 0: the byte really changes
        const dir = tampered(`b-${cases}`, (d) => {
          const buf = fs.readFileSync(path.join(d, f));
          buf[at] = (buf[at] + delta) & 0xff;
          fs.writeFileSync(path.join(d, f), buf);
        });
        expect(ok(dir), `seed ${SEED}: byte ${at} of ${f} changed by +${delta}, yet the bundle verifies`).toBe(false);
        fs.rmSync(dir, { recursive: true, force: true });
        cases++;
      }
    }
    console.log(`[tamper] seed ${SEED}: ${cases} one-byte changes over ${files.length} files, all caught`);
  });

  it('a byte inserted or removed, a file deleted or added: each caught, and the CLI exits 1', async () => {
    const files = fs.readdirSync(pristine).filter((f) => fs.statSync(path.join(pristine, f)).isFile());
    const dirs: [string, string][] = [];
    for (const f of files) {
      dirs.push([`insert into ${f}`, tampered(`ins-${f}`, (d) => fs.appendFileSync(path.join(d, f), ' '))]);
      dirs.push([
        `remove last byte of ${f}`,
        tampered(`del-${f}`, (d) => fs.truncateSync(path.join(d, f), Math.max(0, fs.statSync(path.join(d, f)).size - 1))),
      ]);
      dirs.push([`delete ${f}`, tampered(`rm-${f}`, (d) => fs.rmSync(path.join(d, f)))]);
    }
    dirs.push(['add a file', tampered('extra', (d) => fs.writeFileSync(path.join(d, 'note.txt'), 'added after signing'))]);
    for (const [what, dir] of dirs) expect(ok(dir), `${what}: still verifies`).toBe(false);
    // The CLI, on a sample: exit 1, never 0, never a crash.
    for (const [what, dir] of [dirs[0], dirs[2], dirs[dirs.length - 1]]) {
      const r = await govllm(['verify', dir, '--pubkey', pub], {});
      expect(r.code, `${what}: ${r.stdout.slice(-500)}${r.stderr.slice(-500)}`).toBe(1);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  }, 120_000);
});
