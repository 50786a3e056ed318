// Issue 15, items 4 and 6 through `govllm run` against the hostile fixture: a value nested 100 000 deep in an
// MCP reply never kills a run, its --resume or `govllm report`; a target that never answers ends by itself
// with 0 pass (circuit breaker per endpoint, shortened timeouts: the default-knob bound is computed in
// runners/http/extract.test.ts); a run-wide --deadline ends a run with results.json written.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_KEY_ENV, hostileTarget } from '../fixtures/hostile/server.ts';
import { startHostileProcess, type HostileProcess } from '../fixtures/hostile/process.ts';
import { govllm, writeTarget } from '../fixtures/hostile/run-helpers.ts';

const env = { [HOSTILE_KEY_ENV]: 'sk-hostile-bounds-7d3f1a' };
let h: HostileProcess;
let tmp: string;
beforeAll(async () => {
  h = await startHostileProcess();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-hostile-bounds-'));
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** `govllm run` of the clauses `only` against the target file, seeded, in CI mode, with a JUnit report. */
const runArgs = (file: string, out: string, only: string, ...more: string[]) => [
  'run',
  '--target',
  file,
  '--out',
  out,
  '--only',
  only,
  '--seed',
  '5',
  '--ci',
  '--format',
  'junit',
  ...more,
];
const readResults = (out: string) =>
  JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as {
    outcomes: { clause: string; status: string; message: string; observed?: unknown }[];
  };

describe('item 4: a value nested 100 000 deep', () => {
  it('in an MCP reply: the run completes, --resume completes, `govllm report` survives a results.json holding one', async () => {
    const file = writeTarget(tmp, 'deep', hostileTarget(h, { mcp: 'deep-json' }, { timeoutMs: 10_000 }));
    const out = path.join(tmp, 'out-deep');
    const r = await govllm(
      ['run', '--target', file, '--out', out, '--only', 'AGT-MCP-01,AGT-MCP-04', '--seed', '3', '--ci', '--format', 'junit'],
      env,
      undefined,
      120_000,
    );
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack|at .*\.ts:\d+/);
    expect([0, 1], r.stderr).toContain(r.code);
    const res = readResults(out);
    expect(res.outcomes.map((o) => o.status)).not.toContain('pass');

    // As after an interruption between the last journal line and results.json: --resume finishes the run.
    fs.rmSync(path.join(out, 'results.json'));
    const again = await govllm(['run', '--resume', out, '--ci', '--format', 'junit'], env, undefined, 120_000);
    expect([0, 1], again.stderr).toContain(again.code);
    expect(fs.existsSync(path.join(out, 'results.json'))).toBe(true);

    // A results.json carrying such a value (hand-made, or from an older suite) is reported, not crashed on.
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const text = JSON.stringify(doc).replace('"outcomes":[{', `"outcomes":[{"observed":{"deep":${deep}},`);
    const planted = path.join(tmp, 'planted');
    fs.mkdirSync(planted);
    fs.writeFileSync(path.join(planted, 'results.json'), text);
    const rep = await govllm(['report', planted, '--format', 'html,junit,csv,oscal', '--out', path.join(planted, 'report')], {}, undefined, 120_000);
    expect(rep.stderr).not.toMatch(/RangeError|Maximum call stack/);
    // `report` exits with the scored verdict (0 or 1), never with a crash.
    expect([0, 1], rep.stderr).toContain(rep.code);
    expect(
      fs.readFileSync(
        path.join(
          planted,
          'report',
          fs.readdirSync(path.join(planted, 'report')).find((f) => f.endsWith('.html'))!,
        ),
        'utf8',
      ),
    ).toContain('nested deeper than');
  }, 400_000);
});

describe('item 6: a target that never answers', () => {
  it('ends by itself with 0 pass; each endpoint is given up after a few timeouts (circuit breaker)', async () => {
    // A server on which every path hangs (the health endpoint on the metrics origin too).
    const never = await startHostileProcess({ defaultBehaviour: 'hang' });
    const target = hostileTarget(never, { chat: 'hang', knowledge: 'hang', mcp: 'hang', a2a: 'hang', metrics: 'hang', audit: 'hang' }, { timeoutMs: 400 });
    const file = writeTarget(tmp, 'never', target);
    const out = path.join(tmp, 'out-never');
    // Default --check-timeout (600 s) and default probe settings: before the breaker, SAF-REF-01 alone waited
    // out 300 probes one request timeout after another (60 s each), far past this test's own guard.
    const r = await govllm(
      runArgs(file, out, 'SAF-REF-01,SAF-PII-01,INF-API-01,INF-API-02,AGT-MCP-01,KNO-RAG-01,AGT-A2A-01,INF-SUP-03'),
      env,
      undefined,
      240_000,
    );
    expect(r.signal, 'the run had to be killed by the test').toBeNull();
    expect(r.code).toBe(1);
    const res = readResults(out);
    expect(res.outcomes.length).toBeGreaterThan(5);
    expect(res.outcomes.filter((o) => o.status === 'pass')).toEqual([]);
    const sent = (await never.stats()).hits.hang ?? 0;
    await never.close();
    // 6 endpoints, each: 5 failures open its breaker, plus what was in flight then (≤ 8 per endpoint).
    expect(sent).toBeLessThanOrEqual(6 * (5 + 8));
    expect(
      res.outcomes.some((o) => /endpoint stopped answering/.test(o.message)),
      res.outcomes.map((o) => `${o.clause}: ${o.message}`).join('\n'),
    ).toBe(true);
  }, 300_000);

  it('--deadline ends a run with results.json: unfinished checks are error, none pass', async () => {
    const target = hostileTarget(h, { chat: 'hang', mcp: 'hang' }, { timeoutMs: 400 });
    const file = writeTarget(tmp, 'deadline', target);
    const out = path.join(tmp, 'out-deadline');
    const r = await govllm(
      // The breaker is switched off so only the deadline can end the 300-probe bank in time.
      runArgs(file, out, 'SAF-REF-01,SAF-PII-01,AGT-MCP-01', '--deadline', '5', '--breaker-failures', '100000'),
      env,
      undefined,
      200_000,
    );
    expect(r.signal).toBeNull();
    const res = readResults(out);
    expect(res.outcomes.filter((o) => o.status === 'pass')).toEqual([]);
    expect(res.outcomes.find((o) => o.clause === 'SAF-REF-01')).toMatchObject({ status: 'error', message: expect.stringMatching(/deadline/) });
  }, 240_000);
});
