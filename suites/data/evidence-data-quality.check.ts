// Data quality closed loop (质量闭环): the quality report covers the required dimensions (completeness such as
// 字段缺失, consistency such as 户籍地与社保缴纳地冲突), each rule over enough periods to show a trend, and
// the latest consistency-conflict rate stays within the bound.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';

interface Params {
  max_conflict_rate: number;
  required_dimensions?: string[];
  min_periods?: number;
}

interface Point {
  period: string;
  checked: number;
  violations: number;
}

export default defineCheck<Params>({
  id: 'evidence.data-quality',
  title: 'Data quality rules reported with a trend; consistency conflicts within the bound',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['max_conflict_rate'],
    properties: {
      max_conflict_rate: { type: 'number', minimum: 0, maximum: 1, description: 'Latest violations ÷ checked allowed for consistency rules' },
      required_dimensions: { type: 'array', items: { type: 'string' }, default: ['completeness', 'consistency'] },
      min_periods: { type: 'integer', minimum: 1, default: 2, description: 'Periods per rule needed to show a trend' },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const required = ctx.params.required_dimensions ?? ['completeness', 'consistency'];
      const minPeriods = ctx.params.min_periods ?? 2;
      const rules = new Map<string, { dimension: string; points: Point[] }>();
      for (const f of filesOfKind(ctx, 'data-quality')) {
        await readCsv(f.path, {
          schema: 'evidence/data-quality.schema.json',
          signal: ctx.signal,
          onRow: (r) => {
            const id = String(r.rule_id);
            const rule = rules.get(id) ?? { dimension: String(r.dimension), points: [] };
            if ((r.violations as number) > (r.checked as number)) throw new Error(`violations (${r.violations}) exceed records checked (${r.checked})`);
            rule.points.push({ period: String(r.period), checked: r.checked as number, violations: r.violations as number });
            rules.set(id, rule);
          },
        });
      }
      const problems: string[] = [];
      const summary: Record<string, unknown>[] = [];
      for (const [id, rule] of [...rules].sort(([a], [b]) => a.localeCompare(b))) {
        const pts = rule.points.sort((a, b) => a.period.localeCompare(b.period));
        const rate = (p: Point) => (p.checked ? p.violations / p.checked : 0);
        const last = pts[pts.length - 1];
        const prev = pts.length > 1 ? pts[pts.length - 2] : undefined;
        const trend = !prev ? 'unknown' : rate(last) < rate(prev) ? 'improving' : rate(last) > rate(prev) ? 'worsening' : 'flat';
        summary.push({
          rule: id,
          dimension: rule.dimension,
          periods: pts.length,
          latest_period: last.period,
          latest_rate: Math.round(rate(last) * 1e5) / 1e5,
          trend,
        });
        if (pts.length < minPeriods) problems.push(`rule ${id} is reported for ${pts.length} period(s), fewer than the ${minPeriods} a trend needs`);
        if (rule.dimension === 'consistency' && rate(last) > ctx.params.max_conflict_rate) {
          problems.push(
            `rule ${id} (consistency): ${(rate(last) * 100).toFixed(2)} % conflicts in ${last.period}, above ${(ctx.params.max_conflict_rate * 100).toFixed(2)} % (trend ${trend})`,
          );
        }
      }
      const dims = new Set([...rules.values()].map((r) => r.dimension));
      const missingDims = required.filter((d) => !dims.has(d));
      if (missingDims.length) problems.push(`no rule reported for ${missingDims.join(', ')}`);
      const observed = { rules: summary };
      const expected = { max_conflict_rate: ctx.params.max_conflict_rate, required_dimensions: required, min_periods: minPeriods };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected };
      return {
        status: 'pass',
        message: `${rules.size} quality rules with trends: ${summary.map((s) => `${s.rule} ${((s.latest_rate as number) * 100).toFixed(2)} % (${s.trend})`).join(', ')}`,
        observed,
        expected,
      };
    }),
});
