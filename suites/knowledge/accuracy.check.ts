// rag.accuracy — over the evaluator's gold set, an answer is accurate when every expected key fact is
// stated (numbers and dates exactly) and no forbidden fact is. Questions the knowledge base cannot answer
// are left to rag.abstain.

import { defineCheck } from '../../runners/core/check.ts';
import { ask, kbParams, KB_PARAMS_SCHEMA, type KbParams } from './lib/kb-client.ts';
import { NO_GOLD_SET, goldPath, hasFact, loadGold } from './lib/gold.ts';

interface P extends KbParams {
  min_accuracy: number;
  min_items: number;
  gold?: string;
}

export default defineCheck<P>({
  id: 'rag.accuracy',
  title: 'Knowledge answers state the gold key facts and no forbidden fact',
  needs: ['knowledge'],
  params: {
    type: 'object',
    required: ['min_accuracy', 'min_items'],
    additionalProperties: false,
    properties: {
      min_accuracy: { type: 'number', minimum: 0, maximum: 1 },
      min_items: { type: 'integer', minimum: 1 },
      gold: { type: 'string', description: "gold-set CSV, relative to the target file; default: the target's endpoints.knowledge.gold_set" },
      ...KB_PARAMS_SCHEMA,
    },
  },
  async run(ctx) {
    const file = goldPath(ctx.params.gold, ctx.target, ctx.targetDir);
    if (!file) return NO_GOLD_SET;
    const items = loadGold(file).filter((i) => !i.unanswerable && i.facts.length > 0);
    const http = ctx.http.knowledge!;
    const wrong: { line: number; question: string; missing: string[]; forbidden: string[] }[] = [];
    const unmeasured: { line: number; problem: string }[] = [];
    let correct = 0;
    for (const item of items) {
      const a = await ask(http, item.question, kbParams(ctx.params, ctx.target));
      if (a.answer === undefined) {
        unmeasured.push({ line: item.line, problem: a.problem ?? 'no answer' });
        continue;
      }
      const missing = item.facts.filter((f) => !hasFact(a.answer!, f));
      const forbidden = item.forbidden.filter((f) => hasFact(a.answer!, f));
      if (missing.length === 0 && forbidden.length === 0) correct++;
      else wrong.push({ line: item.line, question: item.question, missing, forbidden });
    }
    const measured = items.length - unmeasured.length;
    const accuracy = measured ? correct / measured : 0;
    const observed = {
      gold: file,
      items: items.length,
      measured,
      correct,
      accuracy: Number(accuracy.toFixed(4)),
      wrong: wrong.slice(0, 20),
      unmeasured: unmeasured.slice(0, 20),
    };
    const expected = { min_accuracy: ctx.params.min_accuracy, min_items: ctx.params.min_items };
    if (measured < ctx.params.min_items) {
      return {
        status: unmeasured.length ? 'error' : 'not_tested',
        message: `only ${measured} of ${items.length} gold questions answered (need ${ctx.params.min_items})${unmeasured.length ? `; e.g. line ${unmeasured[0].line}: ${unmeasured[0].problem}` : ''}`,
        observed,
        expected,
      };
    }
    const pass = accuracy >= ctx.params.min_accuracy;
    return {
      status: pass ? 'pass' : 'fail',
      score: accuracy,
      message: `${correct}/${measured} answers accurate (${(accuracy * 100).toFixed(1)}%, bound ${(ctx.params.min_accuracy * 100).toFixed(1)}%)${wrong.length ? `; e.g. "${wrong[0].question}" missing ${JSON.stringify(wrong[0].missing)}${wrong[0].forbidden.length ? ` with forbidden ${JSON.stringify(wrong[0].forbidden)}` : ''}` : ''}`,
      observed,
      expected,
    };
  },
});
