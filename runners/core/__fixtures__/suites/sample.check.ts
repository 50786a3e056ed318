// Checks used only by runners/core tests: each misbehaves in one way the executor must contain.
import { defineCheck } from '../../check.ts';

export default defineCheck<{ mode: 'pass' | 'fail' | 'throw' | 'hang' | 'bogus' }>({
  id: 'test.sample',
  title: 'sample check for executor tests',
  needs: ['chat'],
  params: { type: 'object', required: ['mode'], properties: { mode: { enum: ['pass', 'fail', 'throw', 'hang', 'bogus'] } }, additionalProperties: false },
  async run(ctx) {
    switch (ctx.params.mode) {
      case 'pass':
        return { status: 'pass', message: 'ok', observed: { r: ctx.random() } };
      case 'fail':
        return { status: 'fail', message: 'measured and failed' };
      case 'throw':
        throw new Error('boom');
      case 'hang':
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
        return { status: 'pass', message: 'unreachable' };
      case 'bogus':
        return { status: 'passed', message: 'not a status' } as never;
    }
  },
});
