// govllm run: assess a target. Thin over runAssessment (runners/execute/run.ts): parse options, resolve the
// target, show progress, map the outcome to an exit code. Exit codes: 0 every required clause passes,
// 1 a required clause failed or errored, 2 usage or input error, 3 the suite broke, 130/143 interrupted by
// SIGINT/SIGTERM (the shell's convention; the journal is flushed and `--resume` continues the run).

import { targetUrlProblems } from '../../load/target-urls.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import type { Target } from '../../core/types.ts';
import { normalizeTarget } from '../../core/target.ts';
import { runAssessment, readJournalHeader, type RunHooks, type RunOptions, type RunResult } from '../../execute/run.ts';
import { displayPath, loadValidated } from '../../load/documents.ts';
import { InputError } from '../../load/errors.ts';
import { formatNarrowed, formatPlan } from '../../plan/plan.ts';
import { Progress, formatDuration } from '../../progress/progress.ts';
import { EXIT } from '../main.ts';
import { startReference, referenceTarget, REFERENCE_DIR, type RunningReference } from '../../../fixtures/reference/server.ts';
import { DEFECTS } from '../../../fixtures/reference/defects/index.ts';
import { evidencePackFor } from '../../../fixtures/evidence/build.ts';
import { dialectEvidenceDir } from '../../../fixtures/evidence/dialect.ts';
import { FORMATS, catalogFor, renderReports, scoresFor, type RenderSummary } from '../../../reports/index.ts';
import { verdictExitCode } from '../../../reports/score/verdict.ts';
import type { ScoreReport } from '../../../reports/score/score.ts';

export interface RunArgs {
  target?: string;
  profile?: string;
  out: string;
  concurrency?: number;
  resume?: string | boolean;
  'dry-run'?: boolean;
  only?: string[];
  shard?: string;
  lang: 'zh' | 'en';
  ci?: boolean;
  seed?: number;
  waivers?: string;
  attestations?: string;
  retries?: number;
  'check-timeout'?: number;
  deadline?: number;
  'breaker-failures'?: number;
  catalog?: string;
  suites?: string;
  reference?: boolean;
  defects?: string;
  dialect?: 'a' | 'b';
  format?: string;
  report?: boolean;
  evaluator?: string;
  judge?: string;
  'judge-model'?: string;
}

export interface ResolvedTarget {
  target: Target;
  targetDir: string;
  targetFile?: string;
  env: Record<string, string | undefined>;
}

/** Reads and validates a target descriptor; its relative paths resolve against its folder. */
export function loadTargetFile(file: string): ResolvedTarget {
  const abs = path.resolve(file);
  const doc = loadValidated<Target>(abs, 'target.schema.json');
  const urls = targetUrlProblems(doc.data, doc);
  if (urls.length) throw new InputError(urls[0], urls);
  // A version-1 file validates as it is and is migrated to version 2 here.
  const target = normalizeTarget(doc.data);
  return { target, targetDir: path.dirname(abs), targetFile: abs, env: process.env };
}

/** What the run needs of the reference deployment: its descriptor and its keys. */
type ReferenceHandle = Pick<RunningReference, 'target' | 'env'>;

/** Which target this run assesses: the reference deployment when given, --target, or on --resume the file the journal recorded. */
export async function resolveTarget(args: RunArgs, outDir: string, reference?: ReferenceHandle): Promise<ResolvedTarget> {
  if (reference) return referenceResolved(reference, args);
  if (args.target) return loadTargetFile(args.target);
  if (args.resume) {
    const h = readJournalHeader(outDir);
    if (h?.target_file && fs.existsSync(h.target_file)) return loadTargetFile(h.target_file);
  }
  throw new InputError('--target: name the target descriptor (target.yaml) to assess');
}

/** Whether this run assesses the built-in reference deployment: asked for, or no target named at all. */
export function wantsReference(args: RunArgs): boolean {
  if (args.reference) return true;
  return !args.target && args.resume === undefined;
}

function parseDefects(args: RunArgs): string[] {
  const ids = (args.defects ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length && !wantsReference(args)) throw new InputError('--defects applies to the reference deployment only (--reference)');
  const unknown = ids.filter((d) => !DEFECTS.some((x) => x.id === d));
  if (unknown.length) throw new InputError(`--defects: unknown defect(s) ${unknown.join(', ')}; \`govllm serve-reference --list-defects\` lists them`);
  return ids;
}

/**
 * The reference deployment as a target: its descriptor, its keys (an env map, never a file), its evidence
 * pack re-dated to today (so freshness clauses judge a pack prepared now) with the evidence defects asked
 * for, and the fixture evaluator's attestations unless the user gives their own.
 */
function referenceResolved(ref: ReferenceHandle, args: RunArgs): ResolvedTarget {
  const evidenceDefects = parseDefects(args).filter((d) => DEFECTS.find((x) => x.id === d)?.kind === 'evidence');
  const pack = dialectEvidenceDir(evidencePackFor(evidenceDefects, { asOf: new Date() }), args.dialect ?? 'a');
  return {
    target: { ...ref.target, evidence: pack },
    targetDir: REFERENCE_DIR,
    env: { ...process.env, ...ref.env },
  };
}

export function parseShard(s: string | undefined): { index: number; count: number } | undefined {
  if (s === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new InputError(`--shard ${s}: expected K/N with 1 <= K <= N, e.g. 2/4`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

const command: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Assess a target against the catalog: plan, execute, journal, write results.json',
  builder: (y) =>
    y
      .option('target', { alias: 't', type: 'string', describe: 'target descriptor (target.yaml)' })
      .option('profile', { alias: 'p', type: 'string', describe: 'profile id (standards/profiles/<id>.profile.yaml) or file; default full' })
      .option('out', { alias: 'o', type: 'string', default: 'out', describe: 'output folder (results.json, journal.jsonl, transcripts.jsonl, artifacts/)' })
      .option('concurrency', {
        alias: 'j',
        type: 'number',
        describe: 'checks at once, and requests in flight per endpoint unless the target sets endpoints.*.concurrency (default 8)',
      })
      .option('resume', { type: 'string', describe: 'continue the interrupted run in --out (or in the folder given)' })
      .option('dry-run', { type: 'boolean', describe: 'print the plan and send nothing' })
      .option('only', { type: 'string', array: true, describe: 'clause ids, id prefixes (SAF, SAF-CONT) or check ids; comma or space separated' })
      .option('shard', { type: 'string', describe: 'run slice K of N (e.g. 2/4) of the plan; join shards with `govllm merge` (needs --seed)' })
      .option('lang', { choices: ['zh', 'en'] as const, default: 'zh' as const, describe: 'language of the plan and reports' })
      .option('ci', { type: 'boolean', describe: 'plain line logs, no progress bar' })
      .option('seed', { type: 'number', describe: 'seed for every sampled choice (recorded in results.json); default random' })
      .option('waivers', { type: 'string', describe: 'waiver file (waivers.schema.json)' })
      .option('attestations', { type: 'string', describe: "evaluator's verdicts on attestation clauses (YAML or CSV, attestations.schema.json)" })
      .option('retries', { type: 'number', describe: 'retries of transport failures only (never of answers); default 2' })
      .option('check-timeout', { type: 'number', describe: 'per-check time limit in seconds (default 600)' })
      .option('deadline', {
        type: 'number',
        describe: 'run-wide time limit in seconds: checks unfinished by then end as error, and results are written (default none)',
      })
      .option('breaker-failures', {
        type: 'number',
        describe:
          'consecutive timeouts/transport failures after which an endpoint is deemed to have stopped answering and its remaining requests fail fast (default 5)',
      })
      .option('catalog', { type: 'string', describe: 'edition folder (default standards/gov-llm-2.0)', hidden: true })
      .option('suites', { type: 'string', describe: 'folder of *.check.ts (default suites/)', hidden: true })
      .option('reference', {
        type: 'boolean',
        describe: 'assess the built-in reference deployment, started in-process on a free port (the default when no --target is given)',
      })
      .option('defects', { type: 'string', describe: 'with --reference: comma-separated defects to switch on (`govllm serve-reference --list-defects`)' })
      .option('dialect', {
        choices: ['a', 'b'] as const,
        describe: "with --reference: how the reference deployment spells its API (b: another vendor's names, fields, wording and metric families); default a",
      })
      .option('format', { type: 'string', default: FORMATS.join(','), describe: `report formats to write after the run (${FORMATS.join(', ')})` })
      .option('report', { type: 'boolean', default: true, describe: 'write the reports after the run (--no-report: results only)' })
      .option('evaluator', { type: 'string', describe: 'evaluating organisation shown on the report cover' })
      .option('judge', {
        type: 'string',
        describe:
          'OpenAI-compatible base URL of a judge model that decides every refusal reading, the classifier as second opinion; disagreements go to review (key in GOVLLM_JUDGE_KEY)',
      })
      .option('judge-model', { type: 'string', describe: 'model name at --judge' })
      .example('govllm run', 'assess the built-in reference deployment; results and report in out/')
      .example('govllm run --reference --defects no-auth,pii-leak', 'the same with two defects switched on')
      .example('govllm run --reference --dialect b', "the reference deployment spelled as another vendor's API")
      .example('govllm run --target target.yaml', 'full assessment, results in out/')
      .example('govllm run --target target.yaml --profile basic --dry-run', 'show what would run')
      .example('govllm run --resume --out out', 'continue an interrupted run'),
  handler: async (args) => {
    process.exitCode = await runCommand(args);
  },
};

export async function runCommand(args: RunArgs, extraHooks: Partial<RunHooks> = {}): Promise<number> {
  const reference = wantsReference(args);
  const defects = parseDefects(args);
  // A dry run contacts nothing, so the descriptor is enough and no server is started.
  if (args.dialect && !reference) throw new InputError('--dialect applies to the reference deployment only (--reference)');
  const dialect = args.dialect ?? 'a';
  const ref =
    reference && !args['dry-run']
      ? await startReference({ dialect, defects: defects.filter((d) => DEFECTS.find((x) => x.id === d)?.kind === 'deployment') })
      : undefined;
  try {
    return await runResolved(args, extraHooks, reference ? (ref ?? { target: referenceTarget('http://127.0.0.1:0', undefined, dialect), env: {} }) : undefined);
  } finally {
    await ref?.close();
  }
}

/**
 * One run, in the order it happens: settle the options (judge, output folder, target, numbers), run the
 * assessment with progress on stderr and the reports as its last step, then print the summary, the verdict
 * and where the report is, and return the verdict's exit code.
 */
async function runResolved(args: RunArgs, extraHooks: Partial<RunHooks>, ref: ReferenceHandle | undefined): Promise<number> {
  useJudge(args);
  // --resume names the folder of the run it continues; otherwise the results go to --out.
  const outDir = path.resolve(typeof args.resume === 'string' && args.resume !== '' ? args.resume : args.out);
  const t = await resolveTarget(args, outDir, ref);
  checkRunNumbers(args);
  const progress = new Progress({ ci: args.ci });
  const reports = reportStep(args, outDir, progress);
  const r = await runAssessment(runOptions(args, t, { outDir, ref, progress, report: reports.hook, extraHooks }));
  if (r.status === 'dry-run') return EXIT.OK;
  if (r.status === 'interrupted') {
    progress.finish(
      `interrupted (${r.signal ?? 'abort'}): finished outcomes are in ${displayPath(path.join(outDir, 'journal.jsonl'))}; continue with: govllm run --resume ${displayPath(outDir)}`,
    );
    return r.exitCode!;
  }
  printSummary(r, progress);
  // The verdict is the scoring's (levels, red lines), the same one the report prints and verify recomputes.
  const scores = reports.rendered?.scores ?? scoresFor(r.results!, catalogFor(r.results!, args.catalog));
  const lang = args.lang ?? 'zh';
  process.stdout.write(formatVerdict(scores.result, lang));
  if (reports.rendered) printReportLocation(reports.rendered, outDir, lang);
  return verdictExitCode(scores.result);
}

/** --judge and --judge-model: a judge model decides every refusal reading (the classifier gives a second opinion). */
function useJudge(args: RunArgs): void {
  if (!args.judge && !args['judge-model']) return;
  if (!args.judge || !args['judge-model']) throw new InputError('--judge and --judge-model go together: the judge endpoint and the model to ask');
  // The safety checks read the judge from these (suites/safety/lib/probe.ts); each item records who decided it.
  process.env.GOVLLM_JUDGE_URL = args.judge;
  process.env.GOVLLM_JUDGE_MODEL = args['judge-model'];
}

/** The numeric options yargs parses as any number: refused here, before anything runs, when out of range. */
function checkRunNumbers(args: RunArgs): void {
  if (args.concurrency !== undefined && !(Number.isInteger(args.concurrency) && args.concurrency >= 1))
    throw new InputError('--concurrency must be a whole number >= 1');
  if (args.deadline !== undefined && !(Number.isFinite(args.deadline) && args.deadline > 0)) throw new InputError('--deadline must be a number of seconds > 0');
  if (args['breaker-failures'] !== undefined && !(Number.isInteger(args['breaker-failures']) && args['breaker-failures'] >= 1))
    throw new InputError('--breaker-failures must be a whole number >= 1');
  if (args.seed !== undefined && !(Number.isInteger(args.seed) && args.seed >= 0 && args.seed < 2 ** 32))
    throw new InputError('--seed must be a whole number in 0..4294967295');
}

/** The reports as the run's last step (none with --no-report); `rendered` holds what they wrote once it ran. */
interface ReportStep {
  hook: RunHooks['report'] | undefined;
  rendered?: RenderSummary;
}

function reportStep(args: RunArgs, outDir: string, progress: Progress): ReportStep {
  const step: ReportStep = { hook: undefined };
  if (args.report === false) return step;
  step.hook = async (resultsPath) => {
    progress.log(`writing reports (${args.format ?? FORMATS.join(',')}) …`);
    step.rendered = await renderReports(resultsPath, {
      formats: (args.format ?? FORMATS.join(',')).split(','),
      outDir,
      lang: args.lang ?? 'zh',
      evaluator: args.evaluator,
      catalogDir: args.catalog,
      log: (m) => progress.log(m),
    });
  };
  return step;
}

/** The command's options as the runner takes them, with the hooks that show progress (and the caller's hooks last). */
function runOptions(
  args: RunArgs,
  t: ResolvedTarget,
  run: { outDir: string; ref: ReferenceHandle | undefined; progress: Progress; report: RunHooks['report'] | undefined; extraHooks: Partial<RunHooks> },
): RunOptions {
  const { progress } = run;
  const lang = args.lang ?? 'zh';
  return {
    ...t,
    profile: args.profile,
    outDir: run.outDir,
    concurrency: args.concurrency,
    retries: args.retries,
    checkTimeoutMs: args['check-timeout'] ? args['check-timeout'] * 1000 : undefined,
    deadlineMs: args.deadline !== undefined ? args.deadline * 1000 : undefined,
    breaker: args['breaker-failures'] !== undefined ? { failures: args['breaker-failures'] } : undefined,
    resume: args.resume !== undefined && args.resume !== false,
    dryRun: args['dry-run'],
    only: args.only,
    shard: parseShard(args.shard),
    seed: args.seed,
    lang,
    waiversFile: args.waivers,
    attestationsFile: args.attestations ?? (run.ref ? path.join(REFERENCE_DIR, 'attestations.yaml') : undefined),
    catalogDir: args.catalog,
    suitesDir: args.suites ? path.resolve(args.suites) : undefined,
    handleSignals: true,
    hooks: {
      onPlan: showPlan(args, lang, progress),
      onOutcome: (o, { ran }) => progress.outcome(o, ran),
      log: (m) => progress.log(m),
      report: run.report,
      ...run.extraHooks,
    },
  };
}

/** A dry run shows the plan on stdout and runs nothing; a real run starts its progress and notes what the plan left out. */
function showPlan(args: RunArgs, lang: 'zh' | 'en', progress: Progress): RunHooks['onPlan'] {
  return (plan, info) => {
    if (args['dry-run']) {
      process.stdout.write(formatPlan(plan, lang));
      return;
    }
    progress.start(info.total, info.alreadyDone);
    for (const m of plan.waivers.messages) progress.log(`note: ${m}`);
    for (const m of formatNarrowed(plan.narrowed)) progress.log(`note: ${m}`);
    if (plan.missingChecks.length) {
      progress.log(
        `note: ${plan.missingChecks.length} check ids are not implemented yet, their clauses are not_tested: ${plan.missingChecks.map((m) => m.check).join(', ')}`,
      );
    }
  };
}

/** The progress line's last words: where results.json is, how many outcomes of each status, and the required clauses that failed. */
function printSummary(r: RunResult, progress: Progress): void {
  const s = r.results!.summary;
  const counts = Object.entries(s.by_status)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  progress.finish(
    `${displayPath(r.resultsPath!)}: ${s.total} outcomes (${counts}) in ${formatDuration(r.results!.duration_ms)}` +
      (s.required_failed.length ? `\nrequired clauses failed or errored: ${s.required_failed.join(', ')}` : ''),
  );
}

/** The reports' warnings on stderr, and the one file to open (the PDF, else the HTML) on stdout. */
function printReportLocation(rendered: RenderSummary, outDir: string, lang: 'zh' | 'en'): void {
  for (const e of rendered.errors) process.stderr.write(`warning: ${e}\n`);
  const main = ['report.pdf', 'report.html'].map((f) => path.join(outDir, f)).find((f) => rendered.files.some((x) => path.resolve(outDir, x) === f || x === f));
  process.stdout.write(
    `${lang === 'zh' ? '报告' : 'report'}: ${displayPath(main ?? outDir)}${rendered.pdf ? ` (${rendered.pdf.pages} ${lang === 'zh' ? '页' : 'pages'})` : ''}\n`,
  );
}

const VERDICT_TEXT = {
  zh: {
    pass: '通过',
    fail: '未通过',
    denied: '否决（红线条款未通过）',
    level: '级',
    none: '未评级',
    not_assessed: '未评估',
    not_tested: '未测',
    manual: '待人工',
  },
  en: {
    pass: 'PASS',
    fail: 'FAIL',
    denied: 'DENIED (a red-line clause failed)',
    level: 'level',
    none: 'not rated',
    not_assessed: 'not assessed',
    not_tested: 'not tested',
    manual: 'manual',
  },
} as const;

/** One line per domain and the overall verdict, for the terminal. */
export function formatVerdict(result: ScoreReport, lang: 'zh' | 'en'): string {
  const t = VERDICT_TEXT[lang];
  const lvl = (l: number | null) => (l === null ? t.none : lang === 'zh' ? `${l}${t.level}` : `${t.level} ${l}`);
  const lines = result.domains.map((d) => {
    const bad = d.counts.fail + d.counts.error;
    // How much of the domain was not measured, so a level is never read as covering it.
    const unmeasured = [d.counts.not_tested ? `${t.not_tested} ${d.counts.not_tested}` : '', d.counts.manual ? `${t.manual} ${d.counts.manual}` : '']
      .filter(Boolean)
      .join(', ');
    return `  ${d.domain.padEnd(15)} ${(d.not_assessed ? t.not_assessed : lvl(d.level)).padEnd(8)} ${String(d.score ?? '-').padStart(4)}/1000${bad ? `  ${bad} ${lang === 'zh' ? '项未通过/出错' : 'failed/errored'}` : ''}${unmeasured ? `  (${unmeasured})` : ''}${d.blocking.length ? `  ${lang === 'zh' ? '阻断' : 'blocking'}: ${d.blocking.slice(0, 3).join(', ')}` : ''}`;
  });
  const o = result.overall;
  const overallLevel =
    o.level === null && result.domains.some((d) => d.not_assessed)
      ? `${t.not_assessed} (${result.domains
          .filter((d) => d.not_assessed)
          .map((d) => d.domain)
          .join(', ')})`
      : lvl(o.level);
  const head = lang === 'zh' ? '各领域成熟度' : 'Domains';
  const overall = lang === 'zh' ? '总体' : 'Overall';
  const req = lang === 'zh' ? `要求 ${o.required_level} 级` : `required level ${o.required_level}`;
  return `${head}:\n${lines.join('\n')}\n${overall}: ${overallLevel}, ${o.score ?? '-'}/1000 (${req}) → ${t[o.verdict]}${o.denied_by.length ? ` [${o.denied_by.join(', ')}]` : ''}\n`;
}

export default command;
