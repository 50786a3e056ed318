// chat.schema — chat-completion responses validate against the OpenAI schema kept in the project.

import { defineCheck } from '../../runners/core/check.ts';
import { SAMPLE_PROMPTS } from './lib/prompts.ts';
import { complete } from '../lib/chat.ts';
import { schemaProblems } from './lib/openai-schema.ts';

export default defineCheck<{ samples: number }>({
  id: 'chat.schema',
  title: 'Chat-completion responses validate against the OpenAI schema',
  needs: ['chat'],
  params: { type: 'object', required: ['samples'], additionalProperties: false, properties: { samples: { type: 'integer', minimum: 1, maximum: 50 } } },
  async run(ctx) {
    const bad: { prompt: string; status: number; problems: string[] }[] = [];
    for (let i = 0; i < ctx.params.samples; i++) {
      const prompt = SAMPLE_PROMPTS[i % SAMPLE_PROMPTS.length];
      const r = await complete(ctx, [{ role: 'user', content: prompt }]);
      if (r.res.status !== 200) {
        bad.push({ prompt, status: r.res.status, problems: [`HTTP ${r.res.status}`] });
        continue;
      }
      let body: unknown;
      try {
        body = r.res.json();
      } catch (e) {
        bad.push({ prompt, status: 200, problems: [(e as Error).message] });
        continue;
      }
      const problems = schemaProblems('response', body);
      if (problems.length) bad.push({ prompt, status: 200, problems });
    }
    const observed = { samples: ctx.params.samples, invalid: bad.length, problems: bad.slice(0, 5) };
    if (bad.length)
      return { status: 'fail', message: `${bad.length} of ${ctx.params.samples} responses do not validate: ${bad[0].problems.join('; ')}`, observed };
    return { status: 'pass', message: `${ctx.params.samples} responses validate against CreateChatCompletionResponse`, observed };
  },
});
