// Issue 14's acceptance run: an evaluator who knows only dialect b's endpoints, model and key names runs
// `govllm probe --write`, then assesses the deployment with the suggested descriptor unedited. A conformant
// deployment must get no fail and no error: what the probe could not find is not_tested, naming the setting.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { govllm } from '../../fixtures/hostile/run-helpers.ts';
import { startReference, type RunningReference } from '../../fixtures/reference/server.ts';
import type { Outcome, Target } from '../core/types.ts';

let ref: RunningReference;
let dir: string;
beforeAll(async () => {
  ref = await startReference({ dialect: 'b' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-probe-b-'));
});
afterAll(async () => {
  await ref.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('probe --write on dialect b gives a descriptor that, unedited, assesses it with 0 fail and 0 error', async () => {
  const e = ref.target.endpoints;
  const bare: Target = {
    name: 'vendor-b',
    endpoints: {
      chat: { base_url: e.chat!.base_url, model: e.chat!.model, api_key_env: e.chat!.api_key_env },
      knowledge: { base_url: e.knowledge!.base_url, api_key_env: e.knowledge!.api_key_env, update_key_env: e.knowledge!.update_key_env },
      mcp: { url: e.mcp!.url, api_key_env: e.mcp!.api_key_env },
      a2a: { card_url: e.a2a!.card_url },
      metrics: { url: e.metrics!.url },
      audit: { url: e.audit!.url, api_key_env: e.audit!.api_key_env },
    },
    evidence: ref.target.evidence,
  };
  const bareFile = path.join(dir, 'bare.target.yaml');
  fs.writeFileSync(bareFile, stringify({ version: 2, ...bare }));
  const probed = path.join(dir, 'probed.target.yaml');
  const p = await govllm(['probe', '--target', bareFile, '--write', probed], ref.env);
  expect(p.code, p.stderr).toBe(0);

  const out = path.join(dir, 'out');
  // Every clause except the browser's (the web page is the same in both dialects, tested with dialect a).
  const r = await govllm(['run', '--target', probed, '--out', out, '--ci', '--format', 'junit', '--seed', '7'], ref.env, undefined, 600_000);
  expect(r.stderr).not.toMatch(/internal error/);
  const outcomes = (JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as { outcomes: Outcome[] }).outcomes;
  expect(outcomes.length).toBeGreaterThan(150);
  const wrong = outcomes.filter((o) => o.status === 'fail' || o.status === 'error').map((o) => `${o.clause} ${o.check}: ${o.status} ${o.message}`);
  expect(wrong).toEqual([]);
  // What the probe could not find is named, not guessed (e.g. the red-line template's key phrases).
  expect(outcomes.find((o) => o.clause === 'SAF-RED-01')?.message).toMatch(/endpoints\.chat\.shape\.redline_template/);
}, 700_000);
