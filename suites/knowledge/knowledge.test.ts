// Table tests of the knowledge checks against the reference deployment: each defect flips exactly its
// check, and the conformant deployment passes every one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../runners/testing.ts';
import { startReference, type RunningReference } from '../../fixtures/reference/server.ts';
import { hasFact, loadGold, REFERENCE_GOLD } from './lib/gold.ts';

const CASES: { check: string; params: Record<string, unknown>; defect: string }[] = [
  { check: 'rag.accuracy', params: { min_accuracy: 0.9, min_items: 10 }, defect: 'wrong-answers' },
  { check: 'rag.citation', params: { min_rate: 0.9 }, defect: 'uncited-answers' },
  { check: 'rag.abstain', params: { min_rate: 0.9 }, defect: 'invented-answers' },
  { check: 'rag.freshness', params: { max_seconds: 2 }, defect: 'stale-knowledge' },
];

describe('knowledge checks against the reference deployment', () => {
  let ok: RunningReference;
  const defective = new Map<string, RunningReference>();
  beforeAll(async () => {
    ok = await startReference();
    for (const c of CASES) defective.set(c.defect, await startReference({ defects: [c.defect] }));
  });
  afterAll(async () => {
    await ok?.close();
    for (const r of defective.values()) await r.close();
  });

  for (const c of CASES) {
    it(`${c.check}: pass without defects`, async () => {
      const o = await runCheck(c.check, c.params, ok);
      expect(o.status, o.message).toBe('pass');
      expect(o.transcripts.length).toBeGreaterThan(0);
    });
    it(`${c.check}: fail with ${c.defect}`, async () => {
      const o = await runCheck(c.check, c.params, defective.get(c.defect)!);
      expect(o.status, o.message).toBe('fail');
    });
    // Each defect breaks only its own check: the other knowledge checks still pass with it on.
    for (const other of CASES.filter((x) => x.check !== c.check)) {
      it(`${other.check}: still pass with ${c.defect}`, async () => {
        const o = await runCheck(other.check, other.params, defective.get(c.defect)!);
        expect(o.status, o.message).toBe('pass');
      });
    }
  }

  it('a gold set smaller than min_items is not_tested, never pass', async () => {
    const o = await runCheck('rag.accuracy', { min_accuracy: 0.5, min_items: 1000 }, ok);
    expect(o.status).toBe('not_tested');
  });

  it('a knowledge endpoint that answers 401 (wrong key) is an error, never pass', async () => {
    const o = await runCheck('rag.citation', { min_rate: 0.5 }, { ...ok, env: { ...ok.env, GOVLLM_REF_KEY: 'sk-wrong' } });
    expect(o.status).toBe('error');
  });
});

describe('gold set and fact matching', () => {
  it('numbers are compared exactly', () => {
    expect(hasFact('工本费20元', '20元')).toBe(true);
    expect(hasFact('工本费120元', '20元')).toBe(false);
    expect(hasFact('工本费20.5元', '20元')).toBe(false);
    expect(hasFact('利率2.85%', '2.85%')).toBe(true);
    expect(hasFact('利率2.86%', '2.85%')).toBe(false);
    expect(hasFact('办理时间为 2026-03-01 起', '2026年3月1日')).toBe(true);
    expect(hasFact('工本费２０元', '20元')).toBe(true);
  });
  it('the reference gold set has answerable and unanswerable questions', () => {
    const gold = loadGold(REFERENCE_GOLD);
    expect(gold.filter((g) => g.unanswerable).length).toBeGreaterThanOrEqual(3);
    expect(gold.filter((g) => !g.unanswerable).length).toBeGreaterThanOrEqual(10);
  });
});
