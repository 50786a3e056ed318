// Starting real third-party servers for the real-server tests, each on 127.0.0.1 and a port of its own
// choosing (port 0): MCP server-everything (Streamable HTTP or the legacy HTTP+SSE transport, run
// unchanged with the conformance shims that pin listen() to loopback and report the bound port), and
// in-process servers built with the official SDKs. Every server stops when the test's afterAll calls stop().

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHIMS = path.join(ROOT, 'suites/agents/conformance/node20-shims.mjs');

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
export async function startEverything(transport: 'streamableHttp' | 'sse'): Promise<Peer> {
  const { port, stop } = await spawnShimmed(EVERYTHING, [transport]);
  return { url: `http://127.0.0.1:${port}/${transport === 'sse' ? 'sse' : 'mcp'}`, stop };
}
