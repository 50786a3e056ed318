import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../core/types.ts';
import { runAssessment, type RunOptions } from '../execute/run.ts';
import { startStub, type Stub } from '../execute/testdata/stub-server.ts';
import { mergeShards } from './merge.ts';
import { main } from '../cli/main.ts';
import { loadCatalog } from '../load/catalog.ts';
import { assessmentVerdict } from '../../reports/score/verdict.ts';

const TD = path.join(path.dirname(fileURLToPath(import.meta.url)), '../execute/testdata');
let stub: Stub;
let target: Target;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-merge-'));
beforeAll(async () => {
  stub = await startStub();
  target = { name: 'stub', endpoints: { chat: { base_url: stub.baseUrl, model: 'stub' } } };
});
afterAll(() => stub.close());

const run = (out: string, over: Partial<RunOptions> = {}) =>
  runAssessment({
    target,
    targetDir: TD,
    env: {},
    profile: path.join(TD, 'profiles/stub.profile.yaml'),
    catalogDir: path.join(TD, 'catalog'),
    suitesDir: path.join(TD, 'suites'),
    outDir: path.join(tmp, out),
    seed: 3,
    concurrency: 8,
    ...over,
  });
const lines = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('govllm merge', () => {
  it('three shards merge into the results of the unsharded run', async () => {
    const whole = await run('whole');
    for (const k of [1, 2, 3]) await run(`s${k}`, { shard: { index: k, count: 3 } });
    const { results } = await mergeShards([path.join(tmp, 's2'), path.join(tmp, 's1'), path.join(tmp, 's3')], path.join(tmp, 'merged'));
    const w = whole.results!;
    const strip = (os: typeof w.outcomes) => os.map(({ started_at, duration_ms, transcripts, ...o }) => ({ ...o, n: transcripts.length }));
    expect(strip(results.outcomes)).toEqual(strip(w.outcomes));
    expect(results.expected).toEqual(w.expected);
    expect(results.summary.by_status).toEqual(w.summary.by_status);
    expect(results.summary.required_failed).toEqual(w.summary.required_failed);
    expect(results.summary.transcripts).toBe(w.summary.transcripts);
    expect(results.shard).toBeUndefined();
    expect(results.merged_from!.map((m) => m.shard.index)).toEqual([1, 2, 3]);
    // renumbered transcripts: unique, and each outcome's ids point at its own requests
    const ts = lines(path.join(tmp, 'merged/transcripts.jsonl'));
    const byId = new Map(ts.map((t) => [t.id, t]));
    expect(byId.size).toBe(ts.length);
    const sq = results.outcomes.find((o) => o.clause === 'APP-STUB-03' && o.index === 0)!;
    expect(byId.get(sq.transcripts[0])!.url).toMatch(/square\/7$/);
    for (const o of results.outcomes) for (const id of o.transcripts) expect(byId.has(id)).toBe(true);
  }, 60_000);

  it('govllm merge ends with the verdict and exit code of the same run unsharded (one verdict rule)', async () => {
    const whole = await run('v-whole');
    for (const k of [1, 2]) await run(`v-s${k}`, { shard: { index: k, count: 2 } });
    const catalogDir = path.join(TD, 'catalog');
    const unsharded = assessmentVerdict(whole.results!, loadCatalog(catalogDir));
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((c: string) => (out.push(String(c)), true)) as typeof process.stdout.write;
    process.exitCode = undefined;
    try {
      await main(['merge', path.join(tmp, 'v-s1'), path.join(tmp, 'v-s2'), '--out', path.join(tmp, 'v-merged'), '--catalog', catalogDir]);
    } finally {
      process.stdout.write = write;
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    // The stub run fails a required clause: both ways it is a failed assessment, by the same scoring.
    expect(unsharded.scores.result.overall.verdict).not.toBe('pass');
    expect(code).toBe(unsharded.exitCode);
    expect(out.join('')).toContain(`verdict: ${unsharded.scores.result.overall.verdict}`);
  }, 60_000);

  it('refuses shards of different runs, a missing shard, and a shard given twice', async () => {
    await run('o1', { shard: { index: 1, count: 2 }, seed: 9 });
    await run('o2', { shard: { index: 2, count: 2 }, seed: 10 });
    await expect(mergeShards([path.join(tmp, 'o1'), path.join(tmp, 'o2')], path.join(tmp, 'm2'))).rejects.toThrow(/seed differs/);
    await expect(mergeShards([path.join(tmp, 'o1')], path.join(tmp, 'm3'))).rejects.toThrow(/shard 2\/2 is missing/);
    await expect(mergeShards([path.join(tmp, 'o1'), path.join(tmp, 'o1')], path.join(tmp, 'm4'))).rejects.toThrow(/given twice/);
  }, 60_000);
});
