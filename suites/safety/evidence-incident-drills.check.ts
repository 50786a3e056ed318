// 应急响应: an approved incident response plan, and drills of it within the last N months.

import { defineCheck } from '../../runners/core/check.ts';
import { readJson } from '../../runners/evidence/json.ts';
import { evidenceCheck, fileOfKind } from '../../runners/evidence/use.ts';
import { DRILL_PARAMS, drillsWithin, type DrillParams } from './lib/drills.ts';

type Params = DrillParams;

export default defineCheck<Params>({
  id: 'evidence.incident-drills',
  title: 'Incident response plan and drills within the last N months',
  needs: ['evidence'],
  params: DRILL_PARAMS,
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const plan = readJson<{ title: string; version: string; approved_at: string; scenarios: string[] }>(
        fileOfKind(ctx, 'incident-plan').path,
        'evidence/incident-plan.schema.json',
      );
      const w = await drillsWithin(ctx, 'incident-drills', 'evidence/incident-drills.schema.json');
      const min = ctx.params.min_drills ?? 1;
      const observed = {
        plan: { title: plan.title, version: plan.version, approved_at: plan.approved_at, scenarios: plan.scenarios.length },
        as_of: w.as_of,
        since: w.since,
        drills: w.total,
        within_window: w.within.length,
        latest: w.latest,
      };
      const expected = { within_months: ctx.params.within_months, min_drills: min };
      const problems: string[] = [];
      if (w.within.length < min) problems.push(`${w.within.length} drill(s) since ${w.since} (latest ${w.latest ?? 'none'}), fewer than ${min}`);
      if (w.future.length) problems.push(`drills dated after ${w.as_of}: ${w.future.join(', ')}`);
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed, expected };
      return {
        status: 'pass',
        message: `plan "${plan.title}" v${plan.version}; ${w.within.length} drill(s) since ${w.since}, latest ${w.latest}`,
        observed,
        expected,
      };
    }),
});
