// Helpers shared by the checks that talk to an OpenAI-compatible chat endpoint: one completion call with
// polite handling of 429 (a rate limit is not an answer: wait Retry-After and ask again, a bounded number
// of times), a pacer that keeps a long probe run under the target's declared rate, and a worker pool.

import crypto from 'node:crypto';
import type { CheckContext } from '../../runners/core/check.ts';
import { sleep, retryAfterMs, type HttpClient, type HttpResponse } from '../../runners/http/client.ts';
import { readChatAnswer } from '../../runners/http/extract.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'developer';
  content: string;
}

export function chatClient(ctx: CheckContext<any>): { client: HttpClient; model: string } {
  const client = ctx.http.chat;
  const model = ctx.target.endpoints.chat?.model;
  if (!client || !model) throw new Error('the target declares no chat endpoint with a model');
  return { client, model };
}

/** Requests per second a long probe run may send: under the declared limit, or the endpoint's own pace. */
export function probeRate(ctx: CheckContext<any>): number | undefined {
  const declared = ctx.target.declared?.rate_limit_rps;
  const ep = ctx.target.endpoints.chat?.rps;
  const candidates = [declared ? declared * 0.8 : undefined, ep].filter((x): x is number => typeof x === 'number' && x > 0);
  return candidates.length ? Math.min(...candidates) : undefined;
}

/** Spaces request starts at `rps` (none when undefined; none once `stopped()` says requests fail fast anyway). */
export function pacer(rps: number | undefined, signal?: AbortSignal, stopped?: () => boolean): () => Promise<void> {
  if (!rps) return async () => {};
  const gap = 1000 / rps;
  let next = Date.now();
  return async () => {
    if (stopped?.()) return;
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at > now) await sleep(at - now, signal);
  };
}

export interface CompletionResult {
  res: HttpResponse;
  /** assistant text (joined deltas for a stream); undefined when the response is not a completion */
  content?: string;
  /** Why a 200 answer could not be read as a whole, well-formed completion (then `content` is undefined). */
  unreadable?: string;
  body?: any;
  /** 429 answers waited out before this response */
  rateLimited: number;
}

export async function complete(
  ctx: CheckContext<any>,
  messages: ChatMessage[],
  opts: { model?: string; stream?: boolean; extra?: Record<string, unknown>; timeoutMs?: number; maxRateLimitWaits?: number } = {},
): Promise<CompletionResult> {
  const { client, model } = chatClient(ctx);
  let rateLimited = 0;
  for (;;) {
    const res = await client.request({
      method: 'POST',
      path: 'chat/completions',
      body: { model: opts.model ?? model, messages, ...(opts.stream ? { stream: true } : {}), ...opts.extra },
      timeoutMs: opts.timeoutMs,
    });
    if (res.status === 429 && rateLimited < (opts.maxRateLimitWaits ?? 5)) {
      rateLimited++;
      await sleep(Math.min(10_000, retryAfterMs(res.headers['retry-after']) ?? 1000), ctx.signal);
      continue;
    }
    return { res, rateLimited, ...extract(res, !!opts.stream) };
  }
}

/** Reads the answer through the extraction layer: an answer that is not read whole is `unreadable`, never content. */
function extract(res: HttpResponse, stream: boolean): { content?: string; body?: any; unreadable?: string } {
  if (res.status !== 200) return {};
  const a = readChatAnswer(res, { stream });
  if (!a.ok) return { unreadable: a.unreadable };
  return { content: a.value.content, body: a.value.body };
}

/** The pacer for a long probe run on the chat endpoint: stops pacing once the endpoint stopped answering. */
export function chatPacer(ctx: CheckContext<any>): () => Promise<void> {
  return pacer(probeRate(ctx), ctx.signal, () => !!ctx.http.chat?.options.breaker?.openReason);
}

/** Runs `fn` over `items` with at most `concurrency` at once, results in input order. */
export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) throw new Error('aborted');
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return out;
}

/**
 * A unique token a probe carries so it can be found again (audit log, answers). Not drawn from the seeded
 * source on purpose: a re-run with the same seed must not find the previous run's probes.
 */
export function nonce(prefix = 'GOVLLM'): string {
  return `${prefix}-${crypto.randomBytes(6).toString('hex').toUpperCase()}`;
}
