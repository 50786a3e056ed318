// results.json: the one document every later stage reads (reports, verify, merge). Assembled from the
// journal's outcomes, never from memory of what was sent, so a resumed run and an uninterrupted one write
// the same document. Outcomes are sorted by clause id then check index whatever the concurrency.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { sha256OfFile } from '../core/hash.ts';
import path from 'node:path';
import type { Catalog, Clause, Outcome, Profile, Status, Target, Waiver } from '../core/types.ts';
import { STATUSES } from '../core/types.ts';
import { targetCapabilities } from '../core/execute-check.ts';
import { gates } from '../load/catalog.ts';
import { ROOT, schemaValidator } from '../load/documents.ts';

export const RESULTS_FORMAT = 'govllm-results/1';

export interface FileEntry {
  path: string; // relative to the output folder, '/' separated
  sha256: string;
  bytes: number;
  kind: 'journal' | 'transcripts' | 'artifact' | 'other';
}

export interface ResultsDocument {
  $schema: 'results.schema.json';
  format: typeof RESULTS_FORMAT;
  run_id: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  tool: { name: string; version: string; git_revision: string; node: string };
  catalog: { edition: string; version: string; sha256: string };
  profile: { id: string; title?: { zh: string; en: string }; required_level: number; sha256: string; params?: Record<string, Record<string, unknown>> };
  target: Record<string, unknown> & { name: string; capabilities: string[] };
  seed: number;
  lang: 'zh' | 'en';
  only?: string[];
  /** Present on a shard's results; absent on an unsharded or merged run. */
  shard?: { index: number; count: number };
  merged_from?: { run_id: string; shard: { index: number; count: number }; sha256: string }[];
  options: { concurrency: number; retries: number; check_timeout_ms: number };
  /** The plan before sharding: shards of one run share it, and merge checks they do. */
  plan: { sha256: string; entries: number };
  /** Clause ids the plan expected (profile selection, after --only). */
  expected: string[];
  waivers: Waiver[];
  expired_waivers: Waiver[];
  missing_checks: { check: string; clauses: string[] }[];
  /** Clauses the plan left out because the target does not expose a capability they apply to. */
  narrowed?: { missing: string[]; clauses: string[] }[];
  summary: { total: number; by_status: Record<Status, number>; required_failed: string[]; transcripts: number };
  outcomes: Outcome[];
  files: FileEntry[];
}

export function compareOutcomes(a: { clause: string; index: number }, b: { clause: string; index: number }): number {
  return a.clause < b.clause ? -1 : a.clause > b.clause ? 1 : a.index - b.index;
}

let gitRev: string | undefined;
/** The project's git revision (with `+dirty` when the tree has changes), or "unknown" outside a checkout. */
export function gitRevision(): string {
  if (gitRev) return gitRev;
  try {
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    gitRev = /^[0-9a-f]{40}$/.test(rev) ? rev : 'unknown';
  } catch {
    gitRev = 'unknown';
  }
  return gitRev;
}

export function toolVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
}

/**
 * The target as written to results: env var names kept, any value equal to a secret replaced, credentials in
 * URLs removed. The descriptor holds only env var names by design; this is the belt to that brace.
 */
export function sanitizeTarget(target: Target, secrets: string[]): ResultsDocument['target'] {
  const live = secrets.filter((s) => s && s.length >= 4);
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let s = v;
      if (/^https?:\/\//.test(s)) {
        try {
          const u = new URL(s);
          if (u.username || u.password) {
            u.username = '';
            u.password = '';
            s = u.toString();
          }
        } catch {
          /* not a URL after all */
        }
      }
      for (const k of live) s = s.split(k).join('***');
      return s;
    }
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
    return v;
  };
  const t = clean(target) as Record<string, unknown>;
  return { ...t, name: target.name, capabilities: [...targetCapabilities(target)].sort() };
}

/** Every file the run wrote under outDir (except results.json itself and report outputs), with SHA-256. */
export function listRunFiles(outDir: string): FileEntry[] {
  const out: FileEntry[] = [];
  const add = (rel: string, kind: FileEntry['kind']) => {
    const abs = path.join(outDir, rel);
    if (fs.existsSync(abs) && fs.statSync(abs).isFile()) out.push({ path: rel.split(path.sep).join('/'), ...sha256OfFile(abs), kind });
  };
  add('journal.jsonl', 'journal');
  add('transcripts.jsonl', 'transcripts');
  const art = path.join(outDir, 'artifacts');
  if (fs.existsSync(art)) {
    for (const rel of (fs.readdirSync(art, { recursive: true }) as string[]).sort()) add(path.join('artifacts', rel), 'artifact');
  }
  return out;
}

/** Required = a gating shall clause at or below the profile's required level, and not waived. */
export function requiredFailures(outcomes: Outcome[], clauses: Map<string, Clause>, requiredLevel: number): string[] {
  const bad = new Set<string>();
  for (const o of outcomes) {
    const c = clauses.get(o.clause);
    if (!c || o.waived) continue;
    if (gates(c) && c.level <= requiredLevel && (o.status === 'fail' || o.status === 'error')) bad.add(o.clause);
  }
  return [...bad].sort();
}

export function summarize(outcomes: Outcome[], clauses: Map<string, Clause>, requiredLevel: number, transcripts: number): ResultsDocument['summary'] {
  const by_status = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const o of outcomes) by_status[o.status]++;
  return { total: outcomes.length, by_status, required_failed: requiredFailures(outcomes, clauses, requiredLevel), transcripts };
}

export interface AssembleInput {
  runId: string;
  startedAt: string;
  finishedAt: string;
  catalog: Catalog;
  profile: Profile;
  profileSha256: string;
  target: ResultsDocument['target'];
  seed: number;
  lang: 'zh' | 'en';
  only?: string[];
  shard?: { index: number; count: number };
  options: ResultsDocument['options'];
  expected: string[];
  waivers: Waiver[];
  expiredWaivers: Waiver[];
  missingChecks: ResultsDocument['missing_checks'];
  narrowed?: ResultsDocument['narrowed'];
  outcomes: Outcome[];
  transcripts: number;
  files: FileEntry[];
  plan: { sha256: string; entries: number };
}

export function assembleResults(i: AssembleInput): ResultsDocument {
  const outcomes = [...i.outcomes].sort(compareOutcomes).map(stripUndefined);
  const byId = new Map(i.catalog.clauses.map((c) => [c.id, c]));
  return {
    $schema: 'results.schema.json',
    format: RESULTS_FORMAT,
    run_id: i.runId,
    started_at: i.startedAt,
    finished_at: i.finishedAt,
    duration_ms: Date.parse(i.finishedAt) - Date.parse(i.startedAt),
    tool: { name: 'govllm', version: toolVersion(), git_revision: gitRevision(), node: process.version },
    catalog: { edition: i.catalog.edition.id, version: i.catalog.edition.version, sha256: i.catalog.sha256 },
    profile: {
      id: i.profile.id,
      title: i.profile.title,
      required_level: i.profile.required_level,
      sha256: i.profileSha256,
      ...(i.profile.params && Object.keys(i.profile.params).length ? { params: i.profile.params } : {}),
    },
    target: i.target,
    seed: i.seed,
    lang: i.lang,
    ...(i.only?.length ? { only: i.only } : {}),
    ...(i.shard ? { shard: i.shard } : {}),
    options: i.options,
    plan: i.plan,
    expected: [...new Set(i.expected)].sort(),
    waivers: i.waivers,
    expired_waivers: i.expiredWaivers,
    missing_checks: i.missingChecks,
    ...(i.narrowed?.length ? { narrowed: i.narrowed } : {}),
    summary: summarize(outcomes, byId, i.profile.required_level, i.transcripts),
    outcomes,
    files: i.files,
  };
}

function stripUndefined<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}

/** Writes results.json atomically (a reader never sees half a document) after validating it. */
export function writeResults(outDir: string, doc: ResultsDocument): string {
  const problems = validateResults(doc);
  if (problems.length) throw new Error(`results.json would not validate against results.schema.json: ${problems.slice(0, 5).join('; ')}`);
  const file = path.join(outDir, 'results.json');
  const tmp = file + '.tmp';
  fs.writeFileSync(tmp, JSON.stringify(doc, null, 2) + '\n');
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return file;
}

export function validateResults(doc: unknown): string[] {
  const v = schemaValidator('results.schema.json');
  if (v(doc)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message}`);
}
