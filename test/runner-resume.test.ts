// End to end through the CLI: a run killed with SIGKILL mid-way, then `govllm run --resume`, must give the
// same results as an uninterrupted run — nothing lost, nothing twice — and its files must validate.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines } from './run-files.ts';
import { schemaValidator } from '../runners/load/documents.ts';
import { startStub, type Stub } from '../runners/execute/testdata/stub-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TD = path.join(ROOT, 'runners/execute/testdata');
const KEY = 'sk-e2e-secret-42424242';
let stub: Stub;
let dir: string;
let targetFile: string;

beforeAll(async () => {
  stub = await startStub({ key: KEY });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-e2e-'));
  targetFile = path.join(dir, 'target.yaml');
  fs.writeFileSync(targetFile, `name: stub\nendpoints:\n  chat: { base_url: "${stub.baseUrl}", model: stub, api_key_env: STUB_KEY, timeout_ms: 2000 }\n`);
});
afterAll(() => stub.close());

function govllm(
  args: string[],
  onStart?: (kill: () => void) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'runners/bin/govllm.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, STUB_KEY: KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onStart?.(() => child.kill('SIGKILL'));
  });
}

const common = [
  '--catalog',
  path.join(TD, 'catalog'),
  '--suites',
  path.join(TD, 'suites'),
  '--profile',
  path.join(TD, 'profiles/stub.profile.yaml'),
  '--seed',
  '5',
  '--ci',
  // No PDF: Chromium runs in a process group of its own, so a run SIGKILLed while printing would leave it behind;
  // these tests are about the journal, and the other formats still exercise the report step.
  '--format',
  'html,junit,csv,oscal',
];
const comparable = (file: string) =>
  JSON.parse(fs.readFileSync(file, 'utf8')).outcomes.map(({ started_at, duration_ms, transcripts, ...o }: Record<string, unknown>) => o);

describe('govllm run: SIGKILL mid-run, then --resume', () => {
  it('gives the same results as an uninterrupted run, losing and duplicating nothing', async () => {
    const whole = path.join(dir, 'whole');
    const a = await govllm(['run', '--target', targetFile, '--out', whole, '-j', '2', ...common]);
    expect(a.stderr).not.toMatch(/internal error/);
    expect(a.code).toBe(1); // APP-STUB-02 (a required clause) fails by design

    const cut = path.join(dir, 'cut');
    const journal = path.join(cut, 'journal.jsonl');
    let journalledAtKill = 0;
    const killed = await govllm(['run', '--target', targetFile, '--out', cut, '-j', '2', ...common], (kill) => {
      const poll = setInterval(() => {
        const n = jsonLines(journal).filter((l) => l.type === 'outcome').length;
        if (n >= 8) {
          kill();
          journalledAtKill = n;
          clearInterval(poll);
        }
      }, 10);
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(cut, 'results.json'))).toBe(false);
    const before = jsonLines(journal).filter((l) => l.type === 'outcome').length;
    expect(before).toBeGreaterThanOrEqual(journalledAtKill);
    expect(before).toBeLessThan(19); // really killed mid-run

    // --resume finds the target in the journal header; no other option needed
    const r = await govllm(['run', '--resume', cut, '--ci', '--format', 'html,junit,csv,oscal']);
    expect(r.stderr).toMatch(new RegExp(`running ${19 - before} of 19 checks \\(${before} already done, resumed\\)`));
    expect(r.code).toBe(1);

    expect(comparable(path.join(cut, 'results.json'))).toEqual(comparable(path.join(whole, 'results.json')));
    const outcomeLines = jsonLines(journal).filter((l) => l.type === 'outcome');
    const keys = outcomeLines.map((l) => `${l.clause}#${l.index}`);
    expect(new Set(keys).size).toBe(keys.length); // nothing twice
    expect(keys.length).toBe(19); // nothing lost (APP-STUB-04 needs mcp, which the target lacks: left out of the plan)

    // every file validates against its schema; no secret anywhere
    const results = JSON.parse(fs.readFileSync(path.join(cut, 'results.json'), 'utf8'));
    const vr = schemaValidator('results.schema.json');
    expect(vr(results), JSON.stringify(vr.errors)).toBe(true);
    const vj = schemaValidator('journal-entry.schema.json');
    for (const l of jsonLines(journal)) expect(vj(l), JSON.stringify(vj.errors)).toBe(true);
    const vt = schemaValidator('transcript.schema.json');
    const ts = jsonLines(path.join(cut, 'transcripts.jsonl'));
    for (const t of ts) expect(vt(t), JSON.stringify(vt.errors)).toBe(true);
    const ids = new Set(ts.map((t) => t.id));
    expect(ids.size).toBe(ts.length);
    for (const o of results.outcomes) for (const t of o.transcripts) expect(ids.has(t)).toBe(true);
    for (const f of ['results.json', 'journal.jsonl', 'transcripts.jsonl']) expect(fs.readFileSync(path.join(cut, f), 'utf8')).not.toContain(KEY);
  }, 90_000);

  it('SIGTERM flushes the journal and exits 143 without recording the interrupted checks; resume finishes', async () => {
    const out = path.join(dir, 'term');
    const journal = path.join(out, 'journal.jsonl');
    let child: ReturnType<typeof spawn> | undefined;
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      child = spawn(process.execPath, [path.join(ROOT, 'runners/bin/govllm.mjs'), 'run', '--target', targetFile, '--out', out, '-j', '1', ...common], {
        cwd: ROOT,
        env: { ...process.env, STUB_KEY: KEY },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (c) => (stderr += c));
      child.on('exit', (code) => resolve({ code, stderr }));
      const poll = setInterval(() => {
        if (jsonLines(journal).filter((l) => l.type === 'outcome').length >= 6) {
          clearInterval(poll);
          child!.kill('SIGTERM');
        }
      }, 10);
    });
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/interrupted \(SIGTERM\).*govllm run --resume/s);
    const outcomes = jsonLines(journal).filter((l) => l.type === 'outcome');
    expect(outcomes.length).toBeLessThan(19);
    expect(outcomes.filter((l) => l.status === 'error')).toEqual([]);
    const again = await govllm(['run', '--resume', out, '--ci', '--format', 'html,junit,csv,oscal']);
    expect(again.code).toBe(1);
    expect(jsonLines(journal).filter((l) => l.type === 'outcome')).toHaveLength(19);
  }, 90_000);

  it('--dry-run prints the plan and sends nothing; bad input exits 2 naming the problem', async () => {
    const n = stub.stats.requests;
    const d = await govllm(['run', '--target', targetFile, '--out', path.join(dir, 'dry'), '--dry-run', ...common]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/left out \(the target does not expose mcp\): 1 clause\(s\) APP-STUB-04/);
    expect(d.stdout).not.toMatch(/APP-STUB-04#0/);
    expect(d.stdout).toMatch(/19 \(clause, check\) pairs: 16 run/);
    expect(stub.stats.requests).toBe(n);
    const bad = await govllm(['run', '--target', targetFile, '--out', path.join(dir, 'bad'), '--shard', '3/2', ...common]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard 3\/2/);
  }, 60_000);
});
