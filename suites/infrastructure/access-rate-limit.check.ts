// access.rate-limit — a burst of `burst` concurrent requests above the per-key allowance gets 429 (with a
// Retry-After header when `require_retry_after`), and after waiting what the service asked, the same key is
// served again. The burst is sent on a client without the runner's own pacing (which would otherwise keep
// the probe under the limit it is meant to exceed); it is still recorded in the transcripts.

import { defineCheck } from '../../runners/core/check.ts';
import { retryAfterMs, sleep } from '../../runners/http/client.ts';

interface Params {
  burst: number;
  require_retry_after: boolean;
  max_wait_s?: number;
}

export default defineCheck<Params>({
  id: 'access.rate-limit',
  title: 'A burst above the declared rate gets 429 with Retry-After, and the service recovers',
  needs: ['chat'],
  exclusive: true, // measures the target's rate/latency: the runner runs it alone, after the other checks
  params: {
    type: 'object',
    required: ['burst', 'require_retry_after'],
    additionalProperties: false,
    properties: {
      burst: { type: 'integer', minimum: 2, maximum: 2000, description: 'requests sent at once' },
      require_retry_after: { type: 'boolean' },
      max_wait_s: { type: 'integer', minimum: 1, maximum: 300, default: 30, description: 'longest Retry-After the check will wait for recovery' },
    },
  },
  async run(ctx) {
    const client = ctx.http.chat!.unpaced();
    const model = ctx.target.endpoints.chat!.model;
    const send = () =>
      client
        .request({ method: 'POST', path: 'chat/completions', body: { model, messages: [{ role: 'user', content: '你好' }], max_tokens: 1 }, noRetry: true })
        .then(
          (r) => ({ status: r.status, retryAfter: r.headers['retry-after'] }),
          (e: Error) => ({ status: 0, retryAfter: undefined as string | undefined, error: e.message }),
        );
    // A burst only exceeds the declared rate if it is sent faster than that rate: on a slow or busy
    // client it may not be. Up to three bursts are tried (a second apart); a burst that met no 429 proves
    // the absence of a limit only if it went out at twice the declared rate or faster.
    const declared = ctx.target.declared?.rate_limit_rps;
    const attempts: { burst_ms: number; achieved_rps: number; statuses: Record<string, number> }[] = [];
    let results: Awaited<ReturnType<typeof send>>[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) await sleep(1000, ctx.signal);
      const t0 = Date.now();
      results = await Promise.all(Array.from({ length: ctx.params.burst }, send));
      const burstMs = Math.max(1, Date.now() - t0);
      const counts: Record<string, number> = {};
      for (const r of results) counts[r.status || 'transport'] = (counts[r.status || 'transport'] ?? 0) + 1;
      attempts.push({ burst_ms: burstMs, achieved_rps: Math.round((ctx.params.burst * 1000) / burstMs), statuses: counts });
      if (results.some((r) => r.status === 429)) break;
    }
    const limited = results.filter((r) => r.status === 429);
    const served = results.filter((r) => r.status === 200).length;
    const withHeader = limited.filter((r) => r.retryAfter !== undefined && retryAfterMs(r.retryAfter) !== undefined);
    const observed: Record<string, unknown> = {
      burst: ctx.params.burst,
      attempts,
      served,
      limited: limited.length,
      with_retry_after: withHeader.length,
      declared_rps: declared,
    };
    if (served === 0 && limited.length === 0)
      return { status: 'error', message: `no request of the burst was served or limited (${JSON.stringify(attempts.at(-1)!.statuses)})`, observed };
    if (limited.length === 0) {
      const fastest = Math.max(...attempts.map((a) => a.achieved_rps));
      if (declared && fastest < 2 * declared) {
        return {
          status: 'error',
          message: `no 429, but the fastest burst went out at ${fastest} requests/s, under twice the declared ${declared}/s: this client could not exceed the limit`,
          observed,
        };
      }
      return {
        status: 'fail',
        message: `${attempts.length} bursts of ${ctx.params.burst} requests (up to ${fastest}/s) got no 429: no rate limit observed`,
        observed,
      };
    }
    if (ctx.params.require_retry_after && withHeader.length < limited.length) {
      return { status: 'fail', message: `${limited.length - withHeader.length} of ${limited.length} 429 answers carry no valid Retry-After`, observed };
    }
    const waitMs = Math.max(1000, ...withHeader.map((r) => retryAfterMs(r.retryAfter)!));
    if (waitMs > (ctx.params.max_wait_s ?? 30) * 1000)
      return { status: 'error', message: `Retry-After asks for ${waitMs} ms, longer than max_wait_s`, observed };
    await sleep(waitMs, ctx.signal);
    const after = await send();
    observed.recovery = { waited_ms: waitMs, status: after.status };
    if (after.status !== 200)
      return { status: 'fail', message: `after waiting ${waitMs} ms as asked, the key still gets ${after.status}: the service did not recover`, observed };
    return {
      status: 'pass',
      message: `${limited.length} of ${ctx.params.burst} burst requests got 429${ctx.params.require_retry_after ? ' with Retry-After' : ''}; served again after ${waitMs} ms`,
      observed,
    };
  },
});
