// The one entry point of the reports stage: results.json → scores.json + the chosen formats + manifest.json.
// Reads results.json (and transcripts.jsonl beside it) and the catalog; never touches the target.
// `govllm report` and `govllm run` both call renderReports().

import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { Catalog, Lang } from '../runners/core/types.ts';
import { DEFAULT_EDITION_DIR, loadCatalog } from '../runners/load/catalog.ts';
import { ROOT, ajv as projectAjv } from '../runners/load/documents.ts';
import { InputError } from '../runners/load/errors.ts';
import { boundValue, MAX_VALUE_DEPTH } from '../runners/core/bounded.ts';
import type { ScoresDocument } from './score/document.ts';
import { scoresFor } from './score/verdict.ts';
import type { ResultsDocument } from './score/input.ts';
import { buildModel } from './render/model.ts';
import { renderHtml } from './render/html.ts';
import { closeQuickly, renderPdf } from './render/pdf.ts';
import { launchChromium } from '../runners/browser/chromium.ts';
import { namedDestinationPagesWithRefs } from './render/pdf-dests.ts';
import { renderJunit } from './render/junit.ts';
import { renderCsv } from './render/csv.ts';
import { runRedactor } from '../runners/core/clients.ts';
import type { Target } from '../runners/core/types.ts';
import { renderOscal } from './render/oscal.ts';
import { diffScores, type DiffResult } from './diff/diff.ts';
import { writeManifest } from './sign/manifest.ts';

export const FORMATS = ['html', 'pdf', 'junit', 'csv', 'oscal'] as const;
export type Format = (typeof FORMATS)[number];

/** Output file name of each format (fixed, so verify and CI know where to look). */
export const OUTPUT_FILES: Record<Format | 'scores', string> = {
  scores: 'scores.json',
  html: 'report.html',
  pdf: 'report.pdf',
  junit: 'junit.xml',
  csv: 'findings.csv',
  oscal: 'oscal-assessment-results.json',
};

export interface RenderOptions {
  formats?: string[];
  outDir?: string;
  lang?: Lang;
  /** a previous run's results.json (or its folder): adds the 整改复测 section */
  baseline?: string;
  /** the edition folder; default standards/<edition> of the results, else the built-in one */
  catalogDir?: string;
  /** the catalog already loaded (the runner has it); must be the edition the results name */
  catalog?: Catalog;
  /** the evaluating organisation shown on the cover (results.json does not carry it) */
  evaluator?: string;
  /** reuse the run's browser for the PDF */
  browser?: Browser;
  log?: (msg: string) => void;
}

export interface RenderSummary {
  outDir: string;
  files: string[];
  scores: ScoresDocument;
  reportId: string;
  pdf?: { pages: number; ms: number; blockedRequests: number };
  delta?: DiffResult;
  /** formats that could not be written (e.g. the PDF without Chromium); the others were */
  errors: string[];
}

function resolveResultsPath(p: string): string {
  return fs.existsSync(p) && fs.statSync(p).isDirectory() ? path.join(p, 'results.json') : p;
}

export { scoresFor };

export function readResults(p: string): ResultsDocument {
  const file = resolveResultsPath(p);
  if (!fs.existsSync(file)) throw new InputError(`${file}: no such results file`);
  let doc: ResultsDocument;
  try {
    // Bounded: a results.json holding a value nested 100 000 deep (hand-made, or from an older run) must not
    // crash schema validation, scoring or the renderers (runners/core/bounded.ts).
    doc = boundValue(JSON.parse(fs.readFileSync(file, 'utf8')), MAX_VALUE_DEPTH + 16) as ResultsDocument;
  } catch (e) {
    throw new InputError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const v = projectAjv().getSchema('results.schema.json');
  if (v && !v(doc)) {
    const problems = (v.errors ?? []).slice(0, 20).map((e) => `${file} ${e.instancePath || '(root)'}: ${e.message}`);
    throw new InputError(problems[0], problems);
  }
  if (!doc || !Array.isArray(doc.outcomes) || !doc.catalog || !doc.profile) throw new InputError(`${file}: not a govllm results document`);
  return doc;
}

/** The catalog a run used: the edition's folder in standards/, or an explicit one. */
export function catalogFor(results: ResultsDocument, dir?: string): Catalog {
  const candidates = [dir, path.join(ROOT, 'standards', results.catalog.edition), DEFAULT_EDITION_DIR].filter((d): d is string => !!d);
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'edition.yaml')));
  return loadCatalog(found ?? DEFAULT_EDITION_DIR);
}

/** Scores of a baseline: its scores.json when it has one beside it, else recomputed from its results. */
function baselineScores(p: string, catalogDir?: string): ScoresDocument {
  const file = resolveResultsPath(p);
  const beside = path.join(path.dirname(file), 'scores.json');
  if (fs.existsSync(beside)) return JSON.parse(fs.readFileSync(beside, 'utf8')) as ScoresDocument;
  const r = readResults(file);
  return scoresFor(r, catalogFor(r, catalogDir));
}

/** Pages in the page tree (counting `/Type /Page` would count a page twice once an update rewrote it). */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString('latin1');
  return namedDestinationPagesWithRefs(text).pageIds.length || (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export async function renderReports(resultsPath: string, opts: RenderOptions = {}): Promise<RenderSummary> {
  const file = resolveResultsPath(resultsPath);
  // Written redacted by the run; passed once more through the redactor of the keys this process holds for the
  // target (a results.json from elsewhere, an older run), so no report carries one.
  const read = readResults(file);
  const results = runRedactor(read.target as unknown as Target, process.env).value(read);
  const srcDir = path.dirname(path.resolve(file));
  const outDir = path.resolve(opts.outDir ?? srcDir);
  fs.mkdirSync(outDir, { recursive: true });
  const lang: Lang = opts.lang ?? ((results as { lang?: Lang }).lang === 'en' ? 'en' : 'zh');
  const formats = (opts.formats?.length ? opts.formats : [...FORMATS]).map((f) => f.trim().toLowerCase()).filter(Boolean);
  const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length) throw new InputError(`unknown report format(s): ${unknown.join(', ')}; choose from ${FORMATS.join(', ')}`);
  const log = opts.log ?? (() => undefined);
  // Without the runner's shared browser, Chromium is launched now (≈ 0.8 s, mostly the child process starting), while
  // the catalog loads and the other formats render; the PDF step takes it over and closes it.
  let launch = formats.includes('pdf') && !opts.browser ? launchChromium() : undefined;
  launch?.catch(() => undefined); // a failed launch is reported by the PDF step, not as an unhandled rejection
  try {
    return await render();
  } finally {
    // Still ours when something before the PDF step threw.
    if (launch) void launch.then(closeQuickly, () => undefined);
  }

  async function render(): Promise<RenderSummary> {
    const catalog = opts.catalog ?? catalogFor(results, opts.catalogDir);
    if (catalog.sha256 !== results.catalog.sha256) {
      log(
        `warning: the catalog at hand (${catalog.sha256.slice(0, 12)}…) is not the one the run used (${results.catalog.sha256.slice(0, 12)}…); clause texts may differ — the report says so in its methodology`,
      );
    }
    const scores = scoresFor(results, catalog);
    const delta = opts.baseline ? diffScores(baselineScores(opts.baseline, opts.catalogDir), scores) : undefined;

    // The bundle must hold what verify recomputes from: results.json (and transcripts for the appendix).
    if (outDir !== srcDir) {
      fs.copyFileSync(file, path.join(outDir, 'results.json'));
      for (const f of ['transcripts.jsonl', 'journal.jsonl'])
        if (fs.existsSync(path.join(srcDir, f))) fs.copyFileSync(path.join(srcDir, f), path.join(outDir, f));
    }
    const written: string[] = [];
    const put = (name: string, data: string | Uint8Array) => {
      writeFileAtomic(path.join(outDir, name), data);
      written.push(name);
    };
    put(OUTPUT_FILES.scores, JSON.stringify(scores, null, 2) + '\n');

    const summary: RenderSummary = { outDir, files: written, scores, reportId: '', delta, errors: [] };
    if (formats.includes('junit')) put(OUTPUT_FILES.junit, renderJunit(results, catalog, scores, lang));
    if (formats.includes('csv')) put(OUTPUT_FILES.csv, renderCsv(results, catalog, scores, lang));
    if (formats.includes('oscal')) put(OUTPUT_FILES.oscal, JSON.stringify(renderOscal(results, catalog, scores, lang), null, 2) + '\n');
    if (formats.includes('html') || formats.includes('pdf')) {
      const model = await buildModel(opts.evaluator ? { ...results, evaluator: opts.evaluator } : results, catalog, scores, {
        lang,
        transcriptsFile: path.join(srcDir, 'transcripts.jsonl'),
        delta,
      });
      summary.reportId = model.reportId;
      if (formats.includes('html')) put(OUTPUT_FILES.html, renderHtml(model));
      // The PDF goes last and its failure (no Chromium, a crash) never costs the other formats: it is reported.
      if (formats.includes('pdf')) {
        const t0 = Date.now();
        try {
          const launched = launch;
          launch = undefined;
          const r = await renderPdf(renderHtml(model), {
            reportId: model.reportId,
            title: model.title,
            lang,
            browser: opts.browser,
            launched,
            tocEndsBefore: 'summary',
          });
          put(OUTPUT_FILES.pdf, r.pdf);
          summary.pdf = { pages: countPdfPages(r.pdf), ms: Date.now() - t0, blockedRequests: r.blockedRequests.length };
          log(`report.pdf: ${summary.pdf.pages} pages in ${(summary.pdf.ms / 1000).toFixed(1)} s; ${r.blockedRequests.length} request(s) blocked`);
        } catch (e) {
          const msg = `report.pdf: not written: ${(e as Error).message.split('\n')[0]}`;
          summary.errors.push(msg);
          log(msg);
        }
      }
    }
    writeManifest(outDir, { results, catalog, reportId: summary.reportId });
    written.push('manifest.json');
    return summary;
  }
}
