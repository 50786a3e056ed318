import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUDGET_MARGIN_MS, executeCheck, type ExecuteEnv } from './execute-check.ts';
import { loadChecks } from './registry.ts';
import { loadCatalog } from '../load/catalog.ts';
import type { Clause, Target } from './types.ts';
import { syntheticClause } from '../testing.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__/suites');

function clause(mode: string, use = 'test.sample'): Clause {
  return syntheticClause(use, { mode });
}

const chatTarget: Target = { name: 't', endpoints: { chat: { base_url: 'http://127.0.0.1:9/v1', model: 'm' } } };

function env(target: Target = chatTarget, checkTimeoutMs = 2000): ExecuteEnv {
  return { target, targetDir: '.', clients: {}, browser: () => Promise.reject(new Error('no browser')), outDir: '.', seed: 7, checkTimeoutMs };
}

describe('executeCheck turns every way a check can go wrong into an honest outcome', async () => {
  const reg = await loadChecks(dir);
  const cases: [string, string][] = [
    ['pass', 'pass'],
    ['fail', 'fail'],
    ['throw', 'error'],
    ['hang', 'error'],
    ['bogus', 'error'],
  ];
  for (const [mode, status] of cases) {
    it(`a check that ends with "${mode}" gives ${status}`, async () => {
      const o = await executeCheck(reg, clause(mode), 0, { mode }, env(chatTarget, 300));
      expect(o.status).toBe(status);
      expect(o.clause).toBe('APP-TEST-01');
    });
  }

  it('a thrown error names the check and its message', async () => {
    const o = await executeCheck(reg, clause('throw'), 0, { mode: 'throw' }, env());
    expect(o.message).toContain('test.sample');
    expect(o.message).toContain('boom');
  });

  it('a target without the needed capability gives not_applicable with the reason', async () => {
    const o = await executeCheck(reg, clause('pass'), 0, { mode: 'pass' }, env({ name: 'x', endpoints: {} }));
    expect(o.status).toBe('not_applicable');
    expect(o.message).toContain('chat');
  });

  it('invalid parameters give error, not a verdict', async () => {
    const o = await executeCheck(reg, clause('nope'), 0, { mode: 'nope' }, env());
    expect(o.status).toBe('error');
    expect(o.message).toMatch(/invalid parameters/);
  });

  it('an unimplemented check is not_tested and an attestation clause is manual', async () => {
    expect((await executeCheck(reg, clause('pass', 'test.missing'), 0, {}, env())).status).toBe('not_tested');
    expect((await executeCheck(reg, clause('pass', 'attestation'), 0, {}, env())).status).toBe('manual');
  });

  it('the seeded random source is reproducible per seed and clause', async () => {
    const a = await executeCheck(reg, clause('pass'), 0, { mode: 'pass' }, env());
    const b = await executeCheck(reg, clause('pass'), 0, { mode: 'pass' }, env());
    expect(a.observed).toEqual(b.observed);
  });

  it('an interrupted run turns a verdict reached meanwhile into error', async () => {
    const ac = new AbortController();
    ac.abort();
    const o = await executeCheck(reg, clause('pass'), 0, { mode: 'pass' }, { ...env(), signal: ac.signal });
    expect(o.status).toBe('error');
  });
});

describe("a check that waits out the clause's own time bound is never cut short by the runner's limit", async () => {
  const reg = await loadChecks(dir);
  it("the limit is raised above the check's budget: a 10 ms default limit does not end a 300 ms wait", async () => {
    const c = { ...clause('x', 'test.bounded'), checks: [{ use: 'test.bounded', with: { wait_ms: 300 } }] };
    const o = await executeCheck(reg, c, 0, { wait_ms: 300 }, env(chatTarget, 10));
    expect(o.status, o.message).toBe('pass');
  });

  it('every catalog clause with a time bound (rag.freshness max_seconds) gets a limit beyond it under the default 600 s', async () => {
    const real = await loadChecks();
    const bounded = loadCatalog().clauses.flatMap((c) => c.checks.filter((u) => real.checks.get(u.use)?.timeBudgetMs).map((u) => ({ clause: c.id, use: u })));
    expect(bounded.map((b) => b.clause)).toContain('KNO-UPD-01');
    for (const b of bounded) {
      const bound = Number((b.use.with as { max_seconds: number }).max_seconds) * 1000;
      const limit = Math.max(600_000, real.checks.get(b.use.use)!.timeBudgetMs!(b.use.with, { name: 't', endpoints: {} }) + BUDGET_MARGIN_MS);
      expect(limit, b.clause).toBeGreaterThan(bound + 30_000);
    }
  });
});
