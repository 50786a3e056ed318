// label.api-implicit — API responses carry the implicit AI-generated marker (标识办法 第五条; GB 45438
// 附录E names its elements Label, ContentProducer, ProduceID…). `marker_field` says where: a dotted path into
// the completion JSON (checked in plain responses and in the chunks of a stream), or `header:<name>`.

import { defineCheck } from '../../runners/core/check.ts';
import { complete } from './lib/chat.ts';

interface Params {
  marker_field: string;
  samples?: number;
}

export function getPath(obj: unknown, dotted: string): unknown {
  let cur: any = obj;
  for (const k of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[k];
  }
  return cur;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '' && !(typeof v === 'object' && Object.keys(v as object).length === 0);

export default defineCheck<Params>({
  id: 'label.api-implicit',
  title: 'API responses carry the implicit AI-generated marker',
  needs: ['chat'],
  params: {
    type: 'object',
    required: ['marker_field'],
    additionalProperties: false,
    properties: {
      marker_field: { type: 'string', minLength: 1, description: 'dotted JSON path (e.g. aigc or aigc.Label) or header:<name>' },
      samples: { type: 'integer', minimum: 1, maximum: 20, default: 2, description: 'plain and streamed requests each' },
    },
  },
  async run(ctx) {
    const field = ctx.params.marker_field;
    const header = field.startsWith('header:') ? field.slice(7).toLowerCase() : undefined;
    const n = ctx.params.samples ?? 2;
    const prompts = ['身份证丢了怎么补办？', '公积金租房怎么提取？', '营业执照怎么办理？', '社保卡怎么申领？'];
    const seen: { mode: string; status: number; marker?: unknown; unreadable?: string }[] = [];
    for (let i = 0; i < n; i++) {
      for (const stream of [false, true]) {
        const r = await complete(ctx, [{ role: 'user', content: prompts[i % prompts.length] }], { stream });
        let marker: unknown;
        if (r.res.status === 200 && !r.unreadable) {
          if (header) marker = r.res.headers[header];
          else if (stream) {
            for (const e of r.res.events ?? []) {
              if (e.data === '[DONE]') continue;
              try {
                const v = getPath(JSON.parse(e.data), field);
                if (present(v)) {
                  marker = v;
                  break;
                }
              } catch {
                /* malformed chunk: chat.streaming reports it */
              }
            }
          } else marker = r.body ? getPath(r.body, field) : undefined;
        }
        seen.push({ mode: stream ? 'stream' : 'json', status: r.res.status, marker, ...(r.unreadable ? { unreadable: r.unreadable } : {}) });
      }
    }
    // Only answers read whole are evidence (runners/http/extract.ts); an unreadable 200 is neither labelled nor not.
    const answered = seen.filter((s) => s.status === 200 && !s.unreadable);
    const unreadable = seen.filter((s) => s.unreadable);
    const missing = answered.filter((s) => !present(s.marker));
    const observed = { marker_field: field, responses: seen.length, answered: answered.length, without_marker: missing.map((s) => s.mode), example: answered.find((s) => present(s.marker))?.marker };
    if (answered.length === 0) return { status: 'error', message: 'no request got a 200 answer; the marker could not be looked for', observed };
    if (!missing.length && unreadable.length) return { status: 'error', message: `${unreadable.length} of ${seen.length} answers could not be read whole (${unreadable[0].unreadable})`, observed };
    if (missing.length) return { status: 'fail', message: `${missing.length} of ${answered.length} responses carry no "${field}" marker (${[...new Set(missing.map((s) => s.mode))].join(', ')})`, observed, expected: { marker_field: field } };
    return { status: 'pass', message: `every response (${answered.length}, plain and streamed) carries "${field}"`, observed, expected: { marker_field: field } };
  },
});
