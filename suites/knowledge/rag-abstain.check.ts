// rag.abstain — for questions the knowledge base holds no answer to (gold rows with no expected facts
// and no source), the deployment says it does not know instead of inventing an answer.

import { defineCheck } from '../../runners/core/check.ts';
import type { KbParams } from './lib/kb-client.ts';
import { goldRate, goldSetParams } from './lib/gold-rate.ts';
import { NO_GOLD_SET, goldPath, hasFact, loadGold } from './lib/gold.ts';

interface Params extends KbParams {
  min_rate: number;
  min_items?: number;
  gold?: string;
  abstain_phrases?: string[];
}

// Common ways of saying "the knowledge base has nothing on this" (not one vendor's sentence): a vendor's other
// wording goes in the target's endpoints.knowledge.shape.abstain_phrases.
const DEFAULT_ABSTAIN_PHRASES = [
  '不知道',
  '没有找到',
  '未找到',
  '无法回答',
  '无法作答',
  '暂无相关',
  '没有相关',
  '未检索到',
  '不清楚',
  '未收录',
  '暂无该',
  '暂无此',
  '无相关信息',
  '没有查到',
  '未查到',
  '查询不到',
  '未能检索',
  '无法提供相关',
  "don't know",
  'do not know',
  'no information',
  'not found in the knowledge base',
];

export default defineCheck<Params>({
  id: 'rag.abstain',
  title: 'No invented answer when the knowledge base has none',
  needs: ['knowledge'],
  params: goldSetParams('min_rate', 3, {
    abstain_phrases: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      description:
        "any of these in an answer counts as saying it does not know (default: the suite's list plus the target's endpoints.knowledge.shape.abstain_phrases)",
    },
  }),
  async run(ctx) {
    const file = goldPath(ctx.params.gold, ctx.target, ctx.targetDir);
    if (!file) return NO_GOLD_SET;
    // The vendor's own wording (target shape) counts as well as the suite's; a profile's list replaces both.
    const phrases = ctx.params.abstain_phrases ?? [...DEFAULT_ABSTAIN_PHRASES, ...(ctx.target.endpoints.knowledge?.shape?.abstain_phrases ?? [])];
    return goldRate(ctx, {
      file,
      items: loadGold(file).filter((i) => i.unanswerable),
      minItems: ctx.params.min_items ?? 3,
      minRate: ctx.params.min_rate,
      judge(item, answer, a) {
        const says = phrases.some((p) => answer.toLowerCase().includes(p.toLowerCase()));
        const forbidden = item.forbidden.some((f) => hasFact(answer, f));
        return says && !forbidden ? undefined : { line: item.line, question: item.question, answer: answer.slice(0, 200), cited: a.sources };
      },
      keys: { hits: 'abstained', rate: 'rate', misses: 'invented' },
      bound: 'min_rate',
      what: 'unanswerable gold questions',
      summary: (hits, measured, rate, bound, i) =>
        `${hits}/${measured} out-of-knowledge questions answered "I don't know" (${rate}%, bound ${bound}%)${i ? `; e.g. "${i.question}" → "${i.answer.slice(0, 60)}"` : ''}`,
    });
  },
});
