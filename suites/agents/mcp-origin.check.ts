// mcp.origin — DNS-rebinding protection (MCP transports, "Security Warning"): a request whose Origin
// names a foreign site is refused with 403; the server's own origin and no Origin (non-browser clients)
// are still served, so a server that refuses everything does not pass for a protected one.

import { defineCheck } from '../../runners/core/check.ts';
import { newId, rpc } from '../../runners/protocols/jsonrpc.ts';

export default defineCheck<{ foreign_origin?: string }>({
  id: 'mcp.origin',
  title: 'MCP server rejects a foreign Origin (DNS rebinding)',
  needs: ['mcp'],
  params: { type: 'object', additionalProperties: false, properties: { foreign_origin: { type: 'string', default: 'http://attacker.example' } } },
  async run(ctx) {
    const http = ctx.http.mcp!;
    const init = (origin?: string) =>
      rpc(http, { jsonrpc: '2.0', id: newId(), method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'govllm', version: '0.1.0' } } }, { headers: origin ? { origin } : {} });
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
    if (none.res.status !== 200) return { status: 'error', message: `initialize without an Origin answered HTTP ${none.res.status}: cannot tell Origin validation from a broken server`, observed };
    if (bad.res.status !== 403) return { status: 'fail', message: `initialize with Origin ${foreign} answered HTTP ${bad.res.status}, not 403 Forbidden`, observed };
    if (same.res.status !== 200) return { status: 'fail', message: `the server's own origin ${own} is refused too (HTTP ${same.res.status}): Origin validation blocks legitimate browser clients`, observed };
    return { status: 'pass', message: `foreign Origin refused with 403; own origin and no Origin served`, observed };
  },
});
