// Interruption: `govllm run` against the reference deployment is SIGKILLed at random points over several
// rounds, then continued with `--resume`. Each round must end with every (clause, check) recorded exactly
// once and the same verdicts as an uninterrupted run. The kill points come from a seeded generator; the seed
// is printed (set GOVLLM_KILL_SEED to replay a round sequence).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, outcomesOf } from './run-files.ts';
import { startReference } from '../fixtures/reference/server.ts';
import { apiOnlyReference, govllm, writeTarget } from '../fixtures/hostile/run-helpers.ts';
import { seededRandom } from '../runners/core/execute-check.ts';

const ROUNDS = Number(process.env.GOVLLM_KILL_ROUNDS ?? 5);
const SEED = Number(process.env.GOVLLM_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Deterministic clauses over chat, MCP, A2A, knowledge, metrics and evidence (no latency-dependent verdicts). */
const ONLY = [
  'AGT-A2A-01',
  'AGT-MCP-01',
  'AGT-MCP-03',
  'AGT-MCP-06',
  'INF-API-01',
  'INF-API-03',
  'INF-API-05',
  'INF-GW-01',
  'INF-GW-02',
  'INF-SUP-02',
  'APP-LBL-02',
  'DAT-QLT-01',
  'DAT-QLT-04',
  'DAT-SEC-01',
  'INF-CAP-01',
  'SAF-GOV-01',
];
// No PDF: Chromium runs in a process group of its own, so a run SIGKILLed while printing would leave it behind.
const NO_PDF = ['--format', 'html,junit,csv,oscal'];
const common = ['--only', ONLY.join(','), '--seed', '3', '-j', '3', '--check-timeout', '60', '--ci', ...NO_PDF];

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-kill-'));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const verdicts = (dir: string) => outcomesOf(dir).map(({ clause, check, index, status, score }) => ({ clause, check, index, status, score }));

let expectedTotal = -1;

async function oneRun(name: string, kill?: { afterOutcomes?: number; afterMs?: number }) {
  const ref = await startReference();
  try {
    const file = writeTarget(tmp, name, apiOnlyReference(ref));
    const out = path.join(tmp, name);
    const journal = path.join(out, 'journal.jsonl');
    let killedAt = -1;
    const first = await govllm(['run', '--target', file, '--out', out, ...common], ref.env, (doKill) => {
      if (!kill) return;
      const t0 = Date.now();
      const poll = setInterval(() => {
        const n = jsonLines(journal).filter((l) => l.type === 'outcome').length;
        if ((kill.afterOutcomes !== undefined && n >= kill.afterOutcomes) || (kill.afterMs !== undefined && Date.now() - t0 >= kill.afterMs)) {
          clearInterval(poll);
          killedAt = n;
          doKill();
        }
      }, 5);
      setTimeout(() => clearInterval(poll), 200_000).unref();
    });
    let resumed;
    let startedOver = false;
    if (first.signal === 'SIGKILL') {
      // results.json is written atomically (temp file + rename): after a kill it is absent or complete.
      const resultsFile = path.join(out, 'results.json');
      if (fs.existsSync(resultsFile)) expect(JSON.parse(fs.readFileSync(resultsFile, 'utf8')).outcomes.length).toBe(expectedTotal);
      // The target is named again, as a user would: a kill during start-up can come before the journal
      // header that records it exists.
      resumed = await govllm(['run', '--resume', out, '--target', file, '--ci', ...NO_PDF], ref.env);
      if (resumed.code === 2 && /holds no run to resume/.test(resumed.stderr)) {
        // Killed before the journal header was written: nothing was recorded, the refusal says so, and the
        // user simply starts the run again.
        expect(jsonLines(journal).filter((l) => l.type === 'outcome')).toEqual([]);
        startedOver = true;
        resumed = await govllm(['run', '--target', file, '--out', out, ...common], ref.env);
      }
      expect(resumed.stderr).not.toMatch(/internal error/);
      expect([0, 1], resumed.stderr.slice(-1000)).toContain(resumed.code);
    } else {
      expect([0, 1], first.stderr.slice(-1000)).toContain(first.code);
    }
    const outcomeLines = jsonLines(journal).filter((l) => l.type === 'outcome');
    return { out, first, resumed, killedAt, outcomeLines, startedOver };
  } finally {
    await ref.close();
  }
}

describe(`SIGKILL at random points, then --resume (${ROUNDS} rounds)`, () => {
  it('every round ends with each outcome recorded once and the verdicts of an uninterrupted run', async () => {
    const base = await oneRun('uninterrupted');
    const expected = verdicts(base.out);
    const total = expected.length;
    expectedTotal = total;
    expect(total).toBeGreaterThanOrEqual(ONLY.length);
    const random = seededRandom(SEED, 'kill-points');
    const report: string[] = [`seed ${SEED}; uninterrupted run: ${total} outcomes in ${base.first.ms} ms`];
    let survived = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      // Odd rounds: after a random number of journalled outcomes; even rounds: at a random moment, which
      // may fall in start-up, mid-run or while results.json is being written.
      const kill = round % 2 ? { afterOutcomes: 1 + Math.floor(random() * (total - 1)) } : { afterMs: Math.floor(random() * base.first.ms) };
      const r = await oneRun(`round-${round}`, kill);
      const keys = r.outcomeLines.map((l) => `${l.clause}#${l.index}`);
      expect(new Set(keys).size, `round ${round}: an outcome was journalled twice`).toBe(keys.length);
      expect(keys.length, `round ${round}: outcomes lost`).toBe(total);
      expect(verdicts(r.out), `round ${round}: verdicts differ from the uninterrupted run`).toEqual(expected);
      survived++;
      report.push(
        `round ${round}: kill ${kill.afterOutcomes !== undefined ? `after ${kill.afterOutcomes} outcomes` : `at ${kill.afterMs} ms`} → ` +
          (r.first.signal === 'SIGKILL'
            ? r.startedOver
              ? `killed in start-up before the journal existed; --resume refused (exit 2, "no run to resume"), run again (exit ${r.resumed!.code})`
              : `killed with ${r.killedAt} journalled, resumed (exit ${r.resumed!.code}) in ${r.resumed!.ms} ms`
            : `run had finished (exit ${r.first.code})`) +
          `; ${keys.length} outcomes, verdicts equal`,
      );
    }
    console.log(`[kill-resume] ${survived}/${ROUNDS} rounds survived\n${report.join('\n')}`);
    expect(survived).toBe(ROUNDS);
  }, 900_000);
});
