// `govllm run` end to end (child processes) against a target that mixes the healthy reference deployment with
// hostile endpoints: the run finishes in bounded time without crashing, every check on a hostile endpoint is
// error or fail (never pass), every other check gets exactly what a fully healthy run gets, nothing a redirect
// pointed at is contacted, and no key given through the environment appears in any output file, report, log
// or message.

import { REFERENCE_GOLD } from '../suites/knowledge/lib/gold.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomesOf } from './run-files.ts';
import { startReference, type RunningReference } from '../fixtures/reference/server.ts';
import { MIXED_ONLY, allFiles, apiOnlyReference, expectNoSecrets, govllm, writeTarget } from '../fixtures/hostile/run-helpers.ts';
import { HOSTILE_KEY_ENV } from '../fixtures/hostile/server.ts';
import { startHostileProcess, type HostileProcess } from '../fixtures/hostile/process.ts';
import { loadChecks } from '../runners/core/registry.ts';

let tmp: string;
let refHealthy: RunningReference;
let refMixed: RunningReference;
let h: HostileProcess;
const HOSTILE_KEY = 'sk-hostile-run-9d8c7b6a5f4e';

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-hostile-run-'));
  [refHealthy, refMixed, h] = await Promise.all([startReference(), startReference(), startHostileProcess()]);
});
afterAll(async () => {
  await Promise.all([refHealthy?.close(), refMixed?.close(), h?.close()]);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('govllm run against a target mixing healthy and hostile endpoints', () => {
  it('finishes in bounded time; hostile endpoints give error/fail, never pass; every other result is intact; no key leaks', async () => {
    const healthy = apiOnlyReference(refHealthy);
    const mixed = apiOnlyReference(refMixed);
    // The hostile endpoints: each family of checks meets a different way of breaking.
    mixed.endpoints.mcp = { url: `${h.url('hang')}/mcp`, api_key_env: HOSTILE_KEY_ENV, timeout_ms: 800 };
    mixed.endpoints.a2a = { card_url: `${h.url('huge')}/.well-known/agent-card.json`, timeout_ms: 5000 };
    mixed.endpoints.knowledge = {
      base_url: `${h.url('redirect-other-host')}/knowledge`,
      api_key_env: HOSTILE_KEY_ENV,
      timeout_ms: 3000,
      update: { method: 'POST', path: 'documents' },
      gold_set: REFERENCE_GOLD,
    };
    mixed.endpoints.audit = { url: `${h.url('storm429')}/audit/logs`, api_key_env: HOSTILE_KEY_ENV, timeout_ms: 3000 };
    const hostileEndpoints = ['mcp', 'a2a', 'knowledge', 'audit'];
    const files = { healthy: writeTarget(tmp, 'healthy', healthy), mixed: writeTarget(tmp, 'mixed', mixed) };
    const out = { healthy: path.join(tmp, 'out-healthy'), mixed: path.join(tmp, 'out-mixed') };
    const common = ['--only', MIXED_ONLY.join(','), '--seed', '11', '-j', '4', '--check-timeout', '30', '--ci'];

    const [a, b] = await Promise.all([
      govllm(['run', '--target', files.healthy, '--out', out.healthy, ...common], refHealthy.env),
      govllm(['run', '--target', files.mixed, '--out', out.mixed, ...common], { ...refMixed.env, [HOSTILE_KEY_ENV]: HOSTILE_KEY }),
    ]);
    console.log(`[hostile-run] healthy run: exit ${a.code} in ${a.ms} ms; mixed run: exit ${b.code} in ${b.ms} ms`);
    for (const r of [a, b]) {
      expect(r.signal, r.stderr.slice(-1500)).toBeNull();
      expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
      expect([0, 1]).toContain(r.code);
    }
    expect(b.code).toBe(1);
    expect(b.ms).toBeLessThan(200_000);

    const reg = await loadChecks();
    const touchesHostile = (check: string) => (reg.checks.get(check)?.needs ?? []).some((n) => hostileEndpoints.includes(n));
    const healthyOutcomes = new Map(outcomesOf(out.healthy).map((o) => [`${o.clause}#${o.index}`, o]));
    const mixedOutcomes = outcomesOf(out.mixed);
    expect(mixedOutcomes.length).toBe(healthyOutcomes.size);
    const table: string[] = [];
    let hostileCount = 0;
    for (const o of mixedOutcomes) {
      const ref = healthyOutcomes.get(`${o.clause}#${o.index}`)!;
      table.push(`${o.clause.padEnd(11)} ${o.check.padEnd(24)} healthy ${ref.status.padEnd(8)} mixed ${o.status.padEnd(8)} ${o.message.slice(0, 90)}`);
      if (touchesHostile(o.check)) {
        hostileCount++;
        expect(['error', 'fail'], `${o.clause} ${o.check} on a hostile endpoint: ${o.status} ${o.message}`).toContain(o.status);
      } else {
        expect({ clause: o.clause, status: o.status, score: o.score }, `${o.clause} ${o.check} should not be affected`).toEqual({
          clause: ref.clause,
          status: ref.status,
          score: ref.score,
        });
      }
    }
    console.log(`[hostile-run] ${mixedOutcomes.length} outcomes, ${hostileCount} on hostile endpoints:\n${table.join('\n')}`);
    expect(hostileCount).toBeGreaterThanOrEqual(8);
    expect(mixedOutcomes.length - hostileCount).toBeGreaterThanOrEqual(8);
    expect((await h.stats()).elsewhereHits).toBe(0);

    // Reports rendered from the mixed run (HTML, JUnit, CSV, OSCAL…) are part of the output to scan.
    const rep = await govllm(['report', out.mixed, '--format', 'html,junit,csv,oscal', '--out', path.join(out.mixed, 'report')], {});
    // Written in full; the exit code is the mixed run's verdict (hostile endpoints fail), as `govllm run` gives.
    expect(rep.code, rep.stderr).toBe(1);
    expect(rep.stderr).not.toMatch(/error:/);

    const secrets = [...Object.values(refMixed.env), HOSTILE_KEY, ...Object.values(refHealthy.env)];
    const where = [
      ...[out.healthy, out.mixed].flatMap((d) => allFiles(d).map((f) => ({ name: path.relative(tmp, f), text: fs.readFileSync(f, 'latin1') }))),
      ...[a, b, rep].flatMap((r, i) => [
        { name: `stdout#${i}`, text: r.stdout },
        { name: `stderr#${i}`, text: r.stderr },
      ]),
    ];
    expect(where.some((w) => w.name.endsWith('transcripts.jsonl'))).toBe(true);
    expect(where.some((w) => w.name.endsWith('.html'))).toBe(true);
    expectNoSecrets(where, secrets);
    // The keys were really sent (so their absence from the files means redaction, not disuse).
    expect(refMixed.state.keys.length).toBeGreaterThan(0);
    const transcripts = fs
      .readFileSync(path.join(out.mixed, 'transcripts.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const withAuth = transcripts.filter((t) => t.request_headers?.authorization !== undefined);
    expect(withAuth.length).toBeGreaterThan(0);
    for (const t of withAuth) expect(t.request_headers.authorization).toBe('***');
  }, 300_000);
});
