// ops.health — the health endpoint answers healthy: 2xx, and a JSON status (if any) that says ok/up/healthy.
// The endpoint is `path` on the metrics endpoint's origin (default: the first of /healthz, /health,
// /readyz, /livez that exists).

import { defineCheck } from '../../runners/core/check.ts';
import { bodyProblem, readJsonAnswer } from '../../runners/http/extract.ts';

export default defineCheck<{ path?: string }>({
  id: 'ops.health',
  title: 'The health endpoint answers healthy',
  needs: ['metrics'],
  params: { type: 'object', additionalProperties: false, properties: { path: { type: 'string', description: 'health path on the metrics origin' } } },
  async run(ctx) {
    const client = ctx.http.metrics!;
    const origin = new URL(client.baseUrl).origin;
    const paths = ctx.params.path ? [ctx.params.path] : ['/healthz', '/health', '/readyz', '/livez'];
    const tried: { path: string; status: number }[] = [];
    for (const p of paths) {
      const res = await client.request({ method: 'GET', path: origin + p });
      tried.push({ path: p, status: res.status });
      if (res.status === 404 && !ctx.params.path) continue;
      // A 2xx is healthy only with a body that can be read and says so: an empty, cut, compressed, non-UTF-8
      // or unparseable JSON body is no health report (runners/http/extract.ts).
      let state: string | undefined;
      let unreadable: string | undefined;
      if (/json/i.test(res.headers['content-type'] ?? '')) {
        const b = readJsonAnswer(res);
        if (b.ok) state = typeof b.value?.status === 'string' ? b.value.status : undefined;
        else unreadable = b.unreadable;
      } else {
        unreadable = bodyProblem(res) ?? (res.text.trim() === '' ? 'an empty body' : undefined);
        state = res.text.trim().slice(0, 20) || undefined;
      }
      const observed = { tried, status: res.status, reported: state, latency_ms: res.elapsedMs, ...(unreadable ? { unreadable } : {}) };
      if (unreadable && res.status >= 200 && res.status < 300) return { status: 'fail', message: `${p} answers ${res.status} with no readable health status: ${unreadable}`, observed };
      const healthy = res.status >= 200 && res.status < 300 && (state === undefined || /^(ok|up|healthy|pass|ready|alive|serving)$/i.test(state));
      if (healthy) return { status: 'pass', message: `${p} answers ${res.status}${state ? ` (${state})` : ''} in ${res.elapsedMs} ms`, observed };
      return { status: 'fail', message: `${p} answers ${res.status}${state ? ` (${state})` : ''}: not healthy`, observed };
    }
    return { status: 'fail', message: `no health endpoint found (${tried.map((t) => `${t.path} → ${t.status}`).join(', ')})`, observed: { tried } };
  },
});
