// fetchOver: the official SDKs' fetch goes through the runner's HttpClient — recorded, redacted, bounded
// to the target's origin, abortable per request.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../http/client.ts';
import { MemoryTranscriptSink, Recorder } from '../core/recorder.ts';
import { fetchOver } from './fetch.ts';

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/empty') {
        res.writeHead(202).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo-auth': String(req.headers.authorization ?? '') });
      res.end(JSON.stringify({ method: req.method, body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function setup() {
  const sink = new MemoryTranscriptSink();
  const client = new HttpClient({ endpoint: 'mcp', baseUrl: `${base}/mcp`, apiKey: 'sk-secret-key', transcripts: sink });
  const rec = new Recorder();
  return { sink, client, rec, f: fetchOver(client, rec, new AbortController().signal) };
}

describe('fetchOver', () => {
  it('sends through the HttpClient: the endpoint key is added, the transcript is recorded and redacted', async () => {
    const { sink, client, rec, f } = setup();
    const r = await f(`${base}/mcp`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ method: 'POST', body: '{"a":1}' });
    expect(r.headers.get('x-echo-auth')).toBe('Bearer sk-secret-key');
    expect(rec.transcripts).toHaveLength(1);
    expect(JSON.stringify(sink.entries)).not.toContain('sk-secret-key');
    client.close();
  });
  it('keeps a caller-supplied Authorization and gives a null body for 202', async () => {
    const { client, f } = setup();
    const r = await f(`${base}/mcp`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer other' } });
    expect(r.headers.get('x-echo-auth')).toBe('Bearer other');
    const e = await f(`${base}/empty`, { method: 'POST', body: '{}' });
    expect(e.status).toBe(202);
    expect(await e.text()).toBe('');
    client.close();
  });
  it('refuses another origin and aborts with the request signal', async () => {
    const { client, f } = setup();
    await expect(f('http://127.0.0.2:1/elsewhere')).rejects.toThrow();
    const ac = new AbortController();
    const p = f(`${base}/hang`, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    client.close();
  });
});
