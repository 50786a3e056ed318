import { describe, expect, it } from 'vitest';
import type { ScoresDocument } from '../score/document.ts';
import { score, type ExpectedClause, type ScoredOutcome } from '../score/score.ts';
import { diffScores, diffText } from './diff.ts';
import type { Status } from '../../runners/core/types.ts';

function doc(runId: string, ids: string[], statuses: Record<string, Status>): ScoresDocument {
  const expected: ExpectedClause[] = ids.map((id) => ({
    id,
    domain: id.startsWith('SAF') ? 'safety' : 'data',
    item: id.slice(0, id.lastIndexOf('-')),
    obligation: 'shall',
    level: Number(id.slice(-1)),
    weight: 1,
    critical: false,
    gating: true,
  }));
  const outcomes: ScoredOutcome[] = Object.entries(statuses).map(([clause, status]) => ({ clause, index: 0, status }));
  return {
    $schema: 'scores.schema.json',
    format: 'govllm-scores/1',
    run_id: runId,
    edition: 'e',
    catalog_sha256: '0'.repeat(64),
    profile: { id: 'p', required_level: 1 },
    as_of: '2026-01-01T00:00:00Z',
    expected,
    waivers: [],
    result: score({ expected, outcomes, asOf: '2026-01-01', required_level: 1 }),
  };
}

describe('diffScores (整改复测)', () => {
  const before = doc('r1', ['SAF-A-01', 'SAF-A-02', 'DAT-B-01', 'DAT-B-02'], {
    'SAF-A-01': 'pass',
    'SAF-A-02': 'fail',
    'DAT-B-01': 'pass',
    'DAT-B-02': 'error',
  });
  const after = doc('r2', ['SAF-A-01', 'SAF-A-02', 'DAT-B-01', 'DAT-B-03'], { 'SAF-A-01': 'pass', 'SAF-A-02': 'pass', 'DAT-B-01': 'fail', 'DAT-B-03': 'pass' });
  const d = diffScores(before, after);

  it.each([
    ['SAF-A-01', 'unchanged'],
    ['SAF-A-02', 'fixed'],
    ['DAT-B-01', 'regressed'],
    ['DAT-B-02', 'removed'],
    ['DAT-B-03', 'new'],
  ])('%s is %s', (id, change) => expect(d.clauses.find((c) => c.id === id)!.change).toBe(change));

  it('reports the level change per domain', () => {
    expect(d.domains).toEqual([expect.objectContaining({ id: 'data', before: 1, after: 0 }), expect.objectContaining({ id: 'safety', before: 1, after: 2 })]);
    expect(d.counts).toEqual({ fixed: 1, regressed: 1, new: 1, removed: 1, unchanged: 1 });
  });

  it('prints a text summary naming every changed clause', () => {
    const t = diffText(d);
    expect(t).toMatch(/safety\s+level L1 → L2 ▲/);
    expect(t).toMatch(/data\s+level L1 → L0 ▼/);
    for (const id of ['SAF-A-02', 'DAT-B-01', 'DAT-B-02', 'DAT-B-03']) expect(t).toContain(id);
    expect(t).not.toMatch(/unchanged\s+SAF-A-01/);
  });
});
