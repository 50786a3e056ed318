// The extraction layer (an answer is evidence only when read whole and well-formed), the depth guard on
// recorded values, and the circuit breaker's arithmetic.
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from './client.ts';
import { CircuitBreaker, breakerOpensWithinMs } from './client.ts';
import { jsonTooDeep, readChatAnswer, readJsonAnswer } from './extract.ts';
import { boundValue, DEPTH_MARK, safeStringify } from '../core/bounded.ts';

function res(body: string, headers: Record<string, string>, extra: Partial<HttpResponse> = {}): HttpResponse {
  return {
    status: 200,
    headers,
    text: body,
    truncated: false,
    ttfbMs: 1,
    elapsedMs: 1,
    transcriptId: 't1',
    utf8: true,
    json: () => JSON.parse(body),
    ...extra,
  };
}
const completion = JSON.stringify({ choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '您好' } }] });
const JSON_CT = { 'content-type': 'application/json; charset=utf-8' };

describe('readChatAnswer', () => {
  it('reads a whole, well-formed completion', () => {
    expect(readChatAnswer(res(completion, JSON_CT), { stream: false })).toMatchObject({ ok: true, value: { content: '您好', finishReason: 'stop' } });
  });
  it.each([
    ['empty body', res('', JSON_CT)],
    ['wrong shape', res('{"result":"ok"}', JSON_CT)],
    ['truncated JSON', res(completion.slice(0, 40), JSON_CT)],
    ['HTML with status 200', res('<html>502 Bad Gateway</html>', { 'content-type': 'text/html' })],
    ['image/png', res(completion, { 'content-type': 'image/png' })],
    ['no Content-Type', res(completion, {})],
    ['cut at the size cap', res(completion, JSON_CT, { truncated: true })],
    ['gzip never asked for', res(completion, { ...JSON_CT, 'content-encoding': 'gzip' })],
    ['invalid UTF-8', res(completion, JSON_CT, { utf8: false })],
    ['nested 100 000 deep', res(`{"choices":[{"message":{"content":"x","d":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`, JSON_CT)],
    [
      'an event stream where JSON was asked',
      res(
        `data: ${completion}\n\ndata: [DONE]\n\n`,
        { 'content-type': 'text/event-stream' },
        {
          events: [
            { t: 1, data: completion },
            { t: 2, data: '[DONE]' },
          ],
        },
      ),
    ],
  ])('refuses %s as unreadable', (_name, r) => {
    const a = readChatAnswer(r, { stream: false });
    expect(a.ok).toBe(false);
    expect(() => r.json === undefined || readJsonAnswer(r, { shape: 'object' })).not.toThrow();
  });
  it('a stream must be complete: every chunk JSON and a final [DONE]', () => {
    const chunk = JSON.stringify({ choices: [{ index: 0, delta: { content: '抱歉' }, finish_reason: null }] });
    const sse = { 'content-type': 'text/event-stream' };
    const good = res('', sse, {
      events: [
        { t: 1, data: chunk },
        { t: 2, data: '[DONE]' },
      ],
    });
    expect(readChatAnswer(good, { stream: true })).toMatchObject({ ok: true, value: { content: '抱歉' } });
    const noDone = res('', sse, { events: [{ t: 1, data: chunk }] });
    expect(readChatAnswer(noDone, { stream: true })).toMatchObject({ ok: false, unreadable: expect.stringMatching(/DONE/) });
    const broken = res('', sse, {
      events: [
        { t: 1, data: chunk },
        { t: 2, data: '{"choices":' },
        { t: 3, data: '[DONE]' },
      ],
    });
    expect(readChatAnswer(broken, { stream: true }).ok).toBe(false);
    expect(readChatAnswer(res(completion, JSON_CT), { stream: true }).ok).toBe(false);
  });
  it('content null counts only with a reason (filter, refusal, tool calls)', () => {
    const filtered = JSON.stringify({ choices: [{ finish_reason: 'content_filter', message: { role: 'assistant', content: null } }] });
    expect(readChatAnswer(res(filtered, JSON_CT), { stream: false })).toMatchObject({ ok: true, value: { content: '' } });
    const bare = JSON.stringify({ choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: null } }] });
    expect(readChatAnswer(res(bare, JSON_CT), { stream: false }).ok).toBe(false);
  });
  it('json() goes through the same reading', () => {
    expect(jsonTooDeep('[[[]]]', 2)).toBe(true);
    expect(jsonTooDeep('["[[[[", {"a": "]]]"}]', 2)).toBe(false);
  });
});

describe('boundValue', () => {
  it('cuts values nested deeper than 64 levels and survives cycles and BigInt', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => JSON.stringify(deep)).toThrow();
    const s = safeStringify({ deep });
    expect(s).toContain(DEPTH_MARK);
    const cyc: Record<string, unknown> = { n: 1n };
    cyc.self = cyc;
    expect(boundValue(cyc)).toEqual({ n: '1', self: '[circular]' });
  });
});

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures, aborting what is in flight; any answer resets the streak', () => {
    const b = new CircuitBreaker({ failures: 3, silenceMs: 1e9 });
    const ac = new AbortController();
    b.track(ac);
    b.failure(Date.now(), 'timeout');
    b.failure(Date.now(), 'timeout');
    b.success();
    b.failure(Date.now(), 'timeout');
    b.failure(Date.now(), 'timeout');
    expect(b.openReason).toBeUndefined();
    b.failure(Date.now(), 'transport');
    expect(b.openReason).toMatch(/3 requests in a row/);
    expect(ac.signal.aborted).toBe(true);
  });
  it('opens after two failures once nothing answered for silenceMs', () => {
    const b = new CircuitBreaker({ failures: 100, silenceMs: 1000 });
    b.failure(Date.now() - 5000, 'timeout');
    expect(b.openReason).toBeUndefined();
    b.failure(Date.now(), 'timeout');
    expect(b.openReason).toBeDefined();
  });
  it('with the default knobs, an endpoint that never answers is given up within 5 minutes', () => {
    // The suite's longest per-request timeout is 180 s (context-window probes); endpoints default to 30 s.
    // Default concurrency per endpoint is 8; even 2 requests in flight keep it under 5 minutes. (One at a
    // time with 180 s timeouts would take two of them: 360 s.)
    for (const concurrency of [2, 8]) {
      for (const timeoutMs of [30_000, 60_000, 120_000, 180_000]) {
        expect(breakerOpensWithinMs({ timeoutMs, concurrency }), `${concurrency} × ${timeoutMs}`).toBeLessThan(300_000);
      }
    }
    expect(breakerOpensWithinMs({ timeoutMs: 30_000, concurrency: 8 })).toBe(30_000);
  });
});
