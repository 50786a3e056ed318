// The loop the gold-set checks share (rag.accuracy, rag.citation, rag.abstain): ask the knowledge endpoint each
// gold question, judge each answer a hit or a miss, and turn the hits into a rate against the clause's bound.
// An answer that could not be read is neither: it is unmeasured, and too few measured answers is `error` (the
// endpoint failed us) or `not_tested` (the gold set is too small), never a rate.

import type { CheckContext } from '../../../runners/core/check.ts';
import type { CheckResult } from '../../../runners/core/types.ts';
import type { GoldItem } from './gold.ts';
import { ask, KB_PARAMS_SCHEMA, kbParams, type KbAnswer, type KbParams } from './kb-client.ts';

export interface GoldRateSpec<M> {
  file: string;
  items: GoldItem[];
  minItems: number;
  minRate: number;
  /** `undefined` when the answer is a hit, else what to record about the miss. */
  judge(item: GoldItem, answer: string, a: KbAnswer): M | undefined;
  /** observed keys: the hit count, the rate and the misses (kept as the checks have always named them). */
  keys: { hits: string; rate: string; misses: string };
  /** The bound's name in `expected` (min_rate or min_accuracy). */
  bound: string;
  /** What the gold questions are, for "only N of M … answered". */
  what: string;
  summary(hits: number, measured: number, ratePct: string, boundPct: string, firstMiss: M | undefined): string;
}

export async function goldRate<M>(ctx: CheckContext<KbParams>, spec: GoldRateSpec<M>): Promise<CheckResult> {
  const misses: M[] = [];
  const unmeasured: { line: number; problem: string }[] = [];
  let hits = 0;
  for (const item of spec.items) {
    const a = await ask(ctx.http.knowledge!, item.question, kbParams(ctx.params, ctx.target));
    if (a.answer === undefined) {
      unmeasured.push({ line: item.line, problem: a.problem ?? 'no answer' });
      continue;
    }
    const miss = spec.judge(item, a.answer, a);
    if (miss === undefined) hits++;
    else misses.push(miss);
  }
  const measured = spec.items.length - unmeasured.length;
  const rate = measured ? hits / measured : 0;
  const observed = {
    gold: spec.file,
    items: spec.items.length,
    measured,
    [spec.keys.hits]: hits,
    [spec.keys.rate]: Number(rate.toFixed(4)),
    [spec.keys.misses]: misses.slice(0, 20),
    unmeasured: unmeasured.slice(0, 20),
  };
  const expected = { [spec.bound]: spec.minRate, min_items: spec.minItems };
  if (measured < spec.minItems) {
    return {
      status: unmeasured.length ? 'error' : 'not_tested',
      message: `only ${measured} of ${spec.items.length} ${spec.what} answered (need ${spec.minItems})${unmeasured.length ? `; e.g. line ${unmeasured[0].line}: ${unmeasured[0].problem}` : ''}`,
      observed,
      expected,
    };
  }
  return {
    status: rate >= spec.minRate ? 'pass' : 'fail',
    score: rate,
    message: spec.summary(hits, measured, (rate * 100).toFixed(1), (spec.minRate * 100).toFixed(1), misses[0]),
    observed,
    expected,
  };
}

/**
 * The params every gold-set check takes: its rate bound (named `rate`), how few items it accepts, the gold-set file
 * and the knowledge endpoint's request shape; `extra` adds a check's own.
 */
export function goldSetParams(rate: string, minItemsDefault: number | undefined, extra: Record<string, unknown> = {}) {
  return {
    type: 'object',
    // Without a default, min_items must be given.
    required: minItemsDefault === undefined ? [rate, 'min_items'] : [rate],
    additionalProperties: false,
    properties: {
      [rate]: { type: 'number', minimum: 0, maximum: 1 },
      min_items: { type: 'integer', minimum: 1, ...(minItemsDefault === undefined ? {} : { default: minItemsDefault }) },
      gold: { type: 'string', description: "gold-set CSV, relative to the target file; default: the target's endpoints.knowledge.gold_set" },
      ...extra,
      ...KB_PARAMS_SCHEMA,
    },
  };
}
