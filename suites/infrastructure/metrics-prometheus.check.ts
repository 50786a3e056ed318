// metrics.prometheus — /metrics is valid Prometheus text exposition (0.0.4) and holds a metric family for
// every required monitoring signal. The standard names signals (request volume, errors, latency, tokens,
// accelerator memory), not family names, so each signal's family is, in order: the target's
// `endpoints.metrics.shape.families` mapping; else discovered from the families' `# TYPE` and `# HELP` lines
// and names (a counter about requests, a histogram/summary of durations …). `required` (exact family names,
// from a profile) is still honoured. Histogram and summary families count by their base name; counters may
// be named with or without the _total suffix.

import { defineCheck } from '../../runners/core/check.ts';
import { findSignal, parseExposition, SIGNALS, type Signal } from './lib/prometheus.ts';

interface Params {
  signals?: Signal[];
  required?: string[];
}

export default defineCheck<Params>({
  id: 'metrics.prometheus',
  title: '/metrics is valid Prometheus text with the required families',
  needs: ['metrics'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      signals: {
        type: 'array',
        items: { enum: [...SIGNALS] },
        uniqueItems: true,
        description: "signals a family must carry; each family is found through the target's endpoints.metrics.shape.families, else by # TYPE/# HELP",
      },
      required: {
        type: 'array',
        items: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' },
        uniqueItems: true,
        description: 'exact family names that must be present (a profile naming the vendor’s own)',
      },
    },
  },
  async run(ctx) {
    const res = await ctx.http.metrics!.request({ method: 'GET', headers: { accept: 'text/plain;version=0.0.4' } });
    if (res.status !== 200) return { status: 'fail', message: `${ctx.http.metrics!.baseUrl} answered ${res.status}`, observed: { status: res.status } };
    const ct = res.headers['content-type'] ?? '';
    const { families, problems } = parseExposition(res.text);
    if (!/^text\/plain/.test(ct) && !/openmetrics/.test(ct)) problems.unshift(`content-type is ${ct || 'missing'}, not text/plain`);
    const has = (n: string) => families.has(n) || families.has(n.replace(/_total$/, '')) || families.has(`${n}_total`);
    const missingNames = (ctx.params.required ?? []).filter((n) => !has(n));
    const mapping = ctx.target.endpoints.metrics?.shape?.families ?? {};
    const signals = ctx.params.signals ?? [];
    const found: Record<string, string> = {};
    const missingSignals: string[] = [];
    for (const s of signals) {
      const f = findSignal(families, s, mapping[s]);
      if (f) found[s] = f.name;
      else missingSignals.push(mapping[s] ? `${s} (mapped to ${mapping[s]}, not exposed)` : s);
    }
    const observed = {
      families: [...families.keys()].sort(),
      signals: found,
      samples: [...families.values()].reduce((a, f) => a + f.samples, 0),
      problems: problems.slice(0, 20),
      missing: [...missingNames, ...missingSignals],
      bytes: res.text.length,
    };
    const expected = { ...(signals.length ? { signals } : {}), ...(ctx.params.required ? { required: ctx.params.required } : {}) };
    if (problems.length || missingNames.length || missingSignals.length) {
      const parts = [
        problems.length ? `${problems.length} format problem(s): ${problems.slice(0, 3).join('; ')}` : '',
        missingNames.length ? `missing families: ${missingNames.join(', ')}` : '',
        missingSignals.length
          ? `no family found for signal(s) ${missingSignals.join(', ')} (by # TYPE/# HELP; if the vendor names them otherwise, map them in the target's endpoints.metrics.shape.families)`
          : '',
      ].filter(Boolean);
      return { status: 'fail', message: parts.join('; '), observed, expected };
    }
    const list = [...Object.entries(found).map(([s, n]) => `${s}: ${n}`), ...(ctx.params.required ?? [])];
    return {
      status: 'pass',
      message: `valid exposition with ${families.size} families${list.length ? `, including ${list.join(', ')}` : ''}`,
      observed,
      expected,
    };
  },
});
