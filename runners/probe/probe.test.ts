// govllm probe against the reference deployment, given only its endpoints and key names: it reports the
// models and windows, the AI label, the knowledge query and citations, the metric family of each signal,
// the MCP tools with their schemas and the A2A bindings, in a bounded number of requests, and suggests a
// version-2 descriptor that validates and carries what it found.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { govllm } from '../../fixtures/hostile/run-helpers.ts';
import { EVIDENCE_DIR } from '../../fixtures/reference/server.ts';
import { startReference, type RunningReference } from '../../fixtures/reference/server.ts';
import { schemaValidator } from '../load/documents.ts';
import type { Target } from '../core/types.ts';
import { formatProbe, probeTarget, type ProbeReport } from './probe.ts';

let ref: RunningReference;
let report: ProbeReport;
let text: string;
beforeAll(async () => {
  ref = await startReference();
  const e = ref.target.endpoints;
  // What an evaluator knows before probing: where the endpoints are and which variables hold the keys.
  const bare: Target = {
    name: 'vendor',
    endpoints: {
      chat: { base_url: e.chat!.base_url, model: e.chat!.model, api_key_env: e.chat!.api_key_env },
      knowledge: { base_url: e.knowledge!.base_url, api_key_env: e.knowledge!.api_key_env },
      mcp: { url: e.mcp!.url, api_key_env: e.mcp!.api_key_env },
      a2a: { card_url: e.a2a!.card_url },
      metrics: { url: e.metrics!.url },
    },
  };
  report = await probeTarget(bare, ref.env);
  text = formatProbe(report);
});
afterAll(() => ref.close());

describe('govllm probe', () => {
  it('reports what it found, per endpoint, without a verdict', () => {
    expect(text).toMatch(/models \(\/models\): gov-chat \(context 32768\)/);
    expect(text).toMatch(/AI label: JSON field aigc/);
    expect(text).toMatch(/query: POST query with \{"question": …\} answers 200/);
    expect(text).toMatch(/citations: \d+ found/);
    expect(text).toMatch(/latency +llm_request_duration_seconds \(histogram\)/);
    expect(text).toMatch(/list_required_materials\(item_code: string \/\^\[A-Z\]\{2\}-\\d\{4\}\$\/\) \[readOnlyHint\]/);
    expect(text).toMatch(/update_case_status\(.*\) \[destructiveHint/);
    expect(text).toMatch(/bindings: JSONRPC http:\/\/127\.0\.0\.1:\d+\/a2a\/jsonrpc/);
    expect(text).not.toMatch(/\b(pass|fail|PASS|FAIL)\b/);
  });

  it('sends a bounded number of requests per endpoint', () => {
    for (const [endpoint, n] of Object.entries(report.requests)) expect(n, endpoint).toBeLessThanOrEqual(12);
    expect(Object.keys(report.requests).sort()).toEqual(['a2a', 'chat', 'knowledge', 'mcp', 'metrics']);
  });

  it('suggests a version-2 descriptor that validates and carries what was found', () => {
    const s = report.suggested;
    const validate = schemaValidator('target.schema.json');
    expect(validate(JSON.parse(JSON.stringify(s))), JSON.stringify(validate.errors)).toBe(true);
    expect(s.version).toBe(2);
    expect(s.endpoints.chat!.models!.map((m) => [m.id, m.context_window])).toEqual(expect.arrayContaining([['gov-chat', 32768]]));
    expect(s.endpoints.chat!.shape?.label).toEqual({ field: 'aigc' });
    expect(s.endpoints.metrics!.shape?.families?.requests).toBe('llm_requests_total');
    // Defaults that worked are not written: the query path and field are the suite's own defaults here.
    expect(s.endpoints.knowledge!.shape?.query_path).toBeUndefined();
  });
});

describe('govllm probe --write (the command)', () => {
  it('prints the findings and writes a descriptor whose relative paths still point at the same files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-probe-'));
    fs.mkdirSync(path.join(dir, 'in'));
    fs.mkdirSync(path.join(dir, 'out'));
    const e = ref.target.endpoints;
    const evidence = path.relative(path.join(dir, 'in'), path.join(EVIDENCE_DIR, 'reference'));
    fs.writeFileSync(
      path.join(dir, 'in', 't.target.yaml'),
      stringify({
        name: 'vendor',
        endpoints: { chat: { base_url: e.chat!.base_url, model: e.chat!.model, api_key_env: e.chat!.api_key_env }, metrics: { url: e.metrics!.url } },
        evidence,
      }),
    );
    const out = path.join(dir, 'out', 'suggested.target.yaml');
    const r = await govllm(['probe', '--target', path.join(dir, 'in', 't.target.yaml'), '--write', out], ref.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/AI label: JSON field aigc/);
    const written = parse(fs.readFileSync(out, 'utf8'));
    expect(schemaValidator('target.schema.json')(written)).toBe(true);
    expect(path.resolve(path.dirname(out), written.evidence)).toBe(path.join(EVIDENCE_DIR, 'reference'));
  });
});
