// The check API. A check knows *how* to measure; the clause's `with:` block (validated against `params`)
// says *what* counts as conformant. A check never reads a threshold from anywhere else.

import type { Capability, CheckResult, Clause, Target } from './types.ts';
import type { HttpClient } from '../http/client.ts';
import type { EvidencePack } from './evidence.ts';
import type { Recorder } from './recorder.ts';

/** JSON Schema (draft 2020-12 subset that ajv understands) for a check's `with:` block. */
export type ParamsSchema = Record<string, unknown>;

export interface CheckContext<P = Record<string, unknown>> {
  /** The clause being assessed, for messages only. */
  clause: Clause;
  /** The clause's `with:` block merged with profile overrides, validated against the check's `params`. */
  params: P;
  target: Target;
  /** Absolute path of the target descriptor's folder; relative paths in the target resolve against it. */
  targetDir: string;
  /**
   * Clients for the target's endpoints, present only when the target declares them (and so only when the
   * check's `needs` are met). Every request goes through the runner's limits and into transcripts.jsonl.
   */
  http: Partial<Record<Exclude<Capability, 'evidence'>, HttpClient>>;
  /** The vendor's evidence pack, hash-checked; absent when the target has none. */
  evidence?: EvidencePack;
  /** Observations, transcripts and evidence references for this outcome. */
  record: Recorder;
  /** Seeded random source in [0, 1); the seed is written to results.json. */
  random: () => number;
  seed: number;
  /** Aborted on per-check timeout or on SIGINT/SIGTERM; pass it to every await that can block. */
  signal: AbortSignal;
  /** Shared headless Chromium (Debian's /usr/bin/chromium), launched on first use. */
  browser: () => Promise<import('puppeteer-core').Browser>;
  /** Outputs of this run (screenshots and other artefacts go under `${outDir}/artifacts`). */
  outDir: string;
  log: (msg: string) => void;
  /**
   * When the run started (ISO 8601). Checks that compare dates with "now" use this (or their `as_of`
   * param) so every check of a run judges against the same day. Absent when the runner does not set it.
   */
  runStartedAt?: string;
  /** The run's redactor: text a check writes itself (artifacts) passes it, so no key leaves in any form. */
  redact?: (text: string) => string;
}

export interface CheckDefinition<P = Record<string, unknown>> {
  id: string;
  title: string;
  /** Target capabilities the check needs; if one is missing the outcome is `not_applicable` with the reason. */
  needs: Capability[];
  params: ParamsSchema;
  /**
   * true for checks that measure rates, latency or limits of the target: the runner runs them one at a
   * time after every other check, with nothing else in flight, so the run's own traffic does not skew them.
   */
  exclusive?: boolean;
  /**
   * The longest a correct run can take with these params (ms), for checks that wait out a time bound the
   * clause sets (e.g. rag.freshness's `max_seconds`). The executor's per-check limit is raised above it, so
   * a bound is always judged by the check (pass/fail), never cut short by the runner's default limit.
   */
  timeBudgetMs?: (params: P, target: Target) => number;
  run: (ctx: CheckContext<P>) => Promise<CheckResult>;
}

/** The params schema of a check that takes none: a clause's `with:` must then be empty. */
const NO_PARAMS: ParamsSchema = { type: 'object', additionalProperties: false, properties: {} };

/** A check; `params` may be left out by a check that takes none. */
export function defineCheck<P = Record<string, unknown>>(def: Omit<CheckDefinition<P>, 'params'> & { params?: ParamsSchema }): CheckDefinition<P> {
  if (!/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(def.id)) {
    throw new Error(`check id "${def.id}" must be lower-case words joined by "." or "-"`);
  }
  return { ...def, params: def.params ?? NO_PARAMS };
}
