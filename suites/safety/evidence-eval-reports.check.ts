// Every deployed model version (from the model configuration) has an evaluation report, and the report
// for that version did not fail.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';
import { readModelConfig } from '../infrastructure/lib/model-config.ts';

export default defineCheck({
  id: 'evidence.eval-reports',
  title: 'Evaluation reports for every deployed model version',
  needs: ['evidence'],
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const deployed = readModelConfig(ctx).models.filter((m) => m.deployed);
      const reports = new Map<string, { report_id: string; result: string; evaluated_at: string }[]>();
      for (const f of filesOfKind(ctx, 'eval-reports')) {
        await readCsv(f.path, {
          schema: 'evidence/eval-reports.schema.json',
          signal: ctx.signal,
          onRow: (r) => {
            const k = `${r.model}@${r.version}`;
            reports.set(k, [...(reports.get(k) ?? []), { report_id: String(r.report_id), result: String(r.result), evaluated_at: String(r.evaluated_at) }]);
          },
        });
      }
      const problems: string[] = [];
      const found: Record<string, string> = {};
      for (const m of deployed) {
        const k = `${m.name}@${m.version}`;
        const rs = reports.get(k);
        if (!rs?.length) problems.push(`no evaluation report for ${m.name} ${m.version}`);
        else {
          const last = rs.sort((a, b) => a.evaluated_at.localeCompare(b.evaluated_at))[rs.length - 1];
          found[k] = `${last.report_id} (${last.result}, ${last.evaluated_at})`;
          if (last.result === 'fail') problems.push(`${m.name} ${m.version} is deployed although its latest report ${last.report_id} failed`);
        }
      }
      const observed = { deployed: deployed.map((m) => `${m.name}@${m.version}`), reports: found };
      if (deployed.length === 0) return { status: 'fail', message: 'the model configuration declares no deployed model', observed };
      if (problems.length) return { status: 'fail', message: problems.join('; '), observed };
      return {
        status: 'pass',
        message: Object.entries(found)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; '),
        observed,
      };
    }),
});
