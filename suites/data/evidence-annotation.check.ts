// Annotation records (暂行办法 第八条, TC260-003 §5.3): annotators trained, annotation and review held by
// different people, every batch checked, and the reviewed accuracy at or above the bound.

import { defineCheck } from '../../runners/core/check.ts';
import { readCsv } from '../../runners/evidence/csv.ts';
import { evidenceCheck, filesOfKind } from '../../runners/evidence/use.ts';

interface Params {
  min_accuracy: number;
  min_review_rate?: number;
}

export default defineCheck<Params>({
  id: 'evidence.annotation',
  title: 'Annotation: trained annotators, separate reviewers, batches checked, accuracy at the bound',
  needs: ['evidence'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['min_accuracy'],
    properties: {
      min_accuracy: { type: 'number', minimum: 0, maximum: 1, description: 'accurate ÷ reviewed, per batch' },
      min_review_rate: { type: 'number', minimum: 0, maximum: 1, default: 0.05, description: 'reviewed ÷ items, per batch (1 = every item reviewed)' },
    },
  },
  run: (ctx) =>
    evidenceCheck(ctx, async () => {
      const minReview = ctx.params.min_review_rate ?? 0.05;
      const problems: string[] = [];
      let batches = 0;
      let items = 0;
      let reviewed = 0;
      let accurate = 0;
      const annotators = new Set<string>();
      for (const f of filesOfKind(ctx, 'annotation')) {
        await readCsv(f.path, {
          schema: 'evidence/annotation.schema.json',
          signal: ctx.signal,
          onRow: (r, row) => {
            batches++;
            const b = `${r.batch_id} (${f.file} row ${row})`;
            const n = r.items as number;
            const rv = r.reviewed as number;
            const ok = r.accurate as number;
            annotators.add(String(r.annotator_id));
            items += n;
            reviewed += rv;
            accurate += ok;
            if (rv > n || ok > rv) problems.push(`${b}: inconsistent counts (items ${n}, reviewed ${rv}, accurate ${ok})`);
            if (r.annotator_trained !== true) problems.push(`${b}: annotator ${r.annotator_id} has no recorded security training`);
            if (String(r.reviewer_id).trim() === String(r.annotator_id).trim()) problems.push(`${b}: ${r.annotator_id} annotated and reviewed the same batch`);
            if (n > 0 && rv / n < minReview) problems.push(`${b}: ${rv} of ${n} items reviewed, below ${(minReview * 100).toFixed(0)} %`);
            if (rv > 0 && ok / rv < ctx.params.min_accuracy)
              problems.push(`${b}: accuracy ${((ok / rv) * 100).toFixed(1)} % below ${(ctx.params.min_accuracy * 100).toFixed(1)} %`);
          },
        });
      }
      const observed = { batches, annotators: annotators.size, items, reviewed, accuracy: reviewed ? Math.round((accurate / reviewed) * 10000) / 10000 : null };
      const expected = { min_accuracy: ctx.params.min_accuracy, min_review_rate: minReview };
      if (batches === 0) return { status: 'fail', message: 'no annotation batch is recorded', observed, expected };
      if (problems.length)
        return {
          status: 'fail',
          message: `${problems.length} problem(s) in ${batches} batches: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? '; …' : ''}`,
          observed,
          expected,
        };
      return {
        status: 'pass',
        message: `${batches} batches by ${annotators.size} trained annotators, ${reviewed} of ${items} items reviewed, accuracy ${(observed.accuracy! * 100).toFixed(1)} %`,
        observed,
        expected,
      };
    }),
});
