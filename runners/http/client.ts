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
import crypto from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { Recorder, type TranscriptEntry, type TranscriptSink } from '../core/recorder.ts';
import { Redactor } from '../output/redact.ts';
import { readJsonAnswer } from './extract.ts';

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
  /** false when the body is not valid UTF-8 (`text` then holds U+FFFD where bytes were invalid). */
  utf8?: boolean;
  transcriptId: string;
  /**
   * The body as JSON, read through the extraction layer (runners/http/extract.ts): throws a message naming
   * the URL unless the answer is application/json, whole, valid UTF-8 and depth-bounded.
   */
  json<T = any>(): T;
}

export class HttpError extends Error {
  constructor(
    message: string,
    /** `unavailable`: not sent, the endpoint's circuit breaker is open (it stopped answering). */
    readonly kind: 'timeout' | 'aborted' | 'transport' | 'too-large' | 'unavailable',
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
  /** The run's one redactor (runners/output/redact.ts); default: one built from apiKey, secrets and namedKeys. */
  redactor?: Redactor;
  /** Shared by every view of this endpoint's client: fails requests fast once the endpoint stopped answering. */
  breaker?: CircuitBreaker;
  /** Bytes of each body kept in transcripts (a prefix; the whole body's length and SHA-256 are recorded). */
  transcriptBodyBytes?: number;
  /** Extra redaction of response bodies before they are written (e.g. a tool's environment dump). */
  redactResponse?: (body: string) => string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
export const DEFAULT_TRANSCRIPT_BODY_BYTES = 64 * 1024;

/**
 * When a CircuitBreaker opens against an endpoint that never answers, for requests of `timeoutMs` sent
 * `concurrency` at a time (each wave fails together at its timeout): the first wave k with k·c ≥ failures,
 * or with k·c ≥ 2 and k·timeout ≥ silenceMs. Requests in flight are aborted then and later ones fail at
 * once, so this bounds what a never-answering endpoint costs a run.
 */
export function breakerOpensWithinMs(o: { timeoutMs: number; concurrency: number; failures?: number; silenceMs?: number }): number {
  const failures = Math.max(1, o.failures ?? 5);
  const silenceMs = o.silenceMs ?? 60_000;
  for (let k = 1; ; k++) {
    const failed = k * Math.max(1, o.concurrency);
    if (failed >= failures || (failed >= 2 && k * o.timeoutMs >= silenceMs)) return k * o.timeoutMs;
  }
}

/** The abort reason a breaker uses for the requests in flight when it opens. */
const BREAKER_OPEN = Symbol('endpoint stopped answering');

/**
 * Per-endpoint circuit breaker. A target that stops answering must not cost every remaining request its
 * full timeout: after `failures` consecutive timeouts or transport failures — or after at least two of
 * them and `silenceMs` without any response since the first — the breaker opens for the rest of the run.
 * Requests in flight are aborted and every later request fails at once as `unavailable` ("endpoint
 * stopped answering"), which checks turn into `error`. Any HTTP response, whatever its status, closes the
 * streak: a slow or refusing endpoint is still answering.
 */
export class CircuitBreaker {
  readonly failures: number;
  readonly silenceMs: number;
  private streak = 0;
  private streakSince = 0;
  /** Why it opened; undefined while closed. */
  openReason?: string;
  private readonly inFlight = new Set<AbortController>();

  constructor(opts: { failures?: number; silenceMs?: number } = {}) {
    this.failures = Math.max(1, opts.failures ?? 5);
    this.silenceMs = opts.silenceMs ?? 60_000;
  }

  /** Registers a request about to be sent; returns its release. */
  track(ac: AbortController): () => void {
    this.inFlight.add(ac);
    return () => this.inFlight.delete(ac);
  }

  success(): void {
    this.streak = 0;
  }

  failure(startedAt: number, what: string): void {
    if (this.openReason) return;
    if (this.streak === 0) this.streakSince = startedAt;
    this.streak++;
    const silent = Date.now() - this.streakSince;
    if (this.streak >= this.failures || (this.streak >= 2 && silent >= this.silenceMs)) {
      this.openReason = `${this.streak} requests in a row failed (last: ${what}) and nothing answered for ${Math.round(silent / 1000)} s`;
      for (const ac of this.inFlight) ac.abort(BREAKER_OPEN);
      this.inFlight.clear();
    }
  }
}

export class HttpClient {
  private readonly agent: http.Agent;
  private readonly recorder?: Recorder;
  private readonly signal?: AbortSignal;

  constructor(
    readonly options: HttpClientOptions,
    shared?: { agent: http.Agent; recorder?: Recorder; signal?: AbortSignal },
  ) {
    const isHttps = options.baseUrl.startsWith('https:');
    this.agent = shared?.agent ?? (isHttps ? new https.Agent({ keepAlive: true, maxSockets: 256 }) : new http.Agent({ keepAlive: true, maxSockets: 256 }));
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

  private base?: { url: URL; dir: string };
  resolve(path = ''): URL {
    // The base URL is parsed once per client, not per request (a URL parse was a tenth of the client's CPU).
    if (!this.base) {
      const url = new URL(this.options.baseUrl);
      this.base = { url, dir: url.origin + (url.pathname.endsWith('/') ? url.pathname : url.pathname + '/') };
    }
    const base = this.base.url;
    if (/^https?:\/\//.test(path)) {
      const u = new URL(path);
      if (u.origin !== base.origin) throw new Error(`refusing to send a request off the target's host: ${u.origin}`);
      return u;
    }
    if (path === '') return new URL(base);
    return new URL(this.base.dir + (path.startsWith('/') ? path.slice(1) : path));
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

  /** The request stage: URL, method, headers (the key as a Bearer token unless the caller set one) and body bytes. */
  private prepare(opts: RequestOptions): { url: URL; method: string; headers: Record<string, string>; body?: Buffer } {
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
    return { url, method, headers, body };
  }

  /** One request: paced by the limiter and the breaker, timed out, its response read (exchange) and recorded. */
  private async once(opts: RequestOptions): Promise<HttpResponse> {
    const { url, method, headers, body } = this.prepare(opts);

    const breaker = this.options.breaker;
    const stopped = (where: string) => new HttpError(`${where}: endpoint stopped answering (${breaker!.openReason}); not sent`, 'unavailable');
    if (breaker?.openReason) throw stopped(`${method} ${url.toString()}`);
    const release = this.options.limiter ? await this.options.limiter.acquire(this.signal) : () => {};
    if (breaker?.openReason) {
      release();
      throw stopped(`${method} ${url.toString()}`);
    }
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = opts.maxBytes ?? this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    this.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    const untrack = breaker?.track(ac) ?? (() => {});

    const bodyCap = this.options.transcriptBodyBytes ?? DEFAULT_TRANSCRIPT_BODY_BYTES;
    const transcript: TranscriptEntry = {
      endpoint: this.options.endpoint,
      method,
      url: url.toString(),
      request_headers: headers,
      ...(body ? requestBodyRecord(body, bodyCap) : {}),
      started_at: startedAt,
      duration_ms: 0,
    };
    const finish = (patch: Partial<TranscriptEntry>): string => {
      const id = this.options.transcripts.write(this.redact({ ...transcript, ...patch, duration_ms: Date.now() - started }));
      this.recorder?.addTranscript(id);
      return id;
    };

    try {
      const res = await exchange(url, { method, headers, body, agent: this.agent, signal: ac.signal }, { started, maxBytes, bodyCap }, opts);
      breaker?.success();
      if (res.status === 429 || res.status === 503) {
        const ra = retryAfterMs(res.headers['retry-after']);
        if (ra !== undefined) this.options.limiter?.backoff?.(ra);
      }
      const text = res.buf.toString('utf8');
      // A body cut at the cap may end inside a character: judge UTF-8 on the part that can be whole.
      const utf8 = isUtf8(res.truncated ? wholeChars(res.buf) : res.buf);
      const transcriptId = finish({
        status: res.status,
        response_headers: res.headers,
        ...responseBodyRecord(res.buf, utf8, res.headers['content-encoding'], bodyCap),
        truncated: res.truncated || undefined,
        ttfb_ms: res.ttfb,
      });
      const where = `${method} ${url.toString()}`;
      const response: HttpResponse = {
        status: res.status,
        headers: res.headers,
        text,
        truncated: res.truncated,
        ttfbMs: res.ttfb,
        firstByteMs: res.firstByte,
        elapsedMs: Date.now() - started,
        events: res.events,
        utf8,
        transcriptId,
        json<T>(): T {
          // One reading of answers for the whole suite: JSON Content-Type, whole, UTF-8 (never U+FFFD), depth-bounded.
          const r = readJsonAnswer<T>(response);
          if (!r.ok) throw new Error(`${where} answered unreadably: ${r.unreadable}`);
          return r.value;
        },
      };
      return response;
    } catch (e) {
      const err = e as Error & { code?: string };
      const where = `${method} ${url.toString()}`;
      let he: HttpError;
      if (this.signal?.aborted) he = new HttpError(`${where}: aborted`, 'aborted');
      else if (ac.signal.reason === BREAKER_OPEN) he = stopped(where);
      else if (ac.signal.aborted) he = new HttpError(`${where}: no complete response within ${timeoutMs} ms`, 'timeout');
      else he = new HttpError(`${where}: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' '), 'transport');
      if (he.kind === 'timeout' || he.kind === 'transport') breaker?.failure(started, he.kind);
      const id = finish({ error: he.message });
      throw new HttpError(he.message, he.kind, id);
    } finally {
      untrack();
      clearTimeout(timer);
      this.signal?.removeEventListener('abort', onAbort);
      release();
    }
  }

  private redactorCache?: Redactor;
  /** Replaces every secret this client knows with `***`, in every form, in headers and bodies alike. */
  private redact(t: TranscriptEntry): TranscriptEntry {
    this.redactorCache ??=
      this.options.redactor ?? new Redactor([this.options.apiKey, ...(this.options.secrets ?? []), ...Object.values(this.options.namedKeys ?? {})]);
    const scrub = (s: string | undefined) => (s === undefined ? s : this.redactorCache!.text(s));
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

/** The bytes of `buf` up to the last complete UTF-8 character (a cut body's tail may be half a character). */
function wholeChars(buf: Buffer): Buffer {
  const end = buf.length;
  // Step back over at most 3 continuation bytes to the lead byte of the last character.
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = buf[end - i];
    if ((b & 0xc0) !== 0x80) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need > i ? buf.subarray(0, end - i) : buf;
    }
  }
  return buf;
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** A prefix of `buf` as text, never ending in half a character. */
function textPrefix(buf: Buffer, cap: number): { text: string; cut: boolean } {
  if (buf.length <= cap) return { text: buf.toString('utf8'), cut: false };
  return { text: wholeChars(buf.subarray(0, cap)).toString('utf8'), cut: true };
}

function requestBodyRecord(body: Buffer, cap: number): Partial<TranscriptEntry> {
  const p = textPrefix(body, cap);
  return { request_body: p.text, ...(p.cut ? { request_bytes: body.length, request_sha256: sha256(body), body_cut: true } : {}) };
}

/**
 * What a transcript keeps of a response body: a bounded prefix, with the whole body's length and SHA-256.
 * A compressed or non-UTF-8 body is kept as bytes (base64 of a shorter prefix), never decoded into text.
 */
function responseBodyRecord(buf: Buffer, utf8: boolean, encoding: string | undefined, cap: number): Partial<TranscriptEntry> {
  if (buf.length === 0) return { response_body: '' };
  const whole = { response_bytes: buf.length, response_sha256: sha256(buf) };
  const enc = (encoding ?? '').trim().toLowerCase();
  if ((enc && enc !== 'identity') || !utf8) {
    const n = Math.min(buf.length, Math.max(256, cap >> 4));
    return { ...whole, response_body_base64: buf.subarray(0, n).toString('base64'), ...(n < buf.length ? { body_cut: true } : {}) };
  }
  const p = textPrefix(buf, cap);
  return { ...whole, response_body: p.text, ...(p.cut ? { body_cut: true } : {}) };
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

/** A response as read off the wire: status, headers, body bytes (capped), timings and the SSE events seen. */
interface RawResponse {
  status: number;
  headers: Record<string, string>;
  buf: Buffer;
  truncated: boolean;
  ttfb: number;
  firstByte?: number;
  events?: SseEvent[];
}

/**
 * The body stage: sends the request and reads the response up to `maxBytes` (a body declared larger is read only
 * as far as a transcript keeps), parsing server-sent events as they arrive; `hooks.stop` ends reading early.
 */
function exchange(
  url: URL,
  request: { method: string; headers: Record<string, string>; body?: Buffer; agent: http.Agent; signal: AbortSignal },
  limits: { started: number; maxBytes: number; bodyCap: number },
  hooks: Pick<RequestOptions, 'onEvent' | 'stop'>,
): Promise<RawResponse> {
  const { started, maxBytes, bodyCap } = limits;
  return new Promise<RawResponse>((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, { method: request.method, headers: request.headers, agent: request.agent, signal: request.signal }, (res) => {
      const ttfb = Date.now() - started;
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      let firstByte: number | undefined;
      const isSse = String(res.headers['content-type'] ?? '').includes('text/event-stream');
      const events: SseEvent[] | undefined = isSse ? [] : undefined;
      let sseBuf = '';
      // Decodes across chunk boundaries: a character split between two chunks is not a U+FFFD.
      const decoder = new StringDecoder('utf8');
      // A body declared larger than the cap is unreadable whatever it holds: read only the prefix the
      // transcript keeps, not the cap's worth (dozens of requests in flight × 4 MB is what memory goes to).
      const declared = Number(res.headers['content-length']);
      const limit = Number.isFinite(declared) && declared > maxBytes ? Math.min(maxBytes, bodyCap) : maxBytes;
      res.on('data', (c: Buffer) => {
        firstByte ??= Date.now() - started;
        if (truncated) return;
        if (size + c.length > limit) {
          chunks.push(c.subarray(0, limit - size));
          size = limit;
          truncated = true;
          // A cut body is unreadable: only the prefix a transcript keeps is worth holding on to.
          if (size > bodyCap) {
            const head = Buffer.concat(chunks).subarray(0, bodyCap);
            chunks.length = 0;
            chunks.push(Buffer.from(head));
          }
          // Settle first: destroying the response emits 'aborted', which must not turn a capped body into a failure.
          done();
          res.destroy(); // stop reading a body larger than the cap
          return;
        }
        chunks.push(c);
        size += c.length;
        if (events) {
          sseBuf += decoder.write(c);
          let idx: number;
          while ((idx = sseBuf.search(/\r?\n\r?\n/)) >= 0) {
            const raw = sseBuf.slice(0, idx);
            sseBuf = sseBuf.slice(idx).replace(/^\r?\n\r?\n/, '');
            const ev = parseSseEvent(raw, Date.now() - started);
            if (ev) {
              events.push(ev);
              hooks.onEvent?.(ev);
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
      if (hooks.stop) {
        const stop = () => {
          done();
          res.destroy();
        };
        if (hooks.stop.aborted) stop();
        else hooks.stop.addEventListener('abort', stop, { once: true });
      }
      res.on('error', (err) => (settled ? undefined : reject(err)));
      res.on('aborted', () => (settled ? undefined : reject(new Error('response aborted'))));
    });
    req.on('error', reject);
    req.end(request.body);
  });
}
