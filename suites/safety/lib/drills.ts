// Drills dated within the last N months of the assessment date: shared by the incident and chaos checks.

import type { CheckContext } from '../../../runners/core/check.ts';
import { readCsv, type CsvRow } from '../../../runners/evidence/csv.ts';
import { AS_OF_PARAM, asOf, filesOfKind, isoDay, monthsBefore, parseDate } from '../../../runners/evidence/use.ts';

/** The params of a drills check: the window, how many drills it needs, and the day it is judged at. */
export interface DrillParams {
  within_months: number;
  min_drills?: number;
  as_of?: string;
}

export const DRILL_PARAMS = {
  type: 'object',
  additionalProperties: false,
  required: ['within_months'],
  properties: {
    within_months: { type: 'integer', minimum: 1 },
    min_drills: { type: 'integer', minimum: 1, default: 1, description: 'Drills needed within the window' },
    ...AS_OF_PARAM,
  },
};

export interface DrillWindow {
  as_of: string;
  since: string;
  total: number;
  within: CsvRow[];
  latest?: string;
  future: string[];
}

export async function drillsWithin(ctx: CheckContext<{ within_months: number; as_of?: string }>, kind: string, schema: string): Promise<DrillWindow> {
  const now = asOf(ctx);
  const since = monthsBefore(now, ctx.params.within_months);
  const out: DrillWindow = { as_of: isoDay(now), since: isoDay(since), total: 0, within: [], future: [] };
  for (const f of filesOfKind(ctx, kind)) {
    await readCsv(f.path, {
      schema,
      signal: ctx.signal,
      onRow: (r, row) => {
        out.total++;
        const d = parseDate(r.date)!;
        if (d.getTime() > now.getTime() + 86_400_000) out.future.push(`${f.file} row ${row} (${r.date})`);
        else if (d.getTime() >= since.getTime()) out.within.push(r);
        if (!out.latest || String(r.date) > out.latest) out.latest = String(r.date);
      },
    });
  }
  return out;
}
