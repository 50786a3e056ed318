// runAssessment: the whole run, as named steps — runOptions (a resumed run's from its journal), loadAndPlan,
// openJournal, executePlan with bounded concurrency (every outcome journalled as it finishes),
// outcomesFromJournal into results.json, then the report hook. The CLI (`govllm run`) and in-process callers (the
// default run against the reference deployment, tests, the bench) all come through here.
//
// Concurrency: a global p-limit bounds how many checks run at once; each endpoint has its own limiter
// (concurrency slots + token bucket + Retry-After pause), so a check that fans out many requests is bounded
// by the endpoint, not by the number of checks.
// Interruption: the run's AbortSignal (SIGINT/SIGTERM when `handleSignals`) aborts in-flight checks; their
// outcomes are NOT journalled (a verdict reached on partial data is not a verdict), the journal is fsync'd,
// and `resume` later runs exactly the checks that have no journal line.

import crypto from 'node:crypto';
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { SharedBrowser } from '../browser/chromium.ts';
import { createClients, runRedactor, targetSecrets, type EndpointName } from '../core/clients.ts';
import { normalizeTarget } from '../core/target.ts';
import type { EvidencePack } from '../core/evidence.ts';
import { executeCheck } from '../core/execute-check.ts';
import { loadChecks } from '../core/registry.ts';
import type { Catalog, Outcome, Profile, Target } from '../core/types.ts';
import { loadEvidencePack } from '../evidence/pack.ts';
import { DEFAULT_EDITION_DIR, loadCatalog } from '../load/catalog.ts';
import { displayPath } from '../load/documents.ts';
import { InputError } from '../load/errors.ts';
import { targetUrlProblems } from '../load/target-urls.ts';
import { readAttestationFile, resolveAttestations } from '../plan/attestations.ts';
import { buildPlan, type Plan, type PlanEntry } from '../plan/plan.ts';
import { assembleResults, gitRevision, listRunFiles, sanitizeTarget, toolVersion, writeResults, type ResultsDocument } from '../results/results.ts';
import { JOURNAL_FORMAT, Journal, TranscriptFile, countLines, outcomeKey, readJsonl, type JournalHeader, type JournalLine } from './journal.ts';
import { EndpointLimiter } from './limiter.ts';
import { sleep } from '../http/client.ts';
import { localDate, profileClauses, readWaivers, resolveProfile } from './inputs.ts';

export interface RunHooks {
  /** The plan is ready (after resume bookkeeping): `toRun` checks will be executed now. */
  onPlan?(plan: Plan, info: { toRun: number; alreadyDone: number; total: number }): void;
  /** An outcome was journalled (`ran` is false for plan-decided outcomes: not applicable, manual …). */
  onOutcome?(o: Outcome, info: { ran: boolean }): void;
  log?(msg: string): void;
  /** Called after results.json is written (the reports stage plugs in here); the run does not depend on it. */
  report?(resultsPath: string, results: ResultsDocument): Promise<void> | void;
}

export interface RunOptions {
  target: Target;
  /** Folder relative paths of the target (evidence) resolve against. */
  targetDir: string;
  /** The target file, recorded in the journal so `--resume` can find it again. */
  targetFile?: string;
  /** Where the keys named by the target's `api_key_env` are looked up (default process.env). */
  env?: Record<string, string | undefined>;
  /** Profile id (standards/profiles/<id>.profile.yaml), a profile file, or a Profile object; default `full`. */
  profile?: string | Profile;
  outDir: string;
  /** Checks at once, and the default requests in flight per endpoint (default 8). */
  concurrency?: number;
  /** Retries of transport failures (connection refused/reset before a response); default 2. */
  retries?: number;
  /** Cap on each response body (bytes); a larger body is cut and marked truncated. Default 4 MiB (the client's). */
  maxBodyBytes?: number;
  /** Per-check time limit; default 10 minutes. */
  checkTimeoutMs?: number;
  /**
   * Run-wide time limit (ms from the start of execution): checks still running then end as `error`, checks
   * not yet started are recorded as `error` without a request, and results.json is written. Default none.
   */
  deadlineMs?: number;
  /** Per-endpoint circuit breaker (runners/http/client.ts CircuitBreaker); default 5 failures / 60 s silence. */
  breaker?: { failures?: number; silenceMs?: number };
  /** Size of transcripts.jsonl per run (default 150 MiB); past it transcripts keep no bodies. */
  transcriptBudgetBytes?: number;
  /** Bytes of each body kept in a transcript (default 64 KiB; the whole body's length and SHA-256 are kept). */
  transcriptBodyBytes?: number;
  /** Continue the run in outDir: options come from its journal header. */
  resume?: boolean;
  dryRun?: boolean;
  only?: string[];
  shard?: { index: number; count: number };
  seed?: number;
  lang?: 'zh' | 'en';
  waiversFile?: string;
  attestationsFile?: string;
  catalogDir?: string;
  suitesDir?: string;
  /** YYYY-MM-DD waivers are judged at; default today's local date (kept across a resume). */
  today?: string;
  /** false: a clause `with:` that fails its check's params schema gives an `error` outcome instead of stopping the run (input error, exit 2). Default true. */
  strictParams?: boolean;
  /** Aborts the run (as SIGINT does). */
  signal?: AbortSignal;
  /** Install SIGINT/SIGTERM handlers for the duration of the run (the CLI does). */
  handleSignals?: boolean;
  /** Pause before each exclusive check (rate/latency measurements) so the target recovers; default 1000 ms. */
  settleMs?: number;
  /** After an interruption, how long in-flight checks get to notice before the run stops waiting. */
  graceMs?: number;
  hooks?: RunHooks;
}

export interface RunResult {
  status: 'completed' | 'interrupted' | 'dry-run';
  plan: Plan;
  results?: ResultsDocument;
  resultsPath?: string;
  /** 130/143 when interrupted by SIGINT/SIGTERM, 0 for a dry run. A completed run's exit code is its scored
   * verdict's (reports/score/verdict.ts), which the command decides: execution knows no levels or red lines. */
  exitCode?: number;
  /** Set when interrupted by a signal. */
  signal?: 'SIGINT' | 'SIGTERM';
}

const FILES = { journal: 'journal.jsonl', transcripts: 'transcripts.jsonl', results: 'results.json' };

function newRunId(): string {
  const t = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${t}-${crypto.randomBytes(3).toString('hex')}`;
}

/** The header of the journal in outDir, or undefined when there is none. */
export function readJournalHeader(outDir: string): JournalHeader | undefined {
  const file = path.join(outDir, FILES.journal);
  if (!fs.existsSync(file)) return undefined;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl < 0) return undefined;
    const h = JSON.parse(buf.subarray(0, nl).toString('utf8')) as JournalLine;
    return h.type === 'header' ? h : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function sameList(a: string[] | undefined, b: string[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/**
 * The run, in the order data flows: options (a resumed run's come from its journal) → load and plan → open the
 * journal → execute → results.json from the journal → the report hook.
 */
export async function runAssessment(opts: RunOptions): Promise<RunResult> {
  const env = opts.env ?? process.env;
  // The one redactor every string this run writes or prints passes (runners/output/redact.ts).
  const redactor = runRedactor(opts.target, env);
  const rawLog = opts.hooks?.log ?? (() => {});
  const log = (msg: string) => rawLog(redactor.text(msg));
  const urlProblems = targetUrlProblems(opts.target);
  if (urlProblems.length) throw new InputError(urlProblems[0], urlProblems);
  const outDir = path.resolve(opts.outDir);
  const journalFile = path.join(outDir, FILES.journal);

  const { o, resumed } = runOptions(opts, outDir, journalFile);
  const inputs = await loadAndPlan(o, opts.strictParams, resumed);
  const { plan } = inputs;
  if (opts.dryRun) {
    opts.hooks?.onPlan?.(plan, { toRun: plan.entries.filter((e) => e.action === 'run').length, alreadyDone: 0, total: plan.entries.length });
    return { status: 'dry-run', plan, exitCode: 0 };
  }

  const out = openJournal(outDir, journalFile, o, inputs, resumed);
  const stop = watchInterruptions(opts, out.journal, log);
  let status: RunResult['status'];
  try {
    status = await executePlan({ opts, o, env, redactor, log, outDir, inputs, out, abort: stop.abort });
  } finally {
    await out.journal.close(); // closes transcripts too
    stop.detach();
  }

  if (status === 'interrupted') {
    log(`interrupted: ${out.done.size}/${plan.entries.length} outcomes journalled in ${displayPath(journalFile)}`);
    const signal = stop.stoppedBy();
    return { status, plan, exitCode: signal === 'SIGTERM' ? 143 : 130, signal };
  }

  const hdr = out.header;
  const results = redactor.value(
    assembleResults({
      runId: hdr.run_id,
      startedAt: hdr.started_at,
      finishedAt: new Date().toISOString(),
      catalog: inputs.catalog,
      profile: inputs.profile,
      profileSha256: inputs.profileSha,
      target: sanitizeTarget(o.target, targetSecrets(o.target, env)),
      seed: hdr.seed,
      lang: o.lang ?? 'zh',
      only: o.only,
      shard: o.shard,
      options: { concurrency: concurrencyOf(o), retries: o.retries ?? 2, check_timeout_ms: checkTimeoutOf(o) },
      expected: plan.entries.map((e) => e.clause.id),
      waivers: plan.waivers.active,
      expiredWaivers: plan.waivers.expired,
      missingChecks: plan.missingChecks,
      narrowed: plan.narrowed,
      outcomes: outcomesFromJournal(journalFile, plan),
      transcripts: countLines(path.join(outDir, FILES.transcripts)).lines,
      files: listRunFiles(outDir),
      plan: { sha256: plan.sha256, entries: plan.totalEntries },
    }),
  );
  const resultsPath = writeResults(outDir, results);
  if (opts.hooks?.report) await opts.hooks.report(resultsPath, results);
  return { status, plan, results, resultsPath };
}

const concurrencyOf = (o: RunOptions) => Math.max(1, Math.floor(o.concurrency ?? 8));
const checkTimeoutOf = (o: RunOptions) => o.checkTimeoutMs ?? 600_000;

/**
 * The options the run goes by. A resumed run takes every option that shapes the plan from its journal header
 * (and refuses options that contradict it); a new run clears what a finished run left in outDir.
 */
function runOptions(opts: RunOptions, outDir: string, journalFile: string): { o: RunOptions; resumed?: JournalHeader } {
  // Checks read the descriptor in its version-2 form whatever version the file was written in.
  let o = { ...opts, target: normalizeTarget(opts.target) };
  let resumed: JournalHeader | undefined;
  if (opts.resume) {
    const header = readJournalHeader(outDir);
    if (!header) throw new InputError(`--resume: ${displayPath(outDir)} holds no run to resume (no ${FILES.journal} with a header)`);
    const conflicts: string[] = [];
    if (opts.seed !== undefined && opts.seed !== header.seed) conflicts.push(`--seed ${opts.seed} (the run used ${header.seed})`);
    if (opts.only?.length && !sameList(opts.only, header.only)) conflicts.push(`--only ${opts.only.join(',')}`);
    if (opts.shard && JSON.stringify(opts.shard) !== JSON.stringify(header.shard)) conflicts.push(`--shard ${opts.shard.index}/${opts.shard.count}`);
    if (typeof opts.profile === 'string' && opts.profile !== header.profile.id && path.resolve(opts.profile) !== header.profile.file)
      conflicts.push(`--profile ${opts.profile} (the run used ${header.profile.id})`);
    if (conflicts.length) throw new InputError(`--resume: options differ from the run being resumed: ${conflicts.join('; ')}`, conflicts);
    resumed = header;
    o = {
      ...o,
      seed: header.seed,
      only: header.only,
      shard: header.shard,
      profile: typeof opts.profile === 'object' ? opts.profile : (header.profile.file ?? header.profile.id),
      waiversFile: opts.waiversFile ?? header.waivers_file,
      attestationsFile: opts.attestationsFile ?? header.attestations_file,
      catalogDir: opts.catalogDir ?? header.catalog.dir,
      suitesDir: opts.suitesDir ?? header.suites_dir,
      today: header.today ?? opts.today,
    };
  } else if (!opts.dryRun) {
    if (fs.existsSync(journalFile) && !fs.existsSync(path.join(outDir, FILES.results))) {
      throw new InputError(`${displayPath(outDir)} holds an unfinished run: continue it with --resume, or choose another --out (or delete the folder)`);
    }
    // A finished run (or a merge) in the same folder is replaced, as a build replaces its output; other
    // files there (a report rendered next to results.json) are left alone.
    for (const f of [FILES.journal, FILES.transcripts, FILES.results]) fs.rmSync(path.join(outDir, f), { force: true });
    fs.rmSync(path.join(outDir, 'artifacts'), { recursive: true, force: true });
  }
  if (o.shard && o.seed === undefined) {
    throw new InputError('--shard needs --seed: every shard of a run must sample with the same seed');
  }
  return { o, resumed };
}

interface RunInputs {
  catalogDir: string;
  catalog: Catalog;
  registry: Awaited<ReturnType<typeof loadChecks>>;
  profile: Profile;
  profileFile?: string;
  profileSha: string;
  evidence?: EvidencePack;
  today: string;
  plan: Plan;
}

/** Catalog, checks, profile, evidence, waivers and attestations, and the plan they make; a resumed run's must be its own. */
async function loadAndPlan(o: RunOptions, strictParams: boolean | undefined, resumed: JournalHeader | undefined): Promise<RunInputs> {
  const catalogDir = path.resolve(o.catalogDir ?? DEFAULT_EDITION_DIR);
  const catalog: Catalog = loadCatalog(catalogDir);
  if (resumed && resumed.catalog.sha256 !== catalog.sha256) {
    throw new InputError(
      `--resume: the catalog changed since the run started (sha256 ${resumed.catalog.sha256.slice(0, 12)}… → ${catalog.sha256.slice(0, 12)}…); start a new run`,
    );
  }
  const registry = await loadChecks(o.suitesDir);
  const { profile, file: profileFile, sha256: profileSha } = resolveProfile(o.profile, catalog);
  const evidence: EvidencePack | undefined = o.target.evidence ? await loadEvidencePack(path.resolve(o.targetDir, o.target.evidence)) : undefined;
  const waivers = readWaivers(o.waiversFile, catalog);
  const attestations = o.attestationsFile ? resolveAttestations(o.attestationsFile, readAttestationFile(o.attestationsFile), evidence) : undefined;
  const today = o.today ?? localDate();
  const plan = buildPlan({
    catalog,
    registry,
    clauses: profileClauses(catalog, profile),
    profile,
    target: o.target,
    evidence,
    waivers,
    today,
    attestations,
    only: o.only,
    shard: o.shard,
    strictParams,
  });
  if (resumed && resumed.plan.sha256 !== plan.sha256) {
    throw new InputError('--resume: the plan differs from the run being resumed (suites, profile, waivers or target changed); start a new run');
  }
  return { catalogDir, catalog, registry, profile, profileFile, profileSha, evidence, today, plan };
}

interface OpenJournal {
  journal: Journal;
  transcripts: TranscriptFile;
  /** outcome keys already journalled (by the run being resumed, then by this one) */
  done: Set<string>;
  header: JournalHeader;
}

/** The journal and transcripts, continued where a resumed run stopped; a new run's header is written first. */
function openJournal(outDir: string, journalFile: string, o: RunOptions, inputs: RunInputs, resumed: JournalHeader | undefined): OpenJournal {
  fs.mkdirSync(path.join(outDir, 'artifacts'), { recursive: true });
  const done = new Set<string>();
  let journalGood: number | undefined;
  if (resumed) {
    const { lines, goodBytes } = readJsonl<JournalLine>(journalFile);
    journalGood = goodBytes;
    for (const l of lines) if (l.type === 'outcome') done.add(outcomeKey(l));
  }
  const tc = countLines(path.join(outDir, FILES.transcripts));
  const transcripts = new TranscriptFile(path.join(outDir, FILES.transcripts), {
    goodBytes: tc.goodBytes,
    existingLines: tc.lines,
    budgetBytes: o.transcriptBudgetBytes,
  });
  const journal = new Journal(journalFile, transcripts, { goodBytes: journalGood });
  if (resumed) {
    journal.append({ type: 'resume', at: new Date().toISOString(), skipped: done.size });
    return { journal, transcripts, done, header: resumed };
  }
  const { catalog, profile } = inputs;
  const header: JournalHeader = {
    type: 'header',
    format: JOURNAL_FORMAT,
    run_id: newRunId(),
    started_at: new Date().toISOString(),
    tool: { name: 'govllm', version: toolVersion(), git_revision: gitRevision() },
    catalog: { edition: catalog.edition.id, version: catalog.edition.version, sha256: catalog.sha256, dir: inputs.catalogDir },
    profile: { id: profile.id, ...(inputs.profileFile ? { file: inputs.profileFile } : {}), sha256: inputs.profileSha },
    ...(o.targetFile ? { target_file: path.resolve(o.targetFile) } : {}),
    ...(o.suitesDir ? { suites_dir: path.resolve(o.suitesDir) } : {}),
    seed: o.seed ?? crypto.randomInt(0, 2 ** 31),
    today: inputs.today,
    ...(o.only?.length ? { only: o.only } : {}),
    ...(o.shard ? { shard: o.shard } : {}),
    ...(o.waiversFile ? { waivers_file: path.resolve(o.waiversFile) } : {}),
    ...(o.attestationsFile ? { attestations_file: path.resolve(o.attestationsFile) } : {}),
    plan: { keys: inputs.plan.entries.length, sha256: inputs.plan.sha256 },
  };
  journal.append(header);
  return { journal, transcripts, done, header };
}

/**
 * The run's abort: the caller's signal, and SIGINT/SIGTERM when `handleSignals` (a second signal makes the journal
 * durable and exits at once). `detach` removes every listener it added.
 */
function watchInterruptions(opts: RunOptions, journal: Journal, log: (m: string) => void) {
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // every check in flight listens on it
  let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  const onExternal = () => abort.abort(new Error('run interrupted'));
  if (opts.signal?.aborted) onExternal();
  else opts.signal?.addEventListener('abort', onExternal, { once: true });
  const onSig = (sig: 'SIGINT' | 'SIGTERM') => () => {
    if (abort.signal.aborted) {
      // Second signal: the user insists. Everything journalled is already written; make it durable and go.
      journal.flushSync();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
    stoppedBy = sig;
    log(`${sig}: stopping; finished outcomes are kept, resume with --resume`);
    abort.abort(new Error(`run interrupted by ${sig}`));
  };
  const sigint = onSig('SIGINT');
  const sigterm = onSig('SIGTERM');
  if (opts.handleSignals) {
    process.on('SIGINT', sigint);
    process.on('SIGTERM', sigterm);
  }
  return {
    abort,
    stoppedBy: () => stoppedBy,
    detach() {
      opts.signal?.removeEventListener('abort', onExternal);
      if (opts.handleSignals) {
        process.off('SIGINT', sigint);
        process.off('SIGTERM', sigterm);
      }
    },
  };
}

interface ExecuteContext {
  opts: RunOptions;
  o: RunOptions;
  env: Record<string, string | undefined>;
  redactor: ReturnType<typeof runRedactor>;
  log: (m: string) => void;
  outDir: string;
  inputs: RunInputs;
  out: OpenJournal;
  abort: AbortController;
}

/**
 * Journals an outcome for every plan entry not yet done: plan-decided ones at once, then every shared check
 * `concurrency` at once, then the exclusive ones alone. 'interrupted' when the abort fired.
 */
async function executePlan(x: ExecuteContext): Promise<'completed' | 'interrupted'> {
  const { opts, o, redactor, log, outDir, abort } = x;
  const { registry, evidence, plan } = x.inputs;
  const { journal, transcripts, done, header: hdr } = x.out;
  const concurrency = concurrencyOf(o);
  const clients = createClients(o.target, {
    env: x.env,
    redactor,
    transcripts,
    retries: o.retries ?? 2,
    maxBytes: o.maxBodyBytes,
    breaker: o.breaker,
    transcriptBodyBytes: o.transcriptBodyBytes,
    limiter: (name: EndpointName) => {
      const ep = (o.target.endpoints as Record<string, { rps?: number; burst?: number; concurrency?: number } | undefined>)[name];
      return new EndpointLimiter({ concurrency: ep?.concurrency ?? concurrency, rps: ep?.rps, burst: ep?.burst });
    },
  });
  // puppeteer-core is loaded only when a check asks for the browser (it is ~20 MB of a run's memory).
  let browser: SharedBrowser | undefined;
  const getBrowser = async () => {
    if (!browser) {
      const { SharedBrowser: Shared } = await import('../browser/chromium.ts');
      browser ??= new Shared();
    }
    return browser.get();
  };
  const checkTimeoutMs = checkTimeoutOf(o);
  const deadlineAt = o.deadlineMs !== undefined ? Date.now() + o.deadlineMs : undefined;

  const record = (outcome: Outcome, entry: PlanEntry, ran: boolean) => {
    const w = entry.waiver;
    const full: Outcome = redactor.value(w ? { ...outcome, waived: { justification: w.justification, approver: w.approver, expires: w.expires } } : outcome);
    journal.append({ type: 'outcome', ...full });
    done.add(outcomeKey(full));
    opts.hooks?.onOutcome?.(full, { ran });
  };

  const toRun = plan.entries.filter((e) => e.action === 'run' && !done.has(outcomeKey({ clause: e.clause.id, index: e.index })));
  const toResolve = plan.entries.filter((e) => e.action === 'resolved' && !done.has(outcomeKey({ clause: e.clause.id, index: e.index })));
  opts.hooks?.onPlan?.(plan, { toRun: toRun.length, alreadyDone: done.size, total: plan.entries.length });

  try {
    const now = new Date().toISOString();
    for (const e of toResolve) {
      const r = e.resolved!;
      record(
        {
          clause: e.clause.id,
          check: e.check,
          index: e.index,
          status: r.status,
          message: r.message,
          score: r.score ?? (r.status === 'pass' ? 1 : 0),
          transcripts: [],
          evidence: r.evidence ?? [],
          started_at: now,
          duration_ms: 0,
        },
        e,
        false,
      );
    }

    // Phase 1: every shared check, `concurrency` at once. Phase 2: the exclusive ones (rate, latency and
    // limit measurements), one at a time with nothing else in flight, after the target has had
    // `settleMs` to recover from phase 1's traffic.
    const shared = toRun.filter((e) => !e.exclusive);
    const alone = toRun.filter((e) => e.exclusive);
    const limit = pLimit(concurrency);
    const inFlight = new Set<Promise<void>>();
    const schedule = (e: PlanEntry, l: typeof limit) =>
      l(async () => {
        if (abort.signal.aborted) return;
        const p = runOne(e);
        inFlight.add(p);
        try {
          await p;
        } finally {
          inFlight.delete(p);
        }
      });
    async function runOne(e: PlanEntry): Promise<void> {
      const outcome = await executeCheck(registry, e.clause, e.index, e.params, {
        target: o.target,
        targetDir: o.targetDir,
        clients,
        evidence,
        browser: getBrowser,
        outDir,
        seed: hdr.seed,
        checkTimeoutMs,
        deadlineAt,
        signal: abort.signal,
        log: (m) => log(`${e.clause.id}#${e.index} ${m}`),
        runStartedAt: hdr.started_at,
        redactor,
      });
      // An interrupted check's outcome is not a measurement: it is left for --resume.
      if (abort.signal.aborted) return;
      record(outcome, e, true);
    }
    const serial = pLimit(1);
    const all = (async () => {
      const first = await Promise.allSettled(shared.map((e) => schedule(e, limit)));
      const second: PromiseSettledResult<void>[] = [];
      for (const [i, e] of alone.entries()) {
        if (abort.signal.aborted) break;
        if (i > 0 || shared.length > 0) await sleep(opts.settleMs ?? 1000, abort.signal).catch(() => undefined);
        second.push(...(await Promise.allSettled([schedule(e, serial)])));
      }
      return [...first, ...second];
    })();
    const interrupted = new Promise<void>((resolve) => {
      if (abort.signal.aborted) return resolve();
      abort.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await Promise.race([all, interrupted]);
    if (abort.signal.aborted) {
      // Queued checks never start (cleared tasks never settle, so wait only for those in flight), and
      // in-flight ones get a moment to see the abort (their requests are aborted with it).
      limit.clearQueue();
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (grace = setTimeout(r, opts.graceMs ?? 2000)))]);
      clearTimeout(grace);
      return 'interrupted';
    }
    // Surface an unexpected scheduler failure (executeCheck itself never throws for a check's faults).
    for (const r of await all) if (r.status === 'rejected') throw r.reason;
    return 'completed';
  } finally {
    for (const c of Object.values(clients)) c?.close();
    await browser?.close();
  }
}

/** One outcome per plan entry, from the journal (the record of truth): the first line of each wins. */
function outcomesFromJournal(journalFile: string, plan: Plan): Outcome[] {
  const outcomes = new Map<string, Outcome>();
  for (const l of readJsonl<JournalLine>(journalFile).lines) {
    if (l.type !== 'outcome') continue;
    const { type: _t, ...oc } = l;
    const k = outcomeKey(oc);
    if (!outcomes.has(k)) outcomes.set(k, oc); // a line is never journalled twice, but never trust that
  }
  const wanted = new Set(plan.entries.map((e) => outcomeKey({ clause: e.clause.id, index: e.index })));
  for (const k of [...outcomes.keys()]) if (!wanted.has(k)) outcomes.delete(k);
  const missing = [...wanted].filter((k) => !outcomes.has(k));
  if (missing.length) throw new Error(`internal: ${missing.length} planned checks have no outcome (${missing.slice(0, 5).join(', ')})`);
  return [...outcomes.values()];
}
