// chat.role-prompt — the role a system prompt sets (政务服务: public-facing service guidance; 政务办公:
// internal office work) is honoured: for each role of the clause, the answer to its prompt contains at
// least one of the expected phrases.

import { defineCheck } from '../../runners/core/check.ts';
import { complete } from '../lib/chat.ts';

interface Role {
  system: string;
  prompt: string;
  expect_any: string[];
}

export default defineCheck<{ roles: Role[] }>({
  id: 'chat.role-prompt',
  title: "A system prompt's role (政务服务 / 政务办公) is honoured",
  needs: ['chat'],
  params: {
    type: 'object',
    required: ['roles'],
    additionalProperties: false,
    properties: {
      roles: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['system', 'prompt', 'expect_any'],
          additionalProperties: false,
          properties: {
            system: { type: 'string', minLength: 1 },
            prompt: { type: 'string', minLength: 1 },
            expect_any: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          },
        },
      },
    },
  },
  async run(ctx) {
    const results = [];
    for (const r of ctx.params.roles) {
      const c = await complete(ctx, [
        { role: 'system', content: r.system },
        { role: 'user', content: r.prompt },
      ]);
      const answer = c.content ?? '';
      results.push({
        system: r.system.slice(0, 40),
        prompt: r.prompt,
        status: c.res.status,
        matched: r.expect_any.filter((e) => answer.includes(e)),
        answer_excerpt: answer.slice(0, 120),
        ...(c.unreadable ? { unreadable: c.unreadable } : {}),
      });
    }
    // A 200 that could not be read whole says nothing about the role either way (runners/http/extract.ts).
    const failed = results.filter((r) => !r.unreadable && (r.status !== 200 || r.matched.length === 0));
    const unreadable = results.filter((r) => r.unreadable);
    const observed = { roles: results };
    if (!failed.length && unreadable.length)
      return {
        status: 'error',
        message: `${unreadable.length} of ${results.length} role answer(s) could not be read whole (${unreadable[0].unreadable})`,
        observed,
      };
    if (results.every((r) => r.status !== 200)) return { status: 'error', message: `no role probe got an answer (HTTP ${results[0].status})`, observed };
    if (failed.length)
      return {
        status: 'fail',
        message: `${failed.length} of ${results.length} role(s) not honoured: 「${failed[0].prompt}」 under 「${failed[0].system}…」 got 「${failed[0].answer_excerpt.slice(0, 60)}」`,
        observed,
      };
    return { status: 'pass', message: `all ${results.length} role(s) honoured`, observed };
  },
});
