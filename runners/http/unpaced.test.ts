import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HttpClient, type Limiter } from './client.ts';
import { MemoryTranscriptSink, Recorder } from '../core/recorder.ts';

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('{}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('unpaced() skips the run limiter but still records transcripts for the check', async () => {
  let acquired = 0;
  const limiter: Limiter = { acquire: async () => (acquired++, () => {}) };
  const sink = new MemoryTranscriptSink();
  const rec = new Recorder();
  const client = new HttpClient({ endpoint: 'chat', baseUrl: base, transcripts: sink, limiter }).bind(rec, new AbortController().signal);
  await client.request({ path: 'a' });
  expect(acquired).toBe(1);
  await client.unpaced().request({ path: 'b' });
  expect(acquired).toBe(1);
  expect(rec.transcripts).toHaveLength(2);
  expect(sink.entries.map((e) => new URL(e.url).pathname)).toEqual(['/a', '/b']);
  client.close();
});
