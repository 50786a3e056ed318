// Shared pieces of the MCP checks: opening a raw session for a check, listing every tool (following
// cursors), validating messages against the schema of the negotiated version, and making arguments
// from a tool's inputSchema (its own examples first).

import type { CheckContext } from '../../../runners/core/check.ts';
import type { CheckResult } from '../../../runners/core/types.ts';
import { openMcpSession, TRANSPORT_LABEL, type McpSession } from '../../../runners/protocols/mcp.ts';
import type { JsonRpcMessage } from '../../../runners/protocols/jsonrpc.ts';
import { compileToolSchema, mcpSchema } from './schemas.ts';
import { synthesizeArguments, type SynthesizedArguments } from './synthesize-args.ts';
import { mulberry32 } from '../../../runners/core/execute-check.ts';

/** A session over whichever transport the server speaks (Streamable HTTP, else the legacy HTTP+SSE). */
export async function openSession(ctx: CheckContext<any>): Promise<McpSession | CheckResult> {
  try {
    return await openMcpSession(ctx.http.mcp!);
  } catch (e) {
    return { status: 'error', message: `could not open an MCP session: ${(e as Error).message}` };
  }
}

/** Runs `fn` in a session over the transport the server speaks; the outcome names that transport. */
export async function withSession(ctx: CheckContext<any>, fn: (s: McpSession) => Promise<CheckResult>): Promise<CheckResult> {
  const s = await openSession(ctx);
  if (isResult(s)) return s;
  try {
    return overTransport(s, await fn(s));
  } finally {
    await s.close();
  }
}

/** The outcome with the transport it was measured over, in the message and in `observed`. */
export function overTransport(s: McpSession, r: CheckResult): CheckResult {
  return { ...r, message: `${r.message} [${TRANSPORT_LABEL[s.transport]}]`, observed: { transport: s.transport, ...(r.observed ?? {}) } };
}

export const isResult = (x: unknown): x is CheckResult => typeof x === 'object' && x !== null && 'status' in x && 'message' in x;

/** Validation errors of a JSON-RPC success or error response in the negotiated version's schema. */
export function envelopeErrors(version: string, msg: JsonRpcMessage): string | undefined {
  const s = mcpSchema(version);
  if (!s) return undefined;
  if (msg.error) return s.validate(s.defs.has('JSONRPCErrorResponse') ? 'JSONRPCErrorResponse' : 'JSONRPCError', msg);
  return s.validate(s.defs.has('JSONRPCResultResponse') ? 'JSONRPCResultResponse' : 'JSONRPCResponse', msg);
}

/** Errors validating `value` as definition `def` of the negotiated version's schema (undefined = valid or no schema). */
export function resultErrors(version: string, def: string, value: unknown): string | undefined {
  const s = mcpSchema(version);
  if (!s || !s.defs.has(def)) return undefined;
  return s.validate(def, value);
}

export interface ToolInfo {
  name: string;
  inputSchema?: Record<string, any>;
  outputSchema?: Record<string, any>;
  annotations?: Record<string, unknown>;
  [k: string]: unknown;
}

/** tools/list, every page. Throws with the server's answer when it does not list tools. */
export async function listTools(s: McpSession): Promise<{ tools: ToolInfo[]; pages: unknown[] }> {
  const tools: ToolInfo[] = [];
  const pages: unknown[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const call = await s.request('tools/list', cursor ? { cursor } : {});
    if (!call.msg?.result)
      throw new Error(`tools/list answered HTTP ${call.res.status}${call.msg?.error ? ` error ${call.msg.error.code} ${call.msg.error.message}` : ''}`);
    pages.push(call.msg.result);
    tools.push(...((call.msg.result.tools ?? []) as ToolInfo[]));
    cursor = call.msg.result.nextCursor;
    if (!cursor) break;
  }
  return { tools, pages };
}

/**
 * Arguments the tool should accept: its inputSchema's first example when it validates, else arguments made
 * from the schema (lib/synthesize-args.ts) and validated with ajv; `problem` says when none could be made.
 * Deterministic without `random`, so the same tool always gets the same arguments.
 */
export function toolArguments(tool: ToolInfo, random: () => number = mulberry32(1)): SynthesizedArguments {
  return synthesizeArguments(tool.inputSchema, random);
}

export function validArguments(tool: ToolInfo, random?: () => number): Record<string, unknown> {
  return toolArguments(tool, random).args;
}

/**
 * Arguments the schema forbids: a required property left out, else a property of the wrong type — only
 * when ajv confirms the schema rejects them (a lax schema may accept both, and then there is no invalid call).
 */
export function invalidArguments(tool: ToolInfo): { args: Record<string, unknown>; how: string } | undefined {
  const found = invalidCandidate(tool);
  const { validate } = compileToolSchema({ type: 'object', ...(tool.inputSchema ?? {}) });
  return found && validate && !validate(found.args) ? found : undefined;
}

function invalidCandidate(tool: ToolInfo): { args: Record<string, unknown>; how: string } | undefined {
  const schema = tool.inputSchema ?? {};
  const valid = validArguments(tool);
  const required: string[] = schema.required ?? [];
  if (required.length) {
    const { [required[0]]: _drop, ...rest } = valid;
    return { args: rest, how: `required property "${required[0]}" left out` };
  }
  for (const [k, p] of Object.entries<any>(schema.properties ?? {})) {
    const t = Array.isArray(p?.type) ? p.type : [p?.type];
    if (t.includes('string')) continue;
    if (t.includes('number') || t.includes('integer') || t.includes('boolean') || t.includes('array') || t.includes('object')) {
      return { args: { ...valid, [k]: 'not-a-' + t[0] }, how: `property "${k}" given a string where ${t[0]} is required` };
    }
  }
  return undefined;
}
