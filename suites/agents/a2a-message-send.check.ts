// a2a.message-send — sending a message returns a well-formed Task or Message, and errors are the
// binding's errors, on every interface the card declares on a binding the suite speaks (or the one
// `endpoints.a2a.binding` names):
//   JSON-RPC v0.3  `message/send` → SendMessageSuccessResponse of the v0.3 schema; unknown method,
//                  invalid params and bad JSON → -32601, -32602 (or -32600), -32700.
//   JSON-RPC v1.0  `SendMessage` (A2A-Version: 1.0) → a result holding exactly one of `task`/`message`;
//                  the same three error probes.
//   HTTP+JSON      POST message:send (v1.0) or v1/message:send (v0.3, proto JSON) → 2xx JSON holding a
//                  task or message; a body that is not JSON → 4xx with a JSON error body.
// gRPC is detected and not probed (not_tested when it is all the card offers). The happy path is also
// taken with the official A2A SDK client, which picks the interface the card prefers.

import { defineCheck, type CheckContext } from '../../runners/core/check.ts';
import { Role } from '@a2a-js/sdk';
import { newId, isRpcError, rpc } from '../../runners/protocols/jsonrpc.ts';
import { a2aSdkClient } from '../../runners/protocols/a2a.ts';
import { a2aSchema } from './lib/schemas.ts';
import { cardInterfaces, fetchCard, interfacesToProbe, isCheckResult, isV1, under, versionHeaders, type AgentInterface } from './lib/a2a.ts';

const DEFAULT_TEXT = '你好，请问你能办理哪些政务服务？';

/** Problems of a v1.0 SendMessageResponse: exactly one of task/message, each with its required fields. */
function v1ResponseProblems(r: any): string[] {
  if (!r || typeof r !== 'object') return ['the result is not an object'];
  const has = ['task', 'message'].filter((k) => r[k] && typeof r[k] === 'object');
  if (has.length !== 1) return [`the result holds ${has.length ? 'both a task and a message' : 'neither a task nor a message'}`];
  const p: string[] = [];
  if (r.message) {
    const m = r.message;
    if (typeof m.messageId !== 'string' || !m.messageId) p.push('message.messageId missing');
    if (typeof m.role !== 'string') p.push('message.role missing');
    const parts = m.parts ?? m.content; // v0.3 proto JSON names them `content`
    if (!Array.isArray(parts) || parts.length === 0) p.push('message has no parts');
  } else {
    const t = r.task;
    if (typeof t.id !== 'string' || !t.id) p.push('task.id missing');
    if (!t.status || typeof t.status !== 'object') p.push('task.status missing');
  }
  return p;
}

async function jsonRpcSend(ctx: CheckContext<{ text?: string }>, i: AgentInterface, text: string, problems: string[], observed: Record<string, unknown>) {
  const http = ctx.http.a2a!;
  const headers = versionHeaders(i);
  const v1 = isV1(i.version);
  const label = `JSONRPC ${i.version}`;
  const id = newId();
  const messageId = `govllm-${id}-${Math.floor(ctx.random() * 1e9)}`;
  const body = v1
    ? { jsonrpc: '2.0', id, method: 'SendMessage', params: { message: { messageId, role: 'ROLE_USER', parts: [{ text }] } } }
    : { jsonrpc: '2.0', id, method: 'message/send', params: { message: { kind: 'message', role: 'user', messageId, parts: [{ kind: 'text', text }] } } };
  const send = await rpc(http, body, { path: i.url, headers });
  const schema = a2aSchema('0.3')!;
  if (!send.msg) problems.push(`${label} ${body.method}: no JSON-RPC answer (HTTP ${send.res.status})`);
  else if (send.msg.error) problems.push(`${label} ${body.method}: error ${send.msg.error.code} ${send.msg.error.message}`);
  else {
    if (send.msg.id !== id) problems.push(`${label} ${body.method} answered id ${JSON.stringify(send.msg.id)} for request ${id}`);
    if (v1) {
      const p = v1ResponseProblems(send.msg.result);
      observed[`${label} result`] = send.msg.result?.task ? 'task' : send.msg.result?.message ? 'message' : null;
      if (p.length) problems.push(`${label} SendMessage result: ${p.join('; ')}`);
    } else {
      const e = schema.validate('SendMessageSuccessResponse', send.msg);
      observed[`${label} result`] = send.msg.result?.kind ?? null;
      if (e) problems.push(`${label} message/send result is not a valid Task or Message: ${e}`);
    }
  }
  const errProbe = async (what: string, payload: unknown, codes: number[]) => {
    const c = await rpc(http, payload, { path: i.url, headers });
    observed[`${label} ${what}`] = { http: c.res.status, error: c.msg?.error ?? null };
    if (!isRpcError(c.msg)) problems.push(`${label} ${what}: no JSON-RPC error (HTTP ${c.res.status})`);
    else {
      if (!codes.includes(c.msg.error.code)) problems.push(`${label} ${what}: code ${c.msg.error.code}, expected ${codes.join(' or ')}`);
      if (!v1) {
        const e = schema.validate('JSONRPCErrorResponse', c.msg);
        if (e) problems.push(`${label} ${what}: ${e}`);
      }
    }
  };
  await errProbe('unknown_method', { jsonrpc: '2.0', id: newId(), method: 'govllm/no-such-method', params: {} }, [-32601]);
  await errProbe(
    'invalid_params',
    { jsonrpc: '2.0', id: newId(), method: body.method, params: { message: v1 ? { role: 'ROLE_USER' } : { kind: 'message' } } },
    [-32602, -32600],
  );
  await errProbe('parse_error', '{"jsonrpc":"2.0","method":', [-32700]);
}

async function restSend(ctx: CheckContext<{ text?: string }>, i: AgentInterface, text: string, problems: string[], observed: Record<string, unknown>) {
  const http = ctx.http.a2a!;
  const v1 = isV1(i.version);
  const label = `HTTP+JSON ${i.version}`;
  const path = under(i.url, v1 ? '/message:send' : '/v1/message:send');
  const messageId = `govllm-${newId()}-${Math.floor(ctx.random() * 1e9)}`;
  // v1.0 proto JSON names a message's parts `parts`; v0.3's proto named them `content`.
  const message = v1 ? { messageId, role: 'ROLE_USER', parts: [{ text }] } : { messageId, role: 'ROLE_USER', content: [{ text }] };
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...versionHeaders(i) };
  const res = await http.request({ method: 'POST', path, headers, body: JSON.stringify({ message }) });
  let got: any;
  try {
    got = res.json();
  } catch {
    got = undefined;
  }
  if (res.status < 200 || res.status >= 300)
    problems.push(`${label} POST ${path}: HTTP ${res.status}${got?.message ? ` ${got.message}` : got?.error?.message ? ` ${got.error.message}` : ''}`);
  else if (got === undefined) problems.push(`${label} POST ${path}: the answer is not JSON`);
  else {
    observed[`${label} result`] = got.task ? 'task' : got.message ? 'message' : null;
    const p = v1ResponseProblems(got);
    if (p.length) problems.push(`${label} message:send result: ${p.join('; ')}`);
  }
  const bad = await http.request({ method: 'POST', path, headers, body: '{"message":' });
  let badJson = true;
  try {
    bad.json();
  } catch {
    badJson = false;
  }
  observed[`${label} parse_error`] = { http: bad.status, json: badJson };
  if (bad.status < 400 || bad.status >= 500) problems.push(`${label} a body that is not JSON got HTTP ${bad.status}, not 400`);
  else if (!badJson) problems.push(`${label} a body that is not JSON got HTTP ${bad.status} without a JSON error body`);
}

export default defineCheck<{ text?: string }>({
  id: 'a2a.message-send',
  title: "A2A message send returns a well-formed task or message on each declared binding; errors are the binding's errors",
  needs: ['a2a'],
  params: { type: 'object', additionalProperties: false, properties: { text: { type: 'string', minLength: 1, default: DEFAULT_TEXT } } },
  async run(ctx) {
    const plain = await fetchCard(ctx);
    if (isCheckResult(plain)) return plain.status === 'fail' ? { ...plain, status: 'error', message: `cannot find the agent: ${plain.message}` } : plain;
    const v1 = isV1(plain.version) ? undefined : await fetchCard(ctx, '1.0');
    const ifaces = [...cardInterfaces(plain.card), ...(v1 && !isCheckResult(v1) ? cardInterfaces(v1.card) : [])];
    const { probe, grpc } = interfacesToProbe(ctx, ifaces);
    const observed: Record<string, unknown> = { probed: probe.map((i) => `${i.binding} ${i.version} ${i.url}`) };
    if (grpc.length) observed.grpc = `not probed (the suite does not speak gRPC): ${grpc.map((g) => g.url).join(', ')}`;
    if (probe.length === 0 && grpc.length)
      return { status: 'not_tested', message: 'the card declares only gRPC interfaces, which the suite does not speak', observed };
    if (probe.length === 0) {
      const want = ctx.target.endpoints.a2a?.binding;
      return {
        status: 'error',
        message: want
          ? `the card declares no ${want} interface (endpoints.a2a.binding)`
          : 'the card declares no JSON-RPC or HTTP+JSON interface the suite can send a message to',
        observed,
      };
    }
    const text = ctx.params.text ?? DEFAULT_TEXT;
    const problems: string[] = [];
    for (const i of probe) {
      if (i.binding === 'JSONRPC') await jsonRpcSend(ctx, i, text, problems, observed);
      else await restSend(ctx, i, text, problems, observed);
    }
    try {
      const client = await a2aSdkClient(ctx.http.a2a!, ctx.record, ctx.signal);
      const r = await client.sendMessage(
        {
          tenant: '',
          message: {
            messageId: `govllm-sdk-${newId()}`,
            contextId: '',
            taskId: '',
            role: Role.ROLE_USER,
            parts: [{ content: { $case: 'text', value: text } } as never],
            metadata: undefined,
            extensions: [],
            referenceTaskIds: [],
          },
          configuration: undefined,
          metadata: undefined,
        },
        { signal: ctx.signal },
      );
      observed.sdk_client = r && typeof r === 'object' ? ('status' in r ? 'task' : 'message') : typeof r;
    } catch (e) {
      const msg = (e as Error).message.slice(0, 200);
      // A transport failure is not the agent's answer: the SDK path could not be measured.
      if (/fetch failed/.test(msg) && problems.length === 0)
        return { status: 'error', message: `the official A2A SDK client could not reach the agent: ${msg}`, observed };
      problems.push(`the official A2A SDK client could not send a message: ${msg}`);
    }
    return problems.length
      ? { status: 'fail', message: problems.slice(0, 3).join('; '), observed }
      : {
          status: 'pass',
          message: `a message sent over ${probe.map((i) => `${i.binding} ${i.version}`).join(', ')} got a valid answer (SDK client: ${observed.sdk_client}); errors are the binding's errors${grpc.length ? '; gRPC not probed' : ''}`,
          observed,
        };
  },
});
