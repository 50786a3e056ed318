// ops.health — the health endpoint answers healthy: 2xx, and a status (if the body states one) that says
// ok/up/healthy. The endpoint is `path` on the metrics endpoint's origin (default: the first of /healthz,
// /health, /readyz, /livez that exists). A 2xx whose body states no status is compared with a made-up path:
// a server answering the same page everywhere (a catch-all landing page) has no health endpoint there, and
// the check cannot judge health from it — `not_tested` naming the setting, never "not healthy".

import crypto from 'node:crypto';
import { defineCheck } from '../../runners/core/check.ts';
import { bodyProblem, readJsonAnswer } from '../../runners/http/extract.ts';
import type { HttpResponse } from '../../runners/http/client.ts';
import { describeBody, isHtml } from '../lib/response-cause.ts';

const HEALTHY = /^(ok|up|healthy|pass|ready|alive|serving|green)$/i;
const SETTING = 'set `path` for ops.health in the profile params (params: { ops.health: { path: /your/health } })';

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
      // A 2xx with a body that cannot be read (empty, cut, compressed, not UTF-8, unparseable JSON) is no
      // health report (runners/http/extract.ts).
      const unreadable = res.status >= 200 && res.status < 300 ? unreadableHealth(res) : undefined;
      if (unreadable)
        return {
          status: 'fail',
          message: `${p} answers ${res.status} with no readable health status: ${unreadable}`,
          observed: { tried, status: res.status, unreadable },
        };
      const state = statedStatus(res);
      const observed: Record<string, unknown> = { tried, status: res.status, reported: state, latency_ms: res.elapsedMs };
      const ok = res.status >= 200 && res.status < 300;
      if (ok && state === undefined) {
        // Nothing in the body says "healthy": only the status code does, and that means something only
        // when other paths do not get the same 2xx page.
        const probe = `/govllm-no-such-path-${crypto.randomBytes(4).toString('hex')}`;
        const other = await client.request({ method: 'GET', path: origin + probe });
        tried.push({ path: probe, status: other.status });
        if (other.status >= 200 && other.status < 300 && (other.text === res.text || isHtml(res))) {
          return {
            status: 'not_tested',
            message: `${p} answers ${res.status} with ${describeBody(res)}, and so does the made-up path ${probe}: a catch-all page, not a health endpoint, so health cannot be judged from it; ${SETTING}`,
            observed: { ...observed, catch_all: true },
          };
        }
        return {
          status: 'pass',
          message: `${p} answers ${res.status} (${describeBody(res)}) in ${res.elapsedMs} ms, where a made-up path gets ${other.status}`,
          observed,
        };
      }
      if (ok && HEALTHY.test(state!)) return { status: 'pass', message: `${p} answers ${res.status} (${state}) in ${res.elapsedMs} ms`, observed };
      return { status: 'fail', message: `${p} answers ${res.status}${state ? ` reporting "${state}"` : ` with ${describeBody(res)}`}: not healthy`, observed };
    }
    return {
      status: 'not_tested',
      message: `no health endpoint at ${origin} (${tried.map((t) => `${t.path} → ${t.status}`).join(', ')}); ${SETTING}`,
      observed: { tried },
    };
  },
});

/** The status a health body states: JSON `status`, or a short plain-text word; undefined when it states none. */
function unreadableHealth(res: HttpResponse): string | undefined {
  if (/json/i.test(res.headers['content-type'] ?? '')) {
    const b = readJsonAnswer(res);
    return b.ok ? undefined : b.unreadable;
  }
  return bodyProblem(res) ?? (res.text.trim() === '' ? 'an empty body' : undefined);
}

function statedStatus(res: { headers: Record<string, string>; text: string }): string | undefined {
  if (isHtml(res)) return undefined;
  try {
    const b = JSON.parse(res.text);
    return typeof b?.status === 'string' ? b.status : undefined;
  } catch {
    const t = res.text.trim();
    return /^[A-Za-z_-]{1,20}$/.test(t) ? t : undefined;
  }
}
