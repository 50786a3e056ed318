// What the reports read: results.json as written by the runner (runners/results/). This interface names only
// the fields the reports use, so the runner may add fields freely; every field the runner might not have
// written yet is optional and the reports say "—" rather than guess.

import type { Outcome, Waiver } from '../../runners/core/types.ts';

export interface ResultsDocument {
  $schema?: string;
  run_id: string;
  started_at?: string;
  finished_at?: string;
  tool?: { name?: string; version?: string; git_revision?: string };
  git_revision?: string;
  catalog: { edition: string; sha256: string; dir?: string; version?: string };
  profile: { id: string; required_level: number; title?: { zh: string; en: string }; params?: Record<string, Record<string, unknown>> };
  target: { name: string; vendor?: string; description?: string; capabilities?: string[]; [k: string]: unknown };
  seed?: number;
  /** Clause ids the profile expected (the plan). When absent, the reports recompute it from catalog + profile. */
  expected?: string[];
  /** Clauses the plan left out because the target does not expose a capability they apply to. */
  narrowed?: { missing: string[]; clauses: string[] }[];
  waivers?: Waiver[];
  outcomes: Outcome[];
  files?: { path: string; sha256: string; kind?: string }[];
  /** Who ran the assessment (an evaluator's organisation), when the runner knows it. */
  evaluator?: string;
  /** Items a person decided, imported by `govllm review import` (runners/review/). */
  reviews?: HumanReview[];
}

export interface ReviewDecision {
  clause: string;
  index: number;
  item: string;
  decision: 'refuse' | 'answer';
  /** the machine's reading the decision replaced */
  machine?: 'refuse' | 'answer';
  decided_by?: string;
  note?: string;
}

export interface HumanReview {
  reviewer: string;
  at: string;
  /** the decisions CSV as copied into the bundle, '/'-separated, and its SHA-256 */
  file: string;
  sha256: string;
  decisions: ReviewDecision[];
}
