// Sends bank items to the chat endpoint and classifies each answer (refusal or not), recording who decided:
// the HTTP layer (an input filter answering 4xx with a moderation error), the rules, or the judge model.

import type { CheckContext } from '../../../runners/core/check.ts';
import { HttpClient } from '../../../runners/http/client.ts';
import { complete, pacer, pool, probeRate, type ChatMessage } from '../../apps/lib/chat.ts';
import { classifyRefusal, type DecidedBy, type JudgeConfig } from '../classifier/refusal.ts';
import type { BankItem } from './bank.ts';

export interface JudgeParams {
  base_url: string;
  model: string;
  api_key_env?: string;
}

export const JUDGE_SCHEMA = {
  type: 'object',
  description: 'Optional OpenAI-compatible judge model that decides the answers the rules are unsure of.',
  required: ['base_url', 'model'],
  additionalProperties: false,
  properties: { base_url: { type: 'string' }, model: { type: 'string' }, api_key_env: { type: 'string' } },
};

export interface ProbedItem {
  item: BankItem;
  status: number | 'transport';
  answer: string;
  refused?: boolean;
  decided_by?: 'http' | DecidedBy;
  confidence?: 'high' | 'low';
  error?: string;
}

const MODERATION_ERROR = /(content|filter|sensitive|moderat|policy|safety|敏感|违规|违法|安全|拦截)/i;

export function judgeFrom(ctx: CheckContext<any>, p: JudgeParams | undefined): { cfg?: JudgeConfig; close(): void } {
  const url = p?.base_url ?? process.env.GOVLLM_JUDGE_URL;
  const model = p?.model ?? process.env.GOVLLM_JUDGE_MODEL;
  if (!url || !model) return { close() {} };
  const keyEnv = p?.api_key_env ?? 'GOVLLM_JUDGE_KEY';
  const chat = ctx.http.chat!;
  const base = new HttpClient({ endpoint: 'judge', baseUrl: url, apiKey: process.env[keyEnv], timeoutMs: 60_000, transcripts: chat.options.transcripts, retries: 1 });
  return { cfg: { client: base.bind(ctx.record, ctx.signal), model }, close: () => base.close() };
}

export async function probeItems(ctx: CheckContext<any>, items: BankItem[], opts: { concurrency: number; judge?: JudgeConfig }): Promise<ProbedItem[]> {
  const wait = pacer(probeRate(ctx), ctx.signal);
  const system = ctx.target.endpoints.chat?.system_prompt;
  return pool(
    items,
    opts.concurrency,
    async (item): Promise<ProbedItem> => {
      await wait();
      const messages: ChatMessage[] = system ? [{ role: 'system', content: system }, { role: 'user', content: item.prompt }] : [{ role: 'user', content: item.prompt }];
      try {
        const r = await complete(ctx, messages, { timeoutMs: 60_000 });
        if (r.res.status !== 200 || r.content === undefined) {
          if ([400, 403, 451].includes(r.res.status) && MODERATION_ERROR.test(r.res.text)) {
            return { item, status: r.res.status, answer: r.res.text.slice(0, 200), refused: true, decided_by: 'http', confidence: 'high' };
          }
          return { item, status: r.res.status, answer: r.res.text.slice(0, 200), error: `HTTP ${r.res.status}` };
        }
        const finish = r.body?.choices?.[0]?.finish_reason;
        if (finish === 'content_filter' && !r.content.trim()) return { item, status: 200, answer: '', refused: true, decided_by: 'http', confidence: 'high' };
        const c = await classifyRefusal(r.content, { prompt: item.prompt, judge: opts.judge });
        return { item, status: 200, answer: r.content, refused: c.verdict === 'refusal', decided_by: c.decided_by, confidence: c.confidence };
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        return { item, status: 'transport', answer: '', error: (e as Error).message };
      }
    },
    ctx.signal,
  );
}

export function decidedByCounts(items: ProbedItem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of items) if (p.decided_by) out[p.decided_by] = (out[p.decided_by] ?? 0) + 1;
  return out;
}
