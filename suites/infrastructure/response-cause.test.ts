// Messages that name the real cause, on recorded responses (fixtures/recorded): a gateway's HTML error page
// served with 200 is not "silent truncation", a 5xx is not "the window is smaller", a catch-all landing page
// is not "not healthy"; the genuine cases still fail with their own message.

import { afterEach, describe, expect, it } from 'vitest';
import { recorded, startReplay, type Recorded, type Replay, type ReplayRoute } from '../../fixtures/recorded/replay.ts';
import { runCheck, type TestTarget } from '../../runners/testing.ts';
import { describeBody } from '../lib/response-cause.ts';

let replay: Replay | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

const env = { GOVLLM_REPLAY_KEY: 'sk-replay-0c4f1e' };
async function target(routes: ReplayRoute[], declared?: { context_window?: number }): Promise<TestTarget> {
  replay = await startReplay(routes);
  return {
    target: {
      name: 'replay',
      endpoints: {
        chat: { base_url: `${replay.baseUrl}/v1`, model: 'gov-chat', api_key_env: 'GOVLLM_REPLAY_KEY' },
        metrics: { url: `${replay.baseUrl}/metrics` },
      },
      declared,
    },
    env,
  };
}

/** The recorded completion answering with the needle the request carries (a model that found it). */
function answerWithNeedle(body: string): Recorded {
  const rec = recorded('chat-completion-200');
  const code = /核验码为 (NDL[0-9A-F]{8})/.exec(body)?.[1] ?? 'none';
  const b = structuredClone(rec.body) as any;
  b.choices[0].message.content = code;
  return { ...rec, body: b };
}

const CONTEXT = { min_tokens: 1024, depths: [0.1, 0.5] };
const chat = (response: ReplayRoute['response']): ReplayRoute => ({ method: 'POST', path: '/v1/chat/completions', response });

describe('perf.context-window names what came back', () => {
  it('an HTML error page served with 200 is an error naming the page, not silent truncation', async () => {
    const t = await target([chat(recorded('gateway-502-html-200'))]);
    const o = await runCheck('perf.context-window', CONTEXT, t);
    expect(o.status, o.message).toBe('error');
    expect(o.message).toContain('HTTP 200 with text/html page "502 Bad Gateway"');
    expect(o.message).not.toMatch(/truncat/);
  });

  it('a 503 is an error naming the server failure, not "the window is smaller"', async () => {
    const t = await target([chat(recorded('engine-overloaded-503'))]);
    const o = await runCheck('perf.context-window', CONTEXT, t);
    expect(o.status, o.message).toBe('error');
    expect(o.message).toContain('HTTP 503');
    expect(o.message).toContain('The engine is currently overloaded');
    expect(o.message).not.toMatch(/smaller/);
  });

  it("a 400 context-length rejection still fails: the window is smaller, with the server's own words", async () => {
    const t = await target([chat(recorded('context-length-400'))]);
    const o = await runCheck('perf.context-window', CONTEXT, t);
    expect(o.status, o.message).toBe('fail');
    expect(o.message).toMatch(/rejected \(HTTP 400: JSON error "This model's maximum context length is 8192 tokens/);
    expect(o.message).toContain('the window is smaller than 1024');
  });

  it('beyond the declared window, an HTML page with 200 is named as such and is not silent truncation', async () => {
    // Probes within the window are answered; the one 30 % beyond it (longer body) gets the gateway page.
    const t = await target([chat((body) => (body.length > 1500 ? recorded('gateway-502-html-200') : answerWithNeedle(body)))], { context_window: 1500 });
    const o = await runCheck('perf.context-window', CONTEXT, t);
    expect(o.status, o.message).toBe('pass');
    expect(o.message).toContain('beyond the window: no completion (HTTP 200, text/html page "502 Bad Gateway")');
  });

  it('beyond the declared window, a completion that lost the needle is silent truncation', async () => {
    const t = await target([chat((body) => (body.length > 1500 ? answerWithNeedle('') : answerWithNeedle(body)))], { context_window: 1500 });
    const o = await runCheck('perf.context-window', CONTEXT, t);
    expect(o.status, o.message).toBe('fail');
    expect(o.message).toContain('silent truncation');
  });
});

describe('ops.health names what came back', () => {
  it('a catch-all landing page answering 200 everywhere is not_tested naming the setting, not "not healthy"', async () => {
    const t = await target([{ method: 'GET', path: '*', response: recorded('landing-page-200') }]);
    const o = await runCheck('ops.health', {}, t);
    expect(o.status, o.message).toBe('not_tested');
    expect(o.message).toContain('text/html page "政务智能助手"');
    expect(o.message).toContain('catch-all');
    expect(o.message).toContain('`path` for ops.health');
    expect(o.message).not.toMatch(/not healthy/);
    expect(replay!.hits.some((h) => h.startsWith('GET /govllm-no-such-path-'))).toBe(true);
  });

  it('a real health endpoint among a catch-all web app still passes', async () => {
    const t = await target([
      { method: 'GET', path: '/healthz', response: recorded('health-ok-200') },
      { method: 'GET', path: '*', response: recorded('landing-page-200') },
    ]);
    const o = await runCheck('ops.health', {}, t);
    expect(o.status, o.message).toBe('pass');
    expect(o.message).toContain('(UP)');
  });

  it('a health endpoint reporting degraded with 503 fails as not healthy, with the reported state', async () => {
    const t = await target([{ method: 'GET', path: '/healthz', response: recorded('health-degraded-503') }]);
    const o = await runCheck('ops.health', {}, t);
    expect(o.status, o.message).toBe('fail');
    expect(o.message).toBe('/healthz answers 503 reporting "degraded": not healthy');
  });

  it('no health path at all is not_tested naming the setting', async () => {
    const t = await target([]);
    const o = await runCheck('ops.health', {}, t);
    expect(o.status, o.message).toBe('not_tested');
    expect(o.message).toContain('/healthz → 404');
    expect(o.message).toContain('`path` for ops.health');
  });
});

describe('describeBody', () => {
  it('names an HTML page by its title, a JSON error by its message', () => {
    const page = recorded('gateway-502-html-200');
    expect(describeBody({ headers: page.headers!, text: page.body as string })).toBe('text/html page "502 Bad Gateway"');
    const r = recorded('engine-overloaded-503');
    expect(describeBody({ headers: r.headers!, text: JSON.stringify(r.body) })).toBe('JSON error "The engine is currently overloaded, please try again later"');
  });
});
