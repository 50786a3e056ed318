// a2a.message-send — `message/send` (A2A v0.3 JSON-RPC) returns a well-formed Task or Message
// (SendMessageSuccessResponse of the v0.3 schema); an unknown method, invalid params and a body that is
// not JSON get JSON-RPC errors (-32601, -32602, -32700). The happy path is also taken with the official
// A2A SDK client (over the runner's HTTP client), which picks the transport the card prefers.

import { defineCheck } from '../../runners/core/check.ts';
import { Role } from '@a2a-js/sdk';
import { newId, isRpcError, rpc } from '../../runners/protocols/jsonrpc.ts';
import { a2aSdkClient } from '../../runners/protocols/a2a.ts';
import { a2aSchema } from './lib/schemas.ts';
import { fetchCard, isCheckResult, jsonRpcUrls } from './lib/a2a.ts';

export default defineCheck<{ text?: string }>({
  id: 'a2a.message-send',
  title: 'A2A message/send returns a well-formed task or message; errors are JSON-RPC errors',
  needs: ['a2a'],
  params: { type: 'object', additionalProperties: false, properties: { text: { type: 'string', minLength: 1, default: '你好，请问你能办理哪些政务服务？' } } },
  async run(ctx) {
    const got = await fetchCard(ctx);
    if (isCheckResult(got)) return got.status === 'fail' ? { ...got, status: 'error', message: `cannot find the agent: ${got.message}` } : got;
    const schema = a2aSchema(got.version ?? '');
    if (!schema) return { status: 'error', message: `the card declares A2A ${got.version ?? '(none)'}; the suite speaks v0.3 message/send only` };
    const url = jsonRpcUrls(got.card)[0];
    if (!url) return { status: 'error', message: 'the card declares no JSON-RPC url' };
    const problems: string[] = [];
    const observed: Record<string, unknown> = { url };

    const id = newId();
    const send = await rpc(ctx.http.a2a!, {
      jsonrpc: '2.0',
      id,
      method: 'message/send',
      params: { message: { kind: 'message', role: 'user', messageId: `govllm-${id}-${Math.floor(ctx.random() * 1e9)}`, parts: [{ kind: 'text', text: ctx.params.text ?? '你好，请问你能办理哪些政务服务？' }] } },
    }, { path: url });
    if (!send.msg) problems.push(`message/send: no JSON-RPC answer (HTTP ${send.res.status})`);
    else if (send.msg.error) problems.push(`message/send: error ${send.msg.error.code} ${send.msg.error.message}`);
    else {
      const e = schema.validate('SendMessageSuccessResponse', send.msg);
      observed.result_kind = send.msg.result?.kind ?? null;
      if (e) problems.push(`message/send result is not a valid Task or Message: ${e}`);
      if (send.msg.id !== id) problems.push(`message/send answered id ${JSON.stringify(send.msg.id)} for request ${id}`);
    }

    const errProbe = async (label: string, body: unknown, codes: number[]) => {
      const c = await rpc(ctx.http.a2a!, body, { path: url });
      observed[label] = { http: c.res.status, error: c.msg?.error ?? null };
      if (!isRpcError(c.msg)) problems.push(`${label}: no JSON-RPC error (HTTP ${c.res.status})`);
      else {
        if (!codes.includes(c.msg.error.code)) problems.push(`${label}: code ${c.msg.error.code}, expected ${codes.join(' or ')}`);
        const e = schema.validate('JSONRPCErrorResponse', c.msg);
        if (e) problems.push(`${label}: ${e}`);
      }
    };
    await errProbe('unknown_method', { jsonrpc: '2.0', id: newId(), method: 'govllm/no-such-method', params: {} }, [-32601]);
    await errProbe('invalid_params', { jsonrpc: '2.0', id: newId(), method: 'message/send', params: { message: { kind: 'message' } } }, [-32602, -32600]);
    await errProbe('parse_error', '{"jsonrpc":"2.0","method":', [-32700]);
    try {
      const client = await a2aSdkClient(ctx.http.a2a!, ctx.record, ctx.signal);
      const r = await client.sendMessage(
        {
          tenant: '',
          message: { messageId: `govllm-sdk-${newId()}`, contextId: '', taskId: '', role: Role.ROLE_USER, parts: [{ content: { $case: 'text', value: ctx.params.text ?? '你好，请问你能办理哪些政务服务？' } } as never], metadata: undefined, extensions: [], referenceTaskIds: [] },
          configuration: undefined,
          metadata: undefined,
        },
        { signal: ctx.signal },
      );
      observed.sdk_client = r && typeof r === 'object' ? ('status' in r ? 'task' : 'message') : typeof r;
    } catch (e) {
      const msg = (e as Error).message.slice(0, 200);
      // A transport failure is not the agent's answer: the SDK path could not be measured.
      if (/fetch failed/.test(msg) && problems.length === 0) return { status: 'error', message: `the official A2A SDK client could not reach the agent: ${msg}`, observed };
      problems.push(`the official A2A SDK client could not send a message: ${msg}`);
    }
    return problems.length
      ? { status: 'fail', message: problems.slice(0, 3).join('; '), observed }
      : { status: 'pass', message: `message/send returned a valid ${observed.result_kind} (SDK client: ${observed.sdk_client}); unknown method, invalid params and bad JSON got JSON-RPC errors`, observed };
  },
});
