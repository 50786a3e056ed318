// a2a.agent-card — the agent card validates against the A2A schema of the version it declares (v0.3, or
// v1.0: the card is fetched as a v0.3 client asks and again with `A2A-Version: 1.0`, and each card
// served is validated as what it declares), lists its skills, and every interface it declares on a
// binding the suite speaks answers that binding: JSON-RPC (tasks/get / GetTask → a JSON-RPC answer) or
// HTTP+JSON (GET tasks/{unknown id} → a JSON answer). gRPC interfaces are detected and left unprobed;
// a card that offers only gRPC is not_tested. `endpoints.a2a.binding` narrows the probe to one binding.

import { defineCheck } from '../../runners/core/check.ts';
import { newId, isRpcError, rpc } from '../../runners/protocols/jsonrpc.ts';
import { a2aSchema } from './lib/schemas.ts';
import { cardInterfaces, fetchCard, interfacesToProbe, isCheckResult, isV1, under, versionHeaders, type AgentInterface, type CardFetch } from './lib/a2a.ts';
import type { CheckContext } from '../../runners/core/check.ts';

/** One interface's answer to a harmless request for a task that does not exist. */
async function probeInterface(ctx: CheckContext<any>, i: AgentInterface): Promise<{ answer: string; problem?: string }> {
  const http = ctx.http.a2a!;
  try {
    if (i.binding === 'JSONRPC') {
      const id = newId();
      const method = isV1(i.version) ? 'GetTask' : 'tasks/get';
      const c = await rpc(http, { jsonrpc: '2.0', id, method, params: { id: `govllm-no-such-task-${id}` } }, { path: i.url, headers: versionHeaders(i) });
      const answer = c.msg?.error ? `error ${c.msg.error.code}` : c.msg ? 'result' : `HTTP ${c.res.status}, not JSON-RPC`;
      if (!c.msg || (!isRpcError(c.msg) && !('result' in c.msg)))
        return { answer, problem: `${i.binding} ${i.version} ${i.url} does not answer JSON-RPC (HTTP ${c.res.status})` };
      return { answer };
    }
    const path = isV1(i.version) ? `/tasks/govllm-no-such-task-${newId()}` : `/v1/tasks/govllm-no-such-task-${newId()}`;
    const res = await http.request({ method: 'GET', path: under(i.url, path), headers: { accept: 'application/json', ...versionHeaders(i) } });
    let json = true;
    try {
      res.json();
    } catch {
      json = false;
    }
    const answer = `HTTP ${res.status}${json ? ' JSON' : ''}`;
    if (!json || res.status >= 500 || res.status < 200)
      return { answer, problem: `${i.binding} ${i.version} ${i.url} answers GET tasks/{id} with HTTP ${res.status}${json ? '' : ', not JSON'}` };
    return { answer };
  } catch (err) {
    return { answer: (err as Error).message, problem: `${i.binding} ${i.url}: ${(err as Error).message}` };
  }
}

export default defineCheck({
  id: 'a2a.agent-card',
  title: 'A2A agent card validates against the schema of its version; skills listed; declared interfaces answer',
  needs: ['a2a'],
  async run(ctx) {
    const plain = await fetchCard(ctx);
    if (isCheckResult(plain)) return plain;
    // A v1.0 agent with v0.3 compatibility serves the v0.3 card unless asked for 1.0.
    const v1 = isV1(plain.version) ? plain : await fetchCard(ctx, '1.0');
    const cards: CardFetch[] = [plain, ...(!isCheckResult(v1) && v1 !== plain && isV1(v1.version) ? [v1] : [])];
    const problems: string[] = [];
    const observed: Record<string, unknown> = { name: plain.card.name, protocol_versions: cards.map((c) => c.version ?? null) };
    for (const { card, version } of cards) {
      if (typeof version !== 'string') {
        problems.push('the card declares no protocolVersion (string)');
        continue;
      }
      const schema = a2aSchema(version);
      if (!schema)
        return {
          status: 'error',
          message: `the card declares A2A ${version}; the suite has the schemas of v0.3 and v1.0 only and cannot validate it`,
          observed,
        };
      const e = schema.validate('AgentCard', card);
      if (e) problems.push(`AgentCard (A2A ${version}) schema: ${e}`);
    }
    const skills = Array.isArray(plain.card.skills) ? plain.card.skills : [];
    observed.skills = skills.map((s: { id?: string; name?: string }) => `${s.id}:${s.name}`);
    if (skills.length === 0) problems.push('no skills listed');
    const ifaces = cards.flatMap((c) => cardInterfaces(c.card));
    observed.interfaces = ifaces.map((i) => `${i.binding} ${i.version} ${i.url}`);
    const want = ctx.target.endpoints.a2a?.binding;
    const { probe, grpc, other } = interfacesToProbe(ctx, ifaces);
    if (want && probe.length + grpc.length === 0)
      return { status: 'error', message: `the target names binding ${want} (endpoints.a2a.binding) but the card declares no ${want} interface`, observed };
    const answers: Record<string, string> = {};
    for (const i of probe) {
      const r = await probeInterface(ctx, i);
      answers[`${i.binding} ${i.version} ${i.url}`] = r.answer;
      if (r.problem) problems.push(r.problem);
    }
    observed.answers = answers;
    if (grpc.length) observed.grpc = `not probed (the suite does not speak gRPC): ${grpc.map((g) => g.url).join(', ')}`;
    if (other.length) observed.unknown_bindings = other.map((o) => `${o.binding} ${o.url}`);
    if (problems.length) return { status: 'fail', message: problems.slice(0, 3).join('; '), observed };
    if (probe.length === 0 && grpc.length)
      return {
        status: 'not_tested',
        message: `the card validates, but it declares only gRPC interfaces, which the suite does not speak; set endpoints.a2a.binding to JSONRPC or HTTP+JSON for an agent that offers them`,
        observed,
      };
    if (probe.length === 0)
      return {
        status: 'fail',
        message: `the card declares no interface on a standard binding (JSONRPC, HTTP+JSON, GRPC)${other.length ? `: ${other.map((o) => o.binding).join(', ')}` : ''}`,
        observed,
      };
    return {
      status: 'pass',
      message: `card validates against A2A ${cards.map((c) => c.version).join(' and ')}; ${skills.length} skill(s); ${probe.map((i) => `${i.binding} ${i.version}`).join(', ')} answer${grpc.length ? ' (gRPC not probed)' : ''}`,
      observed,
    };
  },
});
