// mcp.tools-call — tools/call with valid arguments returns a result that validates (CallToolResult;
// structuredContent against the tool's outputSchema); invalid arguments and an unknown tool get the
// error the spec requires: a JSON-RPC error, or for argument validation a tool execution error
// (isError: true, the form 2025-11-25 recommends). An error reported as a success fails.
// A malformed tools/call (no `name`: not a CallToolRequest) must get a protocol error (a JSON-RPC error,
// MCP Tools §Error Handling); a success or no answer fails. The spec names no code for it: -32602
// (JSON-RPC 2.0's invalid params, the spec's example code) is expected, and anything else — e.g. the
// official TypeScript SDK's -32603 "internal error" — is recorded as a deviation, not failed.
// Which tools are called: `tools` when given, else those annotated readOnlyHint (side-effect free), at
// most `max_tools`; arguments are the schema's first example, else made from the schema (pattern, enum,
// format, bounds: lib/synthesize-args.ts) and validated with ajv — a tool no valid arguments can be made for
// is left out and named. With schema-valid arguments a tool error (isError, e.g. "not found") is a domain
// answer about the made-up values, not a protocol failure; with arguments the clause gives, it fails.

import { defineCheck } from '../../runners/core/check.ts';
import type { McpSession } from '../../runners/protocols/mcp.ts';
import { newId } from '../../runners/protocols/jsonrpc.ts';
import { compileToolSchema } from './lib/schemas.ts';
import { invalidArguments, listTools, resultErrors, toolArguments, withSession, type ToolInfo } from './lib/mcp.ts';

interface Params {
  tools?: { name: string; arguments?: Record<string, unknown> }[];
  max_tools?: number;
}

type Outcome = 'result' | 'tool-error' | 'rpc-error' | 'no-answer';

async function call(s: McpSession, name: string, args: Record<string, unknown>) {
  const c = await s.request('tools/call', { name, arguments: args });
  const kind: Outcome = !c.msg ? 'no-answer' : c.msg.error ? 'rpc-error' : c.msg.result?.isError === true ? 'tool-error' : 'result';
  return { ...c, kind };
}

export default defineCheck<Params>({
  id: 'mcp.tools-call',
  title: "MCP tools/call: valid arguments work, invalid ones get the spec's error",
  needs: ['mcp'],
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      tools: {
        type: 'array',
        items: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string' }, arguments: { type: 'object' } } },
      },
      max_tools: { type: 'integer', minimum: 1, default: 5 },
    },
  },
  async run(ctx) {
    return withSession(ctx, async (s) => {
      if (!s.initResult?.capabilities?.tools) return { status: 'not_applicable', message: 'the server declares no tools capability' };
      const { tools } = await listTools(s);
      const byName = new Map(tools.map((t) => [t.name, t]));
      let chosen: { tool: ToolInfo; args: Record<string, unknown>; given?: boolean; problem?: string }[];
      const made = (tool: ToolInfo) => {
        const a = toolArguments(tool, ctx.random);
        return { tool, args: a.args, problem: a.problem };
      };
      if (ctx.params.tools) {
        const missing = ctx.params.tools.filter((t) => !byName.has(t.name));
        if (missing.length) return { status: 'fail', message: `tools named in the clause are not listed: ${missing.map((m) => m.name).join(', ')}` };
        chosen = ctx.params.tools.map((t) => (t.arguments ? { tool: byName.get(t.name)!, args: t.arguments, given: true } : made(byName.get(t.name)!)));
      } else {
        // Only tools the server itself marks side-effect free are called unasked; those with an outputSchema
        // first, so structuredContent is checked whenever the server has such a tool.
        const readOnly = tools.filter((t) => t.annotations?.readOnlyHint === true);
        const ordered = [...readOnly.filter((t) => t.outputSchema), ...readOnly.filter((t) => !t.outputSchema)];
        chosen = ordered.slice(0, ctx.params.max_tools ?? 5).map(made);
      }
      // A tool whose inputSchema does not compile cannot be given arguments by any client; mcp.tools-schema
      // reports it, and this check leaves it out rather than blame the call for the schema.
      const skipped = chosen.filter((c) => compileToolSchema(c.tool.inputSchema ?? {}).error).map((c) => c.tool.name);
      chosen = chosen.filter((c) => !skipped.includes(c.tool.name));
      if (chosen.length === 0 && skipped.length)
        return { status: 'not_tested', message: `every chosen tool has an inputSchema that does not compile: ${skipped.join(', ')}` };
      // No valid arguments could be made from the schema: calling would test our guess, not the server.
      const unmade = chosen.filter((c) => c.problem).map((c) => `${c.tool.name} (${c.problem})`);
      chosen = chosen.filter((c) => !c.problem);
      if (chosen.length === 0 && unmade.length)
        return {
          status: 'not_tested',
          message: `no valid arguments could be made for ${unmade.join('; ')}; give them in the clause's \`tools: [{name, arguments}]\` (profile params for mcp.tools-call)`,
        };
      if (chosen.length === 0)
        return { status: 'not_tested', message: 'no tool is annotated readOnlyHint and none is named in `tools`: nothing can be called without side effects' };
      const problems: string[] = [];
      const calls: Record<string, unknown>[] = [];
      const v = s.protocolVersion!;
      for (const { tool, args, given } of chosen) {
        const ok = await call(s, tool.name, args);
        const rec: Record<string, unknown> = { tool: tool.name, arguments: args, valid: ok.kind };
        if (ok.kind === 'tool-error' && !given) {
          // A well-formed CallToolResult with isError about values we made up ("not found"): the protocol
          // worked; the result must still validate.
          rec.domain_error = JSON.stringify(ok.msg!.result.content ?? null).slice(0, 160);
          const e = resultErrors(v, 'CallToolResult', ok.msg!.result);
          if (e) problems.push(`${tool.name} result: ${e}`);
        } else if (ok.kind !== 'result')
          problems.push(
            `${tool.name} with valid arguments ${JSON.stringify(args)}: ${ok.kind}${ok.msg?.error ? ` ${ok.msg.error.code} ${ok.msg.error.message}` : ''}`,
          );
        else {
          const e = resultErrors(v, 'CallToolResult', ok.msg!.result);
          if (e) problems.push(`${tool.name} result: ${e}`);
          if (tool.outputSchema) {
            const sc = ok.msg!.result.structuredContent;
            if (sc === undefined) problems.push(`${tool.name} declares an outputSchema but returned no structuredContent`);
            else {
              rec.structured_content = 'checked against outputSchema';
              const { validate } = compileToolSchema(tool.outputSchema);
              if (validate && !validate(sc))
                problems.push(
                  `${tool.name} structuredContent does not match its outputSchema: ${validate.errors?.map((x) => `${x.instancePath || '/'} ${x.message}`).join('; ')}`,
                );
            }
          }
        }
        const bad = invalidArguments(tool);
        if (bad) {
          const r = await call(s, tool.name, bad.args);
          rec.invalid = { how: bad.how, answer: r.kind };
          if (r.kind === 'result') problems.push(`${tool.name} with invalid arguments (${bad.how}) returned a success result`);
          if (r.kind === 'no-answer') problems.push(`${tool.name} with invalid arguments got no JSON-RPC answer (HTTP ${r.res.status})`);
        }
        calls.push(rec);
      }
      const nid = newId();
      const noName = await s.raw({ jsonrpc: '2.0', id: nid, method: 'tools/call', params: {} });
      const noNameAnswer = noName.msg?.error
        ? `JSON-RPC error ${noName.msg.error.code}`
        : noName.msg
          ? 'a success result'
          : `no JSON-RPC answer (HTTP ${noName.res.status})`;
      const deviations: string[] = [];
      if (!noName.msg?.error) problems.push(`tools/call without a tool name got ${noNameAnswer}, not a JSON-RPC error`);
      else if (![-32602, -32600].includes(noName.msg.error.code))
        deviations.push(`tools/call without a tool name got ${noNameAnswer}; JSON-RPC 2.0 assigns -32602 to invalid params`);
      const unknown = await call(s, `govllm_no_such_tool_${Math.floor(ctx.random() * 1e6)}`, {});
      const unknownAnswer = unknown.kind === 'rpc-error' ? `JSON-RPC error ${unknown.msg!.error!.code}` : unknown.kind;
      if (unknown.kind === 'result') problems.push('an unknown tool returned a success result');
      if (unknown.kind === 'no-answer') problems.push(`an unknown tool got no JSON-RPC answer (HTTP ${unknown.res.status})`);
      const observed = {
        version: v,
        calls,
        unknown_tool: unknownAnswer,
        malformed_call: noNameAnswer,
        ...(deviations.length ? { deviations } : {}),
        ...(skipped.length ? { skipped_uncompilable_schema: skipped } : {}),
        ...(unmade.length ? { skipped_no_valid_arguments: unmade } : {}),
        ...(unknown.kind === 'tool-error'
          ? { note: 'unknown tool answered as a tool error; the spec lists unknown tools among protocol errors (-32602)' }
          : {}),
      };
      const domainErrors = calls.filter((c) => c.domain_error).map((c) => c.tool as string);
      return problems.length
        ? { status: 'fail', message: problems.slice(0, 4).join('; '), observed }
        : {
            status: 'pass',
            message: `${chosen.length} tool(s) called: results validate${domainErrors.length ? ` (${domainErrors.join(', ')} answered a domain error for the made-up values, which the protocol allows)` : ''}; invalid arguments, a malformed call and an unknown tool are refused${deviations.length ? `; deviation (not failed): ${deviations.join('; ')}` : ''}`,
            observed,
          };
    });
  },
});
