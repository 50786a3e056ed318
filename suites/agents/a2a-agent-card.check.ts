// a2a.agent-card — the agent card validates against the A2A schema of the version it declares (the
// suite ships v0.3), lists its skills, and its JSON-RPC url(s) answer JSON-RPC.

import { defineCheck } from '../../runners/core/check.ts';
import { newId, isRpcError, rpc } from '../../runners/protocols/jsonrpc.ts';
import { a2aSchema } from './lib/schemas.ts';
import { fetchCard, isCheckResult, jsonRpcUrls } from './lib/a2a.ts';

export default defineCheck({
  id: 'a2a.agent-card',
  title: 'A2A agent card validates against the schema of its version; skills listed; url answers',
  needs: ['a2a'],
  params: { type: 'object', additionalProperties: false, properties: {} },
  async run(ctx) {
    const got = await fetchCard(ctx);
    if (isCheckResult(got)) return got;
    const { card, version } = got;
    const observed: Record<string, unknown> = { name: card.name, protocol_version: version ?? null };
    if (typeof version !== 'string') return { status: 'fail', message: 'the card declares no protocolVersion (string)', observed };
    const schema = a2aSchema(version);
    if (!schema) return { status: 'error', message: `the card declares A2A ${version}; the suite ships the v0.3 schema only and cannot validate it`, observed };
    const problems: string[] = [];
    const e = schema.validate('AgentCard', card);
    if (e) problems.push(`AgentCard schema: ${e}`);
    const skills = Array.isArray(card.skills) ? card.skills : [];
    observed.skills = skills.map((s: { id?: string; name?: string }) => `${s.id}:${s.name}`);
    if (skills.length === 0) problems.push('no skills listed');
    const urls = jsonRpcUrls(card);
    const answers: Record<string, unknown> = {};
    for (const url of urls) {
      try {
        const id = newId();
        const c = await rpc(ctx.http.a2a!, { jsonrpc: '2.0', id, method: 'tasks/get', params: { id: `govllm-no-such-task-${id}` } }, { path: url });
        answers[url] = c.msg?.error ? `error ${c.msg.error.code}` : c.msg ? 'result' : `HTTP ${c.res.status}, not JSON-RPC`;
        if (!c.msg || (!isRpcError(c.msg) && !('result' in c.msg))) problems.push(`${url} does not answer JSON-RPC (HTTP ${c.res.status})`);
      } catch (err) {
        answers[url] = (err as Error).message;
        problems.push(`${url}: ${(err as Error).message}`);
      }
    }
    observed.jsonrpc_urls = answers;
    if (urls.length === 0 && !e) problems.push('the card declares no JSON-RPC interface the suite can probe');
    return problems.length
      ? { status: 'fail', message: problems.slice(0, 3).join('; '), observed }
      : { status: 'pass', message: `card validates against A2A ${version}; ${skills.length} skill(s); ${urls.length} JSON-RPC url(s) answer`, observed };
  },
});
