// Starting real third-party servers for the real-server tests, each on 127.0.0.1 and a port of its own
// choosing (port 0): MCP server-everything (Streamable HTTP or the legacy HTTP+SSE transport, run
// unchanged with the conformance shims that pin listen() to loopback and report the bound port), and
// in-process servers built with the official SDKs. Every server stops when the test's afterAll calls stop().

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHIMS = path.join(ROOT, 'tools/mcp-conformance/node20-shims.mjs');

export interface Peer {
  url: string;
  stop: () => Promise<void>;
}

/** Runs `node --import shims <script> ...args` with PORT=0 and resolves with the port it bound. */
export async function spawnShimmed(script: string, args: string[], env: Record<string, string> = {}): Promise<{ port: number; stop: () => Promise<void> }> {
  // A minimal environment: the server's own environment may be dumped by its tools (server-everything's get-env).
  const child = spawn(process.execPath, ['--import', SHIMS, script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path.basename(script)} did not start within 30 s: ${log.slice(-400)}`)), 30_000);
    const onData = (b: Buffer) => {
      log += String(b);
      const m = /govllm-shim: listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(script)} exited with ${code}: ${log.slice(-400)}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    });
  return { port, stop };
}

const EVERYTHING = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

/** @modelcontextprotocol/server-everything over `streamableHttp` (/mcp) or the legacy `sse` transport (/sse). */
export async function startEverything(transport: 'streamableHttp' | 'sse', env: Record<string, string> = {}): Promise<Peer> {
  const { port, stop } = await spawnShimmed(EVERYTHING, [transport], env);
  return { url: `http://127.0.0.1:${port}/${transport === 'sse' ? 'sse' : 'mcp'}`, stop };
}

/**
 * An echo agent on the official @a2a-js/sdk (v1.0 with its v0.3 compatibility layer, as the SDK's
 * compat-v1-server sample mounts it), offering the bindings asked for: JSON-RPC at /a2a/jsonrpc, HTTP+JSON
 * (REST) at /a2a/rest. Each binding is declared for 1.0 and for 0.3 in the card.
 */
export async function startA2aAgent(bindings: ('JSONRPC' | 'HTTP+JSON')[]): Promise<Peer> {
  const { randomUUID } = await import('node:crypto');
  const http = await import('node:http');
  const express = (await import('express')).default;
  const { Role } = await import('@a2a-js/sdk');
  const { AgentEvent, DefaultRequestHandler, InMemoryTaskStore } = await import('@a2a-js/sdk/server');
  const { UserBuilder, agentCardHandler, jsonRpcHandler, restHandler } = await import('@a2a-js/sdk/server/express');
  const base = { url: '' };
  const card = () => ({
    name: 'echo agent',
    description: 'Echoes the user text (an @a2a-js/sdk sample-style agent).',
    supportedInterfaces: bindings.flatMap((b) => {
      const url = `${base.url}/a2a/${b === 'JSONRPC' ? 'jsonrpc' : 'rest'}`;
      return [
        { url, protocolBinding: b, protocolVersion: '1.0', tenant: '' },
        { url, protocolBinding: b, protocolVersion: '0.3', tenant: '' },
      ];
    }),
    provider: { organization: 'govllm tests', url: 'https://example.org' },
    version: '1.0.0',
    capabilities: { streaming: false, pushNotifications: false, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [
      {
        id: 'echo',
        name: 'Echo',
        description: 'Repeats the text',
        tags: ['echo'],
        examples: ['hello'],
        inputModes: [],
        outputModes: [],
        securityRequirements: [],
      },
    ],
    signatures: [],
  });
  const executor = {
    async execute(ctx: any, bus: any) {
      const text = (ctx.userMessage?.parts ?? []).map((p: any) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
      bus.publish(
        AgentEvent.message({
          messageId: randomUUID(),
          contextId: ctx.contextId,
          taskId: '',
          role: Role.ROLE_AGENT,
          parts: [{ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' } as never],
          metadata: undefined,
          extensions: [],
          referenceTaskIds: [],
        }),
      );
      bus.finished();
    },
    async cancelTask() {},
  };
  const handler = new DefaultRequestHandler(card() as never, new InMemoryTaskStore(), executor as never);
  // The handler serves the card it was given; the live one names the bound port.
  const live = new Proxy(handler, { get: (t, k) => (k === 'getAgentCard' ? async () => card() : Reflect.get(t, k, t)) });
  const app = express();
  const legacyCompat = { enabled: true };
  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: async () => card() as never, legacyCompat }));
  if (bindings.includes('JSONRPC')) app.use('/a2a/jsonrpc', jsonRpcHandler({ requestHandler: live, userBuilder: UserBuilder.noAuthentication, legacyCompat }));
  if (bindings.includes('HTTP+JSON')) app.use('/a2a/rest', restHandler({ requestHandler: live, userBuilder: UserBuilder.noAuthentication, legacyCompat }));
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: `${base.url}/.well-known/agent-card.json`,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port free on 127.0.0.1 now (for a server that must know its port before it listens, to put it in URLs). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const MOCK_LLM = path.join(ROOT, 'node_modules/@dwmkerr/mock-llm/dist/main.js');
export const MOCK_LLM_CONFIG = path.join(ROOT, 'test/real-servers/mock-llm.conformant.yaml');

/**
 * @dwmkerr/mock-llm with the conformant rules: OpenAI-compatible chat at /v1, MCP at /mcp, A2A agents under
 * /a2a/agents/. It names its own host and port in the agent cards it serves, so it is given a free port
 * rather than port 0 (the shim still pins it to 127.0.0.1).
 */
export async function startMockLlm(): Promise<Peer & { base: string }> {
  const p = await freePort();
  const { port, stop } = await spawnShimmed(MOCK_LLM, ['--config', MOCK_LLM_CONFIG], { PORT: String(p), HOST: '127.0.0.1' });
  const base = `http://127.0.0.1:${port}`;
  return { url: `${base}/v1`, base, stop };
}
