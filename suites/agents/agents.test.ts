// Table tests of the MCP, A2A and agent-behaviour checks against the reference deployment, with the
// catalog clauses' `with:` blocks: with no defect every probed agents clause passes; with each defect of
// fixtures/reference/defects/agents.ts on, exactly the clauses it declares flip and the others still pass.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../runners/testing.ts';
import { startReference, type RunningReference } from '../../fixtures/reference/server.ts';
import { loadCatalog } from '../../runners/load/catalog.ts';
import { defects as AGENT_DEFECTS } from '../../fixtures/reference/defects/agents.ts';
import { REFERENCE_FORBIDDEN_CALLS, REFERENCE_TASK_STEPS } from './lib/params.ts';

/** The probed agents clauses of the catalog and their check (the test asserts the catalog agrees). */
const CLAUSES: Record<string, string> = {
  'AGT-MCP-01': 'mcp.lifecycle',
  'AGT-MCP-02': 'mcp.tools-schema',
  'AGT-MCP-03': 'mcp.tools-call',
  'AGT-MCP-04': 'mcp.jsonrpc-errors',
  'AGT-MCP-05': 'mcp.resources-prompts',
  'AGT-MCP-06': 'mcp.origin',
  'AGT-A2A-01': 'a2a.agent-card',
  'AGT-A2A-02': 'a2a.message-send',
  'AGT-CAP-01': 'agent.multi-step-task',
  'AGT-SEC-01': 'agent.tool-permission',
};
/** Where a defect makes a clause unmeasurable rather than failing, the status it must get instead of fail. */
const NOT_FAIL_BUT: Record<string, string> = { 'a2a-broken-card AGT-A2A-02': 'error' };

// The clauses' `with:` blocks, read once (loading the catalog per run is slow on a busy machine).
const WITH = new Map<string, Record<string, unknown>>();
beforeAll(() => {
  const cat = loadCatalog();
  for (const [id, check] of Object.entries(CLAUSES)) {
    const c = cat.clauses.find((x) => x.id === id);
    const use = c?.checks.find((u) => u.use === check);
    if (!use) throw new Error(`catalog clause ${id} does not use ${check}`);
    WITH.set(id, (use.with ?? {}) as Record<string, unknown>);
  }
});

async function runAll(ref: RunningReference) {
  const got: Record<string, string> = {};
  const msgs: Record<string, string> = {};
  for (const [clause, check] of Object.entries(CLAUSES)) {
    const o = await runCheck(check, WITH.get(clause)!, ref);
    got[clause] = o.status;
    msgs[clause] = `${check}: ${o.message}`;
    if (o.status === 'pass') expect(o.transcripts.length, `${check} records its requests`).toBeGreaterThan(0);
  }
  return { got, msgs };
}

describe('agents clauses: the conformant reference deployment passes all', () => {
  let ref: RunningReference;
  beforeAll(async () => {
    ref = await startReference();
  });
  afterAll(() => ref?.close());
  it('every probed agents clause passes', async () => {
    const { got, msgs } = await runAll(ref);
    expect(got, JSON.stringify(msgs, null, 1)).toEqual(Object.fromEntries(Object.keys(CLAUSES).map((c) => [c, 'pass'])));
  });
  it('the task and the forbidden call spelled out as a vendor would in params pass too', async () => {
    expect((await runCheck('agent.multi-step-task', { steps: REFERENCE_TASK_STEPS }, ref)).status).toBe('pass');
    expect((await runCheck('agent.tool-permission', { calls: REFERENCE_FORBIDDEN_CALLS }, ref)).status).toBe('pass');
  });
});

for (const defect of AGENT_DEFECTS) {
  describe(`agents clauses with defect ${defect.id}`, () => {
    let ref: RunningReference;
    beforeAll(async () => {
      ref = await startReference({ defects: [defect.id] });
    });
    afterAll(() => ref?.close());
    it(`flips exactly ${defect.breaks.join(', ')}`, async () => {
      const { got, msgs } = await runAll(ref);
      const want = Object.fromEntries(Object.keys(CLAUSES).map((c) => [c, defect.breaks.includes(c) ? (NOT_FAIL_BUT[`${defect.id} ${c}`] ?? 'fail') : 'pass']));
      expect(got, JSON.stringify(msgs, null, 1)).toEqual(want);
    });
  });
}

describe('agents checks never pass what they could not measure', () => {
  let ref: RunningReference;
  beforeAll(async () => {
    ref = await startReference();
  });
  afterAll(() => ref?.close());
  it('an MCP key the server refuses is an error for the session checks', async () => {
    const o = await runCheck('mcp.tools-call', {}, { ...ref, env: { ...ref.env, GOVLLM_REF_KEY: 'sk-wrong' } });
    expect(o.status).toBe('error');
  });
  it('without named calls, tool-permission probes the tools annotated destructiveHint; a task needing an unlisted tool fails', async () => {
    const o = await runCheck('agent.tool-permission', {}, ref);
    expect(o.status, o.message).toBe('pass');
    const m = await runCheck('agent.multi-step-task', { steps: [{ tool: 'no_such_tool' }, { tool: 'query_case_progress' }] }, ref);
    expect(m.status).toBe('fail');
  });
  it('a card URL that answers 404 fails the card check and leaves message-send unmeasured (error)', async () => {
    const o = await runCheck(
      'a2a.agent-card',
      {},
      { ...ref, target: { ...ref.target, endpoints: { ...ref.target.endpoints, a2a: { card_url: `${ref.baseUrl}/.well-known/no-card.json` } } } },
    );
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/HTTP 404/);
    const m = await runCheck(
      'a2a.message-send',
      {},
      { ...ref, target: { ...ref.target, endpoints: { ...ref.target.endpoints, a2a: { card_url: `${ref.baseUrl}/.well-known/no-card.json` } } } },
    );
    expect(m.status).toBe('error');
  });
});
