// access.model-permission — a key restricted to some models (`restricted_key_env`, `restricted_models`) is
// refused (401/403/404) for every other declared model, and still works for its own.

import { defineCheck } from '../../runners/core/check.ts';

export default defineCheck<Record<string, never>>({
  id: 'access.model-permission',
  title: 'A restricted key is refused for models outside its permission',
  needs: ['chat'],
  params: { type: 'object', additionalProperties: false, properties: {} },
  async run(ctx) {
    const ep = ctx.target.endpoints.chat!;
    if (!ep.restricted_key_env || !ep.restricted_models?.length) {
      return { status: 'not_tested', message: 'the target names no restricted key (endpoints.chat.restricted_key_env and restricted_models)' };
    }
    const key = ctx.http.chat!.options.namedKeys?.[ep.restricted_key_env];
    if (!key) return { status: 'error', message: `the environment variable ${ep.restricted_key_env} is not set` };
    const others = [...new Set([...(ctx.target.declared?.models ?? []), ep.model])].filter((m) => !ep.restricted_models!.includes(m));
    if (!others.length) return { status: 'not_tested', message: 'every declared model is within the restricted key\'s permission; nothing to refuse' };
    const client = ctx.http.chat!;
    const ask = (model: string) => client.request({ method: 'POST', path: 'chat/completions', auth: { key }, body: { model, messages: [{ role: 'user', content: '身份证丢了怎么补办？' }] } });
    const outside = [];
    for (const m of others) outside.push({ model: m, status: (await ask(m)).status });
    const inside = [];
    for (const m of ep.restricted_models) inside.push({ model: m, status: (await ask(m)).status });
    const observed = { outside_permission: outside, inside_permission: inside };
    const leaked = outside.filter((o) => ![401, 403, 404].includes(o.status));
    if (leaked.length) return { status: 'fail', message: `the restricted key was served model(s) outside its permission: ${leaked.map((l) => `${l.model} → ${l.status}`).join(', ')}`, observed };
    const broken = inside.filter((i) => i.status !== 200);
    if (broken.length) return { status: 'error', message: `the restricted key is refused even for its own model(s) (${broken.map((b) => `${b.model} → ${b.status}`).join(', ')}); cannot tell permission from outage`, observed };
    return { status: 'pass', message: `the restricted key is refused for ${outside.map((o) => `${o.model} (${o.status})`).join(', ')} and served ${inside.map((i) => i.model).join(', ')}`, observed };
  },
});

