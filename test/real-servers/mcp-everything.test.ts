// The official MCP reference server, @modelcontextprotocol/server-everything (a devDependency), assessed
// by govllm's MCP clauses over each remote transport it speaks — Streamable HTTP (/mcp) and the
// deprecated HTTP+SSE (/sse) — one server per transport, all on 127.0.0.1.
//
// Expected verdicts, each judged against the specification (../shared/reviews/real-servers.md):
//   true findings stay: a request in a deleted session gets 400, not 404 (AGT-MCP-01, Streamable HTTP);
//   a foreign Origin is served (AGT-MCP-06, both transports); over HTTP+SSE a body that is not JSON gets a
//   plain-text 400, not a -32700 error (AGT-MCP-04).
//   false fails are gone: the legacy transport is detected and assessed (AGT-MCP-01 passes there, naming
//   the transport; the catalog accepts it), every outcome names its transport.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type RunCheckResult } from '../../runners/testing.ts';
import { startEverything, type Peer } from './peers.ts';

const CLAUSES: [string, string][] = [
  ['AGT-MCP-01', 'mcp.lifecycle'],
  ['AGT-MCP-02', 'mcp.tools-schema'],
  ['AGT-MCP-03', 'mcp.tools-call'],
  ['AGT-MCP-04', 'mcp.jsonrpc-errors'],
  ['AGT-MCP-05', 'mcp.resources-prompts'],
  ['AGT-MCP-06', 'mcp.origin'],
  ['AGT-SEC-01', 'agent.tool-permission'],
];

/** A value planted in the server's environment: its get-env tool returns it, the transcripts must not. */
const PLANTED = 'govllm-planted-env-value-7f3a9c';

async function assess(url: string, only?: string[]) {
  const target = { target: { name: 'server-everything', endpoints: { mcp: { url } } }, env: {} };
  const out: Record<string, RunCheckResult> = {};
  for (const [clause, check] of CLAUSES) if (!only || only.includes(clause)) out[clause] = await runCheck(check, {}, target);
  return out;
}

const statuses = (r: Record<string, RunCheckResult>) => Object.fromEntries(Object.entries(r).map(([k, o]) => [k, o.status]));
const messages = (r: Record<string, RunCheckResult>) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, o]) => [k, o.message])), null, 1);

describe('server-everything over Streamable HTTP', () => {
  let peer: Peer;
  let got: Record<string, RunCheckResult>;
  beforeAll(async () => {
    peer = await startEverything('streamableHttp', { GOVLLM_PLANTED: PLANTED });
    got = await assess(peer.url);
  }, 120_000);
  afterAll(() => peer?.stop());

  it('keeps the true findings and passes the rest', () => {
    expect(statuses(got), messages(got)).toEqual({
      'AGT-MCP-01': 'fail',
      'AGT-MCP-02': 'pass',
      'AGT-MCP-03': 'pass',
      'AGT-MCP-04': 'pass',
      'AGT-MCP-05': 'pass',
      'AGT-MCP-06': 'fail',
      'AGT-SEC-01': 'not_tested',
    });
    expect(got['AGT-MCP-01'].message).toMatch(/deleted session answered HTTP 400, not 404/);
    expect(got['AGT-MCP-06'].message).toMatch(/Origin http:\/\/attacker\.example answered HTTP 200/);
  });
  it('names the transport in every outcome', () => {
    for (const o of Object.values(got)) expect(o.message).toMatch(/Streamable HTTP/);
  });
  it('checks structuredContent against the outputSchema and records the deviations it does not fail', () => {
    const calls = got['AGT-MCP-03'].observed!.calls as { tool: string; structured_content?: string }[];
    expect(calls.find((c) => c.tool === 'get-structured-content')?.structured_content).toBe('checked against outputSchema');
    expect(got['AGT-MCP-03'].message).toMatch(/-32603/);
    expect(got['AGT-MCP-04'].observed!.should_deviations).toEqual([
      expect.stringMatching(/unknown_resource: error -32602.*-32002/),
      expect.stringMatching(/invalid_cursor: a success result/),
    ]);
  });
  it('keeps the environment the get-env tool returns out of the transcripts', () => {
    const calls = got['AGT-MCP-03'].observed!.calls as { tool: string }[];
    expect(calls.map((c) => c.tool)).toContain('get-env');
    const all = JSON.stringify(got['AGT-MCP-03'].transcriptEntries);
    expect(all).toContain('GOVLLM_PLANTED');
    expect(all).not.toContain(PLANTED);
  });
});

describe('server-everything over the deprecated HTTP+SSE transport', () => {
  let peer: Peer;
  let got: Record<string, RunCheckResult>;
  beforeAll(async () => {
    peer = await startEverything('sse');
    got = await assess(peer.url);
  }, 120_000);
  afterAll(() => peer?.stop());

  it('is detected by the backwards-compatibility procedure and assessed end to end', () => {
    expect(statuses(got), messages(got)).toEqual({
      'AGT-MCP-01': 'pass',
      'AGT-MCP-02': 'pass',
      'AGT-MCP-03': 'pass',
      'AGT-MCP-04': 'fail',
      'AGT-MCP-05': 'pass',
      'AGT-MCP-06': 'fail',
      'AGT-SEC-01': 'not_tested',
    });
    expect(got['AGT-MCP-01'].message).toMatch(
      /over HTTP\+SSE \(2024-11-05, deprecated since 2025-03-26\) only \(Streamable HTTP: initialize answered HTTP 404/,
    );
    expect(got['AGT-MCP-04'].message).toMatch(/parse_error: no JSON-RPC error object \(HTTP 400/);
    expect(got['AGT-MCP-06'].message).toMatch(/Origin http:\/\/attacker\.example was served/);
    for (const o of Object.values(got)) expect(o.message).toMatch(/HTTP\+SSE/);
  });
  it('fails the lifecycle clause, naming the transport, where the catalog does not accept the deprecated one', async () => {
    const o = await runCheck('mcp.lifecycle', { legacy_transport: 'fail' }, { target: { name: 'sse', endpoints: { mcp: { url: peer.url } } }, env: {} });
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/offers only the HTTP\+SSE \(2024-11-05, deprecated since 2025-03-26\) transport/);
  });
});
