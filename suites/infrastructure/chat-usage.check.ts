// chat.usage — usage fields are present and plausible: integers, total = prompt + completion, a longer
// prompt reports more prompt tokens, a non-empty answer reports completion tokens > 0, and the completion
// count is within a broad factor of the answer's length (1 token per 0.2–6 characters).

import { defineCheck } from '../../runners/core/check.ts';
import { complete } from '../lib/chat.ts';
import { SAMPLE_PROMPTS } from './lib/prompts.ts';

export default defineCheck<{ samples: number }>({
  id: 'chat.usage',
  title: 'Usage fields present and plausible',
  needs: ['chat'],
  params: { type: 'object', required: ['samples'], additionalProperties: false, properties: { samples: { type: 'integer', minimum: 1, maximum: 50 } } },
  async run(ctx) {
    const problems: string[] = [];
    const seen: { prompt_chars: number; answer_chars: number; usage: unknown }[] = [];
    const short = new Map<number, number>();
    for (let i = 0; i < ctx.params.samples; i++) {
      for (const long of [false, true]) {
        const prompt = SAMPLE_PROMPTS[i % SAMPLE_PROMPTS.length] + (long ? '（背景：' + '我在外地工作，'.repeat(30) + '）' : '');
        const r = await complete(ctx, [{ role: 'user', content: prompt }]);
        const where = `sample ${i + 1}${long ? ' (long prompt)' : ''}`;
        if (r.res.status !== 200 || !r.body) {
          problems.push(`${where}: ${r.unreadable ? `unreadable answer (${r.unreadable})` : `HTTP ${r.res.status}`}`);
          continue;
        }
        const u = r.body.usage;
        seen.push({ prompt_chars: prompt.length, answer_chars: r.content?.length ?? 0, usage: u });
        if (!u || typeof u !== 'object') {
          problems.push(`${where}: no usage object`);
          continue;
        }
        const { prompt_tokens: p, completion_tokens: c, total_tokens: t } = u;
        if (![p, c, t].every((x) => Number.isInteger(x) && x >= 0)) {
          problems.push(`${where}: usage fields are not non-negative integers (${JSON.stringify(u)})`);
          continue;
        }
        if (t !== p + c) problems.push(`${where}: total_tokens ${t} ≠ ${p} + ${c}`);
        if (p === 0) problems.push(`${where}: prompt_tokens is 0`);
        const chars = r.content?.length ?? 0;
        if (chars > 0 && c === 0) problems.push(`${where}: a ${chars}-character answer reports 0 completion tokens`);
        if (chars > 20 && (c > chars * 5 || c < chars / 6)) problems.push(`${where}: ${c} completion tokens for ${chars} characters`);
        if (!long) short.set(i, p);
        else if (short.has(i) && p <= short.get(i)!)
          problems.push(`${where}: a much longer prompt reports ${p} prompt tokens, not more than the short one's ${short.get(i)}`);
      }
    }
    const observed = { samples: seen, problems };
    if (problems.length) return { status: 'fail', message: `usage is missing or implausible: ${problems.slice(0, 3).join('; ')}`, observed };
    return { status: 'pass', message: `usage present and consistent in ${seen.length} responses`, observed };
  },
});
