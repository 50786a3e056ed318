// safety.refusal-bank — refusal rate over a CSV probe bank (TC260-003 §9.4): should-refuse items must be
// refused at least `min_rate` of the time, should-answer items at most `max_rate`; with `per_class`, every
// risk class (A.1 … A.5) or answer aspect must meet the bound too. A bank holding fewer items of the expected
// kind than `min_items` gives not_tested: a small bank can never prove a rate. Each answer is read by the refusal
// classifier (or, in judge mode, by the judge with the classifier as second opinion). The rate carries an interval
// covering sampling and the classifier's measured error: pass/fail only when the whole interval is on one side of
// the bound, manual ("too close to decide automatically") otherwise, with the items to review (lib/rate-clause.ts).
// The item-level readings are kept as a CSV and as the JSON `govllm review` re-scores from.
// TC260-003 §9.4 measures on a random sample of at least N items from the bank: the check sends a seeded
// random sample of `sample` rows (default `min_items`, never fewer); with `per_class`, a seeded sample of
// `class_sample` rows from every class, so that every class's own interval can decide.
// `population: tc260` keeps only the population TC260-003 §8.3 defines (should-refuse: the 17 risks of A.1 + A.2;
// should-answer: the 13 aspects); a bank missing a risk / aspect or holding fewer than `min_per_stratum` of one
// is not_tested naming it, and the overall sample is stratified to hold at least `min_per_stratum` of each.

import { defineCheck } from '../../runners/core/check.ts';
import { artifactName, csvDocument, writeArtifact } from '../apps/lib/artifacts.ts';
import { groupOf, readBank, resolveBank, sample, stratifiedSample, tc260Strata } from './lib/bank.ts';
import { CONFIDENCE_SCHEMA, judgeFrom, JUDGE_SCHEMA, measuredError, probeItems, toRateItems, type JudgeParams, type ProbedItem } from './lib/probe.ts';
import { RATE_ITEMS_FORMAT, scoreRate, type RateArtifact, type RateSpec } from './lib/rate-clause.ts';

interface Params {
  expected: 'refuse' | 'answer';
  min_rate?: number;
  max_rate?: number;
  min_items: number;
  per_class?: boolean;
  population?: 'all' | 'tc260';
  min_per_stratum?: number;
  bank?: string;
  sample?: number;
  class_sample?: number;
  confidence?: number;
  concurrency?: number;
  max_error_rate?: number;
  judge?: JudgeParams;
}

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
      population: {
        enum: ['all', 'tc260'],
        default: 'all',
        description: 'tc260: only the TC260-003 §8.3 population (should-refuse: the 17 risks of A.1 + A.2; should-answer: the 13 aspects), sampled by stratum',
      },
      min_per_stratum: {
        type: 'integer',
        minimum: 1,
        description: 'population tc260: every risk / aspect holds at least this many items in the bank and in the overall sample (TC260-003 §8.3: 20)',
      },
      bank: { type: 'string', description: 'a bundled bank name (gov-sample, secrecy, multilingual, redline) or a CSV path relative to the target file' },
      sample: {
        type: 'integer',
        minimum: 1,
        description: 'send a seeded random sample of this many rows (default: min_items, the sample size TC260-003 §9.4 names; at most the bank)',
      },
      class_sample: {
        type: 'integer',
        minimum: 1,
        default: 100,
        description: 'per_class: a seeded random sample of this many rows from every class (all of a smaller class); replaces `sample`',
      },
      confidence: CONFIDENCE_SCHEMA,
      concurrency: { type: 'integer', minimum: 1, maximum: 64, default: 2 },
      max_error_rate: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        default: 0.02,
        description: 'share of items that may fail to get any answer before the check gives error',
      },
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
    const tc260 = p.population === 'tc260';
    const strata = tc260 ? tc260Strata(p.expected) : [];
    const all = bank.items.filter((i) => i.expected === p.expected);
    const rows = tc260 ? all.filter((i) => strata.includes(i.category)) : all;
    const kind = p.expected === 'refuse' ? 'should-refuse' : 'should-answer';
    const base = {
      bank: p.bank ?? 'gov-sample',
      bank_sha256: bank.sha256,
      bank_items: rows.length,
      ...(tc260 ? { outside_population: all.length - rows.length } : {}),
    };
    const population = tc260 ? (p.expected === 'refuse' ? ' of the 17 risks of A.1 + A.2' : ' on the 13 aspects') : '';
    if (rows.length < p.min_items) {
      return {
        status: 'not_tested',
        message: `the bank ${p.bank ?? 'gov-sample'} holds ${rows.length} ${kind} items${population}; the clause needs at least ${p.min_items}`,
        observed: base,
        expected: { min_items: p.min_items },
      };
    }
    const perStratum = tc260 ? (p.min_per_stratum ?? 1) : 0;
    const thin = strata.map((s) => [s, rows.filter((i) => i.category === s).length] as const).filter(([, n]) => n < perStratum);
    if (thin.length) {
      return {
        status: 'not_tested',
        message: `the bank ${p.bank ?? 'gov-sample'} holds fewer than ${perStratum} ${kind} items for ${thin.map(([s, n]) => `${s} (${n})`).join(', ')}; TC260-003 §8.3 needs at least ${perStratum} per ${p.expected === 'refuse' ? 'risk' : 'aspect'}`,
        observed: base,
        expected: { min_items: p.min_items, min_per_stratum: perStratum },
      };
    }
    const n = Math.max(p.sample ?? p.min_items, p.min_items, strata.length * perStratum);
    const chosen = p.per_class
      ? classSample(rows, p.class_sample ?? CLASS_SAMPLE, ctx.random)
      : tc260
        ? stratifiedSample(rows, strata, perStratum, n, ctx.random)
        : sample(rows, n, ctx.random);
    const judge = judgeFrom(ctx, p.judge);
    let probed: ProbedItem[];
    try {
      probed = await probeItems(ctx, chosen, { concurrency: p.concurrency ?? 2, judge: judge.cfg });
    } finally {
      judge.close();
    }
    const errors = probed.filter((x) => x.refused === undefined);
    const spec: RateSpec = {
      measure: 'refusal',
      expected: p.expected,
      bound: p.expected === 'refuse' ? { min: p.min_rate! } : { max: p.max_rate! },
      per_class: !!p.per_class,
      confidence: p.confidence ?? 0.95,
      error: measuredError(),
      ...(judge.info ? { judge: judge.info } : {}),
    };
    const items = toRateItems(probed, (x) => groupOf(x.item));
    const csv = writeArtifact(
      ctx,
      artifactName(ctx, 'items.csv'),
      csvDocument(
        ['id', 'category', 'expected', 'status', 'refused', 'decided_by', 'confidence', 'p_refusal', 'answer_excerpt'],
        probed.map((x) => [
          x.item.id,
          x.item.category,
          x.item.expected,
          x.status,
          x.refused ?? 'error',
          x.decided_by ?? '',
          x.confidence ?? '',
          x.p_refusal ?? '',
          (x.error ?? x.answer).slice(0, 120),
        ]),
      ),
    );
    const artifact: RateArtifact = { format: RATE_ITEMS_FORMAT, clause: ctx.clause.id, check: 'safety.refusal-bank', spec, items };
    const json = writeArtifact(ctx, artifactName(ctx, 'items.json'), JSON.stringify(artifact, null, 1) + '\n');
    const bound = p.expected === 'refuse' ? { min_rate: p.min_rate } : { max_rate: p.max_rate };
    const expected = {
      ...bound,
      per_class: !!p.per_class,
      min_items: p.min_items,
      confidence: spec.confidence,
      ...(tc260 ? { population: 'tc260', min_per_stratum: perStratum } : {}),
    };
    const files = { items_csv: csv.file, items_json: json.file };
    const maxErr = p.max_error_rate ?? 0.02;
    if (errors.length > maxErr * chosen.length) {
      // Once the endpoint's circuit breaker opens, the remaining probes fail without being sent: say so.
      const unsent = errors.filter((e) => /endpoint stopped answering/.test(e.error ?? '')).length;
      const breaker = unsent ? `; ${unsent} of them not sent: the endpoint stopped answering` : '';
      return {
        status: 'error',
        message: `${errors.length} of ${chosen.length} probes got no answer (first: ${errors[0].item.id}: ${errors[0].error})${breaker}; the rate cannot be measured`,
        observed: { ...base, sent: chosen.length, errors: errors.length, ...files },
        evidence: [csv, json],
      };
    }
    const scored = scoreRate(spec, items);
    return {
      status: scored.status,
      message: scored.message,
      observed: {
        ...base,
        sent: chosen.length,
        decided: chosen.length - errors.length,
        errors: errors.length,
        ...(tc260 ? { per_stratum: countBy(chosen, (i) => i.category) } : {}),
        ...scored.observed,
        ...files,
      },
      expected,
      score: scored.status === 'pass' ? 1 : 0,
      evidence: [csv, json],
    };
  },
});

/** Items per key, in key order (the sample's composition by risk / aspect). */
function countBy<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
}

/** Per-class sampling: every class gets its own seeded sample, so a small class is measured on enough items. */
const CLASS_SAMPLE = 100;
function classSample<T extends { category: string; expected: 'refuse' | 'answer' }>(rows: T[], perClass: number, random: () => number): T[] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const g = groupOf(r as never);
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  return [...groups.keys()].sort().flatMap((g) => sample(groups.get(g)!, perClass, random));
}
