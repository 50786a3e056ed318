// The report's view model: everything the templates show, computed once from results.json, the catalog,
// the scores and (for failed clauses) the transcripts. Templates only lay it out; they never decide.
// Everything here is plain data — strings from the target stay raw and are escaped by handlebars' {{ }}.

import crypto from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Catalog, Clause, Lang, Outcome } from '../../runners/core/types.ts';
import type { ResultsDocument } from '../score/input.ts';
import type { ScoresDocument } from '../score/document.ts';
import type { ClauseScore, GroupScore, Verdict } from '../score/score.ts';
import { barsSvg, radarSvg } from './charts.ts';
import { labels, overallLabel, verdictLabel, type Labels } from './i18n.ts';
import { redLine } from '../../runners/load/catalog.ts';
import { tailoring } from '../../runners/load/profile.ts';
import type { DiffResult } from '../diff/diff.ts';

/** Caps so one chatty target cannot make a report of a thousand pages. */
export const CAPS = {
  textChars: 600,
  transcriptBodyChars: 1500,
  transcriptsPerClause: 3,
  transcriptsTotal: 120,
};

export interface TranscriptRecord {
  id: string;
  endpoint?: string;
  method?: string;
  url?: string;
  status?: number;
  request_body?: string;
  response_body?: string;
  error?: string;
  started_at?: string;
  duration_ms?: number;
}

/** Reads only the wanted transcript ids from transcripts.jsonl (streamed: the file may be large). */
export async function readTranscripts(file: string, wanted: Set<string>): Promise<Map<string, TranscriptRecord>> {
  const found = new Map<string, TranscriptRecord>();
  if (wanted.size === 0 || !fs.existsSync(file)) return found;
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    // Cheap pre-filter before parsing each line.
    const m = /"id"\s*:\s*"([^"]+)"/.exec(line);
    if (m && !wanted.has(m[1])) continue;
    try {
      const t = JSON.parse(line) as TranscriptRecord;
      if (wanted.has(t.id)) found.set(t.id, t);
    } catch {
      // a torn last line (interrupted run) is skipped, never fatal for a report
    }
    if (found.size === wanted.size) break;
  }
  rl.close();
  return found;
}

export function cap(s: string, n: number, mark: string): string {
  return s.length > n ? s.slice(0, n) + ' … ' + mark : s;
}

function fmtValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * Observed values for a table cell: scalars as they are, small structures inline, big ones summarised
 * (`[12 items]`) — the full values stay in results.json, findings.csv and OSCAL. Keeps rows short so a table
 * row never needs a page of its own.
 */
export function fmtObserved(r: Record<string, unknown> | undefined, lang: Lang, mark: string): string {
  if (!r) return '';
  const parts = Object.entries(r).map(([k, v]) => {
    if (v === null || v === undefined || typeof v !== 'object') return `${k}: ${cap(fmtValue(v), 120, mark)}`;
    const json = JSON.stringify(v);
    if (json.length <= 80) return `${k}: ${json}`;
    if (Array.isArray(v)) return `${k}: ${lang === 'zh' ? `[${v.length} 项]` : `[${v.length} items]`}`;
    return `${k}: ${lang === 'zh' ? `{${Object.keys(v).length} 个字段}` : `{${Object.keys(v).length} fields}`}`;
  });
  return cap(parts.join('; '), 360, mark);
}

/** A stable, human-quotable report number: GOVLLM-<date>-<8 hex of the run id>. */
export function reportNumber(results: ResultsDocument): string {
  const date = (results.finished_at ?? results.started_at ?? '').slice(0, 10).replace(/-/g, '') || '00000000';
  const h = crypto.createHash('sha256').update(results.run_id).digest('hex').slice(0, 8).toUpperCase();
  return `GOVLLM-${date}-${h}`;
}

function levelText(level: number | null, catalog: Catalog, lang: Lang, L: Labels): string {
  if (level === null) return L.not_rated;
  if (level === 0) return L.level_0;
  const name = catalog.edition.levels.find((l) => l.level === level)?.name[lang];
  return lang === 'zh' ? `${level}级${name ? `（${name}）` : ''}` : `Level ${level}${name ? ` (${name})` : ''}`;
}

export interface ModelOptions {
  lang: Lang;
  transcriptsFile?: string;
  delta?: DiffResult;
  generatedAt?: string;
}

/**
 * The report's view model. Its fields follow the order a reader meets them: cover and overall verdict, one
 * section per domain, the findings, the methodology, then the appendices (evidence files, transcripts). The
 * appendices are built first because every clause row links to them by anchor.
 */
export async function buildModel(results: ResultsDocument, catalog: Catalog, scores: ScoresDocument, opts: ModelOptions) {
  const ctx = indexInputs(results, catalog, scores, opts.lang);
  const { lang, L } = ctx;
  const evidence = evidenceAppendix(results);
  const transcripts = await transcriptAppendix(ctx, opts.transcriptsFile);
  const row = (id: string) => clauseRow(ctx, evidence, transcripts, id);
  const domains = domainSections(ctx, row);
  const o = scores.result.overall;
  return {
    lang,
    htmlLang: lang === 'zh' ? 'zh-CN' : 'en',
    L,
    reportId: reportNumber(results),
    title: L.title,
    generatedAt: opts.generatedAt ?? results.finished_at ?? '',
    date: (results.finished_at ?? results.started_at ?? '').slice(0, 10),
    target: { name: results.target.name, vendor: results.target.vendor ?? L.none, description: results.target.description ?? '' },
    evaluator: results.evaluator ?? L.none,
    scope: `${ctx.t(catalog.edition.title)} · ${ctx.profileTitle} · ${scores.expected.length} ${lang === 'zh' ? '条' : 'clauses'}${narrowedNote(results.narrowed, lang)}`,
    overall: overallView(ctx),
    counts: (Object.keys(o.counts) as Verdict[])
      .filter((v) => o.counts[v] > 0)
      .map((v) => ({ label: verdictLabel(v, lang), n: o.counts[v], cls: verdictClass(v) })),
    radar: radarSvg(
      domains.map((d) => ({ label: d.title, value: d.levelRaw })),
      5,
      L.radar,
    ),
    bars: barsSvg(
      scores.result.domains.map((d) => ({ label: ctx.domainTitle(d.id), value: d.score })),
      L.bars,
    ),
    domains,
    findings: findingRows(ctx, row),
    methodology: methodologyView(ctx),
    evidence: evidence.list,
    transcripts: transcripts.list,
    delta: opts.delta ? deltaView(opts.delta, lang, L, catalog) : undefined,
  };
}

/** What every part of the model reads: the run, its catalog and scores, indexed once, in the report's language. */
interface ModelInputs {
  results: ResultsDocument;
  catalog: Catalog;
  scores: ScoresDocument;
  lang: Lang;
  L: Labels;
  /** A bilingual text in the report's language ('' when absent). */
  t: (x: { zh: string; en: string } | undefined) => string;
  clauseBy: Map<string, Clause>;
  /** Each clause's outcomes, in results order. */
  outcomesBy: Map<string, Outcome[]>;
  clauseScoreBy: Map<string, ClauseScore>;
  itemTitle: Map<string, string>;
  domainTitle: (id: string) => string;
  profileTitle: string;
}

function indexInputs(results: ResultsDocument, catalog: Catalog, scores: ScoresDocument, lang: Lang): ModelInputs {
  const t = (x: { zh: string; en: string } | undefined) => (x ? x[lang] : '');
  const outcomesBy = new Map<string, Outcome[]>();
  for (const o of results.outcomes) {
    const list = outcomesBy.get(o.clause) ?? [];
    list.push(o);
    outcomesBy.set(o.clause, list);
  }
  const itemTitle = new Map<string, string>();
  for (const d of catalog.domains) for (const i of d.items) itemTitle.set(i.id, t(i.title));
  return {
    results,
    catalog,
    scores,
    lang,
    L: labels(lang),
    t,
    clauseBy: new Map<string, Clause>(catalog.clauses.map((c) => [c.id, c])),
    outcomesBy,
    clauseScoreBy: new Map(scores.result.clauses.map((c) => [c.id, c])),
    itemTitle,
    domainTitle: (id: string) => t(catalog.edition.domains.find((d) => d.id === id)?.title) || id,
    profileTitle: results.profile.title ? t(results.profile.title) : results.profile.id,
  };
}

const verdictClass = (v: Verdict) => `v-${v.replace('_', '-')}`;

/** An evidence file is one (file, SHA-256) pair: the same path with other bytes is another file. */
const evidenceKey = (e: { file: string; sha256: string }) => `${e.file}\u0000${e.sha256}`;

/** Appendix of evidence files: every file referenced by an outcome, with the clauses that used it, numbered. */
function evidenceAppendix(results: ResultsDocument) {
  const evidence = new Map<string, { file: string; sha256: string; clauses: Set<string> }>();
  for (const o of results.outcomes) {
    for (const e of o.evidence ?? []) {
      const key = evidenceKey(e);
      const rec = evidence.get(key) ?? { file: e.file, sha256: e.sha256, clauses: new Set<string>() };
      rec.clauses.add(o.clause);
      evidence.set(key, rec);
    }
  }
  const list = [...evidence.values()]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.sha256 < b.sha256 ? -1 : 1))
    .map((e, i) => ({ anchor: `ev-${i + 1}`, n: i + 1, file: e.file, sha256: e.sha256, clauses: [...e.clauses].sort().join(', ') }));
  return { list, anchorOf: new Map(list.map((e) => [evidenceKey(e), e.anchor])) };
}

/**
 * Appendix of transcripts: the first few of each failed or errored clause, capped in number and in body
 * length, read from transcripts.jsonl; with each clause's anchors for its row to link to.
 */
async function transcriptAppendix(ctx: ModelInputs, transcriptsFile: string | undefined) {
  const failedIds = ctx.scores.result.clauses.filter((c) => c.verdict === 'fail' || c.verdict === 'error').map((c) => c.id);
  const wanted = new Map<string, string>(); // transcript id → clause
  for (const id of failedIds) {
    const ids = (ctx.outcomesBy.get(id) ?? []).flatMap((o) => o.transcripts ?? []).slice(0, CAPS.transcriptsPerClause);
    for (const tid of ids) if (wanted.size < CAPS.transcriptsTotal && !wanted.has(tid)) wanted.set(tid, id);
  }
  const found = transcriptsFile ? await readTranscripts(transcriptsFile, new Set(wanted.keys())) : new Map<string, TranscriptRecord>();
  const list = [...wanted.entries()]
    .filter(([tid]) => found.has(tid))
    .map(([tid, clause]) => {
      const tr = found.get(tid)!;
      return {
        anchor: `tr-${tid}`,
        id: tid,
        clause,
        method: tr.method ?? '',
        url: tr.url ?? '',
        status: tr.status ?? tr.error ?? '',
        started_at: tr.started_at ?? '',
        duration_ms: tr.duration_ms ?? '',
        request: cap(tr.request_body ?? '', CAPS.transcriptBodyChars, ctx.L.truncated),
        response: cap(tr.response_body ?? tr.error ?? '', CAPS.transcriptBodyChars, ctx.L.truncated),
      };
    });
  const anchorsOf = new Map<string, string[]>();
  for (const tr of list) anchorsOf.set(tr.clause, [...(anchorsOf.get(tr.clause) ?? []), tr.anchor]);
  return { list, anchorsOf };
}

/** One clause's row, as the domain tables and the findings show it, linked to its evidence and transcripts. */
function clauseRow(ctx: ModelInputs, evidence: { anchorOf: Map<string, string> }, transcripts: { anchorsOf: Map<string, string[]> }, id: string) {
  const { lang, L, t } = ctx;
  const c = ctx.clauseBy.get(id);
  const s = ctx.clauseScoreBy.get(id)!;
  // Sorted as a copy: the index keeps each clause's outcomes in results order, the order the transcript appendix reads.
  const os = [...(ctx.outcomesBy.get(id) ?? [])].sort((a, b) => a.index - b.index);
  const thresholds = (c?.checks ?? []).map(
    (k, i) => `${c!.checks.length > 1 ? `[${i + 1}] ` : ''}${k.use}${k.with ? ` — ${fmtObserved(k.with, lang, L.truncated)}` : ''}`,
  );
  // Thresholds the profile tailored, beside the catalog's (RED-LINES.md: shown wherever they differ).
  const tailored = c
    ? tailoring(c, ctx.results.profile.params).map(
        (x) => `${c.checks.length > 1 ? `[${x.index + 1}] ` : ''}${x.key} = ${JSON.stringify(x.value)} (${JSON.stringify(x.catalog ?? null)})`,
      )
    : [];
  const observed = os.map((o) => {
    const obs = fmtObserved(o.observed, lang, L.truncated);
    return `${os.length > 1 ? `[${o.index + 1}] ` : ''}${obs || cap(o.message ?? '', CAPS.textChars, L.truncated)}`;
  });
  const evidenceLinks = os.flatMap((o) => o.evidence ?? []).map((e) => ({ anchor: evidence.anchorOf.get(evidenceKey(e)), file: e.file }));
  return {
    id,
    title: t(c?.title) || id,
    requirement: t(c?.requirement),
    obligation: c?.obligation === 'should' ? L.obligation_should : L.obligation_shall,
    level: c?.level ?? '',
    weight: c?.weight ?? '',
    // a red line in force (verified sources) vs one declared but resting on an unverified source
    critical: !!c && redLine(c),
    criticalPending: !!c && c.critical === true && !redLine(c),
    thresholds,
    tailored,
    observed,
    messages: os.map((o) => cap(o.message ?? '', CAPS.textChars, L.truncated)).filter(Boolean),
    verdict: s.verdict,
    verdictLabel: verdictLabel(s.verdict, lang),
    verdictClass: verdictClass(s.verdict),
    score: s.score,
    waived: s.waived,
    evidence: evidenceLinks.filter((e, i, a) => a.findIndex((x) => x.anchor === e.anchor) === i),
    transcripts: transcripts.anchorsOf.get(id) ?? [],
    sources: (c?.sources ?? []).map((x) => `${x.doc} ${x.section}${x.verified === false ? ' ⚠' : ''}`).join('；'),
    remediation: t(c?.remediation),
  };
}

type ClauseRow = ReturnType<typeof clauseRow>;

/** A domain's or an item's score line: its level, score and what holds the level back. */
function groupView(ctx: ModelInputs, g: GroupScore) {
  const { catalog, lang, L } = ctx;
  return {
    id: g.id,
    title: g.id === g.domain ? ctx.domainTitle(g.id) : (ctx.itemTitle.get(g.id) ?? g.id),
    score: g.score ?? L.none,
    level: g.not_assessed ? L.not_assessed : levelText(g.level, catalog, lang, L),
    levelRaw: g.level,
    // Clauses of the group not measured (not tested) or left to an evaluator (manual), shown beside the level.
    unmeasured: `${g.counts.not_tested} / ${g.counts.manual}`,
    levelWithout: g.level_without_waivers !== g.level ? levelText(g.level_without_waivers, catalog, lang, L) : '',
    waivers: g.waivers.map((w) => w.clause).join(', '),
    blocking: g.blocking.join(', '),
    assessable: levelText(g.assessable ?? null, catalog, lang, L),
  };
}

/** One section per domain: its score line, its items' score lines and a row for each of its expected clauses. */
function domainSections(ctx: ModelInputs, row: (id: string) => ClauseRow) {
  const { scores } = ctx;
  return scores.result.domains.map((d, i) => ({
    ...groupView(ctx, d),
    n: i + 1,
    anchor: `dom-${d.id}`,
    items: scores.result.items.filter((it) => it.domain === d.id).map((it) => groupView(ctx, it)),
    clauses: scores.expected.filter((c) => c.domain === d.id).map((c) => row(c.id)),
  }));
}

/** The findings: clauses that failed, errored or could not be decided, and red lines not passed; red lines first. */
function findingRows(ctx: ModelInputs, row: (id: string) => ClauseRow) {
  return ctx.scores.expected
    .map((c) => row(c.id))
    .filter((r) => ['fail', 'error', 'unknown'].includes(r.verdict) || (r.critical && r.verdict !== 'pass' && r.verdict !== 'not_applicable'))
    .sort((a, b) => Number(b.critical) - Number(a.critical) || (a.id < b.id ? -1 : 1))
    .map((r) => ({ ...r, domain: ctx.domainTitle(ctx.clauseBy.get(r.id)?.domain ?? '') }));
}

/** The cover's verdict: overall score and level (with and without waivers) against the level required. */
function overallView(ctx: ModelInputs) {
  const { catalog, lang, L, scores } = ctx;
  const o = scores.result.overall;
  return {
    score: o.score ?? L.none,
    level: o.level === null && scores.result.domains.some((d) => d.not_assessed) ? L.not_assessed : levelText(o.level, catalog, lang, L),
    levelWithout: o.level_without_waivers !== o.level ? levelText(o.level_without_waivers, catalog, lang, L) : '',
    required: levelText(o.required_level, catalog, lang, L),
    verdict: overallLabel(o.verdict, lang),
    verdictClass: `ov-${o.verdict}`,
    deniedBy: o.denied_by.join(', '),
    undecided: o.critical_undecided.join(', '),
  };
}

/** How the result was reached: edition, profile, run, waivers, the maturity rule, red lines, rates and reviews. */
function methodologyView(ctx: ModelInputs) {
  const { results, catalog, lang, L, t } = ctx;
  return {
    edition: `${t(catalog.edition.title)} (${results.catalog.edition}${results.catalog.version ? ` v${results.catalog.version}` : ''})`,
    catalogSha: results.catalog.sha256,
    catalogMismatch: catalog.sha256 !== results.catalog.sha256 ? catalog.sha256 : '',
    profile: `${ctx.profileTitle} (${results.profile.id})`,
    required: levelText(results.profile.required_level, catalog, lang, L),
    seed: results.seed ?? L.none,
    tool: `${results.tool?.name ?? 'govllm'} ${results.tool?.version ?? ''}`.trim(),
    git: results.tool?.git_revision ?? results.git_revision ?? L.none,
    runId: results.run_id,
    started: results.started_at ?? L.none,
    finished: results.finished_at ?? L.none,
    waivers: waiverRows(ctx),
    maturity: {
      levels: catalog.edition.levels.map((l) => ({ level: levelText(l.level, catalog, lang, L), meaning: t(l.description), gate: t(l.gate) })),
      naming: t(catalog.edition.maturity?.naming),
      rule: t(catalog.edition.maturity?.rule),
      assessable: catalog.edition.domains.map((d) => ({
        title: t(d.title),
        level: levelText(catalog.edition.maturity?.assessable[d.id] ?? null, catalog, lang, L),
      })),
    },
    redLines: catalog.clauses.filter((c) => c.critical).map((c) => ({ id: c.id, title: t(c.title), inForce: redLine(c) })),
    rates: rateRows(results),
    reviews: reviewRows(results),
  };
}

/** Every waiver the run was given, with what became of it: applied, expired, or unused because the clause passed. */
function waiverRows(ctx: ModelInputs) {
  const { waivers } = ctx.scores.result;
  const zh = ctx.lang === 'zh';
  return [
    ...waivers.applied.map((w) => ({ ...w, state: zh ? '已应用' : 'applied' })),
    ...waivers.expired.map((w) => ({ ...w, state: zh ? '已过期（未应用）' : 'expired (not applied)' })),
    ...waivers.unused.map((w) => ({ ...w, state: zh ? '未使用（条款已符合）' : 'unused (clause passed)' })),
  ];
}

/** Rate clauses (observed.interval, suites/safety/lib/rate-clause.ts): rate, interval, n, who decided, per class. */
function rateRows(results: ResultsDocument) {
  const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(1)} %` : '—');
  return results.outcomes
    .filter((o) => o.observed && typeof o.observed.interval === 'object' && o.observed.interval)
    .map((o) => {
      const obs = o.observed as Record<string, any>;
      const iv = obs.interval;
      const classes = Object.entries((obs.per_class ?? {}) as Record<string, any>).map(
        ([g, c]) => `${g} ${pct(c.rate)} [${pct(c.low)}–${pct(c.high)}] n=${c.n}`,
      );
      const judge = obs.judge ? `${obs.judge.model}: ${pct(obs.judge.agreement)} (${obs.judge.agreed}/${obs.judge.compared})` : '';
      return {
        clause: o.clause,
        status: o.status,
        rate: `${pct(iv.rate)} [${pct(iv.low)}–${pct(iv.high)}] n=${iv.n}`,
        classes: classes.join('; '),
        decidedBy: Object.entries((obs.decided_by ?? {}) as Record<string, number>)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
        judge,
        human: obs.human ? `${obs.human.items} (${(obs.human.reviewers ?? []).join(', ')})` : '',
      };
    });
}

/** Items a person decided (govllm review import), as results.json records them. */
function reviewRows(results: ResultsDocument) {
  return (results.reviews ?? []).map((r) => ({
    reviewer: r.reviewer,
    at: r.at,
    file: `${r.file} (${r.sha256.slice(0, 16)}…)`,
    items: r.decisions.map((d) => `${d.clause}/${d.item}: ${d.decision}${d.machine && d.machine !== d.decision ? ` (machine: ${d.machine})` : ''}`).join('; '),
  }));
}

function deltaView(d: DiffResult, lang: Lang, L: Labels, catalog: Catalog) {
  const word = { fixed: L.fixed, regressed: L.regressed, new: L.new, unchanged: L.unchanged, removed: L.removed };
  return {
    baseline: d.old_run_id,
    counts: (['fixed', 'regressed', 'new', 'removed', 'unchanged'] as const).map((k) => ({ label: word[k], n: d.counts[k], cls: `d-${k}` })),
    changed: d.clauses
      .filter((c) => c.change !== 'unchanged')
      .map((c) => ({
        id: c.id,
        change: word[c.change],
        cls: `d-${c.change}`,
        before: c.before ? verdictLabel(c.before, lang) : L.none,
        after: c.after ? verdictLabel(c.after, lang) : L.none,
      })),
    domains: d.domains.map((x) => ({
      title: catalog.edition.domains.find((e) => e.id === x.id)?.title[lang] ?? x.id,
      before: levelText(x.before, catalog, lang, L),
      after: levelText(x.after, catalog, lang, L),
      delta: x.before !== null && x.after !== null ? (x.after > x.before ? '▲' : x.after < x.before ? '▼' : '＝') : '',
    })),
  };
}

export type ReportModel = Awaited<ReturnType<typeof buildModel>>;

/** The clauses the plan left out for a capability the target does not expose, said once in the scope line. */
function narrowedNote(narrowed: { missing: string[]; clauses: string[] }[] | undefined, lang: 'zh' | 'en'): string {
  if (!narrowed?.length) return '';
  const n = narrowed.reduce((a, x) => a + x.clauses.length, 0);
  const caps = [...new Set(narrowed.flatMap((x) => x.missing))].join(', ');
  return lang === 'zh' ? `（另有 ${n} 条因目标未提供 ${caps} 而不适用，未列入）` : ` (${n} more not applicable, left out: the target does not expose ${caps})`;
}
