// chat.models — GET /v1/models lists every model the target declares (`declared.models`), in the OpenAI
// list shape, and includes the model the target's chat endpoint uses.

import { excerpt } from '../../runners/http/extract.ts';
import { chatModels } from '../../runners/core/target.ts';
import { defineCheck } from '../../runners/core/check.ts';

export default defineCheck<Record<string, never>>({
  id: 'chat.models',
  title: '/v1/models lists the declared models',
  needs: ['chat'],
  async run(ctx) {
    const res = await ctx.http.chat!.request({ method: 'GET', path: 'models' });
    if (res.status !== 200) return { status: 'fail', message: `GET models answered ${res.status}`, observed: { status: res.status } };
    let body: any;
    try {
      body = res.json();
    } catch (e) {
      return { status: 'fail', message: (e as Error).message };
    }
    if (!Array.isArray(body?.data)) return { status: 'fail', message: 'the model list has no "data" array', observed: { body: excerpt(res.text, 200) } };
    const listed: string[] = body.data.map((m: any) => m?.id).filter((x: unknown) => typeof x === 'string');
    const declared = [...new Set([...(ctx.target.declared?.models ?? []), ...chatModels(ctx.target).map((m) => m.id)])];
    const missing = declared.filter((m) => !listed.includes(m));
    const observed = { listed, declared };
    if (missing.length) return { status: 'fail', message: `declared model(s) not listed: ${missing.join(', ')}`, observed };
    return { status: 'pass', message: `all ${declared.length} declared models are listed`, observed };
  },
});
