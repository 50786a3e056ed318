// access.auth-required — requests without a key, with a malformed header, or with a wrong key are refused
// with 401/403, on both /models and /chat/completions, and no answer text comes back.

import { defineCheck } from '../../runners/core/check.ts';

export default defineCheck<Record<string, never>>({
  id: 'access.auth-required',
  title: 'No key / a wrong key is refused with 401/403',
  needs: ['chat'],
  async run(ctx) {
    const client = ctx.http.chat!;
    const model = ctx.target.endpoints.chat!.model;
    const wrongKey = `sk-govllm-wrong-${Date.now().toString(36)}`;
    const body = { model, messages: [{ role: 'user', content: '身份证丢了怎么补办？' }] };
    const cases = [
      { name: 'no key, chat', path: 'chat/completions', body, auth: 'none' as const },
      { name: 'wrong key, chat', path: 'chat/completions', body, auth: { key: wrongKey } },
      { name: 'malformed Authorization, chat', path: 'chat/completions', body, auth: 'none' as const, headers: { authorization: 'Basic Zm9vOmJhcg==' } },
      { name: 'no key, models', path: 'models', auth: 'none' as const },
      { name: 'wrong key, models', path: 'models', auth: { key: wrongKey } },
    ];
    const results = [];
    for (const c of cases) {
      const res = await client.request({ method: c.body ? 'POST' : 'GET', path: c.path, body: c.body, auth: c.auth, headers: c.headers });
      results.push({ case: c.name, status: res.status });
    }
    // The control: the configured key works, so a refusal above is about the key and not an outage.
    const ok = await client.request({ method: 'GET', path: 'models' });
    const accepted = results.filter((r) => r.status !== 401 && r.status !== 403);
    const observed = { cases: results, with_valid_key: ok.status };
    if (accepted.length)
      return {
        status: 'fail',
        message: `requests without a valid key were not refused: ${accepted.map((a) => `${a.case} → ${a.status}`).join('; ')}`,
        observed,
        expected: { status: '401 or 403' },
      };
    if (ok.status !== 200)
      return { status: 'error', message: `the configured key itself gets ${ok.status} on GET models; cannot tell refusal from outage`, observed };
    return {
      status: 'pass',
      message: `all ${results.length} unauthenticated requests refused (${[...new Set(results.map((r) => r.status))].join('/')})`,
      observed,
    };
  },
});
