// Table tests of the knowledge checks against the reference deployment, through the catalog's clauses
// (their `with:` blocks): with no defect every clause passes; each defect fails exactly the clauses it
// declares in fixtures/reference/defects/knowledge.ts and leaves the other knowledge clauses passing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../runners/testing.ts';
import { startReference, type RunningReference } from '../../fixtures/reference/server.ts';
import { defects as KNOWLEDGE_DEFECTS } from '../../fixtures/reference/defects/knowledge.ts';
import { hasFact, loadGold, REFERENCE_GOLD } from './lib/gold.ts';

/** Probed knowledge clauses → their check. */
const CLAUSES: Record<string, string> = {
  'KNO-RAG-01': 'rag.accuracy',
  'KNO-RAG-02': 'rag.accuracy',
  'KNO-RAG-03': 'rag.citation',
  'KNO-RAG-04': 'rag.citation',
  'KNO-RAG-05': 'rag.abstain',
  'KNO-RAG-06': 'rag.abstain',
  'KNO-UPD-01': 'rag.freshness',
  'KNO-UPD-02': 'rag.freshness',
};
// The clauses bound freshness at 600 s / 60 s; a stale deployment would make the test wait that long,
// so the defective runs use a 2 s bound (the conformant one serves an update in milliseconds).
const override = (check: string) => (check === 'rag.freshness' ? { max_seconds: 2 } : {});

describe('knowledge clauses against the conformant reference deployment', () => {
  let ok: RunningReference;
  beforeAll(async () => {
    ok = await startReference();
  });
  afterAll(() => ok?.close());
  for (const [clause, check] of Object.entries(CLAUSES)) {
    it(`${clause} (${check}) passes`, async () => {
      const o = await runCheck(check, {}, ok, { clause });
      expect(o.status, o.message).toBe('pass');
      expect(o.transcripts.length).toBeGreaterThan(0);
    });
  }
  it('a gold set smaller than min_items is not_tested, never pass', async () => {
    const o = await runCheck('rag.accuracy', { min_accuracy: 0.5, min_items: 1000 }, ok);
    expect(o.status).toBe('not_tested');
  });
  it('a target that names no gold set gets not_tested from every gold-set check, never a verdict', async () => {
    const target = { ...ok.target, endpoints: { ...ok.target.endpoints, knowledge: { ...ok.target.endpoints.knowledge!, gold_set: undefined } } };
    for (const [check, params] of [
      ['rag.accuracy', { min_accuracy: 0.5, min_items: 1 }],
      ['rag.citation', { min_rate: 0.5 }],
      ['rag.abstain', { min_rate: 0.5 }],
    ] as const) {
      const o = await runCheck(check, params, { ...ok, target });
      expect(o.status, check).toBe('not_tested');
      expect(o.message).toContain('gold_set');
    }
  });
  it('a knowledge endpoint that refuses the key (401) is an error, never pass', async () => {
    const o = await runCheck('rag.citation', { min_rate: 0.5 }, { ...ok, env: { ...ok.env, GOVLLM_REF_KEY: 'sk-wrong' } });
    expect(o.status).toBe('error');
  });
  it('a target without an update path makes freshness not_applicable', async () => {
    const target = { ...ok.target, endpoints: { ...ok.target.endpoints, knowledge: { ...ok.target.endpoints.knowledge!, update: undefined } } };
    const o = await runCheck('rag.freshness', { max_seconds: 1 }, { ...ok, target });
    expect(o.status).toBe('not_applicable');
  });
});

for (const defect of KNOWLEDGE_DEFECTS) {
  describe(`knowledge clauses with defect ${defect.id}`, () => {
    let ref: RunningReference;
    beforeAll(async () => {
      ref = await startReference({ defects: [defect.id] });
    });
    afterAll(() => ref?.close());
    it(`fails exactly ${defect.breaks.join(', ')}`, async () => {
      const got: Record<string, string> = {};
      const msgs: Record<string, string> = {};
      // One clause per check for the ones the defect must not touch keeps the matrix short.
      const seen = new Set<string>();
      for (const [clause, check] of Object.entries(CLAUSES)) {
        if (!defect.breaks.includes(clause) && seen.has(check)) continue;
        seen.add(check);
        const o = await runCheck(check, override(check), ref, { clause });
        got[clause] = o.status;
        msgs[clause] = o.message;
      }
      const want = Object.fromEntries(Object.keys(got).map((c) => [c, defect.breaks.includes(c) ? 'fail' : 'pass']));
      expect(got, JSON.stringify(msgs, null, 1)).toEqual(want);
    });
  });
}

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
  it('the reference gold set is large enough for the strictest clause and has unanswerable questions', () => {
    const gold = loadGold(REFERENCE_GOLD);
    expect(gold.filter((g) => !g.unanswerable).length).toBeGreaterThanOrEqual(100);
    expect(gold.filter((g) => g.unanswerable).length).toBeGreaterThanOrEqual(3);
  });
});
