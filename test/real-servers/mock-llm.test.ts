// @dwmkerr/mock-llm (a devDependency; an OpenAI-compatible mock that also serves MCP and A2A agents) with
// the conformant rules beside this file, assessed on each face it offers, on 127.0.0.1.
//
// False fail gone: its chat answers carry `system_fingerprint: null` and no `message.refusal`, as OpenAI's
// API does and its SDKs accept — INF-API-01 passes. True findings stay: the usage is hard-coded
// (INF-API-04), errors are not OpenAI errors (INF-API-03), a request in a deleted MCP session gets 400
// (AGT-MCP-01), a foreign Origin is served (AGT-MCP-06), and the A2A card claims protocol 1.0 in the v0.3
// shape while the agent speaks only v0.3 methods (AGT-A2A-01/02).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../runners/testing.ts';
import { startMockLlm } from './peers.ts';

describe('@dwmkerr/mock-llm', () => {
  let mock: Awaited<ReturnType<typeof startMockLlm>>;
  beforeAll(async () => {
    mock = await startMockLlm();
  });
  afterAll(() => mock?.stop());
  const chat = () => ({
    target: { name: 'mock-llm', endpoints: { chat: { base_url: mock.url, model: 'gpt-4', api_key_env: 'MOCK_LLM_KEY' } } } as never,
    env: { MOCK_LLM_KEY: 'sk-mock-llm-test-key' },
  });
  const mcp = () => ({ target: { name: 'mock-llm', endpoints: { mcp: { url: `${mock.base}/mcp` } } } as never, env: {} });
  const a2a = () => ({
    target: { name: 'mock-llm', endpoints: { a2a: { card_url: `${mock.base}/a2a/agents/echo-agent/.well-known/agent-card.json` } } } as never,
    env: {},
  });

  it('chat: the schema passes as OpenAI clients read it; hard-coded usage and non-OpenAI errors stay findings', async () => {
    const schema = await runCheck('chat.schema', { samples: 3 }, chat());
    expect(schema.status, schema.message).toBe('pass');
    const usage = await runCheck('chat.usage', { samples: 3 }, chat());
    expect(usage.status, usage.message).toBe('fail');
    const errors = await runCheck('chat.errors', {}, chat());
    expect(errors.status, errors.message).toBe('fail');
  });
  it('MCP: the deleted-session and Origin findings stay, over the transport it speaks', async () => {
    const life = await runCheck('mcp.lifecycle', {}, mcp());
    expect(life.status, life.message).toBe('fail');
    expect(life.message).toMatch(/deleted session answered HTTP 400, not 404 \[Streamable HTTP\]/);
    const origin = await runCheck('mcp.origin', {}, mcp());
    expect(origin.status, origin.message).toBe('fail');
    // No tool is annotated read-only and none is named: nothing is called unasked.
    expect((await runCheck('mcp.tools-call', {}, mcp())).status).toBe('not_tested');
  });
  it('A2A: a card claiming 1.0 in the v0.3 shape is judged as 1.0 and fails, and 1.0 SendMessage is refused', async () => {
    const card = await runCheck('a2a.agent-card', {}, a2a());
    expect(card.status, card.message).toBe('fail');
    expect(card.message).toMatch(/A2A 1\.0\) schema: .*supportedInterfaces/);
    const send = await runCheck('a2a.message-send', {}, a2a());
    expect(send.status, send.message).toBe('fail');
    expect(send.message).toMatch(/JSONRPC 1\.0 SendMessage: error -32601/);
  });
});
