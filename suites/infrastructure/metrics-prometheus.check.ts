// metrics.prometheus — /metrics is valid Prometheus text exposition (0.0.4) and holds every required
// metric family (histogram and summary families count by their base name; counters may be named with or
// without the _total suffix).

import { defineCheck } from '../../runners/core/check.ts';
import { parseExposition } from './lib/prometheus.ts';

export default defineCheck<{ required: string[] }>({
  id: 'metrics.prometheus',
  title: '/metrics is valid Prometheus text with the required families',
  needs: ['metrics'],
  params: {
    type: 'object',
    required: ['required'],
    additionalProperties: false,
    properties: { required: { type: 'array', items: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' }, uniqueItems: true } },
  },
  async run(ctx) {
    const res = await ctx.http.metrics!.request({ method: 'GET', headers: { accept: 'text/plain;version=0.0.4' } });
    if (res.status !== 200) return { status: 'fail', message: `${ctx.http.metrics!.baseUrl} answered ${res.status}`, observed: { status: res.status } };
    const ct = res.headers['content-type'] ?? '';
    const { families, problems } = parseExposition(res.text);
    if (!/^text\/plain/.test(ct) && !/openmetrics/.test(ct)) problems.unshift(`content-type is ${ct || 'missing'}, not text/plain`);
    const has = (n: string) => families.has(n) || families.has(n.replace(/_total$/, '')) || families.has(`${n}_total`);
    const missing = ctx.params.required.filter((n) => !has(n));
    const observed = { families: [...families.keys()].sort(), samples: [...families.values()].reduce((a, f) => a + f.samples, 0), problems: problems.slice(0, 20), missing, bytes: res.text.length };
    if (problems.length || missing.length) {
      const parts = [problems.length ? `${problems.length} format problem(s): ${problems.slice(0, 3).join('; ')}` : '', missing.length ? `missing families: ${missing.join(', ')}` : ''].filter(Boolean);
      return { status: 'fail', message: parts.join('; '), observed, expected: { required: ctx.params.required } };
    }
    return { status: 'pass', message: `valid exposition with ${families.size} families, including ${ctx.params.required.join(', ')}`, observed };
  },
});
