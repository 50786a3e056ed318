// The one place an HTTP answer becomes evidence. An answer counts only when it was read whole and
// well-formed: the declared Content-Type, the whole body (not cut at the size cap, not compressed when no
// compression was asked), valid UTF-8 (RFC 8259 §8.1: never repaired into U+FFFD), JSON no deeper than
// MAX_JSON_DEPTH, and the shape the protocol promises. Anything else is an *unreadable* answer, with the
// reason: the check then says `error` (or `fail` when the clause is about the API itself) — never counts it
// as an answer, a refusal or a pass. Checks for chat, knowledge, A2A and MCP all read through here.

import type { HttpResponse } from './client.ts';

/** Deepest nesting of arrays/objects accepted from a target; deeper answers are refused, not parsed. */
export const MAX_JSON_DEPTH = 64;

export type Read<T> = { ok: true; value: T } | { ok: false; unreadable: string };

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const SSE_TYPE = /^text\/event-stream\s*(?:;|$)/i;

/**
 * Whether `text` nests arrays/objects deeper than `max`. A linear scan that tracks strings, so a hostile
 * 100 000-deep document is refused before JSON.parse (and every later JSON.stringify) sees it.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** JSON.parse with the depth limit; a reason instead of a throw. */
export function parseJsonBounded<T = unknown>(text: string, max = MAX_JSON_DEPTH): Read<T> {
  if (jsonTooDeep(text, max)) return { ok: false, unreadable: `JSON nested deeper than ${max} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch {
    return { ok: false, unreadable: `not JSON: ${JSON.stringify(text.slice(0, 80))}` };
  }
}

/** Why the body as a whole cannot be read (cut, compressed, not UTF-8), or undefined when it can. */
export function bodyProblem(res: HttpResponse): string | undefined {
  if (res.truncated) {
    const cl = res.headers['content-length'];
    return `the body is larger than the size cap${cl ? ` (Content-Length ${cl.slice(0, 20)})` : ''} and was cut`;
  }
  const enc = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (enc && enc !== 'identity') return `the body is ${enc}-compressed, which was not asked for`;
  if (res.utf8 === false) return 'the body is not valid UTF-8';
  return undefined;
}

function contentType(res: HttpResponse): string {
  return (res.headers['content-type'] ?? '').trim();
}

export type Shape = 'object' | 'array' | ((v: unknown) => string | undefined);

function shapeProblem(v: unknown, shape: Shape | undefined): string | undefined {
  if (shape === undefined) return undefined;
  if (shape === 'object') return v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : 'not a JSON object';
  if (shape === 'array') return Array.isArray(v) ? undefined : 'not a JSON array';
  return shape(v);
}

/**
 * A JSON answer, read whole: Content-Type application/json (or application/*+json), complete, uncompressed,
 * valid UTF-8, depth-bounded, and of `shape` when given. The HTTP status is the caller's business.
 */
export function readJsonAnswer<T = any>(res: HttpResponse, opts: { shape?: Shape } = {}): Read<T> {
  const where = `${res.status} answer`;
  const ct = contentType(res);
  if (!JSON_TYPE.test(ct))
    return { ok: false, unreadable: `${where} is ${ct ? `Content-Type ${ct.slice(0, 60)}` : 'without a Content-Type'}, not application/json` };
  const problem = bodyProblem(res);
  if (problem) return { ok: false, unreadable: `${where}: ${problem}` };
  if (res.text.trim() === '') return { ok: false, unreadable: `${where} has an empty body` };
  const parsed = parseJsonBounded<T>(res.text);
  if (!parsed.ok) return { ok: false, unreadable: `${where}: ${parsed.unreadable}` };
  const bad = shapeProblem(parsed.value, opts.shape);
  if (bad) return { ok: false, unreadable: `${where}: ${bad}` };
  return parsed;
}

/**
 * The `data:` payloads of a complete event stream: Content-Type text/event-stream, the body whole and UTF-8,
 * each payload JSON (depth-bounded) except a final `[DONE]`, which is required when `done` is true.
 */
export function readSseJson(res: HttpResponse, opts: { done?: boolean } = {}): Read<unknown[]> {
  const ct = contentType(res);
  if (!SSE_TYPE.test(ct))
    return { ok: false, unreadable: `${res.status} answer is ${ct ? `Content-Type ${ct.slice(0, 60)}` : 'without a Content-Type'}, not text/event-stream` };
  const problem = bodyProblem(res);
  if (problem) return { ok: false, unreadable: `stream: ${problem}` };
  const events = res.events ?? [];
  const out: unknown[] = [];
  let done = false;
  for (const [i, e] of events.entries()) {
    if (e.event === 'error') return { ok: false, unreadable: `stream event ${i + 1} is an error event` };
    if (done) return { ok: false, unreadable: `stream carries data after [DONE] (event ${i + 1})` };
    if (e.data.trim() === '[DONE]') {
      done = true;
      continue;
    }
    if (e.data.trim() === '') continue;
    const p = parseJsonBounded(e.data);
    if (!p.ok) return { ok: false, unreadable: `stream event ${i + 1}: ${p.unreadable}` };
    out.push(p.value);
  }
  if (opts.done && !done) return { ok: false, unreadable: 'the stream ended without [DONE]' };
  return { ok: true, value: out };
}

export interface ChatAnswer {
  /** The assistant's text ('' for a filtered answer with no content). */
  content: string;
  /** The completion object (non-streaming answers only). */
  body?: any;
  finishReason?: string;
  /** Chunks of a streamed answer. */
  chunks?: any[];
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * An OpenAI-compatible chat completion, read whole. Streaming asked: a complete event stream of
 * `chat.completion.chunk` objects ending in `[DONE]`. Not asked: one JSON completion (an event stream is
 * refused: a client that asked for JSON cannot be served a stream). Any other answer is unreadable.
 */
export function readChatAnswer(res: HttpResponse, opts: { stream: boolean }): Read<ChatAnswer> {
  if (opts.stream) {
    const s = readSseJson(res, { done: true });
    if (!s.ok) return s;
    let content = '';
    let finishReason: string | undefined;
    for (const [i, c] of s.value.entries()) {
      if (!isObj(c) || !Array.isArray(c.choices)) return { ok: false, unreadable: `stream chunk ${i + 1} is not a chat.completion.chunk (no choices array)` };
      const ch = c.choices[0];
      if (ch === undefined) continue; // the usage chunk of stream_options.include_usage
      if (!isObj(ch) || (ch.delta !== undefined && !isObj(ch.delta))) return { ok: false, unreadable: `stream chunk ${i + 1} has no delta object` };
      const d = ch.delta?.content;
      if (d !== undefined && d !== null && typeof d !== 'string') return { ok: false, unreadable: `stream chunk ${i + 1}: delta.content is not a string` };
      content += d ?? '';
      if (typeof ch.finish_reason === 'string') finishReason = ch.finish_reason;
    }
    if (s.value.length === 0) return { ok: false, unreadable: 'the stream holds no chunk' };
    return { ok: true, value: { content, finishReason, chunks: s.value } };
  }
  const j = readJsonAnswer(res, { shape: 'object' });
  if (!j.ok) return j;
  const body = j.value;
  const ch = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isObj(ch) || !isObj(ch.message)) return { ok: false, unreadable: 'the JSON is not a chat completion (no choices[0].message)' };
  const finishReason = typeof ch.finish_reason === 'string' ? ch.finish_reason : undefined;
  const c = ch.message.content;
  if (typeof c === 'string') return { ok: true, value: { content: c, body, finishReason } };
  // content null is a complete answer only when something says why: a filter, a refusal, tool calls.
  if (c === null || c === undefined) {
    if (typeof ch.message.refusal === 'string') return { ok: true, value: { content: ch.message.refusal, body, finishReason } };
    if (finishReason === 'content_filter' || Array.isArray(ch.message.tool_calls)) return { ok: true, value: { content: '', body, finishReason } };
  }
  return { ok: false, unreadable: 'choices[0].message.content is not a string' };
}

/**
 * The first `max` characters of `s` as a string of their own. A plain slice of a large body shares the
 * body's memory (V8 keeps the parent of a sliced string alive), so 1 000 excerpts of 4 MB answers would hold
 * 4 GB; checks keep excerpts of target text through this.
 */
export function excerpt(s: string, max: number): string {
  if (s.length <= max && s.length < 64) return s;
  return Buffer.from(s.slice(0, max), 'utf16le').toString('utf16le');
}
