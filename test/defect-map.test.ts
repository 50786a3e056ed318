// The defect → clause map is the backbone of every suite's tests: each automatable clause of the catalog
// must be broken by at least one defect of the reference deployment, and every clause a defect names exists.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFECTS } from '../fixtures/reference/defects/index.ts';
import { loadCatalog } from '../runners/load/catalog.ts';

describe('the reference deployment defect map', () => {
  const catalog = loadCatalog();
  const ids = new Set(catalog.clauses.map((c) => c.id));

  it('covers every automatable clause of the catalog', () => {
    const broken = new Set(DEFECTS.flatMap((d) => d.breaks));
    const uncovered = catalog.clauses.filter((c) => c.verification !== 'attestation' && !broken.has(c.id)).map((c) => c.id);
    expect(uncovered).toEqual([]);
  });

  it('names only clauses that exist, with unique defect ids, at least 25 defects over all six domains', () => {
    for (const d of DEFECTS) for (const c of d.breaks) expect(ids.has(c), `${d.id} → ${c}`).toBe(true);
    expect(new Set(DEFECTS.map((d) => d.id)).size).toBe(DEFECTS.length);
    expect(DEFECTS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(DEFECTS.map((d) => d.domain))).toEqual(new Set(['infrastructure', 'data', 'knowledge', 'agents', 'apps', 'safety']));
  });

  it('govllm serve-reference --list-defects --json prints the same map', () => {
    const r = spawnSync(process.execPath, [path.resolve('runners/bin/govllm.mjs'), 'serve-reference', '--list-defects', '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const listed = JSON.parse(r.stdout) as { id: string; breaks: string[] }[];
    expect(listed.map((d) => [d.id, d.breaks])).toEqual(DEFECTS.map((d) => [d.id, d.breaks]));
  }, 120_000);
});
