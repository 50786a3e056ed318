// 专栏1: where long documents (政策文件解析) are in scope, each deployed model declares a context of at
// least the bound. The declaration must also agree with what the target descriptor declares and, when the
// chat endpoint is reachable, with the context the /v1/models listing reports for the model.

import { chatModels } from '../../runners/core/target.ts';
import { defineCheck } from '../../runners/core/check.ts';
import { evidenceCheck } from '../../runners/evidence/use.ts';
import { readModelConfig } from './lib/model-config.ts';

interface Params {
  min_tokens: number;
}

/** Field names servers use for a model's context length in /v1/models. */
const CONTEXT_FIELDS = ['context_window', 'context_length', 'max_model_len', 'max_context_length'];

export default defineCheck<Params>({
  id: 'evidence.context-declared',
  title: 'Declared context ≥ bound where long documents are in scope, consistent with what the service reports',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['min_tokens'],
    properties: { min_tokens: { type: 'integer', minimum: 1 } },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const config = readModelConfig(ctx);
      const deployed = config.models.filter((m) => m.deployed);
      const declared = Object.fromEntries(deployed.map((m) => [m.name, m.context_window]));
      const observed: Record<string, unknown> = { long_documents_in_scope: config.long_documents_in_scope, declared };
      const problems: string[] = [];
      // A pool may keep short-window models for short chats: long documents need one deployed model whose
      // window reaches the bound, not every model.
      if (config.long_documents_in_scope && deployed.length && !deployed.some((m) => m.context_window >= ctx.params.min_tokens)) {
        problems.push(
          `no deployed model declares a context of ${ctx.params.min_tokens} tokens although long documents are in scope (${deployed.map((m) => `${m.name}: ${m.context_window}`).join(', ')})`,
        );
      }
      // The windows the target descriptor names (endpoints.chat.models[], v1 declared.context_window) agree with the evidence.
      const targetWindows = Object.fromEntries(
        chatModels(ctx.target)
          .filter((m) => m.context_window !== undefined)
          .map((m) => [m.id, m.context_window!]),
      );
      if (Object.keys(targetWindows).length) observed.target_declared = targetWindows;
      for (const [model, n] of Object.entries(targetWindows)) {
        const mine = declared[model];
        if (mine !== undefined && mine !== n) problems.push(`the evidence declares ${mine} tokens for ${model}, the target descriptor ${n}`);
      }
      if (ctx.http.chat) {
        const res = await ctx.http.chat.request({ path: 'models' });
        if (res.status === 200) {
          let list: Record<string, unknown>[];
          try {
            list = (res.json() as { data?: Record<string, unknown>[] }).data ?? [];
          } catch {
            list = [];
          }
          const reported: Record<string, number> = {};
          for (const m of list) {
            const field = CONTEXT_FIELDS.find((k) => typeof m[k] === 'number');
            if (field && typeof m.id === 'string') reported[m.id] = m[field] as number;
          }
          observed.reported_by_service = reported;
          for (const [name, n] of Object.entries(declared)) {
            if (reported[name] !== undefined && reported[name] !== n)
              problems.push(`${name}: the evidence declares ${n} tokens, /v1/models reports ${reported[name]}`);
          }
        } else observed.models_status = res.status;
      }
      const expected = { min_tokens: ctx.params.min_tokens };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected };
      if (!config.long_documents_in_scope)
        return { status: 'not_applicable', message: 'the model configuration says long documents are not in scope', observed, expected };
      return {
        status: 'pass',
        message: Object.entries(declared)
          .map(([n, c]) => `${n}: ${c} tokens`)
          .join('; '),
        observed,
        expected,
      };
    }),
});
