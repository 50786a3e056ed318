// mcp.origin — DNS-rebinding protection (MCP transports, "Security Warning"): a request whose Origin
// names a foreign site is refused with 403; the server's own origin and no Origin (non-browser clients)
// are still served, so a server that refuses everything does not pass for a protected one.
// Over the deprecated HTTP+SSE transport (a server that answers the POST with 400/404/405 but serves the
// stream), the probe is the stream's GET: 2024-11-05 Transports §Security Warning says servers MUST validate
// Origin on all incoming connections (it names no status, so any refusal counts).

import { defineCheck } from '../../runners/core/check.ts';
import { newId, rpc } from '../../runners/protocols/jsonrpc.ts';
import { LegacySseSession } from '../../runners/protocols/mcp.ts';
import type { HttpClient } from '../../runners/http/client.ts';
import type { CheckResult } from '../../runners/core/types.ts';

const LEGACY = 'HTTP+SSE (2024-11-05, deprecated)';

/** Whether a legacy stream opened with these headers initializes; the refusal's message when not. */
async function legacyOpens(http: HttpClient, headers: Record<string, string>): Promise<true | string> {
  const s = new LegacySseSession(http, headers);
  try {
    await s.open();
    return true;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await s.close();
  }
}

async function legacyOrigin(http: HttpClient, foreign: string, streamableStatus: number): Promise<CheckResult> {
  const none = await legacyOpens(http, {});
  const observed: Record<string, unknown> = {
    transport: 'http+sse',
    streamable_http_status: streamableStatus,
    foreign_origin: foreign,
    no_origin: none === true ? 'served' : none,
  };
  if (none !== true)
    return {
      status: 'error',
      message: `initialize without an Origin failed on both transports (Streamable HTTP: HTTP ${streamableStatus}; HTTP+SSE: ${none}): cannot tell Origin validation from a broken server`,
      observed,
    };
  const bad = await legacyOpens(http, { origin: foreign });
  observed.foreign = bad === true ? 'served' : bad;
  if (bad === true)
    return {
      status: 'fail',
      message: `a stream opened with Origin ${foreign} was served and initialized: the server does not validate Origin [${LEGACY}]`,
      observed,
    };
  const own = new URL(http.baseUrl).origin;
  const same = await legacyOpens(http, { origin: own });
  observed.own = same === true ? 'served' : same;
  if (same !== true)
    return {
      status: 'fail',
      message: `the server's own origin ${own} is refused too: Origin validation blocks legitimate browser clients [${LEGACY}]`,
      observed,
    };
  return { status: 'pass', message: `foreign Origin refused; own origin and no Origin served [${LEGACY}]`, observed };
}

export default defineCheck<{ foreign_origin?: string }>({
  id: 'mcp.origin',
  title: 'MCP server rejects a foreign Origin (DNS rebinding)',
  needs: ['mcp'],
  params: { type: 'object', additionalProperties: false, properties: { foreign_origin: { type: 'string', default: 'http://attacker.example' } } },
  async run(ctx) {
    const http = ctx.http.mcp!;
    const init = (origin?: string) =>
      rpc(
        http,
        {
          jsonrpc: '2.0',
          id: newId(),
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'govllm', version: '0.1.0' } },
        },
        { headers: origin ? { origin } : {} },
      );
    const end = async (sid: string | undefined) => {
      if (sid) await http.request({ method: 'DELETE', headers: { 'mcp-session-id': sid }, noRetry: true }).catch(() => undefined);
    };
    const foreign = ctx.params.foreign_origin ?? 'http://attacker.example';
    const bad = await init(foreign);
    await end(bad.res.headers['mcp-session-id']);
    const own = new URL(http.baseUrl).origin;
    const same = await init(own);
    await end(same.res.headers['mcp-session-id']);
    const none = await init();
    await end(none.res.headers['mcp-session-id']);
    const observed = { foreign_origin: foreign, foreign_status: bad.res.status, own_origin_status: same.res.status, no_origin_status: none.res.status };
    if ([400, 404, 405].includes(none.res.status) && none.msg?.result === undefined) return legacyOrigin(http, foreign, none.res.status);
    if (none.res.status !== 200)
      return {
        status: 'error',
        message: `initialize without an Origin answered HTTP ${none.res.status}: cannot tell Origin validation from a broken server`,
        observed,
      };
    if (bad.res.status !== 403)
      return { status: 'fail', message: `initialize with Origin ${foreign} answered HTTP ${bad.res.status}, not 403 Forbidden [Streamable HTTP]`, observed };
    if (same.res.status !== 200)
      return {
        status: 'fail',
        message: `the server's own origin ${own} is refused too (HTTP ${same.res.status}): Origin validation blocks legitimate browser clients [Streamable HTTP]`,
        observed,
      };
    return { status: 'pass', message: `foreign Origin refused with 403; own origin and no Origin served [Streamable HTTP]`, observed };
  },
});
