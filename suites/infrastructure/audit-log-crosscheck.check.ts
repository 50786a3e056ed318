// audit.log-crosscheck — the suite sends `probes` chat requests (half of them streamed), each carrying a
// unique nonce, then reads the deployment's audit log back through the target's `audit` endpoint and looks
// for every nonce. Each found entry must carry the clause's `fields` (abstract names, mapped onto the
// usual spellings: id → request_id/id/trace_id, time → time/timestamp, caller → key_id/caller/user,
// status → status/status_code, input → prompt_excerpt/input/prompt, output → output_excerpt/output/response).
// Missing probes are listed by nonce.

import { defineCheck } from '../../runners/core/check.ts';
import { sleep } from '../../runners/http/client.ts';
import { complete, nonce } from '../lib/chat.ts';

type Field = 'id' | 'time' | 'caller' | 'status' | 'input' | 'output' | 'model';

interface Params {
  probes: number;
  fields: Field[];
  settle_ms?: number;
}

const FIELD_NAMES: Record<Field, string[]> = {
  id: ['request_id', 'id', 'requestId', 'trace_id', 'traceId'],
  time: ['time', 'timestamp', 'ts', 'created_at', 'createdAt', 'date'],
  caller: ['key_id', 'caller', 'user', 'user_id', 'api_key_id', 'client_id', 'principal'],
  status: ['status', 'status_code', 'http_status', 'statusCode'],
  input: ['prompt_excerpt', 'input', 'prompt', 'request', 'query'],
  output: ['output_excerpt', 'output', 'response', 'completion', 'answer'],
  model: ['model', 'model_id'],
};

function entriesOf(body: any): any[] | undefined {
  if (Array.isArray(body)) return body;
  for (const k of ['data', 'entries', 'logs', 'items', 'records']) if (Array.isArray(body?.[k])) return body[k];
  return undefined;
}

const filled = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== '';

export default defineCheck<Params>({
  id: 'audit.log-crosscheck',
  title: 'Probes carrying nonces are all in the audit log with id, time, caller and status (streamed ones too)',
  needs: ['chat', 'audit'],
  params: {
    type: 'object',
    required: ['probes', 'fields'],
    additionalProperties: false,
    properties: {
      probes: { type: 'integer', minimum: 2, maximum: 200 },
      fields: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: Object.keys(FIELD_NAMES) } },
      settle_ms: { type: 'integer', minimum: 0, maximum: 60000, default: 500, description: 'wait before reading the log back (asynchronous log pipelines)' },
    },
  },
  async run(ctx) {
    const since = new Date(Date.now() - 5000).toISOString();
    const probes: { nonce: string; stream: boolean; status: number }[] = [];
    for (let i = 0; i < ctx.params.probes; i++) {
      const n = nonce('AUDIT');
      const stream = i % 2 === 1;
      const r = await complete(ctx, [{ role: 'user', content: `${n} 请问身份证丢了怎么补办？` }], { stream });
      probes.push({ nonce: n, stream, status: r.res.status });
    }
    await sleep(ctx.params.settle_ms ?? 500, ctx.signal);
    const audit = ctx.http.audit!;
    const url = new URL(audit.baseUrl);
    url.searchParams.set('since', since);
    url.searchParams.set('limit', '10000');
    const res = await audit.request({ method: 'GET', path: url.toString() });
    if (res.status !== 200)
      return { status: 'error', message: `the audit log endpoint answered ${res.status}; the log cannot be read back`, observed: { status: res.status } };
    let entries: any[] | undefined;
    try {
      entries = entriesOf(res.json());
    } catch (e) {
      return { status: 'error', message: (e as Error).message };
    }
    if (!entries) return { status: 'error', message: 'the audit log response holds no list of entries (data/entries/logs/items)' };
    const missing: string[] = [];
    const incomplete: { nonce: string; missing_fields: string[] }[] = [];
    for (const p of probes) {
      const e = entries.find((x) => JSON.stringify(x).includes(p.nonce));
      if (!e) {
        missing.push(`${p.nonce}${p.stream ? ' (stream)' : ''}`);
        continue;
      }
      const lacking = ctx.params.fields.filter((f) => !FIELD_NAMES[f].some((k) => filled(e[k])));
      if (lacking.length) incomplete.push({ nonce: p.nonce, missing_fields: lacking });
      else {
        const statusKey = FIELD_NAMES.status.find((k) => filled(e[k]));
        if (statusKey && Number(e[statusKey]) !== p.status && ctx.params.fields.includes('status'))
          incomplete.push({ nonce: p.nonce, missing_fields: [`status ${e[statusKey]} ≠ ${p.status}`] });
      }
    }
    const observed = { probes: probes.length, streamed: probes.filter((p) => p.stream).length, log_entries_read: entries.length, missing, incomplete };
    if (missing.length || incomplete.length) {
      const parts = [
        missing.length ? `${missing.length} of ${probes.length} probes not in the log: ${missing.slice(0, 5).join(', ')}` : '',
        incomplete.length ? `${incomplete.length} entries lack ${[...new Set(incomplete.flatMap((i) => i.missing_fields))].join(', ')}` : '',
      ].filter(Boolean);
      return { status: 'fail', message: parts.join('; '), observed, expected: { fields: ctx.params.fields } };
    }
    return {
      status: 'pass',
      message: `all ${probes.length} probes (${observed.streamed} streamed) found in the audit log with ${ctx.params.fields.join(', ')}`,
      observed,
    };
  },
});
