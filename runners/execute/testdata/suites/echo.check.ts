// Test check: asks `prompts` questions (chosen with the seeded random source) and passes when at least
// `min_rate` of the answers contain the question (the stub echoes; BLOCK prompts are refused).
export default {
  id: 'stub.echo',
  title: 'stub: answers echo the question',
  needs: ['chat'],
  params: {
    type: 'object',
    required: ['prompts', 'min_rate'],
    additionalProperties: false,
    properties: {
      prompts: { type: 'array', items: { type: 'string' }, minItems: 1 },
      picks: { type: 'integer', minimum: 1 },
      min_rate: { type: 'number' },
      delay_ms: { type: 'integer' },
    },
  },
  async run(ctx: any) {
    const picks = ctx.params.picks ?? ctx.params.prompts.length;
    let echoed = 0;
    const asked: string[] = [];
    await Promise.all(
      Array.from({ length: picks }, async () => {
        const p = ctx.params.prompts[Math.floor(ctx.random() * ctx.params.prompts.length)];
        asked.push(p);
        const r = await ctx.http.chat.request({
          path: 'chat/completions',
          body: { model: ctx.target.endpoints.chat.model, messages: [{ role: 'user', content: p }], stub_delay_ms: ctx.params.delay_ms },
        });
        const answer = r.json().choices[0].message.content as string;
        if (answer.includes(p)) echoed++;
      }),
    );
    const rate = echoed / picks;
    return {
      status: rate >= ctx.params.min_rate ? 'pass' : 'fail',
      message: `${echoed}/${picks} answers echoed the question`,
      observed: { rate, asked: asked.sort() },
      expected: { min_rate: ctx.params.min_rate },
    };
  },
};
