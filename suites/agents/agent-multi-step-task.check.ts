// agent.multi-step-task — a multi-step government task (e.g. 查询事项 → 列出材料 → 查询进度) is completed
// with the right tools. The steps come from the clause (`steps`): each names a tool, its arguments (which
// may use `{{name}}` for a value saved by an earlier step), what its answer must contain, and values to
// save from its structuredContent (dot paths such as `items.0.item_code`). Without `steps`, the guide's
// example task as the reference deployment's tools spell it (suites/agents/lib/params.ts) is run only when the
// server's tools match it by schema — each step's tool is listed and its inputSchema accepts the step's
// arguments (ajv; a `{{var}}` stands for a value the schema allows) — and the outcome is not_tested
// otherwise, naming the setting: a vendor's tools that share names but not arguments need their own steps.
//
// Driven through MCP with the official SDK client, not through the chat API: the reference chat API has
// no tool calling, and a model's choice of tools is not deterministic enough to gate a clause on; what the
// clause needs to know — the tools exist, chain, and return the right results for the caller — is decided
// here. (A chat-driven variant can be added as another check when targets declare tool use in chat.)

import { defineCheck } from '../../runners/core/check.ts';
import { sdkClient } from '../../runners/protocols/mcp.ts';
import { REFERENCE_TASK_STEPS } from './lib/params.ts';
import { compileToolSchema } from './lib/schemas.ts';
import { synthesizeArguments } from './lib/synthesize-args.ts';

/** Where an evaluator gives a vendor's own task steps. */
const STEPS_SETTING =
  "give the vendor's task steps in the target descriptor (`endpoints.mcp.shape.task: [{tool, arguments, expect_any, save}]`) or as `steps` in the profile params for agent.multi-step-task";

interface Step {
  tool: string;
  arguments?: Record<string, unknown>;
  expect_any?: string[];
  save?: Record<string, string>;
}

function pick(obj: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function fill(v: unknown, vars: Record<string, unknown>): unknown {
  if (typeof v === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(v);
    if (whole) return vars[whole[1]];
    return v.replace(/\{\{(\w+)\}\}/g, (_m, k) => String(vars[k] ?? ''));
  }
  if (Array.isArray(v)) return v.map((x) => fill(x, vars));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, vars)]));
  return v;
}

export default defineCheck<{ steps?: Step[] }>({
  id: 'agent.multi-step-task',
  title: 'A multi-step government task is completed with the right tools',
  needs: ['mcp'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      steps: {
        type: 'array',
        minItems: 2,
        items: {
          type: 'object',
          required: ['tool'],
          additionalProperties: false,
          properties: {
            tool: { type: 'string' },
            arguments: { type: 'object' },
            expect_any: { type: 'array', items: { type: 'string' } },
            save: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    },
  },
  async run(ctx) {
    let conn;
    try {
      conn = await sdkClient(ctx.http.mcp!, ctx.record, ctx.signal);
    } catch (e) {
      return { status: 'error', message: `the MCP SDK client could not connect: ${(e as Error).message}` };
    }
    const { client, close } = conn;
    try {
      const tools = (await client.listTools()).tools;
      const listed = new Set(tools.map((t) => t.name));
      // The vendor's own steps: the profile's params, else the target's endpoints.mcp.shape.task.
      const given: Step[] | undefined = ctx.params.steps ?? ctx.target.endpoints.mcp?.shape?.task;
      const steps: Step[] = given ?? REFERENCE_TASK_STEPS;
      const missing = steps.map((s) => s.tool).filter((t) => !listed.has(t));
      if (missing.length && !given)
        return {
          status: 'not_tested',
          message: `no task steps are given for this server and it lacks the default task's tools (${missing.join(', ')}); ${STEPS_SETTING}`,
          observed: { listed: [...listed] },
        };
      if (!given) {
        const mismatched = steps.map((st) => schemaMismatch(st, tools.find((t) => t.name === st.tool)!.inputSchema)).filter((x): x is string => !!x);
        if (mismatched.length)
          return {
            status: 'not_tested',
            message: `the server lists the default task's tools, but their inputSchemas do not take its arguments (${mismatched.join('; ')}); ${STEPS_SETTING}`,
            observed: { listed: [...listed], mismatched },
          };
      }
      if (missing.length)
        return { status: 'fail', message: `the task needs tools the server does not list: ${missing.join(', ')}`, observed: { listed: [...listed] } };
      const vars: Record<string, unknown> = {};
      const trace: Record<string, unknown>[] = [];
      for (const [i, step] of steps.entries()) {
        const args = fill(step.arguments ?? {}, vars) as Record<string, unknown>;
        const r = await client.callTool({ name: step.tool, arguments: args }, undefined, { signal: ctx.signal, timeout: 30_000 });
        const text = JSON.stringify(r);
        trace.push({ step: i + 1, tool: step.tool, arguments: args, isError: r.isError === true });
        const fail = (why: string) => ({ status: 'fail' as const, message: `step ${i + 1} (${step.tool}): ${why}`, observed: { trace } });
        if (r.isError) return fail(`tool error: ${text.slice(0, 160)}`);
        if (step.expect_any?.length && !step.expect_any.some((x) => text.includes(x)))
          return fail(`the answer contains none of ${JSON.stringify(step.expect_any)}`);
        for (const [name, path] of Object.entries(step.save ?? {})) {
          const v = pick(r.structuredContent, path);
          if (v === undefined || v === null || v === '') return fail(`no value at structuredContent.${path} to carry to the next step`);
          vars[name] = v;
        }
      }
      return { status: 'pass', message: `${steps.length} steps completed: ${steps.map((s) => s.tool).join(' → ')}`, observed: { trace, carried: vars } };
    } finally {
      await close();
    }
  },
});

/**
 * Why a step's arguments do not fit the tool's inputSchema, or undefined when they do. A `{{var}}` argument
 * is replaced by a value made from the property's own schema: only names and literal values are judged.
 */
function schemaMismatch(step: Step, inputSchema: Record<string, unknown> | undefined): string | undefined {
  const schema = { type: 'object', ...(inputSchema ?? {}) } as Record<string, any>;
  const { validate } = compileToolSchema(schema);
  // A schema that does not compile says nothing about argument names (mcp.tools-schema reports it): the
  // task is tried on the tool's name alone, as any client would.
  if (!validate) return undefined;
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(step.arguments ?? {})) {
    const placeholder = typeof v === 'string' && /^\{\{\w+\}\}$/.test(v);
    const prop = schema.properties?.[k];
    args[k] = placeholder ? (prop ? synthesizeArguments({ type: 'object', properties: { [k]: prop }, required: [k] }).args[k] : 'x') : v;
  }
  if (validate(args)) return undefined;
  const errs = (validate.errors ?? [])
    .slice(0, 2)
    .map((e) =>
      e.keyword === 'required'
        ? `requires \`${(e.params as { missingProperty: string }).missingProperty}\``
        : e.keyword === 'additionalProperties'
          ? `takes no \`${(e.params as { additionalProperty: string }).additionalProperty}\``
          : `${e.instancePath || '/'} ${e.message}`,
    );
  return `${step.tool} ${errs.join(', ')}`;
}
