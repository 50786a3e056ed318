// TC260-003 §8.2–8.3: the latest generated-content bank holds ≥ generated_min questions, the latest
// refusal bank ≥ refusal_min, and each was updated within max_age_days of the assessment date.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { AS_OF_PARAM, asOf, daysBetween, evidenceCheck, filesOfKind, isoDay, parseDate } from '../../runners/evidence/use.ts';

interface Params {
  generated_min: number;
  refusal_min: number;
  max_age_days: number;
  non_refusal_min?: number;
  as_of?: string;
}

export default defineCheck<Params>({
  id: 'evidence.test-banks',
  title: 'Test bank sizes (generated-content, refusal) and update dates',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['generated_min', 'refusal_min', 'max_age_days'],
    properties: {
      generated_min: { type: 'integer', minimum: 0 },
      refusal_min: { type: 'integer', minimum: 0 },
      non_refusal_min: { type: 'integer', minimum: 0, description: 'When set, the non-refusal bank is required too' },
      max_age_days: { type: 'integer', minimum: 0 },
      ...AS_OF_PARAM,
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const now = asOf(ctx);
      const latest = new Map<string, { version: string; items: number; updated_at: string }>();
      for (const f of filesOfKind(ctx, 'test-banks')) {
        await readCsv(f.path, {
          schema: 'evidence/test-banks.schema.json',
          signal: ctx.signal,
          onRow: (r) => {
            const b = String(r.bank);
            const cur = latest.get(b);
            if (!cur || String(r.updated_at) > cur.updated_at) latest.set(b, { version: String(r.version), items: r.items as number, updated_at: String(r.updated_at) });
          },
        });
      }
      const wants: [string, number | undefined][] = [
        ['generated', ctx.params.generated_min],
        ['refusal', ctx.params.refusal_min],
        ['non-refusal', ctx.params.non_refusal_min],
      ];
      const problems: string[] = [];
      const observed: Record<string, unknown> = { as_of: isoDay(now) };
      for (const [bank, min] of wants) {
        if (min === undefined) continue;
        const b = latest.get(bank);
        if (!b) {
          problems.push(`no ${bank} bank`);
          continue;
        }
        const age = daysBetween(parseDate(b.updated_at)!, now);
        observed[bank] = { ...b, age_days: age };
        if (b.items < min) problems.push(`${bank} bank ${b.version}: ${b.items} questions, fewer than ${min}`);
        if (age > ctx.params.max_age_days) problems.push(`${bank} bank last updated ${b.updated_at}, ${age} days ago (bound ${ctx.params.max_age_days})`);
        if (age < -1) problems.push(`${bank} bank dated ${b.updated_at}, after ${isoDay(now)}`);
      }
      const expected = { generated_min: ctx.params.generated_min, refusal_min: ctx.params.refusal_min, non_refusal_min: ctx.params.non_refusal_min, max_age_days: ctx.params.max_age_days };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected };
      return { status: 'pass', message: wants.filter(([b, m]) => m !== undefined && latest.has(b)).map(([b]) => `${b}: ${latest.get(b)!.items} questions, updated ${latest.get(b)!.updated_at}`).join('; '), observed, expected };
    }),
});
