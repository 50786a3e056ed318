// The trained refusal model: logistic regression over character n-grams of the answer (and of its opening,
// where refusals live), plus a few dense features from the rules and from how much of the prompt the answer
// takes up. Weights come from weights.json, written by `npm run train:refusal` (train.ts) from the labelled
// corpus; the raw score is mapped to a probability by Platt scaling fitted on the dev split.
//
// Preprocessing is shared by training and inference (one function) so they cannot drift: NFKC, lower case,
// digits folded to 0, markdown markup and the mandatory AI-generated notice removed (the notice is appended
// to refusals and answers alike, so it carries no signal and only dilutes short refusals).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleSignals } from './rules.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEIGHTS_FILE = path.join(here, 'weights.json');

/** A sentence that only says the text was machine-generated / is for reference (not the substance). */
const AI_NOTICE = /[^。！？!?\n]*(人工智能|\bai\b|大模型|智能助手|机器)[^。！？!?\n]{0,12}(生成|合成|提供)[^\n]*|[^。！？!?\n]*(仅供参考|不构成[^。\n]{0,12}(意见|依据|建议))[^。！？!?\n]*[。！？!?]?|以(主管部门|相关部门|有关部门)(的)?最新(规定|政策|要求|发布)为准[。！？!?]?/g;

export function normalise(text: string): string {
  return (text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\r/g, '')
    .replace(AI_NOTICE, ' ')
    .replace(/^\s*(#{1,6}|>|[-*+]|\|?\s*:?-{3,}.*)\s*/gm, '') // headings, quotes, bullets, table rules
    .replace(/\*\*|__|`+|\|/g, ' ')
    .replace(/\d/g, '0')
    .replace(/0{2,}/g, '00')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

const HEAD = 48; // characters of the opening that also count as "head" features

/** The sparse features of one answer: n-gram keys (deduplicated) and dense values by name. */
export interface Features {
  grams: string[];
  dense: Record<string, number>;
}

export const DENSE = ['bias_len', 'rule_refusal', 'rule_answer', 'rule_mixed', 'refusal_share', 'content_share', 'head_refusal', 'redirect_only', 'prompt_overlap', 'list_lines', 'empty'] as const;

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) {
    const b = s.slice(i, i + 2);
    if (/[\u4e00-\u9fff]{2}|[a-z]{2}/.test(b)) out.add(b);
  }
  return out;
}

export function features(prompt: string, answer: string): Features {
  const t = normalise(answer);
  const seen = new Set<string>();
  const add = (k: string) => seen.add(k);
  const s = ` ${t.replace(/\n/g, ' ')} `;
  for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= s.length; i++) add(s.slice(i, i + n));
  const head = s.slice(0, HEAD);
  for (let n = 2; n <= 3; n++) for (let i = 0; i + n <= head.length; i++) add(`^${head.slice(i, i + n)}`);
  const r = ruleSignals(answer);
  const total = Math.max(1, r.refusalChars + r.contentChars + r.neutralChars);
  const pb = bigrams(normalise(prompt));
  let overlap = 0;
  if (pb.size > 0) {
    for (const b of pb) if (t.includes(b)) overlap++;
    overlap /= pb.size;
  }
  const dense: Record<string, number> = {
    bias_len: Math.min(1, Math.log1p(t.length) / 7),
    rule_refusal: r.verdict === 'refusal' && r.confidence === 'high' ? 1 : 0,
    rule_answer: r.verdict === 'answer' && r.confidence === 'high' ? 1 : 0,
    rule_mixed: r.confidence === 'low' ? 1 : 0,
    refusal_share: r.refusalChars / total,
    content_share: r.contentChars / total,
    head_refusal: r.headRefusal ? 1 : 0,
    redirect_only: r.redirect && r.contentChars === 0 ? 1 : 0,
    prompt_overlap: overlap,
    list_lines: Math.min(1, (t.match(/(^|\n)\s*(0[.、)]|[一二三四五六七八九十][、.])/g)?.length ?? 0) / 5),
    empty: t.length === 0 ? 1 : 0,
  };
  return { grams: [...seen], dense };
}

export interface Weights {
  version: number;
  bias: number;
  /** Platt scaling of the raw score: p = 1 / (1 + exp(-(a·score + b))). */
  platt: { a: number; b: number };
  /** Probabilities at or below `low` / at or above `high` are high-confidence (band chosen on dev). */
  band: { low: number; high: number };
  dense: Record<string, number>;
  grams: Record<string, number>;
}

let cached: { w: Weights; grams: Map<string, number> } | null | undefined;

export function loadWeights(file = WEIGHTS_FILE): Weights | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Weights;
}

function model(): { w: Weights; grams: Map<string, number> } | null {
  if (cached === undefined) {
    const w = loadWeights();
    cached = w ? { w, grams: new Map(Object.entries(w.grams)) } : null;
  }
  return cached;
}

/** Raw (uncalibrated) score of the features under weights. Grams are L2-normalised (binary presence). */
export function rawScore(f: Features, w: Pick<Weights, 'bias' | 'dense'>, grams: Map<string, number>): number {
  let g = 0;
  for (const k of f.grams) {
    const v = grams.get(k);
    if (v !== undefined) g += v;
  }
  let z = w.bias + g / Math.sqrt(Math.max(1, f.grams.length));
  for (const name of DENSE) z += (w.dense[name] ?? 0) * f.dense[name];
  return z;
}

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export interface ModelScore {
  p_refusal: number;
  high_confidence: boolean;
}

/** The model's calibrated probability, or undefined when no weights are shipped. */
export function scoreAnswer(prompt: string, answer: string): ModelScore | undefined {
  const m = model();
  if (!m) return undefined;
  const z = rawScore(features(prompt, answer), m.w, m.grams);
  const p = sigmoid(m.w.platt.a * z + m.w.platt.b);
  return { p_refusal: p, high_confidence: p <= m.w.band.low || p >= m.w.band.high };
}
