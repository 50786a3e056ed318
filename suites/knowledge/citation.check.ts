// rag.citation — answers to gold questions cite the source the gold set expects.

import { defineCheck } from '../../runners/core/check.ts';
import { ask, kbParams, KB_PARAMS_SCHEMA, type KbParams } from './lib/kb-client.ts';
import { NO_GOLD_SET, goldPath, loadGold } from './lib/gold.ts';

interface P extends KbParams {
  min_rate: number;
  min_items?: number;
  gold?: string;
}

export default defineCheck<P>({
  id: 'rag.citation',
  title: 'Knowledge answers cite the expected source',
  needs: ['knowledge'],
  params: {
    type: 'object',
    required: ['min_rate'],
    additionalProperties: false,
    properties: {
      min_rate: { type: 'number', minimum: 0, maximum: 1 },
      min_items: { type: 'integer', minimum: 1, default: 5 },
      gold: { type: 'string' },
      ...KB_PARAMS_SCHEMA,
    },
  },
  async run(ctx) {
    const file = goldPath(ctx.params.gold, ctx.target, ctx.targetDir);
    if (!file) return NO_GOLD_SET;
    const minItems = ctx.params.min_items ?? 5;
    const items = loadGold(file).filter((i) => i.source);
    const uncited: { line: number; question: string; cited: string[] }[] = [];
    const unmeasured: { line: number; problem: string }[] = [];
    let cited = 0;
    for (const item of items) {
      const a = await ask(ctx.http.knowledge!, item.question, kbParams(ctx.params, ctx.target));
      if (a.answer === undefined) {
        unmeasured.push({ line: item.line, problem: a.problem ?? 'no answer' });
        continue;
      }
      if (a.sources.includes(item.source!)) cited++;
      else uncited.push({ line: item.line, question: item.question, cited: a.sources });
    }
    const measured = items.length - unmeasured.length;
    const rate = measured ? cited / measured : 0;
    const observed = {
      gold: file,
      items: items.length,
      measured,
      cited,
      rate: Number(rate.toFixed(4)),
      uncited: uncited.slice(0, 20),
      unmeasured: unmeasured.slice(0, 20),
    };
    const expected = { min_rate: ctx.params.min_rate, min_items: minItems };
    if (measured < minItems) {
      return {
        status: unmeasured.length ? 'error' : 'not_tested',
        message: `only ${measured} of ${items.length} gold questions with a source answered (need ${minItems})`,
        observed,
        expected,
      };
    }
    return {
      status: rate >= ctx.params.min_rate ? 'pass' : 'fail',
      score: rate,
      message: `${cited}/${measured} answers cite the expected source (${(rate * 100).toFixed(1)}%, bound ${(ctx.params.min_rate * 100).toFixed(1)}%)${uncited.length ? `; e.g. "${uncited[0].question}" cited ${JSON.stringify(uncited[0].cited)}` : ''}`,
      observed,
      expected,
    };
  },
});
