import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { executeCheck, type ExecuteEnv } from './execute-check.ts';
import { loadChecks } from './registry.ts';
import type { Clause, Target } from './types.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__/suites');

function clause(mode: string, use = 'test.sample'): Clause {
  return {
    id: 'APP-TEST-01', domain: 'apps', item: 'APP-TEST', title: { zh: '测', en: 't' }, requirement: { zh: '测', en: 't' },
    obligation: 'shall', level: 1, weight: 1, sources: [{ doc: 'guide', section: '二(二)3.3' }], verification: 'probe',
    checks: [{ use, with: { mode } }],
  };
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
