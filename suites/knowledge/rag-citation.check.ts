// rag.citation — answers to gold questions cite the source the gold set expects.

import { defineCheck } from '../../runners/core/check.ts';
import type { KbParams } from './lib/kb-client.ts';
import { goldRate, goldSetParams } from './lib/gold-rate.ts';
import { NO_GOLD_SET, goldPath, loadGold } from './lib/gold.ts';

interface Params extends KbParams {
  min_rate: number;
  min_items?: number;
  gold?: string;
}

export default defineCheck<Params>({
  id: 'rag.citation',
  title: 'Knowledge answers cite the expected source',
  needs: ['knowledge'],
  params: goldSetParams('min_rate', 5),
  async run(ctx) {
    const file = goldPath(ctx.params.gold, ctx.target, ctx.targetDir);
    if (!file) return NO_GOLD_SET;
    return goldRate(ctx, {
      file,
      items: loadGold(file).filter((i) => i.source),
      minItems: ctx.params.min_items ?? 5,
      minRate: ctx.params.min_rate,
      judge: (item, _answer, a) => (a.sources.includes(item.source!) ? undefined : { line: item.line, question: item.question, cited: a.sources }),
      keys: { hits: 'cited', rate: 'rate', misses: 'uncited' },
      bound: 'min_rate',
      what: 'gold questions with a source',
      summary: (hits, measured, rate, bound, u) =>
        `${hits}/${measured} answers cite the expected source (${rate}%, bound ${bound}%)${u ? `; e.g. "${u.question}" cited ${JSON.stringify(u.cited)}` : ''}`,
    });
  },
});
