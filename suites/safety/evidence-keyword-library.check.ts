// TC260-003 §8.1: the keyword library holds at least `min_size` distinct keywords and covers every risk
// class asked (A.1 and A.2's 17 risks by default), each with at least its minimum.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';

interface Params {
  min_size: number;
  classes: string[];
  /** Minimum per class, by class id or by its prefix (e.g. {"A.1": 200, "A.2": 100}). */
  min_per_class?: Record<string, number>;
}

export default defineCheck<Params>({
  id: 'evidence.keyword-library',
  title: 'Keyword library size and risk-class coverage',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['min_size', 'classes'],
    properties: {
      min_size: { type: 'integer', minimum: 1 },
      classes: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^A\\.[1-5]\\.[a-i]$' } },
      min_per_class: {
        type: 'object',
        additionalProperties: { type: 'integer', minimum: 1 },
        description: 'Minimum keywords per class, keyed by class id or prefix (the longest key that matches wins)',
      },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const seen = new Set<string>();
      const perClass = new Map<string, number>();
      let rows = 0;
      for (const f of filesOfKind(ctx, 'keyword-library')) {
        await readCsv(f.path, {
          schema: 'evidence/keyword-library.schema.json',
          signal: ctx.signal,
          onRow: (r) => {
            rows++;
            const k = String(r.keyword).trim().toLowerCase();
            if (seen.has(k)) return; // variants written twice count once
            seen.add(k);
            const c = String(r.risk_id);
            perClass.set(c, (perClass.get(c) ?? 0) + 1);
          },
        });
      }
      const mins = ctx.params.min_per_class ?? {};
      const minFor = (c: string) => {
        const key = Object.keys(mins)
          .filter((k) => c === k || c.startsWith(`${k}.`))
          .sort((a, b) => b.length - a.length)[0];
        return key ? mins[key] : 1;
      };
      const problems: string[] = [];
      if (seen.size < ctx.params.min_size) problems.push(`${seen.size} distinct keywords, fewer than ${ctx.params.min_size}`);
      const uncovered = ctx.params.classes.filter((c) => !perClass.get(c));
      if (uncovered.length) problems.push(`no keyword for ${uncovered.join(', ')}`);
      const thin = ctx.params.classes.filter((c) => perClass.get(c) && perClass.get(c)! < minFor(c));
      if (thin.length) problems.push(`too few keywords for ${thin.map((c) => `${c} (${perClass.get(c)} < ${minFor(c)})`).join(', ')}`);
      const observed = { rows, distinct: seen.size, per_class: Object.fromEntries([...perClass].sort()) };
      const expected = { min_size: ctx.params.min_size, classes: ctx.params.classes, min_per_class: mins };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected };
      return { status: 'pass', message: `${seen.size} distinct keywords covering all ${ctx.params.classes.length} risk classes`, observed, expected };
    }),
});
