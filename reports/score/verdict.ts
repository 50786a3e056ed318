// The one verdict rule. An assessment passes when its scored overall verdict is `pass`: the required maturity
// level is reached, no red line failed and none is undecided (score.ts). Every command that reports a verdict —
// run, merge, report, verify — takes it from here, so a sharded run merged and the same run unsharded cannot end
// with different exit codes (DESIGN.md: 0 pass, 1 something failed).

import type { Catalog } from '../../runners/core/types.ts';
import { buildScores, expectedClauses, toExpected, type ScoresDocument } from './document.ts';
import type { ResultsDocument } from './input.ts';
import type { ScoreReport } from './score.ts';

export const VERDICT_EXIT = { pass: 0, fail: 1 } as const;

/** Exit code of a scored assessment. */
export function verdictExitCode(result: ScoreReport): 0 | 1 {
  return result.overall.verdict === 'pass' ? VERDICT_EXIT.pass : VERDICT_EXIT.fail;
}

/** results.json → scores.json, expired waivers included so the report can show what they no longer excuse. */
export function scoresFor(results: ResultsDocument, catalog: Catalog): ScoresDocument {
  const withExpired = {
    ...results,
    waivers: [...(results.waivers ?? []), ...((results as { expired_waivers?: ResultsDocument['waivers'] }).expired_waivers ?? [])],
  };
  return buildScores(withExpired, expectedClauses(results, catalog).map(toExpected));
}

/** Scores an assessment and gives its verdict's exit code. */
export function assessmentVerdict(results: ResultsDocument, catalog: Catalog): { scores: ScoresDocument; exitCode: 0 | 1 } {
  const scores = scoresFor(results, catalog);
  return { scores, exitCode: verdictExitCode(scores.result) };
}
