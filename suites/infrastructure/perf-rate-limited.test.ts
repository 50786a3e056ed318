// perf.latency under a gateway's rate limit: 429s on the evaluator's key are the limit INF-GW-03 requires, not
// evidence about capacity, so they make the clause not_tested naming the setting; the same share of 503s
// (the engine overloaded) is a real failure.

import { afterEach, expect, it } from 'vitest';
import { recorded, startReplay, type Recorded, type Replay } from '../../fixtures/recorded/replay.ts';
import { runCheck } from '../../runners/testing.ts';

let replay: Replay | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

const env = { GOVLLM_REPLAY_KEY: 'sk-replay-7d21' };
const chunk = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const base = { id: 'c1', object: 'chat.completion.chunk', created: 1700000000, model: 'gov-chat' };
const STREAM: Recorded = {
  status: 200,
  headers: { 'content-type': 'text/event-stream' },
  body:
    chunk({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '您好，' }, finish_reason: null }] }) +
    chunk({ ...base, choices: [{ index: 0, delta: { content: '可以在线办理。' }, finish_reason: 'stop' }] }) +
    chunk({ ...base, choices: [], usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 } }) +
    'data: [DONE]\n\n',
};
const LIMITED: Recorded = {
  status: 429,
  headers: { 'content-type': 'application/json', 'retry-after': '1' },
  body: { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } },
};

/** Every fourth request is answered `refusal`, the others stream a completion. */
async function targetTurningAway(refusal: Recorded) {
  let n = 0;
  replay = await startReplay([{ method: 'POST', path: '/v1/chat/completions', response: () => (++n % 4 === 0 ? refusal : STREAM) }]);
  return { target: { name: 'replay', endpoints: { chat: { base_url: `${replay.baseUrl}/v1`, model: 'gov-chat', api_key_env: 'GOVLLM_REPLAY_KEY' } } }, env };
}
const params = { concurrency: 4, requests: 20, p95_ms_max: 60000, ttft_p95_ms_max: 5000, error_rate_max: 0.02 };

it('429s on the evaluator key are not_tested, naming the rate setting, never fail', async () => {
  const o = await runCheck('perf.latency', params, await targetTurningAway(LIMITED));
  expect(o.status, o.message).toBe('not_tested');
  expect(o.message).toMatch(/^5 of 20 requests were turned away by the rate limit \(HTTP 429\).*set endpoints\.chat\.rps and burst/);
  expect((o.observed as { rate_limited: number }).rate_limited).toBe(5);
});

it('the same share of 503s (engine overloaded) fails on the error rate', async () => {
  const o = await runCheck('perf.latency', params, await targetTurningAway(recorded('engine-overloaded-503')));
  expect(o.status, o.message).toBe('fail');
  expect(o.message).toMatch(/^error rate 25\.0 % > 2\.0 %/);
});
