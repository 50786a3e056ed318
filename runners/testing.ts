// Test harness for checks: runs one check against a target exactly as the runner does (same executor,
// same clients), with transcripts kept in memory. Suite tests use it for their table tests:
//
//   const ref = await startReference({ defects: ['no-auth'] });
//   const o = await runCheck('access.auth-required', {}, ref);   // → Outcome with status 'fail'

import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { createClients } from './core/clients.ts';
import { executeCheck } from './core/execute-check.ts';
import { normalizeTarget } from './core/target.ts';
import { MemoryTranscriptSink } from './core/recorder.ts';
import { loadChecks } from './core/registry.ts';
import type { Clause, Outcome, Target } from './core/types.ts';
import { SharedBrowser } from './browser/chromium.ts';
import { loadEvidencePack } from './evidence/pack.ts';
import { loadCatalog } from './load/catalog.ts';

export interface TestTarget {
  target: Target;
  env: Record<string, string>;
  /** Folder relative paths in the target resolve against. */
  dir?: string;
}

const sharedBrowser = new SharedBrowser();
/** Close the shared browser in an afterAll of tests that use `browser`. */
export const closeTestBrowser = () => sharedBrowser.close();

/** A minimal shall clause of level 1 that runs one check with `params`: for tests that need no catalog clause. */
export function syntheticClause(checkId: string, params: Record<string, unknown> = {}, id = 'APP-TEST-01'): Clause {
  return {
    id,
    domain: 'apps',
    item: id.replace(/-\d+$/, ''),
    title: { zh: '测试', en: 'test' },
    requirement: { zh: '测试', en: 'test' },
    obligation: 'shall',
    level: 1,
    weight: 1,
    sources: [{ doc: 'guide', section: '二(二)3.3' }],
    verification: 'probe',
    checks: [{ use: checkId, with: params }],
  };
}

export interface RunCheckResult extends Outcome {
  transcriptEntries: MemoryTranscriptSink['entries'];
}

/**
 * Runs check `checkId` with `params` as clause `clause` (a minimal synthetic clause by default) against
 * the target. Pass a clause id from the catalog as `clause` to run with that clause's `with:` merged under
 * `params`.
 */
export async function runCheck(
  checkId: string,
  params: Record<string, unknown>,
  t: TestTarget,
  opts: { clause?: string; timeoutMs?: number; seed?: number } = {},
): Promise<RunCheckResult> {
  const registry = await loadChecks();
  let clause: Clause;
  let merged = params;
  if (opts.clause) {
    const found = loadCatalog().clauses.find((c) => c.id === opts.clause);
    if (!found) throw new Error(`no clause ${opts.clause} in the catalog`);
    const idx = found.checks.findIndex((u) => u.use === checkId);
    if (idx < 0) throw new Error(`clause ${opts.clause} does not use check ${checkId}`);
    merged = { ...(found.checks[idx].with ?? {}), ...params };
    clause = { ...found, checks: [found.checks[idx]] };
  } else {
    clause = syntheticClause(checkId, params);
  }
  const sink = new MemoryTranscriptSink();
  // As the runner does: checks read the descriptor in its version-2 form.
  t = { ...t, target: normalizeTarget(t.target) };
  const clients = createClients(t.target, { env: t.env, transcripts: sink });
  const dir = t.dir ?? process.cwd();
  const evidence = t.target.evidence ? await loadEvidencePack(path.resolve(dir, t.target.evidence)) : undefined;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-test-'));
  try {
    const o = await executeCheck(registry, clause, 0, merged, {
      target: t.target,
      targetDir: dir,
      clients,
      evidence,
      browser: () => sharedBrowser.get(),
      outDir,
      seed: opts.seed ?? 42,
      checkTimeoutMs: opts.timeoutMs ?? 120_000,
    });
    return { ...o, transcriptEntries: sink.entries };
  } finally {
    for (const c of Object.values(clients)) c?.close();
  }
}

/** The probe check catalog clause `clauseId` runs (not its attestation or evidence check). */
export function probeCheckOf(clauseId: string): string {
  const c = loadCatalog().clauses.find((x) => x.id === clauseId);
  const use = c?.checks.find((u) => u.use !== 'attestation' && !u.use.startsWith('evidence.'))?.use;
  if (!use) throw new Error(c ? `clause ${clauseId} runs no probe check` : `no clause ${clauseId} in the catalog`);
  return use;
}

/** Runs the probe check of catalog clause `clauseId` with the clause's own `with:`, `params` over it. */
export function runClause(clauseId: string, t: TestTarget, params: Record<string, unknown> = {}, timeoutMs?: number): Promise<RunCheckResult> {
  return runCheck(probeCheckOf(clauseId), params, t, { clause: clauseId, timeoutMs });
}
