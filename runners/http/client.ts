// HTTP client for probing a target. node:http with a keep-alive agent (global fetch costs 2–3× the CPU
// per request here and can hang on Node 20 when a server closes at once). Every request:
//   - has a referenced timeout and honours the caller's AbortSignal;
//   - caps the response body (a hostile target cannot exhaust memory);
//   - never follows redirects (the caller sees the 3xx; nothing leaves the target's host);
//   - is written to the transcript sink with secrets redacted, and its id added to the check's recorder.
// Rate limiting and transport retries are plugged in through `limiter` / `retries`.

import http from 'node:http';
import https from 'node:https';
import { isUtf8 } from 'node:buffer';
import { Recorder, type TranscriptEntry, type TranscriptSink } from '../core/recorder.ts';

export interface RequestOptions {
  method?: string;
  /** Path relative to the client's base URL (or an absolute URL on the same origin). */
  path?: string;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  /** `default` sends the endpoint's key; `none` sends no Authorization; a string sends that key. */
  auth?: 'default' | 'none' | { key: string };
  timeoutMs?: number;
  maxBytes?: number;
  /** Do not retry even transport failures (e.g. when the probe is about the connection itself). */
  noRetry?: boolean;
  /** Each SSE event as it arrives (a long-lived stream, e.g. MCP's legacy HTTP+SSE transport). */
  onEvent?: (e: SseEvent) => void;
  /** Stop reading: the response settles with what arrived so far (not an error), and is recorded. */
  stop?: AbortSignal;
}

export interface SseEvent {
  /** ms since the request started */
  t: number;
  event?: string;
  data: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  truncated: boolean;
  /** ms until the response head arrived, and until the first body byte. */
  ttfbMs: number;
  firstByteMs?: number;
  elapsedMs: number;
  /** Parsed when the response is text/event-stream. */
  events?: SseEvent[];
  transcriptId: string;
  /** JSON.parse(text); throws a message naming the URL when the body is not JSON. */
  json<T = any>(): T;
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'aborted' | 'transport' | 'too-large',
    readonly transcriptId?: string,
  ) {
    super(message);
  }
}

export interface Limiter {
  /** Resolves when a request may be sent (token bucket, concurrency slot). */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Told about a 429/503 Retry-After so later requests wait. */
  backoff?(retryAfterMs: number): void;
}

export interface HttpClientOptions {
  endpoint: string; // chat | knowledge | mcp | …, for transcripts and messages
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  maxBytes?: number;
  transcripts: TranscriptSink;
  limiter?: Limiter;
  /** Transport-failure retries (connection reset/refused before any response). Never for HTTP statuses. */
  retries?: number;
  /** Extra secrets to redact from transcripts (other keys the run uses). */
  secrets?: string[];
  /**
   * Other keys the target names for this endpoint, by environment variable name (e.g. the chat endpoint's
   * `restricted_key_env`), for checks that must call with a different key (`auth: {key}`).
   */
  namedKeys?: Record<string, string>;
  /** Extra redaction of response bodies before they are written (e.g. a tool's environment dump). */
  redactResponse?: (body: string) => string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

export class HttpClient {
  private readonly agent: http.Agent;
  private readonly recorder?: Recorder;
  private readonly signal?: AbortSignal;

  constructor(
    readonly options: HttpClientOptions,
    shared?: { agent: http.Agent; recorder?: Recorder; signal?: AbortSignal },
  ) {
    const isHttps = options.baseUrl.startsWith('https:');
    this.agent =
      shared?.agent ??
      (isHttps
        ? new https.Agent({ keepAlive: true, maxSockets: 256 })
        : new http.Agent({ keepAlive: true, maxSockets: 256 }));
    this.recorder = shared?.recorder;
    this.signal = shared?.signal;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** A view of this client whose requests are recorded for one check and abort with its signal. */
  bind(recorder: Recorder, signal: AbortSignal): HttpClient {
    return new HttpClient(this.options, { agent: this.agent, recorder, signal });
  }

  /**
   * A view that bypasses the run's rate limiter and retries, for exclusive checks whose probe is to exceed
   * the target's declared rate on purpose (rate-limit tests). Still recorded, still aborted with the check.
   */
  unpaced(): HttpClient {
    return new HttpClient({ ...this.options, limiter: undefined, retries: 0 }, { agent: this.agent, recorder: this.recorder, signal: this.signal });
  }

  close(): void {
    this.agent.destroy();
  }

  resolve(path = ''): URL {
    const base = new URL(this.options.baseUrl);
    if (/^https?:\/\//.test(path)) {
      const u = new URL(path);
      if (u.origin !== base.origin) throw new Error(`refusing to send a request off the target's host: ${u.origin}`);
      return u;
    }
    const basePath = base.pathname.endsWith('/') ? base.pathname : base.pathname + '/';
    if (path === '') return base;
    return new URL(basePath + path.replace(/^\//, '') + '', base.origin);
  }

  async request(opts: RequestOptions = {}): Promise<HttpResponse> {
    const retries = opts.noRetry ? 0 : (this.options.retries ?? 0);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(opts);
      } catch (e) {
        // Only a transport failure before any response is retried: re-asking to get a better answer is never done.
        if (!(e instanceof HttpError) || e.kind !== 'transport' || attempt >= retries || this.signal?.aborted) throw e;
        await sleep(Math.min(4000, 200 * 2 ** attempt), this.signal);
      }
    }
  }

  private async once(opts: RequestOptions): Promise<HttpResponse> {
    const url = this.resolve(opts.path);
    const method = (opts.method ?? (opts.body === undefined ? 'GET' : 'POST')).toUpperCase();
    const headers: Record<string, string> = { accept: 'application/json, text/event-stream;q=0.9, */*;q=0.5', ...lower(opts.headers) };
    let body: Buffer | undefined;
    if (opts.body !== undefined) {
      if (typeof opts.body === 'string') body = Buffer.from(opts.body);
      else if (Buffer.isBuffer(opts.body)) body = opts.body;
      else {
        body = Buffer.from(JSON.stringify(opts.body));
        headers['content-type'] ??= 'application/json';
      }
      headers['content-length'] = String(body.length);
    }
    const auth = opts.auth ?? 'default';
    const key = auth === 'default' ? this.options.apiKey : auth === 'none' ? undefined : auth.key;
    if (key !== undefined && headers['authorization'] === undefined) headers['authorization'] = `Bearer ${key}`;

    const release = this.options.limiter ? await this.options.limiter.acquire(this.signal) : () => {};
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = opts.maxBytes ?? this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    this.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => ac.abort(), timeoutMs);

    const transcript: TranscriptEntry = {
      endpoint: this.options.endpoint,
      method,
      url: url.toString(),
      request_headers: headers,
      request_body: body?.toString('utf8'),
      started_at: startedAt,
      duration_ms: 0,
    };
    const finish = (patch: Partial<TranscriptEntry>): string => {
      const id = this.options.transcripts.write(this.redact({ ...transcript, ...patch, duration_ms: Date.now() - started }));
      this.recorder?.addTranscript(id);
      return id;
    };

    try {
      const res = await new Promise<{ status: number; headers: Record<string, string>; buf: Buffer; truncated: boolean; ttfb: number; firstByte?: number; events?: SseEvent[] }>(
        (resolve, reject) => {
          const lib = url.protocol === 'https:' ? https : http;
          const req = lib.request(url, { method, headers, agent: this.agent, signal: ac.signal }, (res) => {
            const ttfb = Date.now() - started;
            const chunks: Buffer[] = [];
            let size = 0;
            let truncated = false;
            let firstByte: number | undefined;
            const isSse = String(res.headers['content-type'] ?? '').includes('text/event-stream');
            const events: SseEvent[] | undefined = isSse ? [] : undefined;
            let sseBuf = '';
            res.on('data', (c: Buffer) => {
              firstByte ??= Date.now() - started;
              if (truncated) return;
              if (size + c.length > maxBytes) {
                chunks.push(c.subarray(0, maxBytes - size));
                size = maxBytes;
                truncated = true;
                // Settle first: destroying the response emits 'aborted', which must not turn a capped body into a failure.
                done();
                res.destroy(); // stop reading a body larger than the cap
                return;
              }
              chunks.push(c);
              size += c.length;
              if (events) {
                sseBuf += c.toString('utf8');
                let idx: number;
                while ((idx = sseBuf.search(/\r?\n\r?\n/)) >= 0) {
                  const raw = sseBuf.slice(0, idx);
                  sseBuf = sseBuf.slice(idx).replace(/^\r?\n\r?\n/, '');
                  const ev = parseSseEvent(raw, Date.now() - started);
                  if (ev) {
                    events.push(ev);
                    opts.onEvent?.(ev);
                  }
                }
              }
            });
            let settled = false;
            const done = () => {
              if (settled) return;
              settled = true;
              resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), buf: Buffer.concat(chunks), truncated, ttfb, firstByte, events });
            };
            res.on('end', done);
            if (opts.stop) {
              const stop = () => {
                done();
                res.destroy();
              };
              if (opts.stop.aborted) stop();
              else opts.stop.addEventListener('abort', stop, { once: true });
            }
            res.on('error', (err) => (settled ? undefined : reject(err)));
            res.on('aborted', () => (settled ? undefined : reject(new Error('response aborted'))));
          });
          req.on('error', reject);
          req.end(body);
        },
      );
      if (res.status === 429 || res.status === 503) {
        const ra = retryAfterMs(res.headers['retry-after']);
        if (ra !== undefined) this.options.limiter?.backoff?.(ra);
      }
      const text = res.buf.toString('utf8');
      const transcriptId = finish({ status: res.status, response_headers: res.headers, response_body: text, truncated: res.truncated || undefined, ttfb_ms: res.ttfb });
      const where = `${method} ${url.toString()}`;
      return {
        status: res.status,
        headers: res.headers,
        text,
        truncated: res.truncated,
        ttfbMs: res.ttfb,
        firstByteMs: res.firstByte,
        elapsedMs: Date.now() - started,
        events: res.events,
        transcriptId,
        json<T>(): T {
          // JSON on the wire is UTF-8 (RFC 8259 §8.1): invalid bytes are an answer the suite cannot read, not U+FFFD.
          if (!res.truncated && !isUtf8(res.buf)) throw new Error(`${where} answered ${res.status} with a body that is not valid UTF-8`);
          try {
            return JSON.parse(text) as T;
          } catch {
            throw new Error(`${where} answered ${res.status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
          }
        },
      };
    } catch (e) {
      const err = e as Error & { code?: string };
      const where = `${method} ${url.toString()}`;
      let he: HttpError;
      if (this.signal?.aborted) he = new HttpError(`${where}: aborted`, 'aborted');
      else if (ac.signal.aborted) he = new HttpError(`${where}: no complete response within ${timeoutMs} ms`, 'timeout');
      else he = new HttpError(`${where}: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' '), 'transport');
      const id = finish({ error: he.message });
      throw new HttpError(he.message, he.kind, id);
    } finally {
      clearTimeout(timer);
      this.signal?.removeEventListener('abort', onAbort);
      release();
    }
  }

  /** Replaces every secret this client knows with `***`, in headers and bodies alike. */
  private redact(t: TranscriptEntry): TranscriptEntry {
    const secrets = [this.options.apiKey, ...(this.options.secrets ?? [])].filter((s): s is string => !!s && s.length >= 4);
    const scrub = (s: string | undefined) => {
      if (s === undefined) return s;
      let out = s;
      for (const k of secrets) out = out.split(k).join('***');
      return out;
    };
    const scrubHeaders = (h: Record<string, string> | undefined) => {
      if (!h) return h;
      const o: Record<string, string> = {};
      for (const [k, v] of Object.entries(h)) {
        o[k] = /^(authorization|x-api-key|api-key|cookie|set-cookie|proxy-authorization)$/i.test(k) ? '***' : (scrub(v) ?? '');
      }
      return o;
    };
    return {
      ...t,
      url: scrub(t.url) ?? t.url,
      request_headers: scrubHeaders(t.request_headers) ?? {},
      request_body: scrub(t.request_body),
      response_headers: scrubHeaders(t.response_headers),
      response_body: scrub(t.response_body !== undefined && this.options.redactResponse ? this.options.redactResponse(t.response_body) : t.response_body),
      error: scrub(t.error),
    };
  }
}

function lower(h: Record<string, string> | undefined): Record<string, string> {
  const o: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) o[k.toLowerCase()] = v;
  return o;
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const o: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) o[k] = Array.isArray(v) ? v.join(', ') : v;
  return o;
}

export function parseSseEvent(raw: string, t: number): SseEvent | undefined {
  let event: string | undefined;
  const data: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith(':') || line === '') continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0 && event === undefined) return undefined;
  return { t, event, data: data.join('\n') };
}

export function retryAfterMs(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const d = Date.parse(v);
  return Number.isNaN(d) ? undefined : Math.max(0, d - Date.now());
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
