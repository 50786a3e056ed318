// A WHATWG-fetch-shaped function on top of the runner's HttpClient, for the official protocol SDKs (MCP,
// A2A) whose clients take a custom `fetch`. Their traffic then goes through the runner's limits, timeouts,
// body cap and transcripts like every other probe. Only the client's own origin is reachable (the
// HttpClient refuses anything else).
//
// Limits: the body is read whole before the Response is handed back (the HttpClient buffers). A
// request/response exchange — including a POST answered with an SSE stream the server closes — works; a
// long-lived stream (the optional MCP GET stream) only resolves when it ends or is aborted, so callers
// that do not need server-initiated messages should not wait on it.

import type { HttpClient, HttpResponse } from '../http/client.ts';
import { bodyProblem, jsonTooDeep, MAX_JSON_DEPTH } from '../http/extract.ts';
import type { Recorder } from '../core/recorder.ts';

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function fetchOver(client: HttpClient, recorder: Recorder, signal: AbortSignal): typeof fetch {
  const f = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((v, k) => (headers[k] = v));
    let body: string | Buffer | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body instanceof Uint8Array) body = Buffer.from(init.body);
    else if (init.body instanceof ArrayBuffer) body = Buffer.from(new Uint8Array(init.body));
    else if (init.body != null) throw new TypeError('fetchOver: only string and byte bodies are supported');
    const perRequest = init.signal ? AbortSignal.any([signal, init.signal]) : signal;
    const bound = client.bind(recorder, perRequest);
    // Transport failures before any response (a keep-alive socket the server had closed) are retried as
    // the client is configured to; answers never are.
    let res: HttpResponse;
    try {
      res = await bound.request({ method: init.method ?? 'GET', path: url, headers, body, auth: headers.authorization ? 'none' : 'default' });
    } catch (e) {
      if (init.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
      throw new TypeError(`fetch failed: ${(e as Error).message}`, { cause: e });
    }
    // The SDKs parse what they are handed: a body that was not read whole (cut, compressed, not UTF-8) or
    // nests deeper than the suite accepts is no answer, so it never reaches them (runners/http/extract.ts).
    const problem =
      res.text === '' ? undefined : (bodyProblem(res) ?? (jsonTooDeep(res.text) ? `JSON nested deeper than ${MAX_JSON_DEPTH} levels` : undefined));
    if (problem) throw new TypeError(`fetch failed: unreadable answer (HTTP ${res.status}): ${problem}`);
    const h = new Headers();
    for (const [k, v] of Object.entries(res.headers)) h.set(k, v);
    return new Response(NULL_BODY.has(res.status) ? null : res.text, { status: res.status, headers: h });
  };
  return f as typeof fetch;
}
