// MCP over Streamable HTTP for checks: a raw session (initialize → notifications/initialized → requests
// carrying Mcp-Session-Id and MCP-Protocol-Version) for negative probes, and the official SDK client
// wired to the runner's HttpClient for the happy path. Knows the protocol, nothing of any domain.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { HttpClient } from '../http/client.ts';
import type { Recorder } from '../core/recorder.ts';
import { fetchOver } from './fetch.ts';
import { newId, rpc, type RpcCall } from './jsonrpc.ts';

export { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS };
export const CLIENT_INFO = { name: 'govllm', version: '0.1.0' };

export class RawMcpSession {
  sessionId?: string;
  protocolVersion?: string;
  initResult?: any;
  initCall?: RpcCall;

  constructor(readonly client: HttpClient) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = {};
    if (this.sessionId) h['mcp-session-id'] = this.sessionId;
    if (this.protocolVersion) h['mcp-protocol-version'] = this.protocolVersion;
    return { ...h, ...extra };
  }

  /** initialize + notifications/initialized. Throws with a message when the server does not initialize. */
  async open(version: string = LATEST_PROTOCOL_VERSION, capabilities: Record<string, unknown> = {}): Promise<this> {
    const call = await rpc(this.client, { jsonrpc: '2.0', id: newId(), method: 'initialize', params: { protocolVersion: version, capabilities, clientInfo: CLIENT_INFO } });
    this.initCall = call;
    if (call.res.status !== 200 || !call.msg?.result) {
      throw new Error(`initialize answered HTTP ${call.res.status}${call.unreadable ? `, unreadably: ${call.unreadable}` : ''}${call.msg?.error ? ` with error ${call.msg.error.code} ${call.msg.error.message}` : ''}`);
    }
    this.initResult = call.msg.result;
    this.protocolVersion = String(call.msg.result.protocolVersion);
    this.sessionId = call.res.headers['mcp-session-id'];
    await this.notify('notifications/initialized');
    return this;
  }

  async notify(method: string, params?: unknown) {
    return this.client.request({
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) }),
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...this.headers() },
    });
  }

  request(method: string, params?: unknown, extraHeaders: Record<string, string> = {}): Promise<RpcCall> {
    return rpc(this.client, { jsonrpc: '2.0', id: newId(), method, ...(params === undefined ? {} : { params }) }, { headers: this.headers(extraHeaders) });
  }

  /** Sends a raw body (malformed JSON, invalid requests) within the session. */
  raw(body: unknown, extraHeaders: Record<string, string> = {}): Promise<RpcCall> {
    return rpc(this.client, body, { headers: this.headers(extraHeaders) });
  }

  async close(): Promise<void> {
    if (!this.sessionId) return;
    await this.client.request({ method: 'DELETE', headers: this.headers(), noRetry: true }).catch(() => undefined);
  }
}

/**
 * The official SDK client over the runner's HttpClient (transcripts, limits). `close()` ends the session
 * on the server (DELETE) and then the client, so probes leave no sessions behind.
 */
export async function sdkClient(
  http: HttpClient,
  recorder: Recorder,
  signal: AbortSignal,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport; close: () => Promise<void> }> {
  const transport = new StreamableHTTPClientTransport(http.resolve(''), { fetch: fetchOver(http, recorder, signal) });
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  await client.connect(transport, { signal, timeout: 30_000 });
  const close = async () => {
    await transport.terminateSession().catch(() => undefined);
    await client.close();
  };
  return { client, transport, close };
}
