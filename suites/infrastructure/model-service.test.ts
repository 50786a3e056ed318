// Table tests of the model-service checks (chat.*, access.*, audit, perf.*, metrics, ops) against the
// reference deployment, each with the clause's own `with:` from the catalog: every clause passes the
// conformant deployment, and each defect flips the clauses it declares to fail.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type RunningReference } from '../../fixtures/reference/server.ts';
import { defectById } from '../../fixtures/reference/defects/index.ts';
import { probeCheckOf, runClause } from '../../runners/testing.ts';
import { parseExposition } from './lib/prometheus.ts';
import { schemaProblems } from './lib/openai-schema.ts';

const run = (clause: string, ref: RunningReference, params: Record<string, unknown> = {}) => runClause(clause, ref, params, 180_000);

const CLAUSES = [
  'INF-API-01',
  'INF-API-02',
  'INF-API-03',
  'INF-API-04',
  'INF-API-05',
  'INF-GW-01',
  'INF-GW-02',
  'INF-GW-03',
  'INF-SUP-01',
  'INF-SUP-02',
  'INF-SUP-03',
  'INF-CAP-04',
  'INF-PERF-01',
  'INF-PERF-02',
];

describe('model-service checks against the conformant reference deployment', () => {
  let ref: RunningReference;
  beforeAll(async () => {
    ref = await startReference();
  });
  afterAll(() => ref.close());

  for (const clause of CLAUSES) {
    it(`${clause} (${probeCheckOf(clause)}) passes`, async () => {
      const o = await run(clause, ref);
      expect(o.status, o.message).toBe('pass');
      if (clause.startsWith('INF-PERF')) {
        // The measured figures are reported, not only the verdict.
        const obs = o.observed as any;
        expect(obs.latency_ms.p95).toBeGreaterThan(0);
        expect(obs.ttft_ms.p95).toBeGreaterThan(0);
        expect(obs.tokens_per_s.p50).toBeGreaterThan(0);
        console.log(`${clause}: ${o.message}`);
      }
    });
  }
});

// defect → the clauses to run (declared in the DefectSpec), with test-sized params where the clause's own
// load would take minutes against a deliberately slow deployment.
const TABLE: { defect: string; params?: Record<string, Record<string, unknown>> }[] = [
  { defect: 'no-auth' },
  { defect: 'authz-bypass' },
  { defect: 'no-rate-limit' },
  { defect: 'unlogged-requests' },
  { defect: 'broken-sse' },
  { defect: 'errors-as-html-200' },
  { defect: 'schema-violations' },
  { defect: 'bad-usage' },
  { defect: 'models-incomplete' },
  { defect: 'unhealthy' },
  { defect: 'malformed-metrics' },
  { defect: 'silent-truncation' },
  { defect: 'slow-under-load', params: { 'INF-PERF-01': { requests: 12 }, 'INF-PERF-02': { requests: 16, concurrency: 8 } } },
];

describe('each model-service defect flips its clauses to fail', () => {
  for (const row of TABLE) {
    const spec = defectById(row.defect)!;
    const mine = spec.breaks.filter((c) => CLAUSES.includes(c) || c === 'SAF-LOG-01');
    it(`${row.defect} → ${mine.join(', ')} fail`, async () => {
      expect(mine.length).toBeGreaterThan(0);
      const ref = await startReference({ defects: [row.defect] });
      try {
        for (const clause of mine) {
          const o = await run(clause, ref, row.params?.[clause]);
          expect(o.status, `${clause}: ${o.message}`).toBe('fail');
        }
      } finally {
        await ref.close();
      }
    });
  }
});

describe('validators', () => {
  it('the Prometheus parser accepts a valid exposition and names the line of each problem', () => {
    const ok = parseExposition(
      '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1"} 3\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 0.5\nh_count 2\n',
    );
    expect(ok.problems).toEqual([]);
    expect([...ok.families.keys()]).toEqual(['a_total', 'h']);
    const bad = parseExposition('a_total\nb{device=0} 1\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n# TYPE h gauge\n');
    expect(bad.problems.join('\n')).toMatch(/line 1: not a sample line/);
    expect(bad.problems.join('\n')).toMatch(/line 2: malformed label set/);
    expect(bad.problems.join('\n')).toMatch(/no le="\+Inf" bucket/);
    expect(bad.problems.join('\n')).toMatch(/line 7: second TYPE line for h/);
  });

  it('the OpenAI schema kept in the project rejects what the API would not send', () => {
    const good = {
      id: 'x',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, finish_reason: 'stop', logprobs: null }],
    };
    expect(schemaProblems('response', good)).toEqual([]);
    expect(schemaProblems('response', { ...good, created: '2025-01-01' }).join()).toMatch(/created/);
    expect(schemaProblems('response', { ...good, choices: [{ ...good.choices[0], finish_reason: 'done' }] }).join()).toMatch(/finish_reason/);
  });
});
