// A check that waits out a time bound its params set (like rag.freshness): used only by runners/core tests.
import { defineCheck } from '../../check.ts';
import { sleep } from '../../../http/client.ts';

export default defineCheck<{ wait_ms: number }>({
  id: 'test.bounded',
  title: 'waits out its own bound, then passes',
  needs: ['chat'],
  params: { type: 'object', required: ['wait_ms'], properties: { wait_ms: { type: 'integer', minimum: 0 } }, additionalProperties: false },
  timeBudgetMs: (p) => p.wait_ms,
  async run(ctx) {
    await sleep(ctx.params.wait_ms, ctx.signal);
    return { status: 'pass', message: `waited ${ctx.params.wait_ms} ms` };
  },
});
