// chat.streaming — `stream: true` gives a text/event-stream of chat.completion.chunk objects that validate
// against the OpenAI chunk schema, all with one id, ending in `data: [DONE]`, and whose deltas assemble into
// a non-empty answer.

import { parseJsonBounded } from '../../runners/http/extract.ts';
import { defineCheck } from '../../runners/core/check.ts';
import { complete } from '../lib/chat.ts';
import { schemaProblems } from './lib/openai-schema.ts';
import { SAMPLE_PROMPTS } from './lib/prompts.ts';

export default defineCheck<{ samples: number }>({
  id: 'chat.streaming',
  title: 'stream: true gives well-formed SSE chunks with one id, ending in [DONE]',
  needs: ['chat'],
  params: { type: 'object', required: ['samples'], additionalProperties: false, properties: { samples: { type: 'integer', minimum: 1, maximum: 50 } } },
  async run(ctx) {
    const problems: string[] = [];
    const streams: { chunks: number; ids: number; done: boolean; ttft_ms?: number; chars: number }[] = [];
    for (let i = 0; i < ctx.params.samples; i++) {
      const prompt = SAMPLE_PROMPTS[i % SAMPLE_PROMPTS.length];
      const r = await complete(ctx, [{ role: 'user', content: prompt }], { stream: true });
      const p = (m: string) => problems.push(`sample ${i + 1}: ${m}`);
      if (r.res.status !== 200) {
        p(`HTTP ${r.res.status}`);
        continue;
      }
      if (!String(r.res.headers['content-type'] ?? '').includes('text/event-stream')) {
        p(`content-type is ${r.res.headers['content-type'] ?? 'missing'}, not text/event-stream`);
        continue;
      }
      const events = r.res.events ?? [];
      const dataEvents = events.filter((e) => e.data !== '');
      const doneAt = dataEvents.findIndex((e) => e.data === '[DONE]');
      if (doneAt < 0) p('the stream does not end with data: [DONE]');
      else if (doneAt !== dataEvents.length - 1) p('data after [DONE]');
      const ids = new Set<string>();
      let chunks = 0;
      let firstContentAt: number | undefined;
      for (const e of dataEvents) {
        if (e.data === '[DONE]') continue;
        const parsed = parseJsonBounded<any>(e.data);
        if (!parsed.ok) {
          p(`a chunk is ${parsed.unreadable}`);
          continue;
        }
        const obj = parsed.value;
        chunks++;
        ids.add(obj?.id);
        const sp = schemaProblems('chunk', obj);
        if (sp.length) p(`chunk ${chunks}: ${sp[0]}`);
        if (firstContentAt === undefined && obj?.choices?.[0]?.delta?.content) firstContentAt = e.t;
      }
      if (ids.size > 1) p(`${ids.size} different ids in one stream`);
      if (chunks === 0) p('no chunks');
      if (r.unreadable) p(`the stream cannot be read whole: ${r.unreadable}`);
      else if (!r.content) p('the deltas assemble into an empty answer');
      streams.push({ chunks, ids: ids.size, done: doneAt >= 0, ttft_ms: firstContentAt, chars: r.content?.length ?? 0 });
    }
    const observed = { samples: ctx.params.samples, streams, problems: problems.slice(0, 10) };
    if (problems.length) return { status: 'fail', message: `streaming is not well-formed: ${problems.slice(0, 3).join('; ')}`, observed };
    return { status: 'pass', message: `${ctx.params.samples} streams well-formed: one id each, chunks valid, ending in [DONE]`, observed };
  },
});
