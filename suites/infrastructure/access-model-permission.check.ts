// access.model-permission — a key allowed only some models (`endpoints.chat.models[].keys`; v1:
// `restricted_key_env` + `restricted_models`) is refused (401/403/404) for every other declared model, and
// still works for its own. Every such key of the descriptor is tried.

import { defineCheck } from '../../runners/core/check.ts';
import { keyPermissions } from '../../runners/core/target.ts';

export default defineCheck<Record<string, never>>({
  id: 'access.model-permission',
  title: 'A restricted key is refused for models outside its permission',
  needs: ['chat'],
  async run(ctx) {
    const perms = keyPermissions(ctx.target);
    if (!perms.length) {
      return {
        status: 'not_tested',
        message: 'the target names no key restricted to some models (endpoints.chat.models[].keys, or v1 restricted_key_env and restricted_models)',
      };
    }
    const client = ctx.http.chat!;
    const ask = (model: string, key: string) =>
      client.request({
        method: 'POST',
        path: 'chat/completions',
        auth: { key },
        body: { model, messages: [{ role: 'user', content: '身份证丢了怎么补办？' }] },
      });
    const keys = [];
    for (const p of perms) {
      const key = client.options.namedKeys?.[p.key_env] ?? (p.key_env === ctx.target.endpoints.chat!.api_key_env ? client.options.apiKey : undefined);
      if (!key) return { status: 'error', message: `the environment variable ${p.key_env} is not set` };
      const outside = [];
      for (const m of p.refused) outside.push({ model: m, status: (await ask(m, key)).status });
      const inside = [];
      for (const m of p.allowed) inside.push({ model: m, status: (await ask(m, key)).status });
      keys.push({ key_env: p.key_env, outside_permission: outside, inside_permission: inside });
    }
    const observed = { keys };
    const leaked = keys.flatMap((k) =>
      k.outside_permission.filter((o) => ![401, 403, 404].includes(o.status)).map((o) => `${k.key_env}: ${o.model} → ${o.status}`),
    );
    if (leaked.length) return { status: 'fail', message: `a restricted key was served model(s) outside its permission: ${leaked.join(', ')}`, observed };
    const broken = keys.flatMap((k) => k.inside_permission.filter((i) => i.status !== 200).map((i) => `${k.key_env}: ${i.model} → ${i.status}`));
    if (broken.length)
      return {
        status: 'error',
        message: `a restricted key is refused even for its own model(s) (${broken.join(', ')}); cannot tell permission from outage`,
        observed,
      };
    return {
      status: 'pass',
      message: keys
        .map(
          (k) =>
            `${k.key_env} is refused for ${k.outside_permission.map((o) => `${o.model} (${o.status})`).join(', ')} and served ${k.inside_permission.map((i) => i.model).join(', ')}`,
        )
        .join('; '),
      observed,
    };
  },
});
