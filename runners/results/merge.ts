// govllm merge: joins the shards of one run (`govllm run --shard K/N`, e.g. the pods of a Kubernetes Indexed
// Job or the legs of a CI matrix) into one results.json equal to an unsharded run's: the same outcomes in
// the same order, one transcripts.jsonl (ids renumbered, references rewritten), artifacts gathered.
// Shards must come from the same plan: same catalog, profile, seed and plan hash, every K of N exactly once.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Outcome, Status } from '../core/types.ts';
import { STATUSES } from '../core/types.ts';
import { displayPath } from '../load/documents.ts';
import { InputError } from '../load/errors.ts';
import { compareOutcomes, listRunFiles, validateResults, writeResults, type ResultsDocument } from './results.ts';

interface Shard {
  dir: string;
  doc: ResultsDocument;
  sha256: string;
}

function readShard(dir: string): Shard {
  const file = path.join(dir, 'results.json');
  if (!fs.existsSync(file)) throw new InputError(`${displayPath(dir)}: no results.json (did that shard finish? resume it with govllm run --resume)`);
  const buf = fs.readFileSync(file);
  let doc: ResultsDocument;
  try {
    doc = JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new InputError(`${displayPath(file)}: not JSON: ${(e as Error).message}`);
  }
  const problems = validateResults(doc).map((p) => `${displayPath(file)} ${p}`);
  if (problems.length) throw new InputError(problems[0], problems);
  return { dir, doc, sha256: crypto.createHash('sha256').update(buf).digest('hex') };
}

export async function mergeShards(dirs: string[], outDir: string): Promise<{ resultsPath: string; results: ResultsDocument }> {
  if (dirs.length === 0) throw new InputError('merge: name the shard output folders');
  const shards = dirs.map((d) => readShard(path.resolve(d)));
  const first = shards[0].doc;
  const problems: string[] = [];
  const same = (what: string, get: (d: ResultsDocument) => unknown) => {
    for (const s of shards.slice(1)) {
      if (JSON.stringify(get(s.doc)) !== JSON.stringify(get(first)))
        problems.push(`${displayPath(s.dir)}: ${what} differs from ${displayPath(shards[0].dir)}'s`);
    }
  };
  same('catalog', (d) => d.catalog);
  same('profile', (d) => d.profile);
  same('seed', (d) => d.seed);
  same('plan', (d) => d.plan);
  same('target', (d) => d.target);
  same('shard count', (d) => d.shard?.count);
  const count = first.shard?.count;
  if (!count) problems.push(`${displayPath(shards[0].dir)}: not a shard (run with --shard K/N)`);
  const seen = new Map<number, string>();
  for (const s of shards) {
    const k = s.doc.shard?.index;
    if (k === undefined) continue;
    if (seen.has(k)) problems.push(`shard ${k}/${count} given twice: ${seen.get(k)} and ${displayPath(s.dir)}`);
    seen.set(k, displayPath(s.dir));
  }
  if (count) for (let k = 1; k <= count; k++) if (!seen.has(k)) problems.push(`shard ${k}/${count} is missing`);
  if (path.resolve(outDir) && shards.some((s) => path.resolve(s.dir) === path.resolve(outDir))) problems.push('--out must not be one of the shard folders');
  if (problems.length) throw new InputError(problems[0], problems);

  fs.mkdirSync(path.join(outDir, 'artifacts'), { recursive: true });
  for (const f of ['results.json', 'transcripts.jsonl', 'journal.jsonl']) fs.rmSync(path.join(outDir, f), { force: true });

  // Transcripts: shard K's `t<n>` becomes `t<offset+n>`; streamed, shards can be large.
  const ordered = [...shards].sort((a, b) => a.doc.shard!.index - b.doc.shard!.index);
  const out = fs.createWriteStream(path.join(outDir, 'transcripts.jsonl'));
  const outcomes: Outcome[] = [];
  let offset = 0;
  for (const s of ordered) {
    let max = 0;
    const src = path.join(s.dir, 'transcripts.jsonl');
    if (fs.existsSync(src)) {
      const rl = readline.createInterface({ input: fs.createReadStream(src), crlfDelay: Infinity });
      for await (const line of rl) {
        if (!line.trim()) continue;
        const t = JSON.parse(line) as { id: string };
        const n = Number(t.id.slice(1));
        max = Math.max(max, n);
        if (!out.write(JSON.stringify({ ...t, id: `t${offset + n}` }) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      }
    }
    for (const o of s.doc.outcomes) outcomes.push({ ...o, transcripts: o.transcripts.map((id) => `t${offset + Number(id.slice(1))}`) });
    offset += max;
    copyArtifacts(path.join(s.dir, 'artifacts'), path.join(outDir, 'artifacts'));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));

  outcomes.sort(compareOutcomes);
  const keys = outcomes.map((o) => `${o.clause}#${o.index}`);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new InputError(`merge: ${dup} has an outcome in more than one shard`);
  if (first.plan && outcomes.length !== first.plan.entries) {
    throw new InputError(`merge: the shards hold ${outcomes.length} outcomes, the plan has ${first.plan.entries}`);
  }

  const by_status = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const o of outcomes) by_status[o.status]++;
  const uniq = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  const missing = new Map<string, Set<string>>();
  for (const s of shards)
    for (const m of s.doc.missing_checks ?? []) for (const c of m.clauses) missing.set(m.check, (missing.get(m.check) ?? new Set()).add(c));
  const started = shards.map((s) => s.doc.started_at).sort()[0];
  const finished = shards
    .map((s) => s.doc.finished_at)
    .sort()
    .at(-1)!;
  const { shard: _omit, ...base } = first;
  const results: ResultsDocument = {
    ...base,
    run_id: `${first.run_id.replace(/-merged.*$/, '')}-merged`,
    started_at: started,
    finished_at: finished,
    duration_ms: Date.parse(finished) - Date.parse(started),
    merged_from: ordered.map((s) => ({ run_id: s.doc.run_id, shard: s.doc.shard!, sha256: s.sha256 })),
    expected: [...new Set(shards.flatMap((s) => s.doc.expected))].sort(),
    waivers: uniq(
      shards.flatMap((s) => s.doc.waivers),
      (w) => w.clause,
    ).sort((a, b) => (a.clause < b.clause ? -1 : 1)),
    expired_waivers: uniq(
      shards.flatMap((s) => s.doc.expired_waivers ?? []),
      (w) => w.clause,
    ).sort((a, b) => (a.clause < b.clause ? -1 : 1)),
    missing_checks: [...missing].map(([check, cl]) => ({ check, clauses: [...cl].sort() })).sort((a, b) => (a.check < b.check ? -1 : 1)),
    summary: {
      total: outcomes.length,
      by_status,
      required_failed: [...new Set(shards.flatMap((s) => s.doc.summary.required_failed))].sort(),
      transcripts: offset,
    },
    outcomes,
    files: listRunFiles(outDir),
  };
  const resultsPath = writeResults(outDir, results);
  return { resultsPath, results };
}

function copyArtifacts(from: string, to: string): void {
  if (!fs.existsSync(from)) return;
  for (const rel of (fs.readdirSync(from, { recursive: true }) as string[]).sort()) {
    const src = path.join(from, rel);
    if (!fs.statSync(src).isFile()) continue;
    const dst = path.join(to, rel);
    if (fs.existsSync(dst) && !fs.readFileSync(dst).equals(fs.readFileSync(src))) {
      throw new InputError(`merge: two shards wrote different artifacts/${rel}`);
    }
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(src, dst);
  }
}
