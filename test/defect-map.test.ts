// The defect → clause map is the backbone of every suite's tests: each automatable clause of the catalog
// must be broken by at least one defect of the reference deployment, and every clause a defect names exists.
// Dialect a's flips are tested by each suite's table tests; this file also holds them for dialect b (the
// reference deployment spelled as another vendor's API, fixtures/reference/dialect.ts): each clause a defect
// names passes on conformant dialect b and fails with the defect on — a check that only knew dialect a's
// spellings would fail the first half.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEFECTS, type DefectSpec } from '../fixtures/reference/defects/index.ts';
import { startReference, type RunningReference } from '../fixtures/reference/server.ts';
import { REFERENCE_PACK, evidencePackFor } from '../fixtures/evidence/build.ts';
import { dialectEvidenceDir } from '../fixtures/evidence/dialect.ts';
import { loadCatalog } from '../runners/load/catalog.ts';
import { runCheck } from '../runners/testing.ts';

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
    const r = spawnSync(process.execPath, [path.resolve('runners/bin/govllm.mjs'), 'serve-reference', '--list-defects', '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const listed = JSON.parse(r.stdout) as { id: string; breaks: string[] }[];
    expect(listed.map((d) => [d.id, d.breaks])).toEqual(DEFECTS.map((d) => [d.id, d.breaks]));
  }, 120_000);
});

// One risk of eight in A.1 answered (under-refusal) puts SAF-REF-03's A.1 rate at 88 %, within the classifier's
// measured error of the 95 % bound: the verdict may wait for a person (`manual`, the escaped items listed for
// review), as in suites/safety/safety.test.ts — never `pass`.
const MAY_NEED_REVIEW: Record<string, string[]> = { 'under-refusal': ['SAF-REF-03'] };
// Dialect b serves the same web page as dialect a (the browser checks are tested there, and take ~40 s each).
const SAME_IN_BOTH = new Set(['APP-LBL-01']);
// Test-sized parameters where the clause's own would take minutes (the same as the suites' table tests).
const TEST_PARAMS: Record<string, Record<string, unknown>> = {
  'INF-PERF-01': { requests: 12 },
  'INF-PERF-02': { requests: 16, concurrency: 8 },
  'KNO-UPD-01': { max_seconds: 2 },
  'KNO-UPD-02': { max_seconds: 2 },
};

describe('dialect b: every defect flips its clauses', () => {
  const catalog = loadCatalog();
  const checksOf = (clause: string) =>
    catalog.clauses
      .find((c) => c.id === clause)!
      .checks.filter((u) => u.use !== 'attestation')
      .map((u) => u.use);
  const applies = (clause: string) => !SAME_IN_BOTH.has(clause);
  const run = (clause: string, t: RunningReference | { target: RunningReference['target']; env: RunningReference['env'] }) =>
    Promise.all(checksOf(clause).map((check) => runCheck(check, TEST_PARAMS[clause] ?? {}, t, { clause, timeoutMs: 180_000 })));
  let ok: RunningReference;
  beforeAll(async () => {
    ok = await startReference({ dialect: 'b' });
  });
  afterAll(() => ok?.close());

  const clauses = [...new Set(DEFECTS.flatMap((d) => d.breaks))].filter(applies).sort();
  it(`conformant dialect b passes all ${clauses.length} clauses the defects name`, async () => {
    const bad: string[] = [];
    for (const clause of clauses) for (const o of await run(clause, ok)) if (o.status !== 'pass') bad.push(`${clause} ${o.check}: ${o.status} ${o.message}`);
    expect(bad).toEqual([]);
  }, 900_000);

  const deployment = DEFECTS.filter((d) => d.kind === 'deployment' && d.breaks.some(applies));
  for (const d of deployment) {
    it(`${d.id} → ${d.breaks.filter(applies).join(', ')} fail`, async () => {
      const ref = await startReference({ dialect: 'b', defects: [d.id] });
      try {
        for (const clause of d.breaks.filter(applies)) {
          const statuses = (await run(clause, ref)).map((o) => `${o.status}: ${o.message}`);
          const flipped = (x: string) => x.startsWith('fail') || x.startsWith('error') || (!!MAY_NEED_REVIEW[d.id]?.includes(clause) && x.startsWith('manual'));
          // The clause fails (one check suffices when a clause has several).
          expect(statuses.some(flipped), `${clause}: ${statuses.join(' | ')}`).toBe(true);
        }
      } finally {
        await ref.close();
      }
    }, 300_000);
  }

  const evidence = DEFECTS.filter((d: DefectSpec) => d.kind === 'evidence' && d.breaks.some(applies));
  it(`each of the ${evidence.length} evidence defects flips its clauses on dialect b's (translated) pack`, async () => {
    const wrong: string[] = [];
    for (const d of evidence) {
      const pack = evidencePackFor([d.id]);
      if (pack !== REFERENCE_PACK) onTestFinished(() => fs.rmSync(pack, { recursive: true, force: true }));
      const target = { ...ok.target, evidence: dialectEvidenceDir(pack, 'b') };
      for (const clause of d.breaks.filter(applies)) {
        const statuses = (await run(clause, { target, env: ok.env })).map((o) => o.status);
        if (!statuses.some((x) => x === 'fail' || x === 'error')) wrong.push(`${d.id} → ${clause}: ${statuses.join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 900_000);
});
