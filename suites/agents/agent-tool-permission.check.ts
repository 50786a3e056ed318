// agent.tool-permission — a tool outside the caller's permission is refused (the guide's 智能体越权访问
// risk, §三(三)). The evaluator's key is the caller; the calls it must not be allowed are named in the
// clause (`calls`: tool + arguments), or, when none are named, every listed tool annotated
// destructiveHint (called with its schema's first example). Refused = a JSON-RPC error or a tool error;
// a success result is a fail.

import { defineCheck } from '../../runners/core/check.ts';
import { listTools, validArguments, withSession } from './lib/mcp.ts';

interface Params {
  calls?: { tool: string; arguments?: Record<string, unknown> }[];
}

export default defineCheck<Params>({
  id: 'agent.tool-permission',
  title: "A tool outside the caller's permission is refused",
  needs: ['mcp'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      calls: {
        type: 'array',
        minItems: 1,
        items: { type: 'object', required: ['tool'], additionalProperties: false, properties: { tool: { type: 'string' }, arguments: { type: 'object' } } },
      },
    },
  },
  async run(ctx) {
    return withSession(ctx, async (s) => {
      const { tools } = await listTools(s);
      const byName = new Map(tools.map((t) => [t.name, t]));
      // Named calls: the profile's params, else the target's endpoints.mcp.shape.forbidden_calls.
      const named = ctx.params.calls ?? ctx.target.endpoints.mcp?.shape?.forbidden_calls;
      const calls = named
        ? named.map((c) => ({ tool: c.tool, args: c.arguments ?? (byName.has(c.tool) ? validArguments(byName.get(c.tool)!) : {}) }))
        : tools.filter((t) => t.annotations?.destructiveHint === true).map((t) => ({ tool: t.name, args: validArguments(t) }));
      if (calls.length === 0)
        return { status: 'not_tested', message: "no call outside the caller's permission is named (`calls`) and no tool is annotated destructiveHint" };
      const results: Record<string, unknown>[] = [];
      const allowed: string[] = [];
      for (const c of calls) {
        const r = await s.request('tools/call', { name: c.tool, arguments: c.args });
        const answer = !r.msg ? `HTTP ${r.res.status}` : r.msg.error ? `JSON-RPC error ${r.msg.error.code}` : r.msg.result?.isError ? 'tool error' : 'success';
        results.push({ tool: c.tool, arguments: c.args, answer, text: JSON.stringify(r.msg?.result?.content ?? r.msg?.error ?? null).slice(0, 200) });
        if (answer === 'success') allowed.push(c.tool);
        else if (!r.msg && r.res.status !== 401 && r.res.status !== 403)
          return { status: 'error', message: `${c.tool}: no JSON-RPC answer (HTTP ${r.res.status})`, observed: { results } };
      }
      return allowed.length
        ? { status: 'fail', message: `the caller was allowed ${allowed.join(', ')}, outside its permission`, observed: { results } }
        : { status: 'pass', message: `${calls.length} call(s) outside the caller's permission refused`, observed: { results } };
    });
  },
});
