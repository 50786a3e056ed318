// Benchmark: a real evidence check (evidence.data-catalog, run through the same executor as a run) on a
// generated N-row data catalog, against csv-parse alone reading the same file, in rows per second, with
// the peak RSS of each so "constant memory" is a measured claim. The file is generated in the OS temp
// folder and removed afterwards (never committed).
//
//   npx tsx bench/csv.ts [rows=1000000] [--keep]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { runCheck } from '../runners/testing.ts';
import { sha256File } from '../runners/evidence/pack.ts';

const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const keep = process.argv.includes('--keep');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-bench-csv-'));
const file = path.join(dir, 'data-catalog.csv');

async function generate(): Promise<void> {
  const out = fs.createWriteStream(file);
  const grades = ['核心', '重要', '一般'];
  const classes = ['人口', '法人', '政务服务', '民生诉求', '政策法规', '社会保障'];
  out.write('asset_id,name,classification,grade,owner,source,training_use,updated_at\n');
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    buf += `DA-${String(i).padStart(7, '0')},政务数据资源${i},${classes[i % 6]},${grades[i % 3]},市大数据中心第${i % 40}处,业务系统${i % 97},${i % 5 === 0 ? 'yes' : 'no'},2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}\n`;
    if (i % 5000 === 0) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

/** Samples RSS every 20 ms while `fn` runs; returns its duration and the peak RSS growth. */
async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; peakRssMb: number; value: T }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, peakRssMb: (peak - base) / 2 ** 20, value };
}

async function csvParseAlone(): Promise<number> {
  let n = 0;
  for await (const _ of fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(parse({ columns: true, bom: true, skip_empty_lines: true }))) n++;
  return n;
}

async function realCheck(): Promise<{ status: string; message: string; duration_ms: number }> {
  return runCheck(
    'evidence.data-catalog',
    { required_fields: ['classification', 'grade', 'owner', 'source'] },
    { target: { name: 'bench', endpoints: {}, evidence: dir }, env: {} },
    { timeoutMs: 3_600_000 },
  );
}

await generate();
const size = fs.statSync(file).size;
fs.writeFileSync(
  path.join(dir, 'manifest.yaml'),
  `vendor: bench\nfiles:\n  - file: data-catalog.csv\n    kind: data-catalog\n    sha256: ${await sha256File(file)}\n`,
);
process.stdout.write(`file: ${rows} rows, ${(size / 2 ** 20).toFixed(1)} MiB (${file})\n`);

// Warm up both paths (JIT, schema compilation, module loading) on the same file once.
await csvParseAlone();
await realCheck();

const results: { base: number; check: number; baseMem: number; checkMem: number }[] = [];
for (let round = 0; round < 3; round++) {
  const a = await measure(csvParseAlone);
  const b = await measure(realCheck);
  if (b.value.status !== 'pass') throw new Error(`the check did not pass: ${b.value.status} ${b.value.message}`);
  // The check's own duration excludes loading the pack (hashing the file), which is the runner's work.
  const base = rows / (a.ms / 1000);
  const check = rows / (b.value.duration_ms / 1000);
  results.push({ base, check, baseMem: a.peakRssMb, checkMem: b.peakRssMb });
  process.stdout.write(
    `round ${round + 1}: csv-parse alone ${Math.round(base).toLocaleString('en')} rows/s (peak RSS +${a.peakRssMb.toFixed(0)} MiB); ` +
      `evidence.data-catalog ${Math.round(check).toLocaleString('en')} rows/s (peak RSS +${b.peakRssMb.toFixed(0)} MiB); ratio ${(check / base).toFixed(2)}\n`,
  );
}
const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const ratio = med(results.map((r) => r.check / r.base));
process.stdout.write(
  `median: csv-parse alone ${Math.round(med(results.map((r) => r.base))).toLocaleString('en')} rows/s, check ${Math.round(med(results.map((r) => r.check))).toLocaleString('en')} rows/s, ratio ${ratio.toFixed(2)} (goal ≥ 0.80); ` +
    `peak RSS growth ${med(results.map((r) => r.checkMem)).toFixed(0)} MiB for a ${(size / 2 ** 20).toFixed(0)} MiB file\n`,
);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
