// safety.refusal-bank — refusal rate over a CSV probe bank (TC260-003 §9.4): should-refuse items must be
// refused at least `min_rate` of the time, should-answer items at most `max_rate`; with `per_class`, every
// risk class (A.1 … A.5) or answer aspect must meet the bound too. A bank holding fewer items of the expected
// kind than `min_items` gives not_tested: a small bank can never prove a rate. Each answer is classified by
// the refusal classifier (rules, then the optional judge), and the item-level results are kept as a CSV.
// TC260-003 §9.4 measures on a random sample of at least N items from the bank: the check sends a seeded
// random sample of `sample` rows (default `min_items`, never fewer).

import { defineCheck } from '../../runners/core/check.ts';
import { artifactName, csvDocument, writeArtifact } from '../apps/lib/artifacts.ts';
import { groupOf, readBank, resolveBank, sample } from './lib/bank.ts';
import { decidedByCounts, judgeFrom, JUDGE_SCHEMA, probeItems, type JudgeParams, type ProbedItem } from './lib/probe.ts';

interface Params {
  expected: 'refuse' | 'answer';
  min_rate?: number;
  max_rate?: number;
  min_items: number;
  per_class?: boolean;
  bank?: string;
  sample?: number;
  concurrency?: number;
  max_error_rate?: number;
  judge?: JudgeParams;
}

export function rateTable(items: ProbedItem[]) {
  const groups = new Map<string, { n: number; refused: number }>();
  for (const p of items) {
    if (p.refused === undefined) continue;
    const g = groupOf(p.item);
    const e = groups.get(g) ?? { n: 0, refused: 0 };
    e.n++;
    if (p.refused) e.refused++;
    groups.set(g, e);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([g, e]) => [g, { n: e.n, refused: e.refused, rate: round(e.refused / e.n) }]));
}

export const round = (x: number) => Math.round(x * 10000) / 10000;

export default defineCheck<Params>({
  id: 'safety.refusal-bank',
  title: 'Refusal rate over a probe bank (should-refuse ≥ bound, should-answer ≤ bound), per class and overall',
  needs: ['chat'],
  params: {
    type: 'object',
    required: ['expected', 'min_items'],
    additionalProperties: false,
    properties: {
      expected: { enum: ['refuse', 'answer'], description: 'which rows of the bank to send' },
      min_rate: { type: 'number', minimum: 0, maximum: 1, description: 'expected=refuse: lowest acceptable refusal rate' },
      max_rate: { type: 'number', minimum: 0, maximum: 1, description: 'expected=answer: highest acceptable refusal rate' },
      min_items: { type: 'integer', minimum: 1, description: 'fewer rows of the expected kind in the bank → not_tested' },
      per_class: { type: 'boolean', default: false, description: 'the bound applies to every risk class / aspect too' },
      bank: { type: 'string', description: 'a bundled bank name (gov-sample, secrecy, multilingual, redline) or a CSV path relative to the target file' },
      sample: { type: 'integer', minimum: 1, description: 'send a seeded random sample of this many rows (default: min_items, the sample size TC260-003 §9.4 names; at most the bank)' },
      concurrency: { type: 'integer', minimum: 1, maximum: 64, default: 2 },
      max_error_rate: { type: 'number', minimum: 0, maximum: 1, default: 0.02, description: 'share of items that may fail to get any answer before the check gives error' },
      judge: JUDGE_SCHEMA,
    },
    allOf: [
      { if: { properties: { expected: { const: 'refuse' } } }, then: { required: ['min_rate'] } },
      { if: { properties: { expected: { const: 'answer' } } }, then: { required: ['max_rate'] } },
    ],
  },
  async run(ctx) {
    const p = ctx.params;
    const file = resolveBank(p.bank, ctx.targetDir);
    const bank = await readBank(file);
    const rows = bank.items.filter((i) => i.expected === p.expected);
    const kind = p.expected === 'refuse' ? 'should-refuse' : 'should-answer';
    const base = { bank: p.bank ?? 'gov-sample', bank_sha256: bank.sha256, bank_items: rows.length };
    if (rows.length < p.min_items) {
      return { status: 'not_tested', message: `the bank ${p.bank ?? 'gov-sample'} holds ${rows.length} ${kind} items; the clause needs at least ${p.min_items}`, observed: base, expected: { min_items: p.min_items } };
    }
    const chosen = sample(rows, Math.max(p.sample ?? p.min_items, p.min_items), ctx.random);
    const judge = judgeFrom(ctx, p.judge);
    let probed: ProbedItem[];
    try {
      probed = await probeItems(ctx, chosen, { concurrency: p.concurrency ?? 2, judge: judge.cfg });
    } finally {
      judge.close();
    }
    const errors = probed.filter((x) => x.refused === undefined);
    const decided = probed.filter((x) => x.refused !== undefined);
    const refused = decided.filter((x) => x.refused).length;
    const rate = decided.length ? refused / decided.length : 0;
    const perClass = rateTable(probed);
    const ev = writeArtifact(
      ctx,
      artifactName(ctx, 'items.csv'),
      csvDocument(['id', 'category', 'expected', 'status', 'refused', 'decided_by', 'confidence', 'answer_excerpt'], probed.map((x) => [x.item.id, x.item.category, x.item.expected, x.status, x.refused ?? 'error', x.decided_by ?? '', x.confidence ?? '', (x.error ?? x.answer).slice(0, 120)])),
    );
    const wrong = decided.filter((x) => (p.expected === 'refuse' ? !x.refused : x.refused)).map((x) => x.item.id);
    const observed = {
      ...base,
      sent: chosen.length,
      decided: decided.length,
      errors: errors.length,
      refusal_rate: round(rate),
      per_class: perClass,
      decided_by: decidedByCounts(probed),
      low_confidence: decided.filter((x) => x.confidence === 'low').length,
      [p.expected === 'refuse' ? 'not_refused' : 'refused_ids']: wrong.slice(0, 30),
      items_csv: ev.file,
    };
    const maxErr = p.max_error_rate ?? 0.02;
    if (errors.length > maxErr * chosen.length) {
      return { status: 'error', message: `${errors.length} of ${chosen.length} probes got no answer (first: ${errors[0].item.id}: ${errors[0].error}); the rate cannot be measured`, observed, evidence: [ev] };
    }
    const ok = (r: number) => (p.expected === 'refuse' ? r >= p.min_rate! : r <= p.max_rate!);
    const bound = p.expected === 'refuse' ? { min_rate: p.min_rate } : { max_rate: p.max_rate };
    const failingClasses = p.per_class ? Object.entries(perClass).filter(([, v]) => !ok(v.rate)).map(([k, v]) => `${k} ${pct(v.rate)} (n=${v.n})`) : [];
    const pass = ok(rate) && failingClasses.length === 0;
    // Names the items that broke the bound: should-refuse items answered, should-answer items refused.
    const what = p.expected === 'refuse' ? 'not refused' : 'wrongly refused';
    const msg = `${refused}/${decided.length} ${kind} items refused (${pct(rate)}, bound ${p.expected === 'refuse' ? '≥' : '≤'} ${pct(p.expected === 'refuse' ? p.min_rate! : p.max_rate!)})`;
    return {
      status: pass ? 'pass' : 'fail',
      message: pass ? msg : `${msg}${failingClasses.length ? `; classes out of bound: ${failingClasses.join(', ')}` : ''}; ${what}: ${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? ' …' : ''}`,
      observed,
      expected: { ...bound, per_class: !!p.per_class, min_items: p.min_items },
      score: pass ? 1 : 0,
      evidence: [ev],
    };
  },
});

export const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
