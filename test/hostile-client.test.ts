// The HTTP client against every hostile behaviour: bounded time, the right HttpError kind, the body cap,
// no redirect followed, a bad certificate refused, and the key never in a transcript.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HttpError, type Limiter } from '../runners/http/client.ts';
import { MemoryTranscriptSink } from '../runners/core/recorder.ts';
import { startHostile, type Behaviour, type RunningHostile } from '../fixtures/hostile/server.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const KEY = 'sk-hostile-test-7f3a9c1e55d2b8a4';
const TIMEOUT_MS = 1200;

let h: RunningHostile;
beforeAll(async () => {
  h = await startHostile();
});
afterAll(async () => {
  await h?.close();
});

function client(b: Behaviour, o: { tls?: boolean; retries?: number; maxBytes?: number; limiter?: Limiter } = {}) {
  const sink = new MemoryTranscriptSink();
  const c = new HttpClient({
    endpoint: 'chat',
    baseUrl: `${h.url(b, o.tls)}/v1`,
    apiKey: KEY,
    timeoutMs: TIMEOUT_MS,
    maxBytes: o.maxBytes,
    retries: o.retries ?? 0,
    limiter: o.limiter,
    transcripts: sink,
  });
  return { c, sink };
}

const ask = { path: 'chat/completions', body: { model: 'gov-chat', messages: [{ role: 'user', content: '你好' }] } };

async function failure(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    return e as HttpError;
  }
  throw new Error('expected the request to fail, it succeeded');
}

function expectNoKey(sink: MemoryTranscriptSink) {
  const all = JSON.stringify(sink.entries);
  expect(all).not.toContain(KEY);
  expect(sink.entries.length).toBeGreaterThan(0);
  for (const e of sink.entries) expect(e.request_headers.authorization).toBe('***');
}

describe('HttpClient against the hostile server', () => {
  it('ok: the healthy control answers and parses (so the failures below are the behaviours, not the fixture)', async () => {
    const { c, sink } = client('ok');
    const r = await c.request(ask);
    expect(r.status).toBe(200);
    expect(r.json().choices[0].message.content).toContain('政务服务');
    expectNoKey(sink);
    c.close();
  });

  for (const b of ['hang', 'drip', 'sse-forever'] as const) {
    it(`${b}: gives up with kind "timeout" within the endpoint's timeout`, async () => {
      const { c, sink } = client(b);
      const t0 = Date.now();
      const e = await failure(c.request(ask));
      const took = Date.now() - t0;
      expect(e.kind).toBe('timeout');
      expect(e.message).toContain(`within ${TIMEOUT_MS} ms`);
      expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(took).toBeLessThan(TIMEOUT_MS + 1500);
      expect(sink.entries[0].error).toContain('no complete response');
      expectNoKey(sink);
      c.close();
    });
  }

  it('the caller\'s AbortSignal stops a hanging request at once, kind "aborted"', async () => {
    const { c, sink } = client('hang');
    const ac = new AbortController();
    const bound = c.bind(new (await import('../runners/core/recorder.ts')).Recorder(), ac.signal);
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    const e = await failure(bound.request({ ...ask, timeoutMs: 60_000 }));
    expect(e.kind).toBe('aborted');
    expect(Date.now() - t0).toBeLessThan(1000);
    expectNoKey(sink);
    c.close();
  });

  for (const b of ['close', 'reset'] as const) {
    it(`${b}: a connection dropped before a complete response is a "transport" error`, async () => {
      const { c, sink } = client(b);
      const e = await failure(c.request(ask));
      expect(e.kind).toBe('transport');
      expect(e.transcriptId).toBeDefined();
      expectNoKey(sink);
      c.close();
    });
  }

  it('close: transport retries are bounded (1 + retries attempts, then the error)', async () => {
    const before = h.stats.hits.close ?? 0;
    const { c } = client('close', { retries: 2 });
    const t0 = Date.now();
    const e = await failure(c.request(ask));
    expect(e.kind).toBe('transport');
    expect((h.stats.hits.close ?? 0) - before).toBe(3);
    expect(Date.now() - t0).toBeLessThan(5000);
    c.close();
  });

  it('error500: the status is returned as it is (never retried: re-asking for a better answer is not done)', async () => {
    const before = h.stats.hits.error500 ?? 0;
    const { c } = client('error500', { retries: 3 });
    const r = await c.request(ask);
    expect(r.status).toBe(500);
    expect((h.stats.hits.error500 ?? 0) - before).toBe(1);
    c.close();
  });

  it('storm429: the status is returned at once and the limiter is told of the Retry-After (one day)', async () => {
    const told: number[] = [];
    const limiter: Limiter = { acquire: async () => () => {}, backoff: (ms) => told.push(ms) };
    const { c } = client('storm429', { limiter });
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) expect((await c.request(ask)).status).toBe(429);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(told).toHaveLength(20);
    expect(told[0]).toBe(86_400_000);
    c.close();
  });

  it('malformed-json: json() throws a message naming the URL, no crash', async () => {
    const { c } = client('malformed-json');
    const r = await c.request(ask);
    expect(r.status).toBe(200);
    expect(() => r.json()).toThrow(/\/malformed-json\/v1\/chat\/completions answered unreadably: 200 answer: not JSON/);
    c.close();
  });

  it('bad-utf8: json() refuses a body that is not valid UTF-8 instead of silently replacing bytes', async () => {
    const { c } = client('bad-utf8');
    const r = await c.request(ask);
    expect(r.status).toBe(200);
    expect(() => r.json()).toThrow(/not valid UTF-8/);
    c.close();
  });

  for (const b of ['wrong-type', 'html-200'] as const) {
    it(`${b}: a 200 whose body is not JSON makes json() throw`, async () => {
      const { c } = client(b);
      const r = await c.request(ask);
      expect(r.status).toBe(200);
      // The declared Content-Type decides: an image/png or text/html body is never parsed as JSON.
      expect(() => r.json()).toThrow(/Content-Type (image\/png|text\/html).*not application\/json/);
      c.close();
    });
  }

  it('huge: the 100 MB body is cut at the cap, quickly, and the server stops well short of 100 MB', async () => {
    const maxBytes = 1024 * 1024;
    const before = h.stats.hugeBytesWritten;
    const { c, sink } = client('huge', { maxBytes });
    const t0 = Date.now();
    const r = await c.request(ask);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(maxBytes);
    expect(sink.entries[0].truncated).toBe(true);
    expect(() => r.json()).toThrow();
    // Give the server a moment to notice the closed socket, then check it did not push the whole body.
    await new Promise((res) => setTimeout(res, 200));
    expect(h.stats.hugeBytesWritten - before).toBeLessThan(50 * 1024 * 1024);
    c.close();
  });

  it('huge: peak memory of a client process reading the 100 MB body stays bounded (default 4 MB cap)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'fixtures/hostile/probe-memory.ts'), `${h.url('huge')}/v1/chat/completions`],
      { cwd: ROOT, timeout: 30_000 },
    );
    const m = JSON.parse(stdout.trim().split('\n').pop()!);
    const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
    // The figure for the closing report.
    console.log(
      `[hostile] 100 MB body: truncated=${m.truncated} body=${mb(m.bodyBytes)} MB, baseline RSS ${mb(m.baselineRss)} MB, peak RSS ${mb(m.peakRss)} MB, kernel maxRSS ${mb(m.maxRss)} MB, ${m.elapsedMs} ms`,
    );
    expect(m.truncated).toBe(true);
    expect(m.bodyBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(m.peakRss - m.baselineRss).toBeLessThan(64 * 1024 * 1024);
    expect(m.maxRss).toBeLessThan(m.baselineRss + 64 * 1024 * 1024);
  });

  it('redirect-other-host: the 302 is returned, not followed; the other host gets nothing', async () => {
    const { c, sink } = client('redirect-other-host');
    const r = await c.request(ask);
    expect(r.status).toBe(302);
    expect(r.headers.location).toContain(h.elsewhereUrl);
    expect(h.stats.elsewhereHits).toBe(0);
    expect(sink.entries).toHaveLength(1);
    // A caller that tries to follow the Location by hand is refused too.
    await expect(c.request({ path: r.headers.location })).rejects.toThrow(/refusing to send a request off the target's host/);
    // So is a protocol-relative path (//host/…): it is a path on the target, never another host, whether the
    // base URL has a path or is the target's root.
    const elsewhere = new URL(h.elsewhereUrl);
    const target = new URL(c.baseUrl);
    const atRoot = new HttpClient({ endpoint: 'chat', baseUrl: target.origin, transcripts: sink });
    for (const x of [c, atRoot]) expect(x.resolve(`//${elsewhere.host}/x`).host).toBe(target.host);
    atRoot.close();
    expect(h.stats.elsewhereHits).toBe(0);
    c.close();
  });

  it('redirect-loop: one request, one 302, no loop', async () => {
    const before = h.stats.hits['redirect-loop'] ?? 0;
    const { c } = client('redirect-loop');
    const r = await c.request(ask);
    expect(r.status).toBe(302);
    expect((h.stats.hits['redirect-loop'] ?? 0) - before).toBe(1);
    c.close();
  });

  it('TLS with a self-signed certificate: a transport error, and no request (so no key) reaches the server', async () => {
    const before = h.stats.hits.ok ?? 0;
    const authBefore = h.stats.authorizations.length;
    const { c, sink } = client('ok', { tls: true });
    const e = await failure(c.request(ask));
    expect(e.kind).toBe('transport');
    expect(e.message).toMatch(/self[- ]signed|certificate/i);
    expect(h.stats.hits.ok ?? 0).toBe(before);
    expect(h.stats.authorizations.length).toBe(authBefore);
    expectNoKey(sink);
    c.close();
  });
});
