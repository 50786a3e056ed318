// JSON-RPC 2.0 over HTTP, raw: for the negative probes an SDK would refuse to send. Answers may come as
// application/json or as an SSE stream of JSON-RPC messages (MCP Streamable HTTP); both are read here.

import type { HttpClient, HttpResponse, RequestOptions } from '../http/client.ts';
import { readJsonAnswer, readSseJson, type Read } from '../http/extract.ts';

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

/**
 * Every JSON-RPC message in a response body — one object, a batch, or SSE `data:` lines — read through the
 * extraction layer (runners/http/extract.ts): the body must be whole, UTF-8, depth-bounded JSON under a
 * JSON or event-stream Content-Type. An empty body holds no message; anything else is unreadable.
 */
export function readRpcMessages(res: HttpResponse): Read<JsonRpcMessage[]> {
  const out: JsonRpcMessage[] = [];
  const push = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(push);
    else if (v && typeof v === 'object') out.push(v as JsonRpcMessage);
  };
  if (res.text === '' && !res.truncated) return { ok: true, value: out };
  if (/^text\/event-stream/i.test(res.headers['content-type'] ?? '')) {
    const s = readSseJson(res);
    if (!s.ok) return s;
    s.value.forEach(push);
    return { ok: true, value: out };
  }
  const j = readJsonAnswer(res);
  if (!j.ok) return j;
  push(j.value);
  return { ok: true, value: out };
}

/** The messages of a readable body; none when it is unreadable (see readRpcMessages for why). */
export function rpcMessages(res: HttpResponse): JsonRpcMessage[] {
  const r = readRpcMessages(res);
  return r.ok ? r.value : [];
}

/** A well-formed JSON-RPC 2.0 error object (spec §5.1): integer code, string message. */
export function isRpcError(m: JsonRpcMessage | undefined): m is JsonRpcMessage & { error: JsonRpcError } {
  return !!m && m.jsonrpc === '2.0' && !!m.error && Number.isInteger(m.error.code) && typeof m.error.message === 'string' && !('result' in m);
}

export interface RpcCall {
  res: HttpResponse;
  msg?: JsonRpcMessage;
  /** Why the body could not be read (then `msg` is undefined). */
  unreadable?: string;
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
  const read = readRpcMessages(res);
  const msgs = read.ok ? read.value : [];
  const msg = msgs.find((m) => m.id === id && ('result' in m || 'error' in m)) ?? (msgs.length === 1 ? msgs[0] : undefined);
  return { res, msg, ...(read.ok ? {} : { unreadable: read.unreadable }) };
}
