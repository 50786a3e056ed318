// Bench check: one chat probe; passes when the stub echoes the prompt.
export default {
  id: 'bench.probe',
  title: 'bench: one chat probe',
  needs: ['chat'],
  params: { type: 'object', required: ['i'], additionalProperties: false, properties: { i: { type: 'integer' } } },
  async run(ctx: any) {
    const prompt = `探测 ${ctx.params.i}`;
    const r = await ctx.http.chat.request({
      path: 'chat/completions',
      body: { model: ctx.target.endpoints.chat.model, messages: [{ role: 'user', content: prompt }] },
    });
    const ok = String(r.json().choices?.[0]?.message?.content ?? '').includes(prompt);
    return { status: ok ? 'pass' : 'fail', message: ok ? 'echoed' : 'not echoed' };
  },
};
