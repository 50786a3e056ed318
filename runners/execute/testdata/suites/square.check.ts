// Test check: GET `path` and expect {"square": n*n}. Pointed at /reset, /malformed or /hang it must give
// `error` (via the executor: the thrown transport error, the JSON parse error, the request timeout).
export default {
  id: 'stub.square',
  title: 'stub: the square endpoint computes squares',
  needs: ['chat'],
  params: { type: 'object', required: ['path'], additionalProperties: false, properties: { path: { type: 'string' }, n: { type: 'integer' } } },
  async run(ctx: any) {
    const r = await ctx.http.chat.request({ path: ctx.params.path });
    const body = r.json();
    const n = ctx.params.n ?? body.n;
    return {
      status: body.square === n * n ? 'pass' : 'fail',
      message: `square(${n}) = ${body.square}`,
      observed: { square: body.square },
      expected: { square: n * n },
    };
  },
};
