// MCP over its two remote transports for checks. Streamable HTTP (2025-03-26 on): a raw session
// (initialize → notifications/initialized → requests carrying Mcp-Session-Id and MCP-Protocol-Version) for
// negative probes, and the official SDK client wired to the runner's HttpClient for the happy path. The
// deprecated HTTP+SSE transport (2024-11-05): a GET stream that names the POST endpoint in an `endpoint`
// event and carries every answer. `openMcpSession` picks the transport as the specification's
// backwards-compatibility procedure does (2025-11-25 Transports §Backwards Compatibility): POST initialize;
// on 400/404/405, GET the URL and wait for an `endpoint` event. Knows the protocol, nothing of any domain.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { HttpClient } from '../http/client.ts';
import type { Recorder } from '../core/recorder.ts';
import { fetchOver } from './fetch.ts';
import { newId, rpc, rpcMessages, type JsonRpcMessage, type RpcCall } from './jsonrpc.ts';
import type { HttpResponse, SseEvent } from '../http/client.ts';

export { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS };
export const CLIENT_INFO = { name: 'govllm', version: '0.1.0' };

export type McpTransport = 'streamable-http' | 'http+sse';
/** How outcomes name a transport. */
export const TRANSPORT_LABEL: Record<McpTransport, string> = { 'streamable-http': 'Streamable HTTP', 'http+sse': 'HTTP+SSE (2024-11-05, deprecated)' };

/** An `initialize` the server did not accept, with the HTTP status (the fallback decision needs it). */
export class InitializeError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** What the checks use of a session, whichever transport carries it. */
export interface McpSession {
  readonly transport: McpTransport;
  sessionId?: string;
  protocolVersion?: string;
  initResult?: any;
  initCall?: RpcCall;
  open(version?: string, capabilities?: Record<string, unknown>): Promise<this>;
  notify(method: string, params?: unknown): Promise<unknown>;
  request(method: string, params?: unknown, extraHeaders?: Record<string, string>): Promise<RpcCall>;
  raw(body: unknown, extraHeaders?: Record<string, string>): Promise<RpcCall>;
  close(): Promise<void>;
}

export class RawMcpSession implements McpSession {
  readonly transport = 'streamable-http' as const;
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
    const call = await rpc(this.client, {
      jsonrpc: '2.0',
      id: newId(),
      method: 'initialize',
      params: { protocolVersion: version, capabilities, clientInfo: CLIENT_INFO },
    });
    this.initCall = call;
    if (call.res.status !== 200 || !call.msg?.result) {
      throw new InitializeError(
        `initialize answered HTTP ${call.res.status}${call.unreadable ? `, unreadably: ${call.unreadable}` : ''}${call.msg?.error ? ` with error ${call.msg.error.code} ${call.msg.error.message}` : ''}`,
        call.res.status,
      );
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

/** How long a legacy-transport answer may take to appear on the stream after its POST was accepted. */
const LEGACY_ANSWER_MS = 15_000;

/**
 * MCP over the deprecated HTTP+SSE transport (2024-11-05): the client's URL is the SSE endpoint; a GET
 * opens the stream, whose first `endpoint` event names the URL to POST messages to (202 Accepted); every
 * answer arrives on the stream. The stream is recorded as one transcript when the session closes; each
 * POST is recorded on its own.
 */
export class LegacySseSession implements McpSession {
  readonly transport = 'http+sse' as const;
  sessionId?: string;
  protocolVersion?: string;
  initResult?: any;
  initCall?: RpcCall;
  endpoint?: string;
  private readonly stop = new AbortController();
  private stream?: Promise<HttpResponse | undefined>;
  private readonly seen: JsonRpcMessage[] = [];
  private waiters: (() => void)[] = [];

  /** `headers` go with the stream's GET (e.g. an Origin, to probe DNS-rebinding protection). */
  constructor(
    readonly client: HttpClient,
    private readonly headers: Record<string, string> = {},
  ) {}

  private onEvent(e: SseEvent) {
    // The endpoint is a URI reference resolved against the stream's URL (as the SDK's SSEClientTransport does).
    if (e.event === 'endpoint') this.endpoint = new URL(e.data.trim(), this.client.resolve('')).toString();
    else if (!e.event || e.event === 'message') {
      try {
        const v = JSON.parse(e.data);
        for (const m of Array.isArray(v) ? v : [v]) if (m && typeof m === 'object') this.seen.push(m);
      } catch {
        /* a non-JSON event: not an answer */
      }
    }
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves when `pred` holds on what arrived, or with undefined after `ms` (or when the stream ends). */
  private async waitFor<T>(pred: () => T | undefined, ms: number): Promise<T | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const got = pred();
      if (got !== undefined) return got;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      const ended = await Promise.race([
        new Promise<boolean>((r) => this.waiters.push(() => r(false))),
        new Promise<boolean>((r) => setTimeout(() => r(false), left).unref?.()),
        this.stream!.then(() => true),
      ]);
      if (ended) return pred();
    }
  }

  /** GET the stream and wait for its `endpoint` event. Throws when the URL serves no such stream. */
  async connect(): Promise<void> {
    let head: HttpResponse | undefined;
    let failure: Error | undefined;
    this.stream = this.client
      .unpaced() // the stream holds its connection for the whole session: it must not take a concurrency slot
      .request({
        method: 'GET',
        headers: { accept: 'text/event-stream', ...this.headers },
        onEvent: (e) => this.onEvent(e),
        stop: this.stop.signal,
        timeoutMs: 30 * 60_000,
        noRetry: true,
      })
      .then((r) => (head = r))
      .catch((e: Error) => {
        failure = e;
        return undefined;
      });
    const ep = await this.waitFor(() => this.endpoint ?? (head || failure ? '' : undefined), 10_000);
    if (!ep) {
      this.stop.abort();
      await this.stream;
      if (failure) throw new Error(`GET for an HTTP+SSE stream failed: ${failure.message}`);
      if (head) throw new Error(`GET answered HTTP ${head.status} (${head.headers['content-type'] ?? 'no content-type'}) without an \`endpoint\` event`);
      throw new Error('GET opened no stream with an `endpoint` event within 10 s');
    }
    this.sessionId = /sessionId=([^&]+)/.exec(ep)?.[1];
  }

  async open(version: string = LATEST_PROTOCOL_VERSION, capabilities: Record<string, unknown> = {}): Promise<this> {
    if (!this.endpoint) await this.connect();
    const call = await this.request('initialize', { protocolVersion: version, capabilities, clientInfo: CLIENT_INFO });
    this.initCall = call;
    if (!call.msg?.result) {
      throw new InitializeError(
        `initialize over HTTP+SSE: ${call.msg?.error ? `error ${call.msg.error.code} ${call.msg.error.message}` : `no answer on the stream (POST answered HTTP ${call.res.status})`}`,
        call.res.status,
      );
    }
    this.initResult = call.msg.result;
    this.protocolVersion = String(call.msg.result.protocolVersion);
    await this.notify('notifications/initialized');
    return this;
  }

  private post(body: string) {
    return this.client.request({
      method: 'POST',
      path: this.endpoint!,
      body,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    });
  }

  notify(method: string, params?: unknown) {
    return this.post(JSON.stringify({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) }));
  }

  request(method: string, params?: unknown): Promise<RpcCall> {
    return this.raw({ jsonrpc: '2.0', id: newId(), method, ...(params === undefined ? {} : { params }) });
  }

  /**
   * POSTs a body; the answer is the stream message with the request's id (or, for a body without a usable
   * id, an error with id null). A POST the server refuses (4xx) carries no stream answer: its own body is
   * read instead, as Streamable HTTP's would be.
   */
  async raw(body: unknown): Promise<RpcCall> {
    const from = this.seen.length;
    const res = await this.post(typeof body === 'string' ? body : JSON.stringify(body));
    const id = typeof body === 'object' && body !== null && 'id' in body ? ((body as { id: string | number | null }).id ?? null) : null;
    if (res.status >= 300) {
      const msgs = rpcMessages(res);
      return { res, msg: msgs.find((m) => m.id === id) ?? (msgs.length === 1 ? msgs[0] : undefined) };
    }
    const isAnswer = (m: JsonRpcMessage) => ('result' in m || 'error' in m) && (m.id === id || (m.id === null && 'error' in m));
    const msg = await this.waitFor(() => this.seen.slice(from).find(isAnswer), id === null ? 3_000 : LEGACY_ANSWER_MS);
    return { res, msg };
  }

  /** Ends the stream (the legacy transport has no DELETE: closing the stream ends the session). */
  async close(): Promise<void> {
    this.stop.abort();
    await this.stream;
  }
}

/**
 * A session over whichever transport the server speaks: Streamable HTTP first; on 400/404/405 to the
 * initialize POST, the deprecated HTTP+SSE transport (the spec's backwards-compatibility procedure).
 * Throws a message naming both attempts when neither works.
 */
export async function openMcpSession(client: HttpClient): Promise<McpSession> {
  const s = new RawMcpSession(client);
  try {
    return await s.open();
  } catch (e) {
    if (!(e instanceof InitializeError) || ![400, 404, 405].includes(e.status)) throw e;
    const legacy = new LegacySseSession(client);
    try {
      return await legacy.open();
    } catch (e2) {
      await legacy.close();
      throw new Error(`Streamable HTTP: ${e.message}; HTTP+SSE fallback: ${(e2 as Error).message}`, { cause: e2 });
    }
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
