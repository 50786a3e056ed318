// Trains the refusal model from corpus.csv and writes weights.json and metrics.json (npm run train:refusal).
//
// First the prompt-intent model (should-refuse vs should-answer prompts: the probe bank gov-sample, LEGIT_TASKS,
// the train split's prompts), whose reading of the prompt is a feature of the refusal model (model.ts).
//
// Deterministic: the corpus is generated from a fixed seed, the vocabulary is sorted, SGD visits rows in a
// fixed seeded order for a fixed number of epochs, and weights are written rounded with sorted keys — so the
// same code writes the same bytes. Train fits the weights; dev and out-of-family cross-validation scores of the
// train split fit the Platt calibration and choose the high-confidence band; test is only measured
// (metrics.json), never used to choose anything.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { mulberry32 } from '../../../runners/core/execute-check.ts';
import { CORPUS_FILE, generateCorpus, writeCorpus, type CorpusRow } from './corpus/generate.ts';
import { HARMS, TOPICS, LEGIT_KEYWORD, ASPECTS } from './corpus/families.ts';
import { LEGIT_TASKS } from './corpus/banks.ts';
import { DENSE, features, intentKeys, keyToGram, rawScore, sigmoid, WEIGHTS_FILE, type Features, type IntentModel, type Weights } from './model.ts';
import { classifyByRules } from './rules.ts';
import type { ClassifierMetrics } from './refusal.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const METRICS_FILE = path.join(here, 'metrics.json');

const EPOCHS = 30;
const LR = 0.3;
const L2 = 1e-5;
const MIN_DF = 2;
const FOLDS = 3;
/** High-confidence band: the smallest margin from 0.5 at which dev accuracy is at least this. */
const BAND_TARGET = 0.99;

export function readCorpus(file = CORPUS_FILE): CorpusRow[] {
  const raw = parse(fs.readFileSync(file), { columns: true }) as Record<string, string>[];
  return raw.map((r) => ({ ...r, hard: r.hard === 'yes' }) as unknown as CorpusRow);
}

const round = (v: number, d: number) => {
  const x = Number(v.toFixed(d));
  return Object.is(x, -0) ? 0 : x;
};

interface Ex {
  row: CorpusRow;
  f: Features;
  y: number;
}

interface Fitted {
  bias: number;
  dense: Record<string, number>;
  grams: Map<number, number>;
}

/** Logistic regression over the examples: SGD with AdaGrad steps and L2, fixed seeded order; weights rounded as shipped. */
function fit(tr: Ex[], l2 = L2): Fitted {
  // Vocabulary: grams seen in at least MIN_DF training rows, sorted for a stable index.
  const df = new Map<number, number>();
  for (const e of tr) for (const g of e.f.keys) df.set(g, (df.get(g) ?? 0) + 1);
  const vocab = [...df]
    .filter(([, n]) => n >= MIN_DF)
    .map(([g]) => g)
    .sort((x, y) => x - y);
  const index = new Map(vocab.map((g, i) => [g, i]));
  const sparse = tr.map((e) => {
    const ids = e.f.keys.map((g) => index.get(g)).filter((i): i is number => i !== undefined);
    return { ids: Int32Array.from(ids), scale: 1 / Math.sqrt(Math.max(1, e.f.keys.length)), dense: DENSE.map((n) => e.f.dense[n]) };
  });
  const w = new Float64Array(vocab.length);
  const gw = new Float64Array(vocab.length).fill(1e-8);
  const wd = new Float64Array(DENSE.length);
  const gd = new Float64Array(DENSE.length).fill(1e-8);
  let b = 0;
  let gb = 1e-8;
  const rnd = mulberry32(13);
  const order = tr.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order) {
      const s = sparse[k];
      let z = b;
      for (const id of s.ids) z += w[id] * s.scale;
      for (let d = 0; d < DENSE.length; d++) z += wd[d] * s.dense[d];
      const err = sigmoid(z) - tr[k].y;
      for (const id of s.ids) {
        const g = err * s.scale + l2 * w[id];
        gw[id] += g * g;
        w[id] -= (LR * g) / Math.sqrt(gw[id]);
      }
      for (let d = 0; d < DENSE.length; d++) {
        const g = err * s.dense[d] + l2 * wd[d];
        gd[d] += g * g;
        wd[d] -= (LR * g) / Math.sqrt(gd[d]);
      }
      gb += err * err;
      b -= (LR * err) / Math.sqrt(gb);
    }
  }
  const grams = new Map<number, number>();
  vocab.forEach((g, i) => {
    const v = round(w[i], 4);
    if (v !== 0) grams.set(g, v);
  });
  const dense: Record<string, number> = {};
  DENSE.forEach((n, d) => (dense[n] = round(wd[d], 4)));
  return { bias: round(b, 4), dense, grams };
}

const scoreWith = (m: Fitted, e: Ex) => rawScore(e.f, m, m.grams);

/**
 * The bundled probe bank with both kinds of prompt (1,240 should-refuse, 1,144 should-answer), the intent
 * model's main teacher. The one-sided banks (multilingual, secrecy, red line: should-refuse only) are left out:
 * they would teach "English" or "a document to polish" as harmful in themselves.
 */
const PROBE_BANKS = ['gov-sample.csv'].map((f) => path.join(here, '..', 'banks', f));

/**
 * Should-refuse (1) vs should-answer (0) prompts for the intent model: the probe bank, legitimate writing tasks
 * (LEGIT_TASKS), and the prompts of the
 * corpus's TRAIN split whose intent is known (the harmful and legitimate prompt banks of the generator; literal
 * prompts of the refusal-without-refusal-words and harmful-compliance families, which are harmful requests;
 * literal prompts of the answer and over-refusal families, which are legitimate). Dev and test prompts are
 * never read here.
 */
function intentExamples(rows: CorpusRow[]): { prompt: string; y: number }[] {
  const out = new Map<string, number>();
  for (const file of PROBE_BANKS) {
    const bank = parse(fs.readFileSync(file), { columns: true }) as { prompt: string; expected: string }[];
    for (const r of bank) out.set(r.prompt, r.expected === 'refuse' ? 1 : 0);
  }
  for (const p of LEGIT_TASKS) out.set(p, 0);
  const harmful = new Set(HARMS.map((h) => h.prompt));
  const legit = new Set([...TOPICS.flatMap((t) => [...t.questions, ...t.actions]), ...LEGIT_KEYWORD.map((l) => l.prompt), ...ASPECTS.map((a) => a.prompt)]);
  for (const r of rows) {
    if (r.split !== 'train') continue;
    const cat = r.category.split('-')[0];
    if (harmful.has(r.prompt) || (!legit.has(r.prompt) && (cat === 'R5' || cat === 'A9'))) out.set(r.prompt, 1);
    else if (legit.has(r.prompt) || (r.category.startsWith('A') && cat !== 'A9') || cat === 'R4' || cat === 'R9') out.set(r.prompt, 0);
  }
  return [...out].map(([prompt, y]) => ({ prompt, y }));
}

function fitIntent(examples: { prompt: string; y: number }[]): IntentModel {
  const zero = Object.fromEntries(DENSE.map((n) => [n, 0]));
  const m = fit(examples.map((e) => ({ row: undefined as unknown as CorpusRow, f: { keys: intentKeys(e.prompt), dense: zero }, y: e.y })));
  return { bias: m.bias, grams: m.grams };
}

export function train(rows: CorpusRow[]): { weights: Weights; metrics: ClassifierMetrics } {
  const intent = fitIntent(intentExamples(rows));
  const ex = (split: string): Ex[] =>
    rows.filter((r) => r.split === split).map((row) => ({ row, f: features(row.prompt, row.answer, intent), y: row.label === 'refusal' ? 1 : 0 }));
  const tr = ex('train');
  const dev = ex('dev');
  const test = ex('test');

  const model = fit(tr);
  const score = (e: Ex) => scoreWith(model, e);

  // Held-out-family scores for calibration: the dev split, plus every train row scored by a model fitted
  // without its family (3 folds over the train families). A model scored on phrasings it was fitted on would
  // look surer than it is on new ones; these scores show how sure it is on families it never saw.
  const fam = (e: Ex) => Number(/\/f(\d+)$/.exec(e.row.family)![1]);
  const trainFams = [...new Set(tr.map(fam))].sort((x, y) => x - y);
  const held: { z: number; y: number; e: Ex }[] = dev.map((e) => ({ z: score(e), y: e.y, e }));
  for (let k = 0; k < FOLDS; k++) {
    const out = new Set(trainFams.filter((_, i) => i % FOLDS === k));
    // The intent model, too, is refitted without the held-out families' prompts.
    const foldIntent = fitIntent(intentExamples(tr.filter((e) => !out.has(fam(e))).map((e) => e.row)));
    const fx = tr.map((e) => ({ ...e, f: features(e.row.prompt, e.row.answer, foldIntent) }));
    const m = fit(fx.filter((e) => !out.has(fam(e))));
    for (const e of fx) if (out.has(fam(e))) held.push({ z: scoreWith(m, e), y: e.y, e });
  }

  // Platt scaling on the held-out scores: minimise log loss of sigmoid(a·z + c) by gradient descent, fixed steps.
  let a = 1;
  let c = 0;
  for (let it = 0; it < 3000; it++) {
    let ga = 0;
    let gc = 0;
    for (const h of held) {
      const err = sigmoid(a * h.z + c) - h.y;
      ga += err * h.z;
      gc += err;
    }
    a -= (0.5 * ga) / held.length;
    c -= (0.5 * gc) / held.length;
  }
  const platt = { a: round(a, 4), b: round(c, 4) };
  const prob = (z: number) => sigmoid(platt.a * z + platt.b);

  // The band: smallest margin m (grid of 0.01) at which the held-out accuracy among |p − 0.5| ≥ m reaches
  // BAND_TARGET.
  const hp = held.map((h) => prob(h.z));
  let margin = 0.49;
  for (let m = 0.05; m <= 0.49; m = round(m + 0.01, 2)) {
    let n = 0;
    let ok = 0;
    held.forEach((h, i) => {
      if (Math.abs(hp[i] - 0.5) < m) return;
      n++;
      if ((hp[i] >= 0.5 ? 1 : 0) === h.y) ok++;
    });
    if (n > 0 && ok / n >= BAND_TARGET) {
      margin = m;
      break;
    }
  }
  const band = { low: round(0.5 - margin, 2), high: round(0.5 + margin, 2) };
  if (process.env.GOVLLM_TRAIN_DIAG) {
    // Tuning diagnostics on held-out families (never the test split).
    const per = new Map<string, [number, number]>();
    held.forEach((h, i) => {
      const t = per.get(h.e.row.category) ?? [0, 0];
      t[0]++;
      if ((hp[i] >= 0.5 ? 1 : 0) === h.y) t[1]++;
      else if (process.env.GOVLLM_TRAIN_DIAG === 'rows')
        console.log(`  miss ${h.e.row.id} p=${hp[i].toFixed(2)} ${h.e.row.prompt} → ${h.e.row.answer.replace(/\n/g, '⏎').slice(0, 120)}`);
      per.set(h.e.row.category, t);
    });
    for (const [k, [n, ok]] of per) if (ok < n) console.log(`held-out ${k}: ${ok}/${n}`);
  }
  const grams = Object.fromEntries([...model.grams].map(([k, v]) => [keyToGram(k), v]));
  const vocab = { length: model.grams.size };

  // Measured on test only.
  const tally = () => ({ n: 0, correct: 0 });
  const metrics: ClassifierMetrics = { split: 'test', refusal: tally(), answer: tally(), hard: tally(), high_confidence: tally(), categories: {} };
  for (const e of test) {
    const p = prob(score(e));
    const ok = (p >= 0.5 ? 1 : 0) === e.y;
    const add = (t: { n: number; correct: number }) => {
      t.n++;
      if (ok) t.correct++;
    };
    add(metrics[e.row.label]);
    if (e.row.hard) add(metrics.hard);
    if (p <= band.low || p >= band.high) add(metrics.high_confidence);
    const cat = (metrics.categories[e.row.category] ??= { label: e.row.label, n: 0, correct: 0 });
    add(cat);
  }
  // The rules alone on the same test rows, for comparison (README).
  const rules = tally();
  for (const e of test) {
    rules.n++;
    if ((classifyByRules(e.row.answer).verdict === 'refusal' ? 1 : 0) === e.y) rules.correct++;
  }
  metrics.rules_only = rules;
  metrics.sizes = { train: tr.length, dev: dev.length, test: test.length, held_out_for_calibration: held.length, weights: vocab.length };
  metrics.categories = Object.fromEntries(Object.entries(metrics.categories).sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true })));
  return {
    weights: {
      version: 1,
      bias: model.bias,
      platt,
      band,
      dense: model.dense,
      grams: Object.fromEntries(Object.entries(grams).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
      intent: {
        bias: intent.bias,
        grams: Object.fromEntries([...intent.grams].map(([k, v]) => [keyToGram(k), v]).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
      },
    },
    metrics,
  };
}

export function serialise(o: unknown): string {
  return JSON.stringify(o, null, 1) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rows = generateCorpus();
  writeCorpus(rows);
  const { weights, metrics } = train(readCorpus());
  fs.writeFileSync(WEIGHTS_FILE, serialise(weights));
  fs.writeFileSync(METRICS_FILE, serialise(metrics));
  const pct = (t: { n: number; correct: number }) => `${t.correct}/${t.n} = ${((100 * t.correct) / t.n).toFixed(1)} %`;
  console.log(`corpus ${rows.length} rows; ${JSON.stringify(metrics.sizes)}; band ${weights.band.low}–${weights.band.high}`);
  console.log(
    `test: refusal ${pct(metrics.refusal)}, answer ${pct(metrics.answer)}, hard ${pct(metrics.hard)}, high-confidence ${pct(metrics.high_confidence)}, rules only ${pct(metrics.rules_only!)}`,
  );
  for (const [k, v] of Object.entries(metrics.categories)) console.log(`  ${k.padEnd(30)} ${pct(v)}`);
}
