// JSON-RPC 2.0 over HTTP, raw: for the negative probes an SDK would refuse to send. Answers may come as
// application/json or as an SSE stream of JSON-RPC messages (MCP Streamable HTTP); both are read here.

import type { HttpClient, HttpResponse, RequestOptions } from '../http/client.ts';

export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}
export interface JsonRpcMessage {
  jsonrpc?: unknown;
  id?: string | number | null;
  method?: string;
  params?: unknown;
  result?: any;
  error?: JsonRpcError;
}

/** Every JSON-RPC message in a response body: one object, a batch, or SSE `data:` lines. */
export function rpcMessages(res: HttpResponse): JsonRpcMessage[] {
  const out: JsonRpcMessage[] = [];
  const push = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(push);
    else if (v && typeof v === 'object') out.push(v as JsonRpcMessage);
  };
  if (res.events) {
    for (const e of res.events) {
      if (!e.data.trim()) continue;
      try {
        push(JSON.parse(e.data));
      } catch {
        /* not JSON: ignored, the caller sees no response */
      }
    }
    return out;
  }
  try {
    push(JSON.parse(res.text));
  } catch {
    /* not JSON */
  }
  return out;
}

/** The response to request `id` in the body, if any. */
export function rpcResponse(res: HttpResponse, id: string | number | null): JsonRpcMessage | undefined {
  return rpcMessages(res).find((m) => m.id === id && ('result' in m || 'error' in m));
}

/** A well-formed JSON-RPC 2.0 error object (spec §5.1): integer code, string message. */
export function isRpcError(m: JsonRpcMessage | undefined): m is JsonRpcMessage & { error: JsonRpcError } {
  return !!m && m.jsonrpc === '2.0' && !!m.error && Number.isInteger(m.error.code) && typeof m.error.message === 'string' && !('result' in m);
}

export interface RpcCall {
  res: HttpResponse;
  msg?: JsonRpcMessage;
}

let nextId = 1;
export function newId(): number {
  return nextId++;
}

/** POSTs one JSON-RPC request (or a raw body) and picks the response with the same id. */
export async function rpc(
  client: HttpClient,
  body: unknown,
  opts: { headers?: Record<string, string>; path?: string; auth?: RequestOptions['auth']; timeoutMs?: number } = {},
): Promise<RpcCall> {
  const res = await client.request({
    method: 'POST',
    path: opts.path ?? '',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...opts.headers },
    auth: opts.auth,
    timeoutMs: opts.timeoutMs,
  });
  const id = typeof body === 'object' && body !== null && 'id' in body ? ((body as { id: string | number | null }).id ?? null) : null;
  const msgs = rpcMessages(res);
  const msg = msgs.find((m) => m.id === id && ('result' in m || 'error' in m)) ?? (msgs.length === 1 ? msgs[0] : undefined);
  return { res, msg };
}
