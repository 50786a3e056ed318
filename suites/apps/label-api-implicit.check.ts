// label.api-implicit — API responses carry the implicit AI-generated marker (标识办法 第五条; GB 45438
// 附录E names its elements Label, ContentProducer, ProduceID…). The standard fixes no field or header, so
// the marker is, in order: where `marker_field` (profile params) or the target's `endpoints.chat.shape.label`
// says (a dotted JSON path, or `header:<name>`); else discovered by its content — in any response header or
// any JSON field at any depth (stream chunks included) that is the GB 45438 metadata (an object with Label and
// ContentProducer), is named as an AI label (aigc, ai_generated, provenance …), or whose value says the
// content is AI-generated. The answer text itself (choices[].message/delta) is never taken for the marker:
// a visible notice is the explicit label, another clause.

import { defineCheck } from '../../runners/core/check.ts';
import { complete } from '../lib/chat.ts';
import { discoverLabel, discoverLabelHeader, present } from './lib/label.ts';
import { getPath } from '../lib/json-path.ts';

interface Params {
  marker_field?: string;
  samples?: number;
}

export default defineCheck<Params>({
  id: 'label.api-implicit',
  title: 'API responses carry the implicit AI-generated marker',
  needs: ['chat'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      marker_field: {
        type: 'string',
        minLength: 1,
        description: "dotted JSON path (e.g. aigc or aigc.Label) or header:<name>; default: the target's endpoints.chat.shape.label, else discovered",
      },
      samples: { type: 'integer', minimum: 1, maximum: 20, default: 2, description: 'plain and streamed requests each' },
    },
  },
  async run(ctx) {
    const shape = ctx.target.endpoints.chat?.shape?.label;
    const field = ctx.params.marker_field ?? (shape?.header ? `header:${shape.header}` : shape?.field);
    const header = field?.startsWith('header:') ? field.slice(7).toLowerCase() : undefined;
    const where = field ?? 'discovered (any header or JSON field)';
    const n = ctx.params.samples ?? 2;
    const prompts = ['身份证丢了怎么补办？', '公积金租房怎么提取？', '营业执照怎么办理？', '社保卡怎么申领？'];
    const seen: { mode: string; status: number; marker?: unknown; at?: string; unreadable?: string }[] = [];
    for (let i = 0; i < n; i++) {
      for (const stream of [false, true]) {
        const r = await complete(ctx, [{ role: 'user', content: prompts[i % prompts.length] }], { stream });
        let marker: unknown;
        let at: string | undefined;
        if (r.res.status === 200 && !r.unreadable) {
          const bodies: unknown[] = [];
          if (stream) {
            for (const e of r.res.events ?? []) {
              if (e.data === '[DONE]') continue;
              try {
                bodies.push(JSON.parse(e.data));
              } catch {
                /* malformed chunk: chat.streaming reports it */
              }
            }
          } else if (r.body) bodies.push(r.body);
          if (header) marker = r.res.headers[header];
          else if (field) marker = bodies.map((b) => getPath(b, field)).find(present);
          else {
            const h = discoverLabelHeader(r.res.headers);
            const f = h ? undefined : bodies.map(discoverLabel).find(Boolean);
            marker = h?.value ?? f?.value;
            at = h ? `header:${h.header}` : f?.path;
          }
        }
        seen.push({
          mode: stream ? 'stream' : 'json',
          status: r.res.status,
          marker,
          ...(at ? { at } : {}),
          ...(r.unreadable ? { unreadable: r.unreadable } : {}),
        });
      }
    }
    // Only answers read whole are evidence (runners/http/extract.ts); an unreadable 200 is neither labelled nor not.
    const answered = seen.filter((s) => s.status === 200 && !s.unreadable);
    const unreadable = seen.filter((s) => s.unreadable);
    const missing = answered.filter((s) => !present(s.marker));
    const found = answered.find((s) => present(s.marker));
    const observed = {
      marker_field: where,
      found_at: found?.at ?? field,
      responses: seen.length,
      answered: answered.length,
      without_marker: missing.map((s) => s.mode),
      example: found?.marker,
    };
    const expected = { marker_field: where };
    if (answered.length === 0) return { status: 'error', message: 'no request got a 200 answer; the marker could not be looked for', observed };
    if (!missing.length && unreadable.length)
      return { status: 'error', message: `${unreadable.length} of ${seen.length} answers could not be read whole (${unreadable[0].unreadable})`, observed };
    if (missing.length) {
      const hint = field
        ? ''
        : ' (looked in every header and JSON field; if the vendor keeps the label elsewhere, set endpoints.chat.shape.label in the target)';
      return {
        status: 'fail',
        message: `${missing.length} of ${answered.length} responses carry no implicit AI label at ${where} (${[...new Set(missing.map((s) => s.mode))].join(', ')})${hint}`,
        observed,
        expected,
      };
    }
    return {
      status: 'pass',
      message: `every response (${answered.length}, plain and streamed) carries the implicit AI label (${field ?? `found at ${[...new Set(answered.map((s) => s.at))].join(', ')}`})`,
      observed,
      expected,
    };
  },
});
