// Knowledge-base freshness from the update records: each knowledge base was last updated within the bound.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { AS_OF_PARAM, asOf, daysBetween, evidenceCheck, filesOfKind, isoDay, parseDate } from '../../runners/evidence/use.ts';

interface Params {
  max_age_days: number;
  knowledge_bases?: string[];
  as_of?: string;
}

export default defineCheck<Params>({
  id: 'evidence.knowledge-updates',
  title: 'Knowledge bases updated within the bound (update records)',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['max_age_days'],
    properties: {
      max_age_days: { type: 'integer', minimum: 0 },
      knowledge_bases: {
        type: 'array',
        items: { type: 'string' },
        description: 'Knowledge bases that must appear in the records (default: every one that does)',
      },
      ...AS_OF_PARAM,
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const now = asOf(ctx);
      const latest = new Map<string, string>();
      const future: string[] = [];
      for (const f of filesOfKind(ctx, 'knowledge-updates')) {
        await readCsv(f.path, {
          schema: 'evidence/knowledge-updates.schema.json',
          signal: ctx.signal,
          onRow: (r, row) => {
            const d = parseDate(r.updated_at);
            if (d && d.getTime() > now.getTime() + 86_400_000) future.push(`${f.file} row ${row} (${r.updated_at})`);
            const kb = String(r.knowledge_base);
            if (!latest.has(kb) || String(r.updated_at) > latest.get(kb)!) latest.set(kb, String(r.updated_at));
          },
        });
      }
      const problems: string[] = [];
      const ages: Record<string, number> = {};
      for (const [kb, d] of latest) {
        ages[kb] = daysBetween(parseDate(d)!, now);
        if (ages[kb] > ctx.params.max_age_days)
          problems.push(`${kb}: last updated ${d}, ${ages[kb]} days before ${isoDay(now)} (bound ${ctx.params.max_age_days})`);
      }
      for (const kb of ctx.params.knowledge_bases ?? []) if (!latest.has(kb)) problems.push(`${kb}: no update recorded`);
      if (future.length) problems.push(`updates dated after ${isoDay(now)}: ${future.slice(0, 5).join(', ')}`);
      const observed = { as_of: isoDay(now), last_update: Object.fromEntries(latest), age_days: ages };
      if (latest.size === 0) return { status: 'fail', message: 'no knowledge-base update is recorded', observed };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected: { max_age_days: ctx.params.max_age_days } };
      return {
        status: 'pass',
        message: [...latest].map(([kb, d]) => `${kb} updated ${d} (${ages[kb]} days)`).join('; '),
        observed,
        expected: { max_age_days: ctx.params.max_age_days },
      };
    }),
});
