// Evidence vs probe: the rate limit the vendor declares (requests per second per key) against what the
// service does. Paced below the declared rate, no request may get 429 (else the real limit is lower than
// declared); a burst well above it must get 429 (else the declared limit is not enforced). Either
// contradiction is a finding. The probe uses the evaluator's key only, with tiny requests.

import { defineCheck } from '../../runners/core/check.ts';
import { sleep } from '../../runners/http/client.ts';
import { evidenceCheck } from '../../runners/evidence/use.ts';
import { readModelConfig } from './lib/model-config.ts';

interface Params {
  below_factor?: number;
  above_factor?: number;
  window_ms?: number;
  max_requests?: number;
}

export default defineCheck<Params>({
  id: 'evidence.cross-rate-limit',
  title: 'Declared rate limit agrees with observed 429 behaviour',
  needs: ['evidence', 'chat'],
  exclusive: true, // measures the target's rate/latency: the runner runs it alone, after the other checks
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      below_factor: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 1,
        default: 0.5,
        description: 'Paced phase: this fraction of the declared rate, for window_ms',
      },
      above_factor: { type: 'number', minimum: 1, default: 3, description: 'Burst phase: this many times the declared per-second allowance, sent at once' },
      window_ms: { type: 'integer', minimum: 200, default: 1000 },
      max_requests: { type: 'integer', minimum: 2, default: 400, description: 'Upper bound on requests per phase' },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const declared = readModelConfig(ctx).rate_limit_rps;
      if (declared === undefined) return { status: 'fail', message: 'the model configuration declares no rate limit (rate_limit_rps)' };
      const below = ctx.params.below_factor ?? 0.5;
      const above = ctx.params.above_factor ?? 3;
      const windowMs = ctx.params.window_ms ?? 1000;
      const maxReq = ctx.params.max_requests ?? 400;
      // The burst must exceed the declared rate whatever pace the run keeps for this endpoint.
      const chat = ctx.http.chat!.unpaced();
      const model = ctx.target.endpoints.chat?.model;
      const send = () =>
        chat.request({ path: 'chat/completions', body: { model, messages: [{ role: 'user', content: '你好' }], max_tokens: 1 }, noRetry: true }).then(
          (r) => r.status,
          (e: Error) => `transport: ${e.message}`,
        );

      // Paced phase, below the declared rate.
      const pacedN = Math.min(maxReq, Math.max(2, Math.floor((declared * below * windowMs) / 1000)));
      const gap = windowMs / pacedN;
      const paced: Promise<number | string>[] = [];
      for (let i = 0; i < pacedN; i++) {
        paced.push(send());
        await sleep(gap, ctx.signal);
      }
      const pacedStatuses = await Promise.all(paced);
      const paced429 = pacedStatuses.filter((s) => s === 429).length;
      const pacedBroken = pacedStatuses.filter((s) => typeof s === 'string' || (s as number) >= 500).length;

      // Let any bucket refill before the burst.
      await sleep(windowMs * 2, ctx.signal);
      const wanted = Math.ceil((declared * above * windowMs) / 1000);
      const burstN = Math.min(maxReq, wanted);
      const burstStart = Date.now();
      const burstStatuses = await Promise.all(Array.from({ length: burstN }, send));
      const burstMs = Math.max(1, Date.now() - burstStart);
      const achievedRps = Math.round((burstN * 1000) / burstMs);
      const burst429 = burstStatuses.filter((s) => s === 429).length;
      const observed = {
        declared_rps: declared,
        paced: { requests: pacedN, per_second: Math.round((pacedN * 1000) / windowMs), status_429: paced429, failures: pacedBroken },
        burst: { requests: burstN, status_429: burst429, ms: burstMs, achieved_rps: achievedRps },
      };
      if (pacedBroken === pacedN)
        return { status: 'error', message: `no paced request succeeded (${pacedStatuses[0]}); the limit cannot be observed`, observed };
      if (paced429 > 0) {
        return {
          status: 'fail',
          message: `declared ${declared} requests/s, but ${paced429} of ${pacedN} requests paced at ${observed.paced.per_second}/s got 429: the real limit is lower than declared`,
          observed,
        };
      }
      if (burstN < wanted) {
        return {
          status: 'not_tested',
          message: `a burst of ${wanted} requests above the declared ${declared}/s exceeds max_requests (${maxReq}); only the paced phase was run (no 429)`,
          observed,
        };
      }
      if (burst429 === 0 && achievedRps <= declared) {
        // A burst that went out no faster than the declared rate proves nothing about enforcement.
        return {
          status: 'not_tested',
          message: `the burst went out at only ${achievedRps}/s, not above the declared ${declared}/s (a slow target or client); enforcement could not be observed`,
          observed,
        };
      }
      if (burst429 === 0)
        return {
          status: 'fail',
          message: `declared ${declared} requests/s, but a burst of ${burstN} requests got no 429: the declared limit is not enforced`,
          observed,
        };
      return {
        status: 'pass',
        message: `no 429 at ${observed.paced.per_second}/s; ${burst429} of ${burstN} burst requests got 429, consistent with the declared ${declared}/s`,
        observed,
      };
    }),
});
