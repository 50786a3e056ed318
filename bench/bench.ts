// npm run bench: how close the runner gets to the physical limit, and how much memory it needs.
//   A. 2,500 chat probes, each its own (clause, check) pair — scheduler, journal and transcripts per probe
//   B. 2,500 chat probes from a CSV bank in one check
//   C. 100,000 chat probes from a CSV bank in one check (streamed with csv-parse)
//   W. scenario A again, measured on the second of two runs in one process: what A costs once V8 has compiled
//      and optimised the runner (a fresh process pays that warm-up, and the loading of its modules, once)
//   P. the floor: a bare node:http keep-alive pool sending scenario A's 2,500 requests, no runner at all
// against a stub with a fixed latency (in its own process): at 50 ms and concurrency 32, then at 5 ms and 128 (A, B,
// W and P), where the runner's overhead decides. The physical limit is N × latency ÷ concurrency; ratio = wall time ÷
// that limit (goal ≤ 1.05). Each scenario runs in a fresh process so its peak RSS is its own. The last lines are
// a table of every cell and scenario.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

interface Scenario {
  name: string;
  n: number;
  kind: 'pairs' | 'bank' | 'pool';
  /** Measure a second run in the same process (the first warms it up). */
  warm?: boolean;
}
const SCENARIOS: Scenario[] = [
  { name: 'A 2,500 probes as 2,500 (clause, check) pairs', n: 2500, kind: 'pairs' },
  { name: 'B 2,500 probes from a CSV bank', n: 2500, kind: 'bank' },
  { name: 'C 100,000 probes from a CSV bank', n: Number(process.env.BENCH_BIG ?? 100_000), kind: 'bank' },
  { name: 'W scenario A, a second run in the same process (warm)', n: 2500, kind: 'pairs', warm: true },
  { name: 'P 2,500 probes from a bare node:http keep-alive pool (the floor, no runner)', n: 2500, kind: 'pool' },
];

interface Measure {
  total_ms: number;
  exec_ms: number;
  requests: number;
  peak_rss_mb: number;
  max_rss_mb: number;
  cpu_ms: number;
  rss_at_plan_mb: number;
  outcomes: Record<string, number>;
}

const EDITION = `id: gov-llm-2.0
title: { zh: 基准, en: Bench }
version: bench
levels:
${[1, 2, 3, 4, 5].map((l) => `  - { level: ${l}, name: { zh: L${l}, en: L${l} } }`).join('\n')}
domains:
  - { id: apps, file: apps.yaml, title: { zh: 应用, en: Apps } }
documents:
  - { id: guide, kind: guide, title: 基准 }
`;

function clauseYaml(id: string, item: string, check: string, withYaml: string): string {
  return `  - id: ${id}
    item: ${item}
    title: { zh: 基准, en: bench }
    requirement: { zh: 基准, en: bench }
    obligation: shall
    level: 1
    weight: 1
    sources: [{ doc: guide, section: '1' }]
    verification: probe
    checks: [{ use: ${check}, with: ${withYaml} }]
`;
}

/** Writes the scenario's catalog (and CSV bank) into dir. */
async function prepare(s: Scenario, dir: string): Promise<void> {
  if (s.kind === 'pool') return;
  const cat = path.join(dir, 'catalog');
  fs.mkdirSync(cat, { recursive: true });
  fs.writeFileSync(path.join(cat, 'edition.yaml'), EDITION);
  let items: string[];
  let clauses = '';
  if (s.kind === 'pairs') {
    const perItem = 100;
    items = Array.from({ length: Math.ceil(s.n / perItem) }, (_, k) => `APP-B${String(k).padStart(3, '0')}`);
    for (let i = 0; i < s.n; i++)
      clauses += clauseYaml(
        `${items[Math.floor(i / perItem)]}-${String(i % perItem).padStart(3, '0')}`,
        items[Math.floor(i / perItem)],
        'bench.probe',
        `{ i: ${i} }`,
      );
  } else {
    items = ['APP-BANK'];
    const bank = path.join(dir, 'bank.csv');
    const out = fs.createWriteStream(bank);
    out.write('id,category,prompt,expected,notes\n');
    for (let i = 0; i < s.n; i++) {
      if (!out.write(`b${i},A.1,"请问办理居住证需要哪些材料？（第${i}题）",answer,\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    clauses = clauseYaml('APP-BANK-01', 'APP-BANK', 'bench.bank', `{ bank: ${JSON.stringify(bank)} }`);
  }
  fs.writeFileSync(
    path.join(cat, 'apps.yaml'),
    `edition: gov-llm-2.0\ndomain: apps\ntitle: { zh: 应用, en: Apps }\nitems:\n${items.map((i) => `  - { id: ${i}, title: { zh: 基准, en: bench } }`).join('\n')}\nclauses:\n${clauses}`,
  );
}

/** Runs in the child: one scenario, in process, printing its measurements as JSON. */
async function child(dir: string, baseUrl: string, kind: Scenario['kind'], warm: boolean): Promise<void> {
  // The runner in the same form as this module: compiled beside it, or the sources under tsx.
  const { runAssessment } = (await import(
    import.meta.url.endsWith('.js') ? '../runners/execute/run.js' : '../runners/execute/run.ts'
  )) as typeof import('../runners/execute/run.ts');
  const options = (out: string, hooks?: import('../runners/execute/run.ts').RunHooks): import('../runners/execute/run.ts').RunOptions => ({
    target: { name: 'bench stub', endpoints: { chat: { base_url: baseUrl, model: 'stub', concurrency: CONCURRENCY, timeout_ms: 30_000 } } },
    targetDir: dir,
    env: {},
    outDir: path.join(dir, out),
    catalogDir: path.join(dir, 'catalog'),
    suitesDir: path.join(HERE, 'suites'),
    profile: { id: 'bench', title: { zh: '基准', en: 'bench' }, edition: 'gov-llm-2.0', select: {}, required_level: 1 },
    concurrency: kind === 'pairs' ? CONCURRENCY : 1,
    checkTimeoutMs: 3_600_000,
    seed: 1,
    hooks,
  });
  if (warm) await runAssessment(options('out-warm-up'));
  let peak = 0;
  let heapAtPeak = { heapTotal: 0, heapUsed: 0, external: 0 };
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) {
      peak = rss;
      if (process.env.BENCH_HEAP) heapAtPeak = process.memoryUsage();
    }
  };
  const timer = setInterval(sample, 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let tPlan = 0;
  let rssAtPlan = 0;
  let tLast = 0;
  const r = await runAssessment(
    options('out', { onPlan: () => ((tPlan = performance.now()), (rssAtPlan = process.memoryUsage.rss())), onOutcome: () => (tLast = performance.now()) }),
  );
  const total = performance.now() - t0;
  sample();
  clearInterval(timer);
  const m: Measure = {
    total_ms: total,
    exec_ms: tLast - tPlan,
    requests: r.results!.summary.transcripts,
    peak_rss_mb: peak / 2 ** 20,
    max_rss_mb: process.resourceUsage().maxRSS / 1024,
    rss_at_plan_mb: rssAtPlan / 2 ** 20,
    cpu_ms: ((c) => (c.user + c.system) / 1000)(process.cpuUsage(cpu0)),
    outcomes: Object.fromEntries(Object.entries(r.results!.summary.by_status).filter(([, v]) => v > 0)),
  };
  if (process.env.BENCH_HEAP && (globalThis as any).gc) {
    (globalThis as any).gc();
    process.stderr.write(`heap used after a full GC at the end: ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB\n`);
  }
  if (process.env.BENCH_HEAP)
    process.stderr.write(
      `heap at peak RSS: ${JSON.stringify(Object.fromEntries(Object.entries(heapAtPeak).map(([k, v]) => [k, Math.round(v / 2 ** 20)])))} MB\n`,
    );
  process.stdout.write('BENCH ' + JSON.stringify(m) + '\n');
}

/**
 * Runs in the child for scenario P: what any client pays, measured the same way as the runner. The same requests
 * as scenario A's checks (same body, keep-alive agent, concurrency slots, JSON read of every answer), nothing else.
 */
async function poolChild(baseUrl: string, n: number): Promise<void> {
  const http = await import('node:http');
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
  const timer = setInterval(sample, 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(baseUrl.replace(/\/?$/, '/') + 'chat/completions');
  const one = (i: number) =>
    new Promise<boolean>((resolve, reject) => {
      const prompt = `探测 ${i}`;
      const body = Buffer.from(JSON.stringify({ model: 'stub', messages: [{ role: 'user', content: prompt }] }));
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(String(JSON.parse(Buffer.concat(chunks).toString('utf8')).choices?.[0]?.message?.content ?? '').includes(prompt)));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  let echoed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) if (await one(next++)) echoed++;
    }),
  );
  const total = performance.now() - t0;
  sample();
  clearInterval(timer);
  agent.destroy();
  const m: Measure = {
    total_ms: total,
    exec_ms: total,
    requests: n,
    peak_rss_mb: peak / 2 ** 20,
    max_rss_mb: process.resourceUsage().maxRSS / 1024,
    rss_at_plan_mb: 0,
    cpu_ms: ((c) => (c.user + c.system) / 1000)(process.cpuUsage(cpu0)),
    outcomes: { echoed, not_echoed: n - echoed },
  };
  process.stdout.write('BENCH ' + JSON.stringify(m) + '\n');
}

/** The V8 flags `govllm` starts node with (runners/bin/govllm.mjs): the runner's scenarios are measured with them. */
const GOVLLM_NODE_FLAGS = JSON.parse(fs.readFileSync(path.join(ROOT, 'runners/bin/node-flags.json'), 'utf8')) as string[];

/** A node process running a module of this folder: through tsx when it is TypeScript. */
function runNode(args: string[], opts: { stdin?: 'pipe' | 'ignore'; env?: Record<string, string>; nodeFlags?: string[] } = {}) {
  return spawn(process.execPath, [...(opts.nodeFlags ?? []), ...(args[0].endsWith('.ts') ? ['--import', 'tsx'] : []), ...args], {
    cwd: ROOT,
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...opts.env },
  });
}

/** A stub latency and the concurrency the runner keeps against it. */
interface Cell {
  latency: number;
  concurrency: number;
  /** scenario name prefixes run in this cell (all when absent) */
  only?: string[];
}

// By default the two cells of issue 18: 50 ms at c = 32 (near the physical limit), and 5 ms at c = 128, where
// the runner's own overhead decides the throughput (A, B and W; C would take minutes at that overhead). P, the bare
// pool, runs in both: the floor any node:http client reaches on this machine, measured beside the runner.
// BENCH_LATENCY_MS / BENCH_CONCURRENCY choose one cell instead.
const CELLS: Cell[] =
  process.env.BENCH_LATENCY_MS || process.env.BENCH_CONCURRENCY
    ? [{ latency: LATENCY, concurrency: CONCURRENCY }]
    : [
        { latency: 50, concurrency: 32 },
        { latency: 5, concurrency: 128, only: ['A', 'B', 'W', 'P'] },
      ];

async function runCell(cell: Cell, only: string[] | undefined, summary: string[]): Promise<void> {
  // The stub is test code, never compiled; it runs in a process of its own, outside what is measured.
  const stub = runNode([path.join(HERE, 'testdata', 'stub-process.ts'), String(cell.latency)], { stdin: 'pipe' });
  const baseUrl = await new Promise<string>((resolve) => stub.stdout!.once('data', (d) => resolve(String(d).trim())));
  console.log(`\n== stub latency ${cell.latency} ms, concurrency ${cell.concurrency}`);
  try {
    for (const s of SCENARIOS) {
      if (only && !only.some((o) => s.name.startsWith(o))) continue;
      if (cell.only && !cell.only.some((o) => s.name.startsWith(o))) continue;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-bench-'));
      await prepare(s, dir);
      const c = runNode([fileURLToPath(import.meta.url), '--child', dir, baseUrl, s.kind, String(s.n), s.warm ? 'warm' : 'cold'], {
        env: { BENCH_CONCURRENCY: String(cell.concurrency) },
        // The runner as govllm runs it; the bare pool as plain node runs it.
        nodeFlags: s.kind === 'pool' ? [] : GOVLLM_NODE_FLAGS,
      });
      let out = '';
      c.stdout!.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((r) => c.on('exit', r));
      const line = out.split('\n').find((l) => l.startsWith('BENCH '));
      if (code !== 0 || !line) throw new Error(`scenario ${s.name} failed (exit ${code})`);
      const m = JSON.parse(line.slice(6)) as Measure;
      const limit = (s.n * cell.latency) / cell.concurrency;
      const reqPerS = (m.requests / m.total_ms) * 1000;
      const cpuPerReq = (m.cpu_ms / m.requests) * 1000;
      console.log(
        `${s.name}\n` +
          `  ratio ${(m.total_ms / limit).toFixed(3)} end to end, ${(m.exec_ms / limit).toFixed(3)} execution (goal <= 1.05)\n` +
          `  physical limit ${(limit / 1000).toFixed(2)} s; wall ${(m.total_ms / 1000).toFixed(2)} s (execution ${(m.exec_ms / 1000).toFixed(2)} s)\n` +
          `  ${m.requests} requests, ${reqPerS.toFixed(0)} req/s; peak RSS ${m.peak_rss_mb.toFixed(0)} MB (maxRSS ${m.max_rss_mb.toFixed(0)} MB)${m.rss_at_plan_mb ? `; ${m.rss_at_plan_mb.toFixed(0)} MB once catalog and plan were loaded` : ''}\n` +
          `  runner CPU ${(m.cpu_ms / 1000).toFixed(2)} s = ${cpuPerReq.toFixed(0)} µs per request\n` +
          `  outcomes ${JSON.stringify(m.outcomes)}\n` +
          `  (load average during the scenario: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`,
      );
      summary.push(
        `| ${cell.latency} ms, c ${cell.concurrency} | ${s.name.slice(0, 1)} | ${(m.total_ms / limit).toFixed(2)} | ${(m.exec_ms / limit).toFixed(2)} | ${reqPerS.toFixed(0)} | ${cpuPerReq.toFixed(0)} µs | ${m.peak_rss_mb.toFixed(0)} MB |`,
      );
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    stub.stdin!.end();
    stub.kill();
  }
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === '--child')
    return rest[2] === 'pool' ? poolChild(rest[1], Number(rest[3])) : child(rest[0], rest[1], rest[2] as Scenario['kind'], rest[4] === 'warm');
  if (mode === '--prepare') return prepare({ name: 'x', n: Number(rest[2]), kind: rest[1] as Scenario['kind'] }, rest[0]);

  const only = process.env.BENCH_ONLY?.split(',');
  console.log(`govllm bench: ${os.cpus().length} CPUs, Node ${process.version}`);
  const summary: string[] = [];
  for (const cell of CELLS) await runCell(cell, only, summary);
  // The goals (issue 18): ratio <= 1.05 end to end, >= 2,000 req/s at 5 ms, <= 0.3 ms CPU and <= 100 MB per scenario.
  console.log('\n| cell | scenario | ratio end to end | ratio execution | req/s | CPU per request | peak RSS |\n|---|---|---|---|---|---|---|');
  console.log(summary.join('\n'));
}

await main();
