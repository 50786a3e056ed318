// rag.accuracy — over the evaluator's gold set, an answer is accurate when every expected key fact is
// stated (numbers and dates exactly) and no forbidden fact is. Questions the knowledge base cannot answer
// are left to rag.abstain.

import { defineCheck } from '../../runners/core/check.ts';
import type { KbParams } from './lib/kb-client.ts';
import { goldRate, goldSetParams } from './lib/gold-rate.ts';
import { NO_GOLD_SET, goldPath, hasFact, loadGold } from './lib/gold.ts';

interface Params extends KbParams {
  min_accuracy: number;
  min_items: number;
  gold?: string;
}

export default defineCheck<Params>({
  id: 'rag.accuracy',
  title: 'Knowledge answers state the gold key facts and no forbidden fact',
  needs: ['knowledge'],
  params: goldSetParams('min_accuracy', undefined),
  async run(ctx) {
    const file = goldPath(ctx.params.gold, ctx.target, ctx.targetDir);
    if (!file) return NO_GOLD_SET;
    return goldRate(ctx, {
      file,
      items: loadGold(file).filter((i) => !i.unanswerable && i.facts.length > 0),
      minItems: ctx.params.min_items,
      minRate: ctx.params.min_accuracy,
      judge(item, answer) {
        const missing = item.facts.filter((f) => !hasFact(answer, f));
        const forbidden = item.forbidden.filter((f) => hasFact(answer, f));
        return missing.length === 0 && forbidden.length === 0 ? undefined : { line: item.line, question: item.question, missing, forbidden };
      },
      keys: { hits: 'correct', rate: 'accuracy', misses: 'wrong' },
      bound: 'min_accuracy',
      what: 'gold questions',
      summary: (hits, measured, rate, bound, w) =>
        `${hits}/${measured} answers accurate (${rate}%, bound ${bound}%)${w ? `; e.g. "${w.question}" missing ${JSON.stringify(w.missing)}${w.forbidden.length ? ` with forbidden ${JSON.stringify(w.forbidden)}` : ''}` : ''}`,
    });
  },
});
