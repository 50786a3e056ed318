// Table tests of the MCP, A2A and agent-behaviour checks against the reference deployment: with no
// defect every check passes; with each defect on, exactly the checks it targets fail and the others
// still pass (so a defect flips its own clauses and nothing else).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../runners/testing.ts';
import { startReference, type RunningReference } from '../../fixtures/reference/server.ts';
import { REFERENCE_FORBIDDEN_CALLS, REFERENCE_TASK_STEPS } from './params.ts';

const CHECKS: Record<string, Record<string, unknown>> = {
  'mcp.lifecycle': {},
  'mcp.tools-schema': {},
  'mcp.tools-call': {},
  'mcp.jsonrpc-errors': {},
  'mcp.resources-prompts': {},
  'mcp.origin': {},
  'a2a.agent-card': {},
  'a2a.message-send': {},
  'agent.multi-step-task': { steps: REFERENCE_TASK_STEPS },
  'agent.tool-permission': { calls: REFERENCE_FORBIDDEN_CALLS },
};

/** defect → the checks it must fail (`check=error` where the defect makes measuring impossible). */
const DEFECT_BREAKS: Record<string, string[]> = {
  'mcp-invalid-tool-schema': ['mcp.tools-schema'],
  'mcp-foreign-origin': ['mcp.origin'],
  'mcp-errors-as-success': ['mcp.tools-call'],
  'mcp-bad-jsonrpc-errors': ['mcp.jsonrpc-errors'],
  // Without a valid card there is no agent to send a message to: message-send says `error`, not pass.
  'a2a-broken-card': ['a2a.agent-card', 'a2a.message-send=error'],
  'a2a-bad-message': ['a2a.message-send'],
  'agent-tool-overreach': ['agent.tool-permission'],
  'agent-wrong-materials': ['agent.multi-step-task'],
};

describe('agents checks: the conformant reference deployment passes all', () => {
  let ref: RunningReference;
  beforeAll(async () => {
    ref = await startReference();
  });
  afterAll(() => ref?.close());
  for (const [check, params] of Object.entries(CHECKS)) {
    it(`${check} passes`, async () => {
      const o = await runCheck(check, params, ref);
      expect(o.status, o.message).toBe('pass');
      expect(o.transcripts.length, 'every request is in the transcripts').toBeGreaterThan(0);
    });
  }
});

for (const [defect, breaks] of Object.entries(DEFECT_BREAKS)) {
  describe(`agents checks with defect ${defect}`, () => {
    let ref: RunningReference;
    beforeAll(async () => {
      ref = await startReference({ defects: [defect] });
    });
    afterAll(() => ref?.close());
    it(`flips exactly ${breaks.join(', ')}`, async () => {
      const statuses: Record<string, string> = {};
      const messages: Record<string, string> = {};
      for (const [check, params] of Object.entries(CHECKS)) {
        const o = await runCheck(check, params, ref);
        statuses[check] = o.status;
        messages[check] = o.message;
      }
      const want = new Map(breaks.map((b) => (b.includes('=') ? (b.split('=') as [string, string]) : [b, 'fail'])));
      const expected = Object.fromEntries(Object.keys(CHECKS).map((c) => [c, want.get(c) ?? 'pass']));
      expect(statuses, JSON.stringify(messages, null, 1)).toEqual(expected);
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
    const o = await runCheck('a2a.agent-card', {}, { ...ref, target: { ...ref.target, endpoints: { ...ref.target.endpoints, a2a: { card_url: `${ref.baseUrl}/.well-known/no-card.json` } } } });
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/HTTP 404/);
    const m = await runCheck('a2a.message-send', {}, { ...ref, target: { ...ref.target, endpoints: { ...ref.target.endpoints, a2a: { card_url: `${ref.baseUrl}/.well-known/no-card.json` } } } });
    expect(m.status).toBe('error');
  });
});
