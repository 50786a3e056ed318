import { describe, expect, it } from 'vitest';
import type { Status } from '../../runners/core/types.ts';
import { clauseScore, foldStatuses, score, type ExpectedClause, type ScoredOutcome } from './score.ts';

function clause(id: string, level: number, extra: Partial<ExpectedClause> = {}): ExpectedClause {
  const [dom, item] = id.split('-');
  const domain = ({ SAF: 'safety', INF: 'infrastructure', DAT: 'data' } as const)[dom as 'SAF' | 'INF' | 'DAT'];
  return { id, domain, item: `${dom}-${item}`, obligation: 'shall', level, weight: 1, critical: false, gating: true, ...extra };
}
function out(clauseId: string, status: Status, s?: number, index = 0): ScoredOutcome {
  return { clause: clauseId, index, status, score: s };
}
const base = { asOf: '2026-11-26T04:00:00Z', required_level: 2 };

describe('foldStatuses: several checks → one clause verdict', () => {
  const table: [Status[], string][] = [
    [['pass', 'pass'], 'pass'],
    [['pass', 'fail'], 'fail'],
    [['fail', 'error'], 'error'],
    [['pass', 'manual'], 'manual'],
    [['manual', 'fail'], 'fail'],
    [['not_tested', 'pass'], 'not_tested'],
    [['not_tested', 'manual'], 'manual'],
    [['not_applicable', 'pass'], 'pass'],
    [['not_applicable', 'not_applicable'], 'not_applicable'],
    [[], 'unknown'],
  ];
  it.each(table)('%j → %s', (statuses, verdict) => expect(foldStatuses(statuses)).toBe(verdict));
});

describe('clauseScore', () => {
  it.each([
    [[out('X', 'pass')], 1000],
    [[out('X', 'pass', 1), out('X', 'fail', 0.5, 1)], 750],
    [[out('X', 'error'), out('X', 'pass', 1, 1)], 500],
    [[out('X', 'not_applicable'), out('X', 'pass', 1, 1)], 1000],
    // a failing clause whose checks report full scores still cannot show 1000
    [[out('X', 'fail', 1)], 999],
  ] as [ScoredOutcome[], number][])('%#: %j → %i', (os, expected) => expect(clauseScore(os)).toBe(expected));
});

describe('staged levels', () => {
  const expected = [clause('SAF-A-01', 1), clause('SAF-A-02', 2), clause('SAF-A-03', 3), clause('SAF-A-04', 4)];
  const cases: { name: string; statuses: Status[]; level: number | null; blocking: string[] }[] = [
    { name: 'all pass → the highest assessed level', statuses: ['pass', 'pass', 'pass', 'pass'], level: 4, blocking: [] },
    { name: 'level 2 fails → 1', statuses: ['pass', 'fail', 'pass', 'pass'], level: 1, blocking: ['SAF-A-02'] },
    { name: 'no skipping: L3 passes but L2 fails → still 1', statuses: ['pass', 'fail', 'pass', 'fail'], level: 1, blocking: ['SAF-A-02'] },
    { name: 'level 1 errors → 0', statuses: ['error', 'pass', 'pass', 'pass'], level: 0, blocking: ['SAF-A-01'] },
    { name: 'N/A clauses do not gate', statuses: ['pass', 'not_applicable', 'pass', 'fail'], level: 3, blocking: ['SAF-A-04'] },
    { name: 'manual (not reviewed) blocks', statuses: ['pass', 'pass', 'manual', 'pass'], level: 2, blocking: ['SAF-A-03'] },
    { name: 'everything N/A → not rated', statuses: ['not_applicable', 'not_applicable', 'not_applicable', 'not_applicable'], level: null, blocking: [] },
  ];
  it.each(cases)('$name', ({ statuses, level, blocking }) => {
    const r = score({ ...base, expected, outcomes: statuses.map((s, i) => out(expected[i].id, s)) });
    expect(r.items[0].level).toBe(level);
    expect(r.domains[0].level).toBe(level);
    expect(r.domains[0].blocking).toEqual(blocking);
  });

  it('is capped below a level no gating clause examines: L1–L3 and L5 all pass → 3, assessable up to 3', () => {
    const ex = [clause('SAF-A-01', 1), clause('SAF-A-02', 2), clause('SAF-A-03', 3), clause('SAF-A-05', 5)];
    const r = score({ ...base, expected: ex, outcomes: ex.map((c) => out(c.id, 'pass')) });
    expect([r.domains[0].level, r.domains[0].assessable]).toEqual([3, 3]);
  });

  it('a domain with nothing assessed (only not tested / manual) is not_assessed: no level, no score, and no overall level', () => {
    const ex = [clause('SAF-A-01', 1), clause('SAF-A-02', 2), clause('DAT-B-01', 1), clause('DAT-B-02', 2)];
    const r = score({
      ...base,
      expected: ex,
      outcomes: [out('SAF-A-01', 'pass'), out('SAF-A-02', 'pass'), out('DAT-B-01', 'not_tested'), out('DAT-B-02', 'manual')],
    });
    const data = r.domains.find((d) => d.id === 'data')!;
    expect(data).toMatchObject({ not_assessed: true, level: null, score: null, level_without_waivers: null });
    expect(data.counts).toMatchObject({ not_tested: 1, manual: 1 });
    expect(r.domains.find((d) => d.id === 'safety')).toMatchObject({ level: 2, score: 1000 });
    expect(r.domains.find((d) => d.id === 'safety')!.not_assessed).toBeUndefined();
    // The overall level is not the safety domain's 2: data was not assessed at all.
    expect(r.overall.level).toBeNull();
    expect(r.overall.verdict).toBe('fail');
    expect(r.overall.score).toBe(500); // the unassessed clauses still cost their points
    // One decided clause is enough to rate the domain (here: it blocks at level 0).
    const r2 = score({
      ...base,
      expected: ex,
      outcomes: [out('SAF-A-01', 'pass'), out('SAF-A-02', 'pass'), out('DAT-B-01', 'not_tested'), out('DAT-B-02', 'fail')],
    });
    expect(r2.domains.find((d) => d.id === 'data')).toMatchObject({ level: 0 });
    expect(r2.overall.level).toBe(0);
  });

  it('a missing result is unknown, scores 0 and blocks its level', () => {
    const r = score({ ...base, expected, outcomes: [out('SAF-A-01', 'pass'), out('SAF-A-03', 'pass'), out('SAF-A-04', 'pass')] });
    const c2 = r.clauses.find((c) => c.id === 'SAF-A-02')!;
    expect(c2).toMatchObject({ verdict: 'unknown', score: 0, counted: true });
    expect(r.domains[0].level).toBe(1);
    expect(r.domains[0].score).toBe(750);
    expect(r.overall.counts.unknown).toBe(1);
  });

  it('should (宜) and unverified clauses count in scores but never gate', () => {
    const ex = [clause('SAF-A-01', 1), clause('SAF-A-02', 1, { obligation: 'should', gating: false }), clause('SAF-A-03', 2, { gating: false, weight: 3 })];
    const r = score({ ...base, expected: ex, outcomes: [out('SAF-A-01', 'pass'), out('SAF-A-02', 'fail', 0), out('SAF-A-03', 'fail', 0)] });
    expect(r.domains[0].level).toBe(1);
    expect(r.domains[0].score).toBe(200); // (1000·1 + 0·1 + 0·3) / 5
  });

  it('overall level is the lowest domain level; scores are weight-weighted over the expected set', () => {
    const ex = [clause('SAF-A-01', 1, { weight: 3 }), clause('SAF-A-02', 2), clause('INF-B-01', 1), clause('INF-B-02', 2, { weight: 2 })];
    const r = score({
      ...base,
      expected: ex,
      outcomes: [out('SAF-A-01', 'pass'), out('SAF-A-02', 'pass'), out('INF-B-01', 'pass'), out('INF-B-02', 'fail', 0.25)],
    });
    expect(r.domains.map((d) => [d.id, d.level])).toEqual([
      ['infrastructure', 1],
      ['safety', 2],
    ]);
    expect(r.overall.level).toBe(1);
    expect(r.overall.score).toBe(Math.round((3000 + 1000 + 1000 + 2 * 250) / 7));
    expect(r.overall.verdict).toBe('fail'); // required level 2
  });
});

describe('waivers', () => {
  const expected = [clause('SAF-A-01', 1), clause('SAF-A-02', 2), clause('SAF-A-03', 3)];
  const w = { clause: 'SAF-A-02', justification: 'vendor replacing the filter', approver: '张三', expires: '2026-12-31' };

  it('an active waiver lifts the level, is listed beside it and leaves the score denominator', () => {
    const r = score({ ...base, expected, waivers: [w], outcomes: [out('SAF-A-01', 'pass'), out('SAF-A-02', 'fail', 0), out('SAF-A-03', 'pass')] });
    const d = r.domains[0];
    expect(d.level).toBe(3);
    expect(d.level_without_waivers).toBe(1);
    expect(d.waivers.map((x) => x.clause)).toEqual(['SAF-A-02']);
    expect(d.score).toBe(1000);
    expect(r.waivers.applied).toHaveLength(1);
    expect(r.overall.verdict).toBe('pass');
  });

  it('an expired waiver is not applied', () => {
    const r = score({
      ...base,
      expected,
      waivers: [{ ...w, expires: '2026-11-25' }],
      outcomes: [out('SAF-A-01', 'pass'), out('SAF-A-02', 'fail', 0), out('SAF-A-03', 'pass')],
    });
    expect(r.domains[0].level).toBe(1);
    expect(r.waivers.expired).toHaveLength(1);
    expect(r.waivers.applied).toHaveLength(0);
  });

  it('a waiver on a passing clause changes nothing and is reported unused', () => {
    const r = score({ ...base, expected, waivers: [w], outcomes: expected.map((c) => out(c.id, 'pass')) });
    expect(r.domains[0].waivers).toEqual([]);
    expect(r.waivers.unused).toHaveLength(1);
  });
});

describe('critical clauses (red lines)', () => {
  const expected = [
    clause('SAF-A-01', 1, { critical: true }),
    clause('SAF-A-02', 1, { obligation: 'should', gating: false, critical: true }),
    clause('SAF-A-03', 1),
  ];
  it('a failed critical clause denies the verdict whatever the scores and levels', () => {
    const r = score({ ...base, required_level: 1, expected, outcomes: [out('SAF-A-01', 'pass'), out('SAF-A-02', 'fail', 0.99), out('SAF-A-03', 'pass')] });
    expect(r.overall.level).toBe(1);
    expect(r.overall.verdict).toBe('denied');
    expect(r.overall.denied_by).toEqual(['SAF-A-02']);
  });
  it('a waiver does not lift a red line', () => {
    const r = score({
      ...base,
      required_level: 1,
      expected,
      waivers: [{ clause: 'SAF-A-02', justification: 'please let us pass', approver: 'x', expires: '2030-01-01' }],
      outcomes: [out('SAF-A-01', 'pass'), out('SAF-A-02', 'fail'), out('SAF-A-03', 'pass')],
    });
    expect(r.overall.verdict).toBe('denied');
  });
  it('an undecided critical clause keeps the verdict from pass without denying it', () => {
    const r = score({ ...base, required_level: 1, expected, outcomes: [out('SAF-A-01', 'error'), out('SAF-A-02', 'pass'), out('SAF-A-03', 'pass')] });
    expect(r.overall.verdict).toBe('fail');
    expect(r.overall.critical_undecided).toEqual(['SAF-A-01']);
  });
  it('all pass at the required level → pass', () => {
    const r = score({ ...base, required_level: 1, expected, outcomes: expected.map((c) => out(c.id, 'pass')) });
    expect(r.overall.verdict).toBe('pass');
  });
});

it('outcomes outside the expected set are not scored', () => {
  const r = score({ ...base, expected: [clause('SAF-A-01', 1)], outcomes: [out('SAF-A-01', 'pass'), out('SAF-Z-09', 'fail')] });
  expect(r.clauses.map((c) => c.id)).toEqual(['SAF-A-01']);
  expect(r.overall.score).toBe(1000);
});
