// perf.context-window — the declared context window is real: a needle (a random code in one sentence) is
// placed at each depth of a long context filling `fill_ratio` of `min_tokens`, and the model must return it.
// Token arithmetic: 1 token per CJK character (the filler is all CJK), 1 per 4 other characters — the same
// estimate the reference deployment documents; real tokenizers differ, hence `fill_ratio` below 1.
// When the target declares `context_window`, one more probe goes 30 % beyond it: an explicit 4xx error is
// right, an answer that has lost the needle is a silent truncation. Only an answer can be truncated: a 5xx,
// an auth/route failure or a 200 that is not a completion (a gateway's HTML error page) measures nothing
// and gives `error` naming what came back; only a 400/413/422 says the window is smaller.
// A pool of models (target v2 `endpoints.chat.models[]`): the needle probes go to every model whose declared
// window reaches `min_tokens` (the default model when none declares one), and every model with a declared
// window gets its own overflow probe — a short-window model in the pool is assessed, not skipped.

import { defineCheck } from '../../runners/core/check.ts';
import { complete, type CompletionResult } from '../lib/chat.ts';
import { describeBody, rejectsInput } from '../lib/response-cause.ts';
import { chatModels } from '../../runners/core/target.ts';

interface Params {
  min_tokens: number;
  depths: number[];
  fill_ratio?: number;
  overflow_probe?: boolean;
}

const FILLER =
  '本市深化政务服务改革，推进线上线下融合办理，实行一窗受理、集成服务，压缩办理时限，减少申请材料，提升群众和企业办事便利度。各部门按照职责分工，加强数据共享和业务协同，定期公开办事指南和服务标准，接受社会监督。';

function estimateTokens(text: string): number {
  let t = 0;
  let run = 0;
  for (const ch of text) {
    if (/[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch)) {
      if (run) t += Math.ceil(run / 4);
      run = 0;
      t++;
    } else run++;
  }
  return t + (run ? Math.ceil(run / 4) : 0);
}

function buildHaystack(tokens: number, depth: number, needle: string): string {
  const needleTokens = estimateTokens(needle);
  const fillChars = Math.max(0, tokens - needleTokens);
  let filler = '';
  while (filler.length < fillChars) filler += FILLER;
  filler = filler.slice(0, fillChars);
  const at = Math.round(fillChars * depth);
  return filler.slice(0, at) + needle + filler.slice(at);
}

export default defineCheck<Params>({
  id: 'perf.context-window',
  title: 'A needle at several depths of a long context is found; no silent truncation',
  needs: ['chat'],
  params: {
    type: 'object',
    required: ['min_tokens', 'depths'],
    additionalProperties: false,
    properties: {
      min_tokens: { type: 'integer', minimum: 256 },
      depths: { type: 'array', minItems: 1, items: { type: 'number', minimum: 0, maximum: 1 } },
      fill_ratio: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 1,
        default: 0.9,
        description: 'share of min_tokens the context fills (room for the question, the answer and tokenizer differences)',
      },
      overflow_probe: { type: 'boolean', default: true, description: 'also probe 30 % beyond the declared context_window' },
    },
  },
  async run(ctx) {
    const p = ctx.params;
    const size = Math.floor(p.min_tokens * (p.fill_ratio ?? 0.9));
    const question = '\n\n请问上文中的核验码是多少？只回答核验码。';
    const models = chatModels(ctx.target);
    const long = models.filter((m) => (m.context_window ?? 0) >= p.min_tokens).map((m) => m.id);
    const needleModels = long.length ? long : [ctx.target.endpoints.chat!.model];
    const who = (m: string) => (needleModels.length > 1 ? ` (${m})` : '');
    const probes = [];
    for (const model of needleModels) {
      for (const depth of p.depths) {
        const code = `NDL${Math.floor(ctx.random() * 0xffffffff)
          .toString(16)
          .toUpperCase()
          .padStart(8, '0')}`;
        const text = buildHaystack(size, depth, `特别提示：本次核验码为 ${code}。`) + question;
        const r = await complete(ctx, [{ role: 'user', content: text }], { timeoutMs: 180_000, model });
        const usage = r.body?.usage?.prompt_tokens;
        probes.push({
          model,
          depth,
          tokens_sent: estimateTokens(text),
          status: r.res.status,
          answered: r.content !== undefined,
          found: !!r.content?.includes(code),
          prompt_tokens_reported: usage,
          answer_excerpt: (r.content ?? r.res.text).slice(0, 100),
          ...(r.content === undefined ? { response: describeBody(r.res) } : {}),
        });
      }
    }
    const overflows: { model: string; tokens_sent: number; declared: number; status: number; found?: boolean; verdict: string }[] = [];
    if (p.overflow_probe ?? true) {
      for (const m of models.filter((x) => x.context_window)) {
        const declared = m.context_window!;
        const code = `NDL${Math.floor(ctx.random() * 0xffffffff)
          .toString(16)
          .toUpperCase()
          .padStart(8, '0')}`;
        const text = buildHaystack(Math.ceil(declared * 1.3), 0.1, `特别提示：本次核验码为 ${code}。`) + question;
        const r = await complete(ctx, [{ role: 'user', content: text }], { timeoutMs: 180_000, model: m.id });
        overflows.push({
          model: m.id,
          tokens_sent: estimateTokens(text),
          declared,
          status: r.res.status,
          found: r.content !== undefined ? r.content.includes(code) : undefined,
          verdict: overflowVerdict(r, code),
        });
      }
    }
    const observed = {
      min_tokens: p.min_tokens,
      context_tokens: size,
      token_estimate: '1 per CJK character, 1 per 4 other characters',
      models: needleModels,
      probes,
      overflow: overflows.length === 1 ? overflows[0] : overflows.length ? overflows : undefined,
    };
    const failed = probes.filter((x) => !x.answered && !rejectsInput(x.status));
    if (failed.length) {
      const f = failed[0];
      return {
        status: 'error',
        message: `the ~${size}-token context probe at depth ${Math.round(f.depth * 100)} %${who(f.model)} got HTTP ${f.status} with ${f.response}, not a chat completion: the window could not be measured`,
        observed,
      };
    }
    const rejected = probes.filter((x) => !x.answered);
    const missed = probes.filter((x) => x.answered && !x.found);
    if (rejected.length)
      return {
        status: 'fail',
        message: `a context of ~${size} tokens is rejected (HTTP ${rejected[0].status}: ${rejected[0].response})${who(rejected[0].model)}: the window is smaller than ${p.min_tokens}`,
        observed,
      };
    if (missed.length)
      return {
        status: 'fail',
        message: `the needle was missed at depth ${missed.map((m) => `${Math.round(m.depth * 100)} %${who(m.model)}`).join(', ')} of a ~${size}-token context${missed.some((m) => m.depth < 0.5) ? ' (the head of the context is lost: silent truncation)' : ''}`,
        observed,
      };
    const truncated = overflows.find((o) => o.verdict === 'silent truncation');
    if (truncated)
      return {
        status: 'fail',
        message: `an input 30 % beyond the declared ${truncated.declared} tokens${models.length > 1 ? ` of ${truncated.model}` : ''} was answered without error but lost the needle: silent truncation`,
        observed,
      };
    return {
      status: 'pass',
      message: `the needle was found at every depth (${p.depths.map((d) => `${Math.round(d * 100)} %`).join(', ')}) of a ~${size}-token context${needleModels.length > 1 ? ` on ${needleModels.join(', ')}` : ''}${overflows.length ? `; beyond the window: ${overflows.map((o) => (overflows.length > 1 ? `${o.model} ${o.verdict}` : o.verdict)).join(', ')}` : ''}`,
      observed,
    };
  },
});

/** What the probe beyond the declared window shows; only a completion without the needle is a silent truncation. */
function overflowVerdict(r: CompletionResult, code: string): string {
  if (r.content !== undefined) return r.content.includes(code) ? 'served in full' : 'silent truncation';
  if (rejectsInput(r.res.status)) return 'explicit error';
  return `no completion (HTTP ${r.res.status}, ${describeBody(r.res)})`;
}
