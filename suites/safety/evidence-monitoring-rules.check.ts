// 智能监控与告警联动: an enabled alert rule watches each required signal.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';

interface Params {
  required_signals: string[];
}

export default defineCheck<Params>({
  id: 'evidence.monitoring-rules',
  title: 'Monitoring and alert rules cover the required signals',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['required_signals'],
    properties: { required_signals: { type: 'array', minItems: 1, items: { type: 'string' } } },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const enabled = new Map<string, string[]>();
      const disabled = new Map<string, string[]>();
      for (const f of filesOfKind(ctx, 'monitoring-rules')) {
        await readCsv(f.path, {
          schema: 'evidence/monitoring-rules.schema.json',
          signal: ctx.signal,
          onRow: (r) => {
            const m = r.enabled === true ? enabled : disabled;
            const s = String(r.signal).trim();
            m.set(s, [...(m.get(s) ?? []), String(r.rule_id)]);
          },
        });
      }
      const missing = ctx.params.required_signals.filter((s) => !enabled.has(s));
      const observed = { enabled: Object.fromEntries(enabled), disabled: Object.fromEntries(disabled) };
      if (missing.length) {
        const why = missing.map((s) => (disabled.has(s) ? `${s} (rule ${disabled.get(s)!.join(', ')} disabled)` : s));
        return {
          status: 'fail',
          message: `no enabled alert rule for ${why.join(', ')}`,
          observed,
          expected: { required_signals: ctx.params.required_signals },
        };
      }
      return {
        status: 'pass',
        message: `enabled rules for every required signal: ${ctx.params.required_signals.map((s) => `${s} (${enabled.get(s)!.join(', ')})`).join(', ')}`,
        observed,
        expected: { required_signals: ctx.params.required_signals },
      };
    }),
});
