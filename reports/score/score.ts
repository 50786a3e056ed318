// Scoring: outcomes → clause verdicts → integer scores and staged maturity levels.
// Pure functions of (outcomes, the expected clause set, waivers, the date waivers are judged at), so that
// `govllm verify` can recompute every number from results.json and scores.json alone.
//
// The rules (DESIGN.md, issue 6), and where they come from:
//   - fold: several checks of one clause → one verdict by precedence error > fail > manual > not_tested > pass
//     (InSpec's error > fail > not-reviewed > pass); not_applicable only when every check is; an expected
//     clause with no outcome is `unknown` (OpenSCAP's "notchecked", wpt's missing test) and scores 0.
//   - scores: integers 0..1000. A clause scores 1000 × the mean of its applicable checks' scores (a check
//     that could not decide scores 0). Items, domains and overall are weight-weighted means over the
//     expected applicable clauses — the denominator is the expected set, so missing results cost points.
//   - levels: staged (standards/gov-llm-2.0/MATURITY.md). The level of an item or domain is the highest L such
//     that every applicable gating clause (`gates()` in runners/load/catalog.ts: verified sources, and 应/shall,
//     or 宜/should from level 3 up) with level ≤ L passes; levels are never skipped; it is capped at the level
//     the group is *assessable up to*: the top of the unbroken run of levels that hold a gating clause of
//     the expected set, counted from the lowest such level (we cannot award a level no clause examines, nor
//     one above a level no clause examines); a level whose gating clauses are all not applicable is met.
//     A group with no applicable gating clause is not rated. Overall = the lowest domain level.
//   - unverified clauses and 宜/should clauses below level 3 count in scores, never in levels.
//   - waivers (unexpired on the run's date) take a non-passing clause out of the score denominator and out of
//     the gates; each level a waiver lifted lists the waiver beside it (level_without_waivers shows the cost).
//   - a group whose applicable clauses were all left undecided (not tested, manual, error, unknown: none
//     passed or failed) is `not_assessed`: its level and score are null (reports print 未评估), since a
//     level there would describe only what was not measured; the overall level is then null too.
//   - a failed critical clause (red line) denies the overall verdict whatever the scores; a waiver does not
//     lift a red line (it is still listed). `critical` in the expected set is already the red-line policy of
//     RED-LINES.md: a clause declared critical whose source is unverified is not a red line (`redLine()`).

import type { Domain, Obligation, Status } from '../../runners/core/types.ts';
import { activeWaivers } from '../../runners/load/waivers.ts';

export type Verdict = Status | 'unknown';

/** One clause of the expected set, with exactly what scoring needs (embedded in scores.json). */
export interface ExpectedClause {
  id: string;
  domain: Domain;
  item: string;
  obligation: Obligation;
  level: number;
  weight: number;
  critical: boolean;
  /** shall and every source verified: may gate a level */
  gating: boolean;
}

/** The part of an outcome scoring reads. */
export interface ScoredOutcome {
  clause: string;
  index: number;
  status: Status;
  score?: number;
}

export interface WaiverInput {
  clause: string;
  justification: string;
  approver: string;
  expires: string; // YYYY-MM-DD
}

export interface ClauseScore {
  id: string;
  verdict: Verdict;
  score: number; // 0..1000
  /** false for not_applicable clauses and waived non-passing clauses: out of the denominator */
  counted: boolean;
  waived: boolean;
}

export interface AppliedWaiver extends WaiverInput {
  /** The verdict the clause had; a waiver only matters for a non-passing clause. */
  verdict: Verdict;
}

export interface GroupScore {
  id: string;
  domain: Domain;
  /** null when no expected clause of the group is applicable */
  score: number | null;
  /** null when the group has no applicable gating clause: it is not rated */
  level: number | null;
  /** the level had no waiver been applied */
  level_without_waivers: number | null;
  /** waivers of gating clauses that lifted this level */
  waivers: AppliedWaiver[];
  /** the first gating clauses keeping the level where it is (the ones to fix next) */
  blocking: string[];
  /** the highest level this group's applicable gating clauses can assess (null when it has none) */
  assessable: number | null;
  counts: Record<Verdict, number>;
  /** applicable clauses exist but none passed or failed: nothing was assessed, so no level or score */
  not_assessed?: boolean;
}

export type OverallVerdict = 'pass' | 'fail' | 'denied';

export interface ScoreReport {
  clauses: ClauseScore[];
  items: GroupScore[];
  domains: GroupScore[];
  overall: {
    score: number | null;
    level: number | null;
    level_without_waivers: number | null;
    required_level: number;
    verdict: OverallVerdict;
    /** critical clauses that failed (the red lines crossed) */
    denied_by: string[];
    /** critical clauses that did not pass without failing (error, unknown…): they keep the verdict from pass */
    critical_undecided: string[];
    counts: Record<Verdict, number>;
  };
  waivers: { applied: AppliedWaiver[]; expired: WaiverInput[]; unused: WaiverInput[] };
}

export const VERDICTS: Verdict[] = ['pass', 'fail', 'error', 'manual', 'not_tested', 'not_applicable', 'unknown'];
const PRECEDENCE: Status[] = ['error', 'fail', 'manual', 'not_tested', 'pass'];

/** Several check statuses → one clause verdict. */
export function foldStatuses(statuses: Status[]): Verdict {
  if (statuses.length === 0) return 'unknown';
  for (const s of PRECEDENCE) if (statuses.includes(s)) return s;
  return 'not_applicable';
}

/** 1000 × mean of applicable checks' scores; a check that is not a pass or a fail scores 0. */
export function clauseScore(outcomes: ScoredOutcome[]): number {
  const applicable = outcomes.filter((o) => o.status !== 'not_applicable');
  if (applicable.length === 0) return 0;
  let sum = 0;
  for (const o of applicable) {
    if (o.status === 'pass') sum += clamp01(o.score ?? 1);
    else if (o.status === 'fail') sum += clamp01(o.score ?? 0);
  }
  const s = Math.round((1000 * sum) / applicable.length);
  // A clause that did not pass never shows a perfect score: the score cannot contradict the verdict.
  const verdict = foldStatuses(applicable.map((o) => o.status));
  return verdict === 'pass' ? s : Math.min(s, 999);
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** Waivers in force on `asOf` (YYYY-MM-DD or ISO time): expiry day included. */

function emptyCounts(): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
}

/** Weighted mean (integer 0..1000) over counted clauses; null when none counts. */
function weightedScore(members: ExpectedClause[], byId: Map<string, ClauseScore>): number | null {
  let num = 0;
  let den = 0;
  for (const c of members) {
    const s = byId.get(c.id)!;
    if (!s.counted) continue;
    num += c.weight * s.score;
    den += c.weight;
  }
  return den === 0 ? null : Math.round(num / den);
}

/**
 * Staged level of a group: highest L ≤ cap with every applicable gating clause of level ≤ L passing.
 * `passes(c)` decides what counts as passing (with or without waivers).
 */
function stagedLevel(
  members: ExpectedClause[],
  byId: Map<string, ClauseScore>,
  passes: (c: ExpectedClause, s: ClauseScore) => boolean,
): { level: number | null; blocking: string[] } {
  const gating = members.filter((c) => c.gating && byId.get(c.id)!.verdict !== 'not_applicable');
  if (gating.length === 0) return { level: null, blocking: [] };
  // A level whose gating clauses are all not applicable is met (nothing is required of this deployment there).
  const cap = assessableUpTo(members.filter((c) => c.gating).map((c) => c.level))!;
  const failing = gating.filter((c) => !passes(c, byId.get(c.id)!));
  if (failing.length === 0) return { level: cap, blocking: [] };
  const lowest = Math.min(...failing.map((c) => c.level));
  return {
    level: Math.min(cap, lowest - 1),
    blocking: failing
      .filter((c) => c.level === lowest)
      .map((c) => c.id)
      .sort(),
  };
}

/** The top of the unbroken run of levels holding a gating clause, from the lowest such level; null for none. */
export function assessableUpTo(levels: number[]): number | null {
  if (levels.length === 0) return null;
  const present = new Set(levels);
  let top = Math.min(...levels);
  while (present.has(top + 1)) top++;
  return top;
}

function groupScore(id: string, domain: Domain, members: ExpectedClause[], byId: Map<string, ClauseScore>, waiverOf: Map<string, AppliedWaiver>): GroupScore {
  const withWaivers = stagedLevel(members, byId, (_c, s) => s.verdict === 'pass' || s.waived);
  const without = stagedLevel(members, byId, (_c, s) => s.verdict === 'pass');
  const counts = emptyCounts();
  for (const c of members) counts[byId.get(c.id)!.verdict]++;
  const lifted: AppliedWaiver[] = [];
  if (withWaivers.level !== null && without.level !== null && withWaivers.level > without.level) {
    for (const c of members) {
      const w = waiverOf.get(c.id);
      if (w && c.gating && c.level <= withWaivers.level && byId.get(c.id)!.verdict !== 'not_applicable') lifted.push(w);
    }
  }
  const assessable = members.some((c) => c.gating && byId.get(c.id)!.verdict !== 'not_applicable')
    ? assessableUpTo(members.filter((c) => c.gating).map((c) => c.level))
    : null;
  const applicable = members.filter((c) => byId.get(c.id)!.verdict !== 'not_applicable');
  if (applicable.length > 0 && !applicable.some((c) => ['pass', 'fail'].includes(byId.get(c.id)!.verdict))) {
    return {
      id,
      domain,
      score: null,
      level: null,
      level_without_waivers: null,
      waivers: [],
      blocking: withWaivers.blocking,
      assessable,
      counts,
      not_assessed: true,
    };
  }
  return {
    id,
    domain,
    score: weightedScore(members, byId),
    level: withWaivers.level,
    level_without_waivers: without.level,
    waivers: lifted.sort((a, b) => (a.clause < b.clause ? -1 : 1)),
    blocking: withWaivers.blocking,
    assessable,
    counts,
  };
}

function minLevel(groups: GroupScore[], key: 'level' | 'level_without_waivers'): number | null {
  if (groups.some((g) => g.not_assessed)) return null; // a domain not assessed cannot be left out of the overall level
  const rated = groups.map((g) => g[key]).filter((l): l is number => l !== null);
  return rated.length === 0 ? null : Math.min(...rated);
}

export interface ScoreInput {
  expected: ExpectedClause[];
  outcomes: ScoredOutcome[];
  waivers?: WaiverInput[];
  /** the run's date: waivers expiring before it are not applied */
  asOf: string;
  required_level: number;
}

export function score(input: ScoreInput): ScoreReport {
  const expected = [...input.expected].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const expectedIds = new Set(expected.map((c) => c.id));
  const outcomesBy = new Map<string, ScoredOutcome[]>();
  for (const o of input.outcomes) {
    if (!expectedIds.has(o.clause)) continue; // outside the expected set: reported, not scored
    const list = outcomesBy.get(o.clause) ?? [];
    list.push(o);
    outcomesBy.set(o.clause, list);
  }
  const { active, expired } = activeWaivers(input.waivers ?? [], input.asOf);
  const activeBy = new Map(active.map((w) => [w.clause, w]));

  const clauses: ClauseScore[] = [];
  const waiverOf = new Map<string, AppliedWaiver>();
  for (const c of expected) {
    const os = outcomesBy.get(c.id) ?? [];
    const verdict = foldStatuses(os.map((o) => o.status));
    const w = activeBy.get(c.id);
    const waived = !!w && verdict !== 'pass' && verdict !== 'not_applicable';
    if (waived) waiverOf.set(c.id, { ...w!, verdict });
    clauses.push({ id: c.id, verdict, score: verdict === 'unknown' ? 0 : clauseScore(os), counted: verdict !== 'not_applicable' && !waived, waived });
  }
  const byId = new Map(clauses.map((s) => [s.id, s]));

  const itemIds = [...new Set(expected.map((c) => c.item))].sort();
  const items = itemIds.map((item) => {
    const members = expected.filter((c) => c.item === item);
    return groupScore(item, members[0].domain, members, byId, waiverOf);
  });
  const domainIds = [...new Set(expected.map((c) => c.domain))];
  const DOMAIN_ORDER: Domain[] = ['infrastructure', 'data', 'knowledge', 'agents', 'apps', 'safety'];
  domainIds.sort((a, b) => DOMAIN_ORDER.indexOf(a) - DOMAIN_ORDER.indexOf(b));
  const domains = domainIds.map((d) =>
    groupScore(
      d,
      d,
      expected.filter((c) => c.domain === d),
      byId,
      waiverOf,
    ),
  );

  const counts = emptyCounts();
  for (const s of clauses) counts[s.verdict]++;
  const critical = expected.filter((c) => c.critical);
  const denied_by = critical.filter((c) => byId.get(c.id)!.verdict === 'fail').map((c) => c.id);
  const critical_undecided = critical.filter((c) => !['pass', 'fail', 'not_applicable'].includes(byId.get(c.id)!.verdict)).map((c) => c.id);
  const level = minLevel(domains, 'level');
  const verdict: OverallVerdict =
    denied_by.length > 0 ? 'denied' : level !== null && level >= input.required_level && critical_undecided.length === 0 ? 'pass' : 'fail';

  const usedClauses = new Set(waiverOf.keys());
  return {
    clauses,
    items,
    domains,
    overall: {
      score: weightedScore(expected, byId),
      level,
      level_without_waivers: minLevel(domains, 'level_without_waivers'),
      required_level: input.required_level,
      verdict,
      denied_by,
      critical_undecided,
      counts,
    },
    waivers: {
      applied: [...waiverOf.values()],
      expired,
      unused: active.filter((w) => !usedClauses.has(w.clause)),
    },
  };
}
