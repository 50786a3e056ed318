// `govllm probe`: looks at a deployment the way the checks will and says what it found — the models and their
// windows (/models), where the AI label is, the knowledge interface's request and citation shape, the metric
// families for each monitoring signal, the MCP tools with their schemas, the A2A card's bindings — and builds
// a suggested target descriptor (version 2) from the given one plus what it found. No verdicts: nothing here
// judges the standard. Bounded: a fixed, small number of requests per endpoint, one at a time, through the
// same clients (and rate limiters) as a run; a 429 is waited out once (Retry-After), then reported.

import type { Target } from '../core/types.ts';
import { normalizeTarget } from '../core/target.ts';
import { createClients, type EndpointName } from '../core/clients.ts';
import { MemoryTranscriptSink } from '../core/recorder.ts';
import { EndpointLimiter } from '../execute/limiter.ts';
import { retryAfterMs, sleep, type HttpClient, type HttpResponse, type RequestOptions } from '../http/client.ts';
import { openMcpSession } from '../protocols/mcp.ts';
import { discoverLabel, discoverLabelHeader } from '../../suites/apps/lib/label.ts';
import { findCitations } from '../../suites/knowledge/lib/kb-client.ts';
import { parseExposition } from '../../suites/infrastructure/lib/prometheus.ts';
import { findSignal, SIGNALS } from '../../suites/infrastructure/lib/prometheus.ts';

export interface ProbeReport {
  /** One section per endpoint probed: what was found, line by line. */
  sections: { endpoint: string; lines: string[] }[];
  /** The given descriptor with what was found filled in (never overriding what it already says). */
  suggested: Target;
  /** Requests sent, per endpoint. */
  requests: Record<string, number>;
}

/** Names a model list uses for a model's context window. */
const WINDOW_FIELDS = [
  'context_window',
  'context_length',
  'max_context_length',
  'max_model_len',
  'max_input_tokens',
  'max_sequence_length',
  'context_size',
  'n_ctx',
];
/** Knowledge query paths and question fields tried when the descriptor names none (first answer wins). */
const KB_PATHS = ['query', 'ask', 'search', 'qa', 'chat'];
const KB_FIELDS = ['question', 'q', 'query', 'prompt', 'input'];
const KB_QUESTION = '办理居民身份证换领需要哪些材料？';

export async function probeTarget(given: Target, env: Record<string, string | undefined>): Promise<ProbeReport> {
  const suggested: Target = toV2(given);
  const requests: Record<string, number> = {};
  const clients = createClients(given, {
    env,
    transcripts: new MemoryTranscriptSink(),
    retries: 1,
    limiter: (name) => {
      const ep = (given.endpoints as Record<string, { rps?: number; burst?: number } | undefined>)[name];
      return new EndpointLimiter({ concurrency: 1, rps: ep?.rps, burst: ep?.burst });
    },
  });
  const sections: ProbeReport['sections'] = [];
  const send = async (name: EndpointName, opts: RequestOptions): Promise<HttpResponse> => {
    const c = clients[name]!;
    for (let waited = 0; ; waited++) {
      requests[name] = (requests[name] ?? 0) + 1;
      const res = await c.request(opts);
      if (res.status !== 429 || waited > 0) return res;
      await sleep(Math.min(10_000, retryAfterMs(res.headers['retry-after']) ?? 1000));
    }
  };
  const attempt = async (name: EndpointName, fn: (lines: string[]) => Promise<void>) => {
    if (!clients[name]) return;
    const lines: string[] = [];
    try {
      await fn(lines);
    } catch (e) {
      lines.push(`could not probe: ${(e as Error).message}`);
    }
    sections.push({ endpoint: name, lines });
  };
  try {
    await attempt('chat', (l) => probeChat(given, suggested, (o) => send('chat', o), l));
    await attempt('knowledge', (l) => probeKnowledge(given, suggested, (o) => send('knowledge', o), l));
    await attempt('metrics', (l) => probeMetrics(suggested, (o) => send('metrics', o), l));
    await attempt('mcp', (l) => probeMcp(clients.mcp!, l, () => (requests.mcp = (requests.mcp ?? 0) + 1)));
    await attempt('a2a', (l) => probeA2a((o) => send('a2a', o), l));
  } finally {
    for (const c of Object.values(clients)) c?.close();
  }
  return { sections, suggested, requests };
}

type Send = (o: RequestOptions) => Promise<HttpResponse>;

/** The given descriptor in version-2 form only: v1 fields migrated (runners/core/target.ts), then dropped. */
function toV2(given: Target): Target {
  const t = structuredClone(normalizeTarget(given));
  if (t.endpoints.chat) {
    delete t.endpoints.chat.restricted_key_env;
    delete t.endpoints.chat.restricted_models;
  }
  if (t.declared) {
    delete t.declared.context_window;
    delete t.declared.models;
    if (!Object.keys(t.declared).length) delete t.declared;
  }
  return t;
}

async function probeChat(given: Target, out: Target, send: Send, lines: string[]): Promise<void> {
  const chat = out.endpoints.chat!;
  const res = await send({ method: 'GET', path: 'models' });
  const listed: { id: string; window?: number }[] = [];
  if (res.status === 200) {
    const body = safeJson(res.text);
    const data: unknown[] = Array.isArray(body?.data) ? body.data : Array.isArray(body?.models) ? body.models : Array.isArray(body) ? body : [];
    for (const m of data) {
      if (!m || typeof m !== 'object') continue;
      const o = m as Record<string, any>;
      const id = o.id ?? o.name ?? o.model;
      if (typeof id !== 'string') continue;
      listed.push({ id, window: windowOf(o) });
    }
    lines.push(
      `models (/models): ${listed.length ? listed.map((m) => `${m.id}${m.window ? ` (context ${m.window})` : ' (no window listed)'}`).join(', ') : 'none listed'}`,
    );
  } else lines.push(`models (/models): HTTP ${res.status}`);
  // The pool: the models the descriptor names, plus those listed; a listed window fills a window not given.
  const known = new Map((chat.models ?? (chat.model ? [{ id: chat.model }] : [])).map((m) => [m.id, { ...m }]));
  for (const m of listed) {
    const k = known.get(m.id) ?? { id: m.id };
    if (k.context_window === undefined && m.window) k.context_window = m.window;
    known.set(m.id, k);
  }
  if (known.size) {
    chat.models = [...known.values()];
    chat.model = chat.model ?? chat.models[0].id;
  }
  const model = chat.model ?? listed[0]?.id;
  if (!model) {
    lines.push('no model to ask: name one in endpoints.chat.model');
    return;
  }
  const r = await send({
    method: 'POST',
    path: 'chat/completions',
    body: { model, messages: [{ role: 'user', content: '你好，请用一句话介绍你能提供哪些政务服务。' }] },
  });
  const body = safeJson(r.text);
  if (r.status !== 200 || !body) {
    lines.push(`a completion with ${model}: HTTP ${r.status}, no completion to look for the AI label in`);
    return;
  }
  const header = discoverLabelHeader(r.headers);
  const field = header ? undefined : discoverLabel(body);
  const given_ = given.endpoints.chat?.shape?.label;
  if (header) lines.push(`AI label: response header ${header.header}: ${clip(header.value)}`);
  else if (field) lines.push(`AI label: JSON field ${field.path} = ${clip(JSON.stringify(field.value))}`);
  else
    lines.push(
      'AI label: not found in any header or JSON field of a completion (label.api-implicit will say so; set endpoints.chat.shape.label if it is elsewhere)',
    );
  if (!given_ && (header || field)) chat.shape = { ...(chat.shape ?? {}), label: header ? { header: header.header } : { field: field!.path } };
}

async function probeKnowledge(given: Target, out: Target, send: Send, lines: string[]): Promise<void> {
  const kb = out.endpoints.knowledge!;
  const shape = given.endpoints.knowledge?.shape ?? {};
  const paths = shape.query_path ? [shape.query_path] : KB_PATHS;
  const fields = shape.question_field ? [shape.question_field] : KB_FIELDS;
  const tried: string[] = [];
  for (const p of paths) {
    for (const f of fields) {
      const res = await send({ method: 'POST', path: p, body: { [f]: KB_QUESTION } });
      tried.push(`${p} {${f}} → ${res.status}`);
      if (res.status === 404 || res.status === 405) break; // no such path: the next one
      if (res.status !== 200) continue; // this field is not the question: the next field
      const body = safeJson(res.text);
      if (!body) continue;
      const cites = findCitations(body);
      lines.push(`query: POST ${p} with {"${f}": …} answers 200`);
      lines.push(
        `citations: ${cites.length ? `${cites.length} found (${cites.slice(0, 3).join(', ')})` : 'none found in the answer (set endpoints.knowledge.shape.citations_path if the vendor cites elsewhere)'}`,
      );
      if (p !== 'query' || f !== 'question') kb.shape = { ...(kb.shape ?? {}), query_path: p, question_field: f };
      return;
    }
  }
  lines.push(`no query path answered (${tried.join(', ')}); set endpoints.knowledge.shape.query_path and question_field`);
}

async function probeMetrics(out: Target, send: Send, lines: string[]): Promise<void> {
  const res = await send({ method: 'GET', headers: { accept: 'text/plain;version=0.0.4' } });
  if (res.status !== 200) {
    lines.push(`metrics page: HTTP ${res.status}`);
    return;
  }
  const { families } = parseExposition(res.text);
  lines.push(`${families.size} metric families`);
  const mapped: Record<string, string> = { ...(out.endpoints.metrics!.shape?.families ?? {}) };
  for (const s of SIGNALS) {
    const f = findSignal(families, s, mapped[s]);
    lines.push(`  ${s.padEnd(19)} ${f ? `${f.name} (${f.type ?? 'untyped'})` : 'no family recognised (map it in endpoints.metrics.shape.families)'}`);
    if (f && !mapped[s]) mapped[s] = f.name;
  }
  if (Object.keys(mapped).length) out.endpoints.metrics!.shape = { ...(out.endpoints.metrics!.shape ?? {}), families: mapped };
}

async function probeMcp(client: HttpClient, lines: string[], count: () => void): Promise<void> {
  count();
  const s = await openMcpSession(client);
  try {
    lines.push(`session: protocol ${s.protocolVersion} over ${s.transport}`);
    count();
    const call = await s.request('tools/list', {});
    const tools: { name: string; inputSchema?: Record<string, any>; annotations?: Record<string, unknown> }[] = call.msg?.result?.tools ?? [];
    lines.push(`${tools.length} tools${call.msg?.result?.nextCursor ? ' (first page)' : ''}`);
    for (const t of tools) {
      const props = Object.entries<Record<string, any>>(t.inputSchema?.properties ?? {}).map(
        ([k, p]) =>
          `${k}${(t.inputSchema?.required ?? []).includes(k) ? '' : '?'}: ${p.type ?? 'any'}${p.pattern ? ` /${p.pattern}/` : ''}${p.enum ? ` ${JSON.stringify(p.enum)}` : ''}`,
      );
      const hints = Object.entries(t.annotations ?? {})
        .filter(([k, v]) => k.endsWith('Hint') && v === true)
        .map(([k]) => k);
      lines.push(`  ${t.name}(${props.join(', ')})${hints.length ? ` [${hints.join(', ')}]` : ''}`);
    }
    lines.push('task steps for agent.multi-step-task are not guessed: write them in endpoints.mcp.shape.task');
  } finally {
    await s.close();
  }
}

async function probeA2a(send: Send, lines: string[]): Promise<void> {
  const res = await send({ method: 'GET' });
  const card = safeJson(res.text);
  if (res.status !== 200 || !card) {
    lines.push(`agent card: HTTP ${res.status}`);
    return;
  }
  const bindings = new Set<string>();
  if (card.preferredTransport) bindings.add(`${card.preferredTransport} ${card.url ?? ''}`.trim());
  for (const i of [...(card.additionalInterfaces ?? []), ...(card.supportedInterfaces ?? [])])
    bindings.add(`${i.transport ?? i.protocolBinding ?? '?'} ${i.url ?? ''}`.trim());
  lines.push(`agent card: ${card.name ?? '(no name)'}, protocol ${card.protocolVersion ?? card.version ?? '?'}, ${(card.skills ?? []).length} skill(s)`);
  lines.push(`bindings: ${[...bindings].join('; ') || 'none declared'}`);
}

function windowOf(o: Record<string, any>): number | undefined {
  for (const scope of [o, o.meta, o.metadata, o.capabilities, o.limits]) {
    if (!scope || typeof scope !== 'object') continue;
    for (const f of WINDOW_FIELDS) if (Number.isInteger(scope[f]) && scope[f] > 0) return scope[f];
  }
  return undefined;
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The report as text, one section per endpoint. */
export function formatProbe(r: ProbeReport): string {
  const out: string[] = [];
  for (const s of r.sections) {
    out.push(`${s.endpoint} (${r.requests[s.endpoint] ?? 0} requests):`);
    for (const l of s.lines) out.push(`  ${l}`);
  }
  return out.join('\n') + '\n';
}
