// mcp.jsonrpc-errors — JSON-RPC error handling inside an initialized session: an unknown method gets
// -32601; a body that is not JSON gets -32700; a JSON value that is not a JSON-RPC request gets -32600
// (-32700 is accepted too: the official SDK server answers it so). Each answer must be a JSON-RPC error
// object (integer code, string message) in a JSON body — never a success, never HTML.
// Two SHOULDs of the negotiated version are probed and recorded, but do not fail this clause (its text is
// about unknown methods and malformed requests): an unknown resource gets -32002 (Resources §Error
// Handling, 2024-11-05 … 2025-11-25) and an invalid cursor gets -32602 (Pagination §Error Handling).

import { defineCheck } from '../../runners/core/check.ts';
import { newId, isRpcError } from '../../runners/protocols/jsonrpc.ts';
import { envelopeErrors, withSession } from './lib/mcp.ts';

export default defineCheck({
  id: 'mcp.jsonrpc-errors',
  title: 'MCP unknown methods → -32601, malformed requests → -32600/-32700',
  needs: ['mcp'],
  async run(ctx) {
    return withSession(ctx, async (s) => {
      const problems: string[] = [];
      const observed: Record<string, unknown> = {};
      const probe = async (label: string, body: unknown, codes: number[], sameId?: number) => {
        const c = await s.raw(body);
        const ct = c.res.headers['content-type'] ?? '';
        const msg = c.msg;
        observed[label] = { http: c.res.status, content_type: ct, error: msg?.error ?? null, result: msg && 'result' in msg ? msg.result : undefined };
        if (!isRpcError(msg)) {
          problems.push(
            `${label}: no JSON-RPC error object (HTTP ${c.res.status}, ${ct || 'no content-type'}${msg && 'result' in msg ? ', a success result' : ''})`,
          );
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
      const caps = s.initResult?.capabilities ?? {};
      const should: string[] = [];
      const shouldProbe = async (label: string, method: string, params: unknown, code: number, rule: string) => {
        const c = await s.request(method, params);
        const got = c.msg?.error ? `error ${c.msg.error.code}` : c.msg && 'result' in c.msg ? 'a success result' : `no answer (HTTP ${c.res.status})`;
        observed[label] = { http: c.res.status, error: c.msg?.error ?? null, result: c.msg && 'result' in c.msg ? 'returned' : undefined };
        if (c.msg?.error?.code !== code) should.push(`${label}: ${got}, ${rule} says ${code} (SHOULD)`);
      };
      const knownVersion = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'].includes(s.protocolVersion ?? '');
      if (caps.resources && knownVersion)
        await shouldProbe('unknown_resource', 'resources/read', { uri: `govllm://no-such-resource/${id}` }, -32002, 'Resources §Error Handling');
      if (caps.tools) await shouldProbe('invalid_cursor', 'tools/list', { cursor: `govllm-invalid-cursor-${id}` }, -32602, 'Pagination §Error Handling');
      if (should.length) observed.should_deviations = should;
      return problems.length
        ? { status: 'fail', message: problems.slice(0, 4).join('; '), observed }
        : {
            status: 'pass',
            message: `unknown method → -32601, not JSON → -32700, invalid request → JSON-RPC error${should.length ? `; SHOULD deviations (not failed): ${should.join('; ')}` : ''}`,
            observed,
          };
    });
  },
});
