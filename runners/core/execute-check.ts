// Runs one (clause, check) pair and turns whatever happens into an Outcome. This is where the rule
// "the suite never lies" is enforced for every check:
//   - a capability the target lacks → not_applicable, with the reason;
//   - params that do not validate → error;
//   - a thrown exception or the per-check timeout → error, never pass;
//   - a result whose status is not one of the six → error.
// The runner's scheduler (runners/execute/) calls this; suite tests call it directly through
// runners/testing.ts, so a check is tested exactly as it runs.

import { setMaxListeners } from 'node:events';
import type { Browser } from 'puppeteer-core';
import type { CheckDefinition } from './check.ts';
import type { EvidencePack } from './evidence.ts';
import { Recorder } from './recorder.ts';
import { boundValue } from './bounded.ts';
import { STATUSES, type Capability, type CheckResult, type Clause, type Outcome, type Target } from './types.ts';
import type { HttpClient } from '../http/client.ts';
import type { CheckRegistry } from './registry.ts';
import { Redactor } from '../output/redact.ts';

export interface ExecuteEnv {
  target: Target;
  targetDir: string;
  /** Unbound clients per endpoint; bound per check to its recorder and signal. */
  clients: Partial<Record<Exclude<Capability, 'evidence'>, HttpClient>>;
  evidence?: EvidencePack;
  browser: () => Promise<Browser>;
  outDir: string;
  seed: number;
  /** Per-check time limit (ms). */
  checkTimeoutMs: number;
  /** Epoch ms of the run's deadline (`--deadline`): a check still running then ends as `error`; none starts after it. */
  deadlineAt?: number;
  /** Aborted when the run is interrupted. */
  signal?: AbortSignal;
  log?: (msg: string) => void;
  /** When the run started (ISO 8601), handed to checks as ctx.runStartedAt. */
  runStartedAt?: string;
  /** The run's one redactor; the outcome and the check's artifacts pass it (default: the clients' keys). */
  redactor?: Redactor;
}

/** Which capabilities a target offers: its declared endpoints, plus `evidence` when it has a pack. */
/** Why an evidence clause is not tested when the target names no evidence pack (shared with the planner). */
export const NO_EVIDENCE =
  'no evidence submitted: the target names no evidence pack (set `evidence:` in the target descriptor to the folder holding manifest.yaml)';

/** Added to a check's own time budget: the executor's limit always exceeds the bound the check waits out. */
export const BUDGET_MARGIN_MS = 30_000;

export function targetCapabilities(target: Target): Set<Capability> {
  const caps = new Set<Capability>();
  for (const [k, v] of Object.entries(target.endpoints ?? {})) if (v) caps.add(k as Capability);
  if (target.evidence) caps.add('evidence');
  return caps;
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic per-(seed, clause, check index) random source: mulberry32 over a string hash. */
export function seededRandom(seed: number, key: string): () => number {
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 2654435761) >>> 0;
  return mulberry32(h || 1);
}

export async function executeCheck(registry: CheckRegistry, clause: Clause, index: number, params: Record<string, unknown>, env: ExecuteEnv): Promise<Outcome> {
  const use = clause.checks[index];
  const started = Date.now();
  const recorder = new Recorder();
  const redactor = env.redactor ?? new Redactor(Object.values(env.clients).flatMap((c) => [c?.options.apiKey, ...(c?.options.secrets ?? [])]));
  const base = (r: CheckResult): Outcome =>
    redactor.value({
      clause: clause.id,
      check: use.use,
      index,
      status: r.status,
      // Bounded: whatever a check recorded from a target stays serialisable (runners/core/bounded.ts).
      message: typeof r.message === 'string' ? r.message : String(r.message),
      observed: r.observed === undefined ? undefined : (boundValue(r.observed) as CheckResult['observed']),
      expected: r.expected === undefined ? undefined : (boundValue(r.expected) as CheckResult['expected']),
      score: r.score ?? (r.status === 'pass' ? 1 : 0),
      transcripts: [...recorder.transcripts],
      evidence: [...recorder.evidence, ...(r.evidence ?? [])].filter((e, i, a) => a.findIndex((x) => x.file === e.file && x.sha256 === e.sha256) === i),
      started_at: new Date(started).toISOString(),
      duration_ms: Date.now() - started,
    } satisfies Outcome);

  if (use.use === 'attestation') {
    return base({ status: 'manual', message: 'no machine can decide this clause: an evaluator records a verdict in an attestation file' });
  }
  const def: CheckDefinition<any> | undefined = registry.checks.get(use.use);
  if (!def) return base({ status: 'not_tested', message: `no suite implements check "${use.use}" yet` });

  const caps = targetCapabilities(env.target);
  const missing = [...def.needs, ...(clause.applies_when?.capabilities ?? [])].filter((n) => !caps.has(n));
  if (missing.length > 0 && missing.every((m) => m === 'evidence')) return base({ status: 'not_tested', message: NO_EVIDENCE });
  if (missing.length > 0) {
    return base({ status: 'not_applicable', message: `the target does not expose ${[...new Set(missing)].join(', ')}` });
  }
  const paramProblems = registry.validateParams(def.id, params);
  if (paramProblems.length > 0) return base({ status: 'error', message: `invalid parameters for ${def.id}: ${paramProblems.join('; ')}` });

  const leftMs = env.deadlineAt === undefined ? Infinity : env.deadlineAt - Date.now();
  if (leftMs <= 0) return base({ status: 'error', message: "not run: the run's deadline (--deadline) was reached before this check started" });
  const ac = new AbortController();
  // A check may have many requests in flight, each listening on this signal: not a leak.
  setMaxListeners(0, ac.signal);
  const onRunAbort = () => ac.abort(new Error('run interrupted'));
  env.signal?.addEventListener('abort', onRunAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  // A check that waits out the clause's own time bound gets a limit beyond it (its budget plus a margin).
  const budget = def.timeBudgetMs?.(params, env.target);
  const ownLimitMs = budget ? Math.max(env.checkTimeoutMs, budget + BUDGET_MARGIN_MS) : env.checkTimeoutMs;
  const limitMs = Math.min(ownLimitMs, leftMs);
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      ac.abort(new Error('check timeout'));
      resolve({
        status: 'error',
        message:
          limitMs < ownLimitMs ? "the run's deadline (--deadline) was reached before this check finished" : `the check did not finish within ${limitMs} ms`,
      });
    }, limitMs);
  });
  const http: Partial<Record<Exclude<Capability, 'evidence'>, HttpClient>> = {};
  for (const [k, c] of Object.entries(env.clients)) if (c) http[k as Exclude<Capability, 'evidence'>] = c.bind(recorder, ac.signal);

  try {
    const run = def
      .run({
        clause,
        params,
        target: env.target,
        targetDir: env.targetDir,
        http,
        evidence: env.evidence,
        record: recorder,
        random: seededRandom(env.seed, `${clause.id}#${index}`),
        seed: env.seed,
        signal: ac.signal,
        browser: env.browser,
        outDir: env.outDir,
        log: env.log ?? (() => {}),
        runStartedAt: env.runStartedAt,
        redact: redactor.text,
      })
      .then(
        (r): CheckResult => {
          if (!r || !STATUSES.includes(r.status)) return { status: 'error', message: `check ${def.id} returned no valid status` };
          return r;
        },
        (e: unknown): CheckResult => ({ status: 'error', message: `check ${def.id} could not measure: ${(e as Error)?.message ?? String(e)}` }),
      );
    const r = await Promise.race([run, timeout]);
    if (env.signal?.aborted && r.status !== 'error') {
      // An interrupted run must not record a verdict reached on partial data.
      return base({ status: 'error', message: 'the run was interrupted before this check finished' });
    }
    return base(r);
  } finally {
    clearTimeout(timer);
    env.signal?.removeEventListener('abort', onRunAbort);
  }
}
