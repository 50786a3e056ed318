// MCP checks against a vendor's tools that are not the reference's: the same tool names with other argument
// names and `pattern` constraints, answering "not found" for values it does not hold. Arguments are made
// from the schema (so the server sees valid ones), a domain error is not a protocol failure, and the
// reference task is not_tested (naming the setting) until the vendor's own steps are given.

import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { runCheck, type TestTarget } from '../../runners/testing.ts';
import { listenLoopback, type Listening } from '../../fixtures/loopback.ts';

const CODE = { type: 'string', pattern: '^[A-Z]{2}-\\d{4}$', description: '事项编码' };
const CASE_NO = { type: 'string', pattern: '^BJ\\d{8}$', description: '办件编号' };
const TOOLS: Tool[] = [
  {
    name: 'query_service_item',
    description: '事项查询',
    inputSchema: { type: 'object', properties: { name: { type: 'string', minLength: 2, maxLength: 20 } }, required: ['name'], additionalProperties: false },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'list_required_materials',
    description: '材料清单',
    inputSchema: { type: 'object', properties: { code: CODE }, required: ['code'], additionalProperties: false },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'query_case_progress',
    description: '办件进度',
    inputSchema: {
      type: 'object',
      properties: { case_no: CASE_NO, channel: { type: 'string', enum: ['web', 'app', 'window'] } },
      required: ['case_no', 'channel'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true },
  },
];
const ITEMS: Record<string, { name: string; materials: string[] }> = { 'GA-0101': { name: '居民身份证换领', materials: ['居民户口簿', '原居民身份证'] } };
const CASES: Record<string, string> = { BJ20260001: '审核中' };

/** What the server saw: calls whose arguments did not validate against its own schema. */
const seen = { calls: 0, invalid: [] as string[] };

function vendorServer(): Server {
  const server = new Server({ name: 'vendor-gov-mcp', version: '2.1.0' }, { capabilities: { tools: {} } });
  const ajv = new Ajv2020({ strict: false });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (req): Promise<CallToolResult> => {
    const tool = TOOLS.find((t) => t.name === req.params.name);
    if (!tool) throw Object.assign(new Error(`Unknown tool: ${req.params.name}`), { code: -32602 });
    const args = (req.params.arguments ?? {}) as Record<string, string>;
    seen.calls++;
    if (!ajv.validate(tool.inputSchema, args)) {
      seen.invalid.push(`${tool.name} ${JSON.stringify(args)}`);
      return { content: [{ type: 'text', text: `参数错误: ${ajv.errorsText()}` }], isError: true };
    }
    const err = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });
    switch (tool.name) {
      case 'query_service_item': {
        const hits = Object.entries(ITEMS)
          .filter(([, i]) => i.name.includes(args.name))
          .map(([code, i]) => ({ code, name: i.name }));
        return { content: [{ type: 'text', text: JSON.stringify(hits) }], structuredContent: { results: hits } };
      }
      case 'list_required_materials':
        return ITEMS[args.code] ? { content: [{ type: 'text', text: ITEMS[args.code].materials.join('、') }] } : err(`事项 ${args.code} 不存在`);
      default:
        return CASES[args.case_no] ? { content: [{ type: 'text', text: `办件 ${args.case_no}：${CASES[args.case_no]}` }] } : err(`未找到办件 ${args.case_no}`);
    }
  });
  return server;
}

let listening: Listening;
let target: TestTarget;
beforeAll(async () => {
  // Stateless Streamable HTTP: a server and transport per request, as the SDK documents for that mode.
  const httpServer = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    if (req.method !== 'POST') return void res.writeHead(405).end();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    const server = vendorServer();
    res.on('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  listening = await listenLoopback(httpServer);
  target = { target: { name: 'vendor', endpoints: { mcp: { url: `http://127.0.0.1:${listening.port}/mcp` } } }, env: {} };
});
afterAll(() => listening.close());

describe("MCP checks against a vendor's own tools", () => {
  it('mcp.tools-call: arguments made from the schema satisfy its patterns and enums; "not found" is a domain answer, not a failure', async () => {
    seen.invalid = [];
    seen.calls = 0;
    const o = await runCheck('mcp.tools-call', {}, target);
    expect(o.status, o.message).toBe('pass');
    const calls = (o.observed as any).calls as { tool: string; arguments: Record<string, string>; domain_error?: string }[];
    const progress = calls.find((c) => c.tool === 'query_case_progress')!;
    expect(progress.arguments.case_no).toMatch(/^BJ\d{8}$/);
    expect(['web', 'app', 'window']).toContain(progress.arguments.channel);
    expect(calls.find((c) => c.tool === 'list_required_materials')!.arguments.code).toMatch(/^[A-Z]{2}-\d{4}$/);
    // The made-up case number and item code are not on file: the vendor answers isError "not found".
    expect(progress.domain_error).toContain('未找到办件');
    expect(o.message).toMatch(/answered a domain error/);
    // Every call meant as valid validated on the server: the only rejected ones are the deliberately
    // invalid calls, each missing the tool's first required property.
    expect(seen.invalid.length).toBeGreaterThan(0);
    for (const x of seen.invalid) {
      const tool = TOOLS.find((t) => x.startsWith(`${t.name} `))!;
      expect(Object.keys(JSON.parse(x.slice(tool.name.length + 1))), x).not.toContain(tool.inputSchema.required![0]);
    }
  });

  it('agent.multi-step-task: the reference task is not_tested against tools that share its names but not its arguments, naming the setting', async () => {
    const o = await runCheck('agent.multi-step-task', {}, target);
    expect(o.status, o.message).toBe('not_tested');
    expect(o.message).toContain('list_required_materials requires `code`');
    expect(o.message).toContain('query_case_progress requires `case_no`, requires `channel`');
    expect(o.message).toContain('endpoints.mcp.shape.task');
  });

  it("agent.multi-step-task: the vendor's own steps run and pass", async () => {
    const steps = [
      { tool: 'query_service_item', arguments: { name: '身份证' }, expect_any: ['GA-0101'], save: { code: 'results.0.code' } },
      { tool: 'list_required_materials', arguments: { code: '{{code}}' }, expect_any: ['居民户口簿'] },
      { tool: 'query_case_progress', arguments: { case_no: 'BJ20260001', channel: 'web' }, expect_any: ['审核中'] },
    ];
    const o = await runCheck('agent.multi-step-task', { steps }, target);
    expect(o.status, o.message).toBe('pass');
  });
});
