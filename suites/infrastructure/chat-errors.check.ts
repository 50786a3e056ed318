// chat.errors — malformed requests get a 4xx status with a JSON error object, never 200 and never an HTML
// page; an unknown model gets a 404-class error. The standard asks for "JSON with an error code", not the
// OpenAI shape: the error object is the target's `endpoints.chat.shape.error_path` when given, else found —
// OpenAI's {error: {message}}, or any object (at any depth) carrying a message (message, msg, detail,
// errmsg, error_description …) or an error string.

import { defineCheck } from '../../runners/core/check.ts';
import { chatClient } from '../lib/chat.ts';
import { findErrorObject } from './lib/error-body.ts';

export default defineCheck<Record<string, never>>({
  id: 'chat.errors',
  title: 'Malformed request → 4xx JSON error object; unknown model → 404-class',
  needs: ['chat'],
  async run(ctx) {
    const { client, model } = chatClient(ctx);
    const cases: { name: string; body: unknown; want: (s: number) => boolean; wantText: string }[] = [
      { name: 'body is not JSON', body: '{"model": "x", "messages": [', want: (s) => s === 400 || s === 422, wantText: '400/422' },
      { name: 'messages missing', body: { model }, want: (s) => s === 400 || s === 422, wantText: '400/422' },
      { name: 'messages not an array', body: { model, messages: '你好' }, want: (s) => s === 400 || s === 422, wantText: '400/422' },
      { name: 'invalid role', body: { model, messages: [{ role: 'wizard', content: '你好' }] }, want: (s) => s === 400 || s === 422, wantText: '400/422' },
      {
        name: 'temperature out of range',
        body: { model, messages: [{ role: 'user', content: '你好' }], temperature: 7 },
        want: (s) => s === 400 || s === 422,
        wantText: '400/422',
      },
      {
        name: 'unknown model',
        body: { model: `no-such-model-${Date.now()}`, messages: [{ role: 'user', content: '你好' }] },
        want: (s) => s === 404 || s === 400,
        wantText: '404 (or 400 model_not_found)',
      },
    ];
    const results = [];
    for (const c of cases) {
      const res = await client.request({
        method: 'POST',
        path: 'chat/completions',
        body: typeof c.body === 'string' ? c.body : c.body,
        headers: { 'content-type': 'application/json' },
      });
      const problems: string[] = [];
      if (!c.want(res.status)) problems.push(`status ${res.status}, expected ${c.wantText}`);
      const ct = String(res.headers['content-type'] ?? '');
      if (!ct.includes('json')) problems.push(`content-type ${ct || 'missing'}, not JSON`);
      let body: unknown;
      let parsed = false;
      try {
        body = JSON.parse(res.text);
        parsed = true;
      } catch {
        problems.push(/<html|<!doctype/i.test(res.text) ? 'the body is an HTML page' : 'the body is not JSON');
      }
      const err = parsed ? findErrorObject(body, ctx.target.endpoints.chat?.shape?.error_path) : undefined;
      if (parsed && !err)
        problems.push(
          `no error object with a message in the body${ctx.target.endpoints.chat?.shape?.error_path ? ` at ${ctx.target.endpoints.chat.shape.error_path}` : ''}`,
        );
      if (c.name === 'unknown model' && res.status === 400 && !/model/i.test(JSON.stringify(err?.object ?? body ?? '')))
        problems.push('a 400 for an unknown model must say the model is not found');
      results.push({ case: c.name, status: res.status, content_type: ct, problems });
    }
    const bad = results.filter((r) => r.problems.length);
    const observed = { cases: results };
    if (bad.length)
      return {
        status: 'fail',
        message: `${bad.length} of ${results.length} error cases mishandled: ${bad
          .slice(0, 3)
          .map((b) => `${b.case}: ${b.problems.join(', ')}`)
          .join('; ')}`,
        observed,
      };
    return { status: 'pass', message: `all ${results.length} error cases answered with 4xx JSON error objects`, observed };
  },
});
