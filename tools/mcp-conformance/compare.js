// Runs the official MCP conformance checker (@modelcontextprotocol/conformance) and govllm's MCP checks
// against the official reference server (@modelcontextprotocol/server-everything, Streamable HTTP) and
// prints both verdicts side by side. Everything runs on 127.0.0.1; both tools are devDependencies.
//
//   npx tsx suites/agents/conformance/compare.ts [--json]
//
// Both packages declare Node >= 22 in places; node20-shims.mjs (preloaded) gives them what they miss on
// Node 20 and pins server-everything's listen() to 127.0.0.1. See README.md beside this file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheck } from "../../../runners/testing.js";
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const SHIMS = path.join(HERE, 'node20-shims.mjs');
const EVERYTHING = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const CONFORMANCE = path.join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
/**
 * Which official scenarios test the same thing as each govllm check, on any server. Scenarios that call the
 * checker's own fixture names (FIXTURE_BOUND) are left out: on a server without those fixtures they measure
 * the names, not the protocol, so neither their SUCCESS nor their FAILURE agrees or disagrees with govllm.
 */
export const MAPPING = {
    'mcp.lifecycle': ['server-initialize', 'ping'],
    'mcp.tools-schema': ['tools-list'],
    'mcp.tools-call': [],
    'mcp.jsonrpc-errors': [],
    'mcp.resources-prompts': ['resources-list', 'prompts-list'],
    'mcp.origin': ['dns-rebinding-protection'],
    'agent.tool-permission': [],
    'agent.multi-step-task': [],
};
/**
 * Official scenarios bound to fixture names of the checker's example server (test_simple_text,
 * test://static-text, test_simple_prompt, …): on server-everything a SUCCESS can come from a tool that does
 * not exist (tools-call-simple-text and tools-call-error accept the "Tool … not found" isError result).
 */
export const FIXTURE_BOUND = /^(tools-call-|resources-read-|resources-templates-read|prompts-get-|completion-|elicitation-)/;
function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const port = s.address().port;
            s.close(() => resolve(port));
        });
    });
}
async function startEverything(port) {
    const child = spawn(process.execPath, ['--import', SHIMS, EVERYTHING, 'streamableHttp'], {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('server-everything did not start within 20 s')), 20_000);
        const onData = (b) => {
            if (String(b).includes('listening on port')) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stderr.on('data', onData);
        child.stdout.on('data', onData);
        child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}`)));
    });
    return child;
}
async function runConformance(url) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-conformance-'));
    await new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', SHIMS, CONFORMANCE, 'server', '--url', url, '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
        const timer = setTimeout(() => {
            child.kill();
            reject(new Error('the conformance checker did not finish within 180 s'));
        }, 180_000);
        child.once('exit', () => {
            clearTimeout(timer);
            resolve(); // it exits 1 when a scenario fails; its verdicts are read from the files
        });
    });
    const verdicts = [];
    for (const dir of fs.readdirSync(out).sort()) {
        const file = path.join(out, dir, 'checks.json');
        if (!fs.existsSync(file))
            continue;
        const checks = JSON.parse(fs.readFileSync(file, 'utf8'));
        const scenario = dir.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
        const failures = checks.filter((c) => c.status === 'FAILURE').map((c) => `${c.id}: ${c.errorMessage ?? ''}`.slice(0, 200));
        const warn = checks.some((c) => c.status === 'WARNING');
        verdicts.push({ scenario, verdict: failures.length ? 'FAILURE' : warn ? 'WARNING' : 'SUCCESS', failures });
    }
    fs.rmSync(out, { recursive: true, force: true });
    return verdicts;
}
export async function compare() {
    const port = await freePort();
    const server = await startEverything(port);
    const url = `http://127.0.0.1:${port}/mcp`;
    try {
        const official = await runConformance(url);
        const target = { target: { name: '@modelcontextprotocol/server-everything', endpoints: { mcp: { url } } }, env: {} };
        const ours = [];
        for (const check of Object.keys(MAPPING)) {
            const o = await runCheck(check, {}, target);
            ours.push({ check, status: o.status, message: o.message });
        }
        return { url, official, ours };
    }
    finally {
        server.kill();
    }
}
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
    const r = await compare();
    if (process.argv.includes('--json')) {
        console.log(JSON.stringify(r, null, 2));
    }
    else {
        const byName = new Map(r.official.map((v) => [v.scenario, v]));
        console.log(`govllm vs @modelcontextprotocol/conformance on @modelcontextprotocol/server-everything (${r.url})\n`);
        for (const o of r.ours) {
            const related = MAPPING[o.check].map((s) => `${s}=${byName.get(s)?.verdict ?? 'not run'}`).join(', ') || '(no official scenario)';
            console.log(`${o.check.padEnd(24)} ${o.status.padEnd(14)} | ${related}\n${' '.repeat(25)}${o.message.slice(0, 220)}`);
        }
        const n = (v) => r.official.filter((x) => x.verdict === v).length;
        console.log(`\nAll official scenarios: ${r.official.length} (${n('SUCCESS')} SUCCESS, ${n('FAILURE')} FAILURE${n('WARNING') ? `, ${n('WARNING')} WARNING` : ''}):`);
        for (const v of r.official)
            console.log(`  ${v.verdict.padEnd(8)} ${v.scenario}${FIXTURE_BOUND.test(v.scenario) ? ' (fixture-bound)' : ''}${v.failures.length ? `  — ${v.failures[0]}` : ''}`);
    }
}
