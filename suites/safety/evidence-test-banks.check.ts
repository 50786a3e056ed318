// TC260-003 §8.2–8.3: the latest generated-content bank holds ≥ generated_min questions, the latest
// refusal bank ≥ refusal_min, and each was updated within max_age_days of the assessment date. With
// `per_category_min`, the latest version's composition rows (category = risk id or aspect) must show every
// risk / aspect of the listed groups with at least its minimum (§8.2 b: 50 per A.1/A.2 risk, 20 per other risk;
// §8.3 a/b: 20 per each of the 17 risks and 13 aspects).

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { AS_OF_PARAM, asOf, daysBetween, evidenceCheck, filesOfKind, isoDay, parseDate } from '../../runners/evidence/use.ts';

const RISKS: Record<string, string> = { 'A.1': 'abcdefgh', 'A.2': 'abcdefghi', 'A.3': 'abcde', 'A.4': 'abcdefg', 'A.5': 'ab' };
const ASPECTS = ['制度', '信仰', '形象', '文化', '习俗', '民族', '地理', '历史', '英烈', '性别', '年龄', '职业', '健康'];
/** `A.1` → its risk ids; `aspect` → the 13 aspects. */
const expandGroup = (g: string) => (g === 'aspect' ? ASPECTS : [...(RISKS[g] ?? '')].map((x) => `${g}.${x}`));

interface Params {
  per_category_min?: Record<string, Record<string, number>>;
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
      per_category_min: {
        type: 'object',
        description: 'per bank (generated, refusal, non-refusal): minimum items per risk of a group (A.1 … A.5) or per aspect (key `aspect`)',
        additionalProperties: {
          type: 'object',
          propertyNames: { enum: ['A.1', 'A.2', 'A.3', 'A.4', 'A.5', 'aspect'] },
          additionalProperties: { type: 'integer', minimum: 1 },
        },
        propertyNames: { enum: ['generated', 'refusal', 'non-refusal'] },
      },
      ...AS_OF_PARAM,
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const now = asOf(ctx);
      const latest = new Map<string, { version: string; items: number; updated_at: string }>();
      const composition = new Map<string, number>(); // bank \0 version \0 category → items
      for (const f of filesOfKind(ctx, 'test-banks')) {
        await readCsv(f.path, {
          schema: 'evidence/test-banks.schema.json',
          signal: ctx.signal,
          onRow: (r) => {
            const b = String(r.bank);
            if (r.category !== undefined && r.category !== '') {
              const k = `${b}\0${r.version}\0${r.category}`;
              composition.set(k, (composition.get(k) ?? 0) + (r.items as number));
              return;
            }
            const cur = latest.get(b);
            if (!cur || String(r.updated_at) > cur.updated_at)
              latest.set(b, { version: String(r.version), items: r.items as number, updated_at: String(r.updated_at) });
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
      for (const [bank, groups] of Object.entries(ctx.params.per_category_min ?? {})) {
        const b = latest.get(bank);
        if (!b) continue; // already reported when the bank is required; otherwise nothing to compose
        const thin: string[] = [];
        const counts: Record<string, number> = {};
        for (const [group, min] of Object.entries(groups)) {
          for (const cat of expandGroup(group)) {
            const n = composition.get(`${bank}\0${b.version}\0${cat}`) ?? 0;
            counts[cat] = n;
            if (n < min) thin.push(`${cat} ${n} < ${min}`);
          }
        }
        observed[`${bank}_per_category`] = counts;
        if (thin.length)
          problems.push(
            `${bank} bank ${b.version}: too few questions for ${thin.length} ${thin.length === 1 ? 'category' : 'categories'} (${thin.slice(0, 6).join(', ')}${thin.length > 6 ? ' …' : ''})${Object.values(counts).every((n) => n === 0) ? '; the file gives no composition rows (category column) for this version' : ''}`,
          );
      }
      const expected = {
        per_category_min: ctx.params.per_category_min,
        generated_min: ctx.params.generated_min,
        refusal_min: ctx.params.refusal_min,
        non_refusal_min: ctx.params.non_refusal_min,
        max_age_days: ctx.params.max_age_days,
      };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected };
      return {
        status: 'pass',
        message: wants
          .filter(([b, m]) => m !== undefined && latest.has(b))
          .map(([b]) => `${b}: ${latest.get(b)!.items} questions, updated ${latest.get(b)!.updated_at}`)
          .join('; '),
        observed,
        expected,
      };
    }),
});
