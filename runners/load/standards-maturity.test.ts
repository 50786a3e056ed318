// The maturity model of MATURITY.md, held against the catalog: every domain can be climbed to the level
// edition.yaml says it is assessable up to, and no higher; each level of that climb is really gated.

import { describe, expect, it } from 'vitest';
import type { Domain } from '../core/types.ts';
import { gates, loadCatalog } from './catalog.ts';
import { toExpected } from '../../reports/score/document.ts';
import { assessableUpTo, score, type ScoredOutcome } from '../../reports/score/score.ts';

const catalog = loadCatalog();
const expected = catalog.clauses.map(toExpected);
const DOMAINS = catalog.edition.domains.map((d) => d.id);
const declared = catalog.edition.maturity!.assessable;
const base = { asOf: '2026-12-04T00:00:00Z', required_level: 2 };

/** Synthetic outcomes: gating clauses pass unless listed; every non-gating clause fails (it must not matter). */
function outcomes(failing: Set<string> = new Set()): ScoredOutcome[] {
  return expected.map((c) => ({ clause: c.id, index: 0, status: c.gating && !failing.has(c.id) ? 'pass' : 'fail', score: 0 }));
}

describe('maturity model (MATURITY.md)', () => {
  it('declares, for every domain, the level its gating clauses can assess', () => {
    for (const d of DOMAINS) {
      const levels = catalog.clauses.filter((c) => c.domain === d && gates(c)).map((c) => c.level);
      expect(declared[d], `${d}: edition.yaml maturity.assessable`).toBe(assessableUpTo(levels));
    }
  });

  it('has a gating clause at every level from 1 up to the assessable level in every domain', () => {
    for (const d of DOMAINS) {
      for (let l = 1; l <= declared[d]!; l++) {
        expect(
          catalog.clauses.some((c) => c.domain === d && c.level === l && gates(c)),
          `${d} level ${l}`,
        ).toBe(true);
      }
    }
  });

  it('puts the top assessable level within reach: every gating clause passing reaches it in each domain', () => {
    const r = score({ ...base, expected, outcomes: outcomes() });
    const reached = Object.fromEntries(r.domains.map((g) => [g.id, [g.level, g.assessable]]));
    expect(reached).toEqual(Object.fromEntries(DOMAINS.map((d) => [d, [declared[d], declared[d]]])));
    expect(r.overall.level).toBe(Math.min(...DOMAINS.map((d) => declared[d]!)));
  });

  // One row per domain and level: failing a single gating clause of level L leaves the domain at L − 1.
  const rows = DOMAINS.flatMap((d) =>
    Array.from({ length: declared[d]! }, (_, i) => i + 1).map((level) => ({
      d: d as Domain,
      level,
      clause: expected.find((c) => c.domain === d && c.level === level && c.gating)!.id,
    })),
  );
  it.each(rows)('$d: failing $clause (level $level) leaves the domain at level $level − 1', ({ d, level, clause }) => {
    const r = score({ ...base, expected, outcomes: outcomes(new Set([clause])) });
    const g = r.domains.find((x) => x.id === d)!;
    expect(g.level).toBe(level - 1);
    expect(g.blocking).toContain(clause);
  });

  it('never lets an unverified source gate a level or deny the verdict', () => {
    for (const c of catalog.clauses.filter((x) => x.sources.some((s) => s.verified === false))) {
      const e = expected.find((x) => x.id === c.id)!;
      expect([e.gating, e.critical], c.id).toEqual([false, false]);
    }
  });
});

// Numbers and fixed specifics in a check's `with:` that decide a verdict (sample sizes and bounds, required
// wording, field names, number formats); concurrency and judge settings only pace or route the measurement.
const SPECIFIC_KEYS = new Set([
  'wording',
  'marker_field',
  'key_phrases',
  'patterns',
  'require_retry_after',
  'required_types',
  'per_category_min',
  'min_per_class',
]);
const PACING_KEYS = new Set(['concurrency', 'max_error_rate', 'confidence']);
function thresholdKeys(c: (typeof catalog.clauses)[number]): string[] {
  return c.checks.flatMap((u) =>
    Object.entries(u.with ?? {})
      .filter(([k, v]) => (typeof v === 'number' && !PACING_KEYS.has(k)) || SPECIFIC_KEYS.has(k))
      .map(([k]) => `${u.use}.${k}`),
  );
}

describe('threshold provenance (audit §1c)', () => {
  it('no gating clause carries a threshold without saying whether it comes from a source or is suite policy', () => {
    const bare = catalog.clauses.filter((c) => gates(c) && thresholdKeys(c).length > 0 && !c.thresholds).map((c) => `${c.id}: ${thresholdKeys(c).join(', ')}`);
    expect(bare).toEqual([]);
  });

  it('every clause with a threshold states its origin, and a suite-policy number says so in its note', () => {
    for (const c of catalog.clauses.filter((x) => thresholdKeys(x).length > 0)) {
      expect(c.thresholds, c.id).toBeDefined();
      if (c.thresholds!.basis !== 'source') expect(c.thresholds!.note, c.id).toMatch(/suite policy/);
    }
  });
});
