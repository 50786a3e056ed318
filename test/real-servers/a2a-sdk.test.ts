// Agents built on the official @a2a-js/sdk (v1.0 with its v0.3 compatibility layer), assessed by the A2A
// clauses: one agent offering only JSON-RPC, one offering only HTTP+JSON (REST). Both are conformant, so
// both clauses pass on each — a REST-only agent is no longer failed for lacking JSON-RPC — and the card
// is judged as 0.3 and as 1.0. A card offering only gRPC is not_tested, and `endpoints.a2a.binding`
// narrows the probe to the binding the evaluator names.

import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../runners/testing.ts';
import { startA2aAgent, type Peer } from './peers.ts';

const target = (card_url: string, binding?: string) => ({
  target: { name: 'a2a agent', endpoints: { a2a: { card_url, ...(binding ? { binding } : {}) } } } as never,
  env: {},
});

for (const binding of ['JSONRPC', 'HTTP+JSON'] as const) {
  describe(`an @a2a-js/sdk agent offering only ${binding}`, () => {
    let agent: Peer;
    beforeAll(async () => {
      agent = await startA2aAgent([binding]);
    });
    afterAll(() => agent?.stop());

    it('passes both clauses, having probed the binding at 1.0 and 0.3', async () => {
      const card = await runCheck('a2a.agent-card', {}, target(agent.url));
      expect(card.status, card.message).toBe('pass');
      expect(card.message).toContain('A2A 0.3 and 1.0');
      expect(Object.keys(card.observed!.answers as object)).toEqual([
        expect.stringMatching(new RegExp(`^${binding.replace('+', '\\+')} 1\\.0 `)),
        expect.stringMatching(new RegExp(`^${binding.replace('+', '\\+')} 0\\.3 `)),
      ]);
      const send = await runCheck('a2a.message-send', {}, target(agent.url));
      expect(send.status, send.message).toBe('pass');
      expect(send.message).toContain(`${binding} 1.0, ${binding} 0.3`);
    });
    it('naming the binding it offers passes; naming another is an error that names the setting', async () => {
      expect((await runCheck('a2a.message-send', {}, target(agent.url, binding))).status).toBe('pass');
      const other = binding === 'JSONRPC' ? 'HTTP+JSON' : 'JSONRPC';
      const o = await runCheck('a2a.agent-card', {}, target(agent.url, other));
      expect(o.status).toBe('error');
      expect(o.message).toContain('endpoints.a2a.binding');
    });
  });
}

describe('a card that offers only gRPC', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          name: 'grpc agent',
          description: 'speaks gRPC only',
          supportedInterfaces: [{ url: `${base.replace('http:', 'grpc:')}`, protocolBinding: 'GRPC', protocolVersion: '1.0' }],
          version: '1.0.0',
          capabilities: {},
          defaultInputModes: ['text/plain'],
          defaultOutputModes: ['text/plain'],
          skills: [{ id: 's', name: 'S', description: 'd', tags: ['t'] }],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/agent-card.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  it('is detected and reported not_tested with the reason', async () => {
    const card = await runCheck('a2a.agent-card', {}, target(url));
    expect(card.status, card.message).toBe('not_tested');
    expect(card.message).toMatch(/only gRPC/);
    expect((await runCheck('a2a.message-send', {}, target(url))).status).toBe('not_tested');
  });
});
