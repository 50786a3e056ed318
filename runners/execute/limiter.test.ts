import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointLimiter } from './limiter.ts';
import { HttpClient, HttpError } from '../http/client.ts';
import { MemoryTranscriptSink } from '../core/recorder.ts';
import { startStub, type Stub } from './testdata/stub-server.ts';

async function timed(n: number, l: EndpointLimiter, holdMs = 0): Promise<number[]> {
  const t0 = Date.now();
  return Promise.all(
    Array.from({ length: n }, async () => {
      const release = await l.acquire();
      const at = Date.now() - t0;
      if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
      release();
      return at;
    }),
  );
}

describe('EndpointLimiter', () => {
  it('lets a burst through at once, then paces requests at rps', async () => {
    const l = new EndpointLimiter({ concurrency: 100, rps: 20, burst: 5 });
    const times = (await timed(15, l)).sort((a, b) => a - b);
    expect(times[4]).toBeLessThan(150); // the burst of 5 does not wait for tokens
    // The bucket's guarantee, robust to a slow machine (lateness only delays): the i-th request (0-based)
    // never goes before (i + 1 - burst) / rps seconds.
    times.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(Math.max(0, ((i + 1 - 5) / 20) * 1000) - 5));
    expect(times[14]).toBeLessThan(1500);
  });

  it('never has more requests in flight than its concurrency', async () => {
    const l = new EndpointLimiter({ concurrency: 3 });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const release = await l.acquire();
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 10));
        active--;
        release();
      }),
    );
    expect(peak).toBe(3);
  });

  it('pauses every later request for a Retry-After, capped', async () => {
    const l = new EndpointLimiter({ concurrency: 10, maxBackoffMs: 300 });
    l.backoff(200);
    const [a] = await timed(1, l);
    expect(a).toBeGreaterThanOrEqual(190);
    l.backoff(60_000); // a hostile Retry-After cannot stall the run for a minute
    const [b] = await timed(1, l);
    expect(b).toBeLessThan(450);
    expect(l.backoffs).toBe(2);
  });

  it('rejects a waiting request when its signal aborts, and frees its slot', async () => {
    const l = new EndpointLimiter({ concurrency: 1 });
    const hold = await l.acquire();
    const ac = new AbortController();
    const waiting = l.acquire(ac.signal);
    ac.abort();
    hold();
    await expect(waiting).rejects.toThrow(/abort/);
    const again = await l.acquire();
    again();
    await new Promise((r) => setImmediate(r)); // p-limit settles its count on the next tick
    expect(l.active).toBe(0);
  });
});

describe('HttpClient retries and Retry-After through the limiter', () => {
  let stub: Stub;
  beforeAll(async () => {
    stub = await startStub();
  });
  afterAll(() => stub.close());

  const client = (retries: number, limiter?: EndpointLimiter) =>
    new HttpClient({ endpoint: 'chat', baseUrl: stub.baseUrl, transcripts: new MemoryTranscriptSink(), retries, limiter, timeoutMs: 2000 });

  it('retries a connection reset (a transport failure) the configured number of times, then errors', async () => {
    const before = stub.stats.byPath.get('/v1/reset') ?? 0;
    await expect(client(2).request({ path: 'reset' })).rejects.toBeInstanceOf(HttpError);
    expect((stub.stats.byPath.get('/v1/reset') ?? 0) - before).toBe(3);
    const mid = stub.stats.byPath.get('/v1/reset')!;
    await expect(client(0).request({ path: 'reset' })).rejects.toMatchObject({ kind: 'transport' });
    expect(stub.stats.byPath.get('/v1/reset')! - mid).toBe(1);
  });

  it('never re-asks after an answer, even a bad one (429, malformed)', async () => {
    const c = client(3);
    const r = await c.request({ path: 'limited' });
    expect(r.status).toBe(429);
    expect(stub.stats.byPath.get('/v1/limited')).toBe(1);
    const m = await c.request({ path: 'malformed' });
    expect(() => m.json()).toThrow(/not JSON/);
    expect(stub.stats.byPath.get('/v1/malformed')).toBe(1);
  });

  it('a 429 with Retry-After: 1 holds the next request on that endpoint for about a second', async () => {
    const l = new EndpointLimiter({ concurrency: 4 });
    const c = client(0, l);
    await c.request({ path: 'limited' });
    const t0 = Date.now();
    await c.request({ path: 'square/3' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });
});
