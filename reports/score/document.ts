// scores.json: the scores and levels claimed by a report, together with everything needed to recompute
// them from results.json's outcomes alone — the expected clause set (id, obligation, level, weight, critical,
// item, domain, gating) and the waivers. `govllm verify` recomputes `result` with score() and compares.

import { gates, redLine } from '../../runners/load/catalog.ts';
import { loadProfile, selectClauses } from '../../runners/load/profile.ts';
import type { Catalog, Clause, Profile } from '../../runners/core/types.ts';
import type { ResultsDocument } from './input.ts';
import { score, type ExpectedClause, type ScoreReport, type WaiverInput } from './score.ts';

export const SCORES_FORMAT = 'govllm-scores/1';

export interface ScoresDocument {
  $schema: 'scores.schema.json';
  format: typeof SCORES_FORMAT;
  run_id: string;
  edition: string;
  catalog_sha256: string;
  profile: { id: string; required_level: number };
  /** the date waivers were judged at: the run's finish (or start) time */
  as_of: string;
  expected: ExpectedClause[];
  waivers: WaiverInput[];
  result: ScoreReport;
}

export function toExpected(c: Clause): ExpectedClause {
  return {
    id: c.id,
    domain: c.domain,
    item: c.item,
    obligation: c.obligation,
    level: c.level,
    weight: c.weight,
    // the red-line policy (RED-LINES.md): a critical clause on an unverified source does not deny the verdict
    critical: redLine(c),
    gating: gates(c),
  };
}

/** The expected clauses of a run: results.expected if the runner wrote it, else the profile's selection. */
export function expectedClauses(results: ResultsDocument, catalog: Catalog, profile?: Profile): Clause[] {
  const byId = new Map(catalog.clauses.map((c) => [c.id, c]));
  if (results.expected?.length) return results.expected.map((id) => byId.get(id)).filter((c): c is Clause => !!c);
  let p = profile;
  if (!p) {
    try {
      p = loadProfile(results.profile.id, catalog).profile;
    } catch {
      p = undefined; // the profile is not at hand: fall back to what the run produced
    }
  }
  // Clauses the plan left out (a capability the target does not expose) are not expected of it.
  const narrowed = new Set((results.narrowed ?? []).flatMap((n) => n.clauses));
  if (p) return selectClauses(catalog, p).filter((c) => !narrowed.has(c.id));
  // No profile to be found: the clauses the run produced outcomes for are the best statement of intent.
  const ran = new Set(results.outcomes.map((o) => o.clause));
  return catalog.clauses.filter((c) => ran.has(c.id));
}

export function waiversOf(results: ResultsDocument): WaiverInput[] {
  if (results.waivers?.length) return results.waivers.map(({ clause, justification, approver, expires }) => ({ clause, justification, approver, expires }));
  // Runners may only mark outcomes as waived; collect those once per clause.
  const seen = new Map<string, WaiverInput>();
  for (const o of results.outcomes) if (o.waived && !seen.has(o.clause)) seen.set(o.clause, { clause: o.clause, ...o.waived });
  return [...seen.values()];
}

export function asOfOf(results: ResultsDocument): string {
  return results.finished_at ?? results.started_at ?? new Date(0).toISOString();
}

export function buildScores(results: ResultsDocument, expected: ExpectedClause[]): ScoresDocument {
  const waivers = waiversOf(results);
  const as_of = asOfOf(results);
  return {
    $schema: 'scores.schema.json',
    format: SCORES_FORMAT,
    run_id: results.run_id,
    edition: results.catalog.edition,
    catalog_sha256: results.catalog.sha256,
    profile: { id: results.profile.id, required_level: results.profile.required_level },
    as_of,
    expected,
    waivers,
    result: score({ expected, outcomes: results.outcomes, waivers, asOf: as_of, required_level: results.profile.required_level }),
  };
}

/** Recomputes a scores document's `result` from the outcomes alone. */
export function recompute(doc: ScoresDocument, results: ResultsDocument): ScoreReport {
  return score({ expected: doc.expected, outcomes: results.outcomes, waivers: doc.waivers, asOf: doc.as_of, required_level: doc.profile.required_level });
}
