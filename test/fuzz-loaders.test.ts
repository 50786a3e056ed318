// Loader fuzzing: every truncated, mistyped, oversized or hostile YAML/JSON input a user can hand the suite is
// refused as an input error that names the file (and the line where the mistake sits on one), and the CLI
// exits 2 without a stack trace. The valid seeds load, so the refusals are the mutations' doing.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayPath, loadValidated } from '../runners/load/documents.ts';
import { loadCatalog } from '../runners/load/catalog.ts';
import { InputError } from '../runners/load/errors.ts';
import { SCHEMA_OF, SEEDS, brokenCases, writeCase, type BrokenCase, type Format } from '../fixtures/hostile/inputs.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'runners/bin/govllm.mjs');
let dir: string;
const cases = brokenCases();
const files = new Map<string, string>();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-fuzz-'));
  for (const c of cases) files.set(c.id, writeCase(dir, c));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function govllm(args: string[], timeout = 60_000) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const noStack = (s: string) => expect(s).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$|^\s+at [^\s]+:\d+:\d+$|internal error/m);

function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`expected an InputError, got ${(e as Error)?.stack ?? e}`, { cause: e });
    return e;
  }
  throw new Error('expected an InputError, the file was accepted');
}

describe('loader fuzzing', () => {
  it('the valid seeds load (control)', () => {
    const seedDir = fs.mkdtempSync(path.join(dir, 'seeds-'));
    for (const f of Object.keys(SEEDS) as Format[]) {
      const file = writeCase(seedDir, { id: 'seed', format: f, what: 'seed', content: SEEDS[f] });
      expect(() => loadValidated(file, SCHEMA_OF[f])).not.toThrow();
    }
  });

  it(`every one of the ${cases.length} broken inputs is an input error naming the file (and its line where it has one)`, () => {
    const table: string[] = [];
    for (const c of cases) {
      const file = files.get(c.id)!;
      const t0 = Date.now();
      const e = inputErrorOf(() => loadValidated(file, SCHEMA_OF[c.format]));
      const ms = Date.now() - t0;
      const shown = displayPath(file);
      for (const p of e.problems) expect(p.startsWith(shown), `${c.id}: "${p}" does not start with ${shown}`).toBe(true);
      if (c.line !== undefined)
        expect(
          e.problems.some((p) => p.startsWith(`${shown}:${c.line}`)),
          `${c.id} (${c.what}) should name line ${c.line}: ${e.problems.join(' | ')}`,
        ).toBe(true);
      expect(e.problems.length).toBeLessThanOrEqual(25);
      // Generous: CI shares two cores; the point is that no input makes the loader spin or blow up.
      expect(ms, `${c.id} took ${ms} ms`).toBeLessThan(30_000);
      table.push(`${c.id.padEnd(32)} ${c.what.padEnd(44)} → ${e.problems[0].slice(shown.length).slice(0, 90)}`);
    }
    console.log(`[fuzz] ${cases.length} broken inputs, all refused:\n${table.join('\n')}`);
  });

  it('a broken domain file inside an edition folder is reported by the catalog loader with its file and line', () => {
    const edition = fs.mkdtempSync(path.join(dir, 'edition-'));
    fs.copyFileSync(path.join(ROOT, 'standards/gov-llm-2.0/edition.yaml'), path.join(edition, 'edition.yaml'));
    const domains = ['infrastructure', 'data', 'knowledge', 'agents', 'apps', 'safety'];
    const prefix: Record<string, string> = { infrastructure: 'INF', data: 'DAT', knowledge: 'KNO', agents: 'AGT', apps: 'APP', safety: 'SAF' };
    const valid = (d: string) => SEEDS['clause-file'].replace('domain: safety', `domain: ${d}`).replaceAll('SAF-FUZ', `${prefix[d]}-FUZ`);
    for (const d of domains) fs.writeFileSync(path.join(edition, `${d}.yaml`), valid(d));
    expect(loadCatalog(edition).clauses).toHaveLength(6); // control: the synthetic edition loads

    const broken: BrokenCase[] = cases.filter((c) => c.format === 'clause-file');
    for (const c of broken) {
      const file = path.join(edition, 'safety.yaml');
      fs.writeFileSync(file, c.content);
      const e = inputErrorOf(() => loadCatalog(edition));
      const shown = displayPath(file);
      expect(
        e.problems.some((p) => p.startsWith(shown)),
        `${c.id}: ${e.problems.join(' | ')}`,
      ).toBe(true);
      if (c.line !== undefined)
        expect(
          e.problems.some((p) => p.startsWith(`${shown}:${c.line}`)),
          `${c.id}: ${e.problems.join(' | ')}`,
        ).toBe(true);
    }
    // Cross-file rule: a clause id defined twice is named with both places.
    fs.writeFileSync(path.join(edition, 'safety.yaml'), valid('safety'));
    fs.writeFileSync(path.join(edition, 'apps.yaml'), valid('apps').replace('id: APP-FUZ-01', 'id: SAF-FUZ-01'));
    const dup = inputErrorOf(() => loadCatalog(edition));
    expect(dup.problems.join('\n')).toMatch(/(apps|safety)\.yaml:\d+ .*"SAF-FUZ-01" is already defined at .*(safety|apps)\.yaml:\d+/);
  });

  it('`govllm validate` over every broken file, a missing file and an empty folder at once: exit 2, each named, no stack trace', () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    const missing = path.join(dir, 'does-not-exist.target.yaml');
    const all = [...cases.map((c) => files.get(c.id)!), missing, empty];
    const t0 = Date.now();
    const r = govllm(['validate', ...all], 120_000);
    console.log(`[fuzz] govllm validate over ${all.length} broken inputs: exit ${r.code} in ${Date.now() - t0} ms`);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr.slice(-2000)).toBe(2);
    noStack(r.stderr);
    for (const f of all) expect(r.stderr, `no message names ${f}`).toContain(displayPath(f));
    expect(r.stdout).not.toMatch(/file\(s\) valid/);
  });
});
