// rag.freshness — a new document sent through the update path the target declares
// (endpoints.knowledge.update: method + path under base_url, JSON body {id, title, content, keywords})
// is served by the query interface within the clause's bound. The document carries a fresh nonce, so an
// answer holding it can only come from this update.

import { excerpt } from '../../runners/http/extract.ts';
import { defineCheck } from '../../runners/core/check.ts';
import { sleep } from '../../runners/http/client.ts';
import { ask, kbParams, KB_PARAMS_SCHEMA, type KbParams } from './lib/kb-client.ts';
import { hasFact } from './lib/gold.ts';

interface Params extends KbParams {
  max_seconds: number;
  poll_ms?: number;
}

/** `{{id}}`, `{{title}}`, `{{content}}`, `{{keywords}}` in the descriptor's body template, replaced by the document's. */
function fillTemplate(v: unknown, doc: Record<string, unknown>): unknown {
  if (typeof v === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(v);
    if (whole && whole[1] in doc) return doc[whole[1]];
    return v.replace(/\{\{(\w+)\}\}/g, (m, k) => (k in doc ? String(doc[k]) : m));
  }
  if (Array.isArray(v)) return v.map((x) => fillTemplate(x, doc));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillTemplate(x, doc)]));
  return v;
}

export default defineCheck<Params>({
  id: 'rag.freshness',
  title: 'An update through the declared path is served within the bound',
  needs: ['knowledge'],
  params: {
    type: 'object',
    required: ['max_seconds'],
    additionalProperties: false,
    properties: {
      max_seconds: { type: 'number', exclusiveMinimum: 0 },
      poll_ms: { type: 'integer', minimum: 50, default: 250 },
      ...KB_PARAMS_SCHEMA,
    },
  },
  // The bound itself, plus the update request and the last query, each up to the endpoint's timeout.
  timeBudgetMs: (p, target) => p.max_seconds * 1000 + 2 * (target.endpoints.knowledge?.timeout_ms ?? 30_000) + (p.poll_ms ?? 250),
  async run(ctx) {
    const update = ctx.target.endpoints.knowledge?.update;
    if (!update) return { status: 'not_applicable', message: 'the target declares no knowledge update path (endpoints.knowledge.update)' };
    // Two nonces: one names the document in the question, the other is the fact only the document holds
    // (letters, so an answer cannot hold it by echoing the question or by chance).
    const letters = () => Array.from({ length: 6 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(ctx.random() * 24)]).join('');
    const nonce = letters();
    const fact = `WIN-${letters()}`;
    const title = `govllm时效核验事项${nonce}`;
    const doc = { id: `govllm-freshness-${nonce}`, title, content: `${title}的受理窗口代码为${fact}，由综合受理中心办理。`, keywords: [title] };
    const question = `${title}的受理窗口代码是什么？`;
    const started = Date.now();
    // The write may need its own key (target v2 `update_key_env`) and its own body (`update.body` template).
    const writeEnv = ctx.target.endpoints.knowledge?.update_key_env;
    const writeKey = writeEnv ? ctx.http.knowledge!.options.namedKeys?.[writeEnv] : undefined;
    if (writeEnv && !writeKey) return { status: 'error', message: `endpoints.knowledge.update_key_env names ${writeEnv}, which is not set in the environment` };
    const body = update.body ? fillTemplate(update.body, doc) : doc;
    const res = await ctx.http.knowledge!.request({ method: update.method, path: update.path, body, ...(writeKey ? { auth: { key: writeKey } } : {}) });
    if (res.status < 200 || res.status >= 300) {
      return {
        status: 'fail',
        message: `the declared update path ${update.method} ${update.path} answered HTTP ${res.status}`,
        observed: { status: res.status, body: excerpt(res.text, 200) },
      };
    }
    const boundMs = ctx.params.max_seconds * 1000;
    const poll = ctx.params.poll_ms ?? 250;
    let polls = 0;
    let last: string | undefined;
    for (;;) {
      polls++;
      const a = await ask(ctx.http.knowledge!, question, kbParams(ctx.params, ctx.target));
      const elapsed = Date.now() - started;
      last = a.answer ?? a.problem;
      if (a.answer !== undefined && hasFact(a.answer, fact)) {
        const seconds = Number((elapsed / 1000).toFixed(3));
        const within = elapsed <= boundMs;
        return {
          status: within ? 'pass' : 'fail',
          message: `the new fact was served ${seconds}s after the update (bound ${ctx.params.max_seconds}s)`,
          observed: { seconds, polls, cited: a.sources, document: doc.id },
          expected: { max_seconds: ctx.params.max_seconds },
        };
      }
      if (elapsed > boundMs) break;
      await sleep(Math.min(poll, Math.max(0, boundMs - elapsed) + 10), ctx.signal);
    }
    return {
      status: 'fail',
      message: `the update was accepted (HTTP ${res.status}) but the new fact was not served within ${ctx.params.max_seconds}s (${polls} queries); last answer: ${String(last).slice(0, 80)}`,
      observed: { polls, last_answer: String(last).slice(0, 200), document: doc.id },
      expected: { max_seconds: ctx.params.max_seconds },
    };
  },
});
