// 混沌工程: fault-injection drills recorded within the last N months, and the service recovered from them.

import { defineCheck } from '../../runners/core/check.ts';
import { evidenceCheck } from '../../runners/evidence/use.ts';
import { DRILL_PARAMS, drillsWithin, type DrillParams } from './lib/drills.ts';

type Params = DrillParams;

export default defineCheck<Params>({
  id: 'evidence.chaos-drills',
  title: 'Chaos drills recorded within the last N months',
  needs: ['evidence'],
  params: DRILL_PARAMS,
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const w = await drillsWithin(ctx, 'chaos-drills', 'evidence/chaos-drills.schema.json');
      const min = ctx.params.min_drills ?? 1;
      const unrecovered = w.within.filter((r) => r.recovered !== true).map((r) => `${r.drill_id} (${r.fault})`);
      const observed = {
        as_of: w.as_of,
        since: w.since,
        drills: w.total,
        within_window: w.within.length,
        latest: w.latest,
        layers: [...new Set(w.within.map((r) => r.layer))],
        unrecovered,
      };
      const expected = { within_months: ctx.params.within_months, min_drills: min };
      const problems: string[] = [];
      if (w.within.length < min) problems.push(`${w.within.length} chaos drill(s) since ${w.since} (latest ${w.latest ?? 'none'}), fewer than ${min}`);
      if (unrecovered.length) problems.push(`service did not recover in ${unrecovered.join(', ')}`);
      if (w.future.length) problems.push(`drills dated after ${w.as_of}: ${w.future.join(', ')}`);
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected };
      return {
        status: 'pass',
        message: `${w.within.length} chaos drill(s) since ${w.since} over ${observed.layers.join(', ')}, all recovered`,
        observed,
        expected,
      };
    }),
});
