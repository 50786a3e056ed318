// A tiny OpenAI-compatible stub for the runner's own tests and the bench (not the reference deployment:
// that one models a vendor; this one models misbehaviour and fixed latency precisely). 127.0.0.1, port 0.
//   POST /v1/chat/completions  echo of the last user message after `latencyMs` (or body.stub_delay_ms);
//                              a prompt containing BLOCK gets a refusal
//   GET  /v1/square/:n         {"n": n, "square": n*n}
//   GET  /v1/reset             destroys the connection (a transport failure)
//   GET  /v1/malformed         200 with a body that is not JSON
//   GET  /v1/hang              never answers
//   GET  /v1/limited           429 with Retry-After: 1
//   GET  /v1/stats             {"inFlight": chat requests being answered, "requests": n}

import http from 'node:http';
import { listenLoopback } from '../../../fixtures/loopback.ts';

export interface StubOptions {
  latencyMs?: number;
  /** When set, requests must carry `Authorization: Bearer <key>`. */
  key?: string;
}

export interface Stub {
  baseUrl: string; // http://127.0.0.1:PORT/v1
  stats: { requests: number; inFlight: number; maxInFlight: number; byPath: Map<string, number> };
  close(): Promise<void>;
}

export async function startStub(opts: StubOptions = {}): Promise<Stub> {
  const stats = { requests: 0, inFlight: 0, maxInFlight: 0, byPath: new Map<string, number>() };
  const server = http.createServer((req, res) => {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://stub');
    const route = url.pathname.replace(/\/\d+$/, '/:n');
    stats.byPath.set(route, (stats.byPath.get(route) ?? 0) + 1);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
      res.end(text);
    };
    if (opts.key && req.headers.authorization !== `Bearer ${opts.key}`) return send(401, { error: { message: 'invalid api key', type: 'auth' } });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
        let body: { model?: string; messages?: { role: string; content: string }[]; stub_delay_ms?: number };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return send(400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
        }
        const last = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
        const content = last.includes('BLOCK') ? '抱歉，我无法回答这个问题。' : `echo: ${last}`;
        stats.inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
        setTimeout(
          () => {
            stats.inFlight--;
            send(200, {
              id: `chatcmpl-${stats.requests}`,
              object: 'chat.completion',
              created: 1700000000,
              model: body.model ?? 'stub',
              choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
              usage: { prompt_tokens: last.length, completion_tokens: content.length, total_tokens: last.length + content.length },
            });
          },
          body.stub_delay_ms ?? opts.latencyMs ?? 0,
        );
        return;
      }
      const sq = /^\/v1\/square\/(\d+)$/.exec(url.pathname);
      if (sq) return send(200, { n: Number(sq[1]), square: Number(sq[1]) ** 2 });
      if (url.pathname === '/v1/reset') return req.socket.destroy();
      if (url.pathname === '/v1/malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"n": 1, "square": ');
      }
      if (url.pathname === '/v1/hang') return; // never answers; closed with the server
      if (url.pathname === '/v1/stats') return send(200, { inFlight: stats.inFlight, requests: stats.requests });
      if (url.pathname === '/v1/limited') return send(429, { error: { message: 'slow down' } }, { 'retry-after': '1' });
      send(404, { error: { message: `no route ${url.pathname}` } });
    });
  });
  server.keepAliveTimeout = 30_000;
  const { port, close } = await listenLoopback(server);
  return { baseUrl: `http://127.0.0.1:${port}/v1`, stats, close };
}
