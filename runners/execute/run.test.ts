import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../core/types.ts';
import { schemaValidator } from '../load/documents.ts';
import { runAssessment, type RunOptions } from './run.ts';
import { startStub, type Stub } from './testdata/stub-server.ts';

const TD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const KEY = 'sk-test-0123456789abcdef';
let stub: Stub;
let target: Target;
beforeAll(async () => {
  stub = await startStub({ key: KEY });
  target = { name: 'stub', endpoints: { chat: { base_url: stub.baseUrl, model: 'stub', api_key_env: 'STUB_KEY', timeout_ms: 10_000 } } };
});
afterAll(() => stub.close());

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-run-'));
const opts = (over: Partial<RunOptions> = {}): RunOptions => ({
  target,
  targetDir: TD,
  env: { STUB_KEY: KEY },
  profile: path.join(TD, 'profiles/stub.profile.yaml'),
  catalogDir: path.join(TD, 'catalog'),
  suitesDir: path.join(TD, 'suites'),
  outDir: tmp(),
  seed: 11,
  concurrency: 4,
  ...over,
});
const jsonl = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('runAssessment (in process)', () => {
  it('writes results.json, journal.jsonl and transcripts.jsonl that validate, with no secret in them', async () => {
    let reported: string | undefined;
    const r = await runAssessment(opts({ hooks: { report: (p) => void (reported = p) } }));
    expect(r.status).toBe('completed');
    expect(reported).toBe(r.resultsPath);
    const dir = path.dirname(r.resultsPath!);
    const results = JSON.parse(fs.readFileSync(r.resultsPath!, 'utf8'));
    const vr = schemaValidator('results.schema.json');
    expect(vr(results), JSON.stringify(vr.errors)).toBe(true);
    const vj = schemaValidator('journal-entry.schema.json');
    for (const l of jsonl(path.join(dir, 'journal.jsonl'))) expect(vj(l), JSON.stringify(vj.errors)).toBe(true);
    const vt = schemaValidator('transcript.schema.json');
    const ts = jsonl(path.join(dir, 'transcripts.jsonl'));
    expect(ts.length).toBeGreaterThan(30);
    for (const t of ts) expect(vt(t), JSON.stringify(vt.errors)).toBe(true);
    for (const f of ['results.json', 'journal.jsonl', 'transcripts.jsonl']) expect(fs.readFileSync(path.join(dir, f), 'utf8')).not.toContain(KEY);
    expect(results.target.endpoints.chat.api_key_env).toBe('STUB_KEY');

    // every planned pair has exactly one outcome, sorted; every transcript an outcome cites exists
    const keys = results.outcomes.map((o: any) => `${o.clause}#${o.index}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(19); // APP-STUB-04 (applies to mcp, which the stub target lacks) is left out of the plan
    expect(results.narrowed).toEqual([{ missing: ['mcp'], clauses: ['APP-STUB-04'] }]);
    const ids = new Set(ts.map((t: any) => t.id));
    for (const o of results.outcomes) for (const t of o.transcripts) expect(ids.has(t)).toBe(true);
    expect(results.outcomes.find((o: any) => o.clause === 'APP-STUB-02').status).toBe('fail');
    expect(results.summary.required_failed).toEqual(['APP-STUB-02']);
    // the exclusive check ran alone, after every other check had finished
    const alone = results.outcomes.find((o: any) => o.clause === 'APP-STUB-07');
    expect(alone.status).toBe('pass');
    const othersDone = Math.max(...results.outcomes.filter((o: any) => o.clause !== 'APP-STUB-07').map((o: any) => Date.parse(o.started_at) + o.duration_ms));
    expect(Date.parse(alone.started_at)).toBeGreaterThanOrEqual(othersDone);
    expect(r.status).toBe('completed');
    // the files list carries the hashes of what is on disk
    const j = results.files.find((f: any) => f.path === 'journal.jsonl');
    const crypto = await import('node:crypto');
    expect(j.sha256).toBe(
      crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(dir, 'journal.jsonl')))
        .digest('hex'),
    );
  });

  it('results do not depend on concurrency (outcomes minus timing are identical at 1 and 8)', async () => {
    const strip = (p: string) =>
      JSON.parse(fs.readFileSync(p, 'utf8')).outcomes.map(({ started_at, duration_ms, transcripts, ...o }: any) => ({ ...o, n: transcripts.length }));
    const a = await runAssessment(opts({ concurrency: 1 }));
    const b = await runAssessment(opts({ concurrency: 8 }));
    expect(strip(b.resultsPath!)).toEqual(strip(a.resultsPath!));
  });

  it('a connection reset, a malformed body, a request timeout and a check timeout each give error, never pass', async () => {
    const short: Target = { ...target, endpoints: { chat: { ...target.endpoints.chat!, timeout_ms: 600 } } };
    const r = await runAssessment(opts({ target: short, profile: path.join(TD, 'profiles/faults.profile.yaml'), checkTimeoutMs: 1500, retries: 1 }));
    const by = Object.fromEntries(r.results!.outcomes.map((o) => [o.clause, o]));
    expect(by['APP-ERR-01'].status).toBe('error');
    expect(by['APP-ERR-01'].message).toMatch(/reset|socket hang up|ECONNRESET/i);
    expect(by['APP-ERR-02'].status).toBe('error');
    expect(by['APP-ERR-02'].message).toMatch(/not JSON/);
    expect(by['APP-ERR-03'].status).toBe('error');
    expect(by['APP-ERR-03'].message).toMatch(/within 600 ms/);
    expect(by['APP-ERR-04'].status).toBe('error');
    expect(by['APP-ERR-04'].message).toMatch(/did not finish within 1500 ms/);
    // the failed requests are in the transcripts, with their error
    expect(by['APP-ERR-01'].transcripts.length).toBe(2); // one retry of the transport failure
    expect(r.results!.summary.required_failed).toEqual(expect.arrayContaining(['APP-ERR-01', 'APP-ERR-04']));
  });

  it('an abort mid-run journals only finished checks; resume completes with the same outcomes as an uninterrupted run', async () => {
    const ref = await runAssessment(opts());
    const ac = new AbortController();
    let n = 0;
    const o1 = opts({ concurrency: 2, signal: ac.signal, graceMs: 500, hooks: { onOutcome: (_o, { ran }) => void (ran && ++n === 3 && ac.abort()) } });
    const first = await runAssessment(o1);
    expect(first.status).toBe('interrupted');
    const lines = jsonl(path.join(o1.outDir, 'journal.jsonl')).filter((l) => l.type === 'outcome');
    expect(lines.length).toBeLessThan(19);
    expect(lines.every((l) => l.status !== 'error')).toBe(true); // interrupted checks are not recorded as errors
    const second = await runAssessment({ ...o1, signal: undefined, hooks: {}, resume: true, seed: undefined });
    expect(second.status).toBe('completed');
    const strip = (p: string) => JSON.parse(fs.readFileSync(p, 'utf8')).outcomes.map(({ started_at, duration_ms, transcripts, ...o }: any) => o);
    expect(strip(second.resultsPath!)).toEqual(strip(ref.resultsPath!));
    const all = jsonl(path.join(o1.outDir, 'journal.jsonl'));
    expect(all.filter((l) => l.type === 'outcome')).toHaveLength(19);
    expect(all.filter((l) => l.type === 'resume')).toHaveLength(1);
  });

  it('refuses to start over an unfinished run, and refuses a resume with a different seed', async () => {
    const ac = new AbortController();
    ac.abort();
    const o1 = opts({ signal: ac.signal });
    expect((await runAssessment(o1)).status).toBe('interrupted');
    await expect(runAssessment({ ...o1, signal: undefined })).rejects.toThrow(/unfinished run/);
    await expect(runAssessment({ ...o1, signal: undefined, resume: true, seed: 12 })).rejects.toThrow(/--seed 12/);
  });
});
