// mcp.jsonrpc-errors — JSON-RPC error handling inside an initialized session: an unknown method gets
// -32601; a body that is not JSON gets -32700; a JSON value that is not a JSON-RPC request gets -32600
// (-32700 is accepted too: the official SDK server answers it so). Each answer must be a JSON-RPC error
// object (integer code, string message) in a JSON body — never a success, never HTML.

import { defineCheck } from '../../runners/core/check.ts';
import { newId, isRpcError } from '../../runners/protocols/jsonrpc.ts';
import { envelopeErrors, isResult, openSession } from './lib/mcp.ts';

export default defineCheck({
  id: 'mcp.jsonrpc-errors',
  title: 'MCP unknown methods → -32601, malformed requests → -32600/-32700',
  needs: ['mcp'],
  params: { type: 'object', additionalProperties: false, properties: {} },
  async run(ctx) {
    const s = await openSession(ctx);
    if (isResult(s)) return s;
    try {
      const problems: string[] = [];
      const observed: Record<string, unknown> = {};
      const probe = async (label: string, body: unknown, codes: number[], sameId?: number) => {
        const c = await s.raw(body);
        const ct = c.res.headers['content-type'] ?? '';
        const msg = c.msg;
        observed[label] = { http: c.res.status, content_type: ct, error: msg?.error ?? null, result: msg && 'result' in msg ? msg.result : undefined };
        if (!isRpcError(msg)) {
          problems.push(`${label}: no JSON-RPC error object (HTTP ${c.res.status}, ${ct || 'no content-type'}${msg && 'result' in msg ? ', a success result' : ''})`);
          return;
        }
        if (!codes.includes(msg.error.code)) problems.push(`${label}: error code ${msg.error.code}, expected ${codes.join(' or ')}`);
        if (sameId !== undefined && msg.id !== sameId) problems.push(`${label}: error id ${JSON.stringify(msg.id)} is not the request's id ${sameId}`);
        if (sameId !== undefined) {
          const e = envelopeErrors(s.protocolVersion!, msg);
          if (e) problems.push(`${label}: ${e}`);
        }
      };
      const id = newId();
      await probe('unknown_method', { jsonrpc: '2.0', id, method: `govllm/no-such-method-${id}`, params: {} }, [-32601], id);
      await probe('parse_error', '{"jsonrpc": "2.0", "id": 1, "method": ', [-32700]);
      await probe('invalid_request_no_method', { jsonrpc: '2.0', id: newId() }, [-32600, -32700]);
      await probe('invalid_request_wrong_version', { jsonrpc: '1.0', id: newId(), method: 'ping' }, [-32600, -32700]);
      return problems.length
        ? { status: 'fail', message: problems.slice(0, 4).join('; '), observed }
        : { status: 'pass', message: 'unknown method → -32601, not JSON → -32700, invalid request → JSON-RPC error', observed };
    } finally {
      await s.close();
    }
  },
});
